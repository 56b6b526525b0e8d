"""The web editor in a real browser: Decap CMS at /admin/, a real decap-server on loopback
writing into a copy of the demo content, then a real build of what it wrote."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import watched_page
from corporate_world.front_matter import markdown_with_meta
from markdown import Markdown
from servers import free_port, static_server
from sitebuilder import build, soup

ROOT = Path(__file__).resolve().parent.parent
PROXY = ROOT / "plugins" / "web_editor" / "node_modules" / ".bin" / "decap-server"
EDITED = "articles/marketing/vom-firmenblog-zum-magazin.md"
VIOLATIONS = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.__violations = window.__violations || []).push(e.violatedDirective + " " + e.blockedURI);
});"""
SHOTS = os.environ.get("MAGAZINE_SCREENSHOTS", "") == "1"  # copy screenshots to docs/


def wait_for_proxy(url: str, process: subprocess.Popen) -> None:
    request = urllib.request.Request(url, data=json.dumps({"action": "info"}).encode(),
                                     headers={"Content-Type": "application/json"})
    for _ in range(100):
        if process.poll() is not None:
            pytest.fail(f"decap-server ended with {process.returncode}")
        try:
            with urllib.request.urlopen(request, timeout=2) as answer:
                assert json.load(answer)["type"] == "local_fs"
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("decap-server did not answer")


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory):
    """A copy of the demo content, built with the editor, served, with decap-server on it."""
    if not PROXY.exists():
        pytest.fail("the web editor's Node packages are missing: run ./magazine test "
                    "(it runs npm ci in plugins/web_editor)")
    repo = tmp_path_factory.mktemp("editor-repo")
    shutil.copytree(ROOT / "content", repo / "content")
    port = free_port()
    backend = f"http://127.0.0.1:{port}/api/v1"
    out = build(repo / "content", repo / "output", WEB_EDITOR_LOCAL_BACKEND=backend)
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": "warn"}
    proxy = subprocess.Popen([str(PROXY)], env=env, cwd=repo, stdout=subprocess.DEVNULL)
    try:
        wait_for_proxy(backend, proxy)
        with static_server(out, comments=False) as base:
            yield {"repo": repo, "content": repo / "content", "out": out, "base": base,
                   "proxy": f"127.0.0.1:{port}"}
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


def hosts(site) -> set[str]:
    return {urlsplit(site["base"]).netloc, site["proxy"]}


def open_editor(page, site, route: str, collection: str = "articles",
                first: str = "title") -> None:
    page.add_init_script(VIOLATIONS)
    page.goto(site["base"] + "/admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Inhaltstypen").wait_for(timeout=60_000)
    page.goto(f"{site['base']}/admin/#/collections/{collection}/{route}")
    page.locator(f'[id^="{first}-field"]').wait_for(timeout=30_000)


def choose(page, field: str, *labels: str) -> None:
    """Pick options of a generated select (react-select) by their label."""
    box = page.locator(f'[id^="{field}-field"]')
    for label in labels:
        box.click()
        box.fill(label)
        page.get_by_role("option").filter(has_text=label).first.click()


def publish(page, saved) -> None:
    """Save through the "publish" menu; ``saved()`` says when the file is written."""
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen").click()
    for _ in range(150):
        if saved():
            return
        page.wait_for_timeout(200)
    pytest.fail("the editor did not save the file")


def check_watch(page, watch) -> None:
    assert watch.foreign_requests == []  # nothing from a third-party host, no CDN
    assert page.evaluate("window.__violations || []") == []
    assert [e for e in watch.console_errors if "Content Security Policy" in e] == []
    assert watch.page_errors == []


def build_copy(site, tmp_path) -> Path:
    return build(site["content"], tmp_path / "check")  # raises ContentErrors on any error


def screenshot(page, tmp_path, name: str) -> None:
    path = tmp_path / name
    page.screenshot(path=str(path))
    if SHOTS:
        shutil.copy(path, ROOT / "docs" / name)


def test_create_an_article_through_the_form(editor_site, chromium_path, tmp_path):
    site = editor_site
    with watched_page(chromium_path, hosts(site), timezone_id="Europe/Berlin", locale="de-DE",
                      viewport={"width": 1400, "height": 1000}) as (page, watch):
        open_editor(page, site, "new")
        page.locator('[id^="title-field"]').fill("Im Browser geschrieben")
        choose(page, "department", "Vertrieb & Social Selling")
        choose(page, "topics", "Social Selling", "Kundendialog")
        choose(page, "format", "Ratgeber")
        choose(page, "authors", "David Schuster")
        page.locator('[id^="summary-field"]').fill(
            "Wie eine Kollegin ohne Git einen Beitrag schreibt, der beim nächsten Build erscheint.")
        body = page.locator('[data-slate-editor="true"]')
        body.click()
        page.keyboard.type("Ein Absatz, im Browser geschrieben.")
        page.keyboard.press("Enter")
        page.keyboard.type("Und ein zweiter.")
        preview = page.frame_locator("iframe").first
        preview.locator(".article__title").filter(has_text="Im Browser geschrieben").wait_for()
        page.locator('[id^="title-field"]').scroll_into_view_if_needed()
        screenshot(page, tmp_path, "web-editor.png")
        written = site["content"] / "articles" / "vertrieb" / "im-browser-geschrieben.md"
        publish(page, written.is_file)
        check_watch(page, watch)
        assert page.evaluate("CMS.getEditorComponents().has('embed')")
        css = [u for u in watch.requests if u.endswith("/theme/css/magazine.css")]
        assert css, "the preview pane uses the magazine's own CSS"

    text = written.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    _html, meta = markdown_with_meta(Markdown(extensions=["meta"]), text)
    assert meta["topics"] == ["social-selling, kundendialog"]
    assert meta["department"] == ["vertrieb"] and meta["format"] == ["ratgeber"]
    assert meta["authors"] == ["david-schuster"]
    assert len(meta["date"][0]) == len("2026-05-04 09:30")
    out = build_copy(site, tmp_path)
    page_html = soup(out / "artikel" / "im-browser-geschrieben" / "index.html")
    assert page_html.select_one(".article__title").get_text() == "Im Browser geschrieben"
    assert "Und ein zweiter." in page_html.select_one(".article__body").get_text()


def header_of(text: str) -> dict[str, list[str]]:
    _html, meta = markdown_with_meta(Markdown(extensions=["meta"]), text)
    return {key: sorted(p.strip() for p in " ".join(value).split(",")) if key in (
        "topics", "audiences", "authors") else " ".join(value).strip()
        for key, value in meta.items()}


def test_edit_a_key_value_article_and_it_stays_valid(editor_site, chromium_path, tmp_path):
    site = editor_site
    source = site["content"] / EDITED
    before = header_of(source.read_text(encoding="utf-8"))
    slug = EDITED.removeprefix("articles/").removesuffix(".md")
    with watched_page(chromium_path, hosts(site), timezone_id="Europe/Berlin", locale="de-DE",
                      viewport={"width": 1400, "height": 1000}) as (page, watch):
        open_editor(page, site, f"entries/{slug}")
        title = page.locator('[id^="title-field"]')
        assert title.input_value() == before["title"]  # the Key: value header was read
        image = page.frame_locator("iframe").first.locator(".article__image img")
        image.wait_for()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        title.fill(before["title"] + " (bearbeitet)")
        publish(page, lambda: source.read_text(encoding="utf-8").startswith("---"))
        check_watch(page, watch)

    after = header_of(source.read_text(encoding="utf-8"))
    assert source.read_text(encoding="utf-8").startswith("---\n")
    assert after.pop("title") == before.pop("title") + " (bearbeitet)"
    after = {k: v for k, v in after.items() if v not in ("", [], "open", "de")}  # defaults
    before = {k: (v if k != "lead" else "true") for k, v in before.items()}
    assert after == before
    out = build_copy(site, tmp_path)
    page_html = soup(out / "artikel" / "vom-firmenblog-zum-magazin" / "index.html")
    assert page_html.select_one(".article__title").get_text().endswith("(bearbeitet)")


@pytest.mark.parametrize("collection, entry, first, url", [
    ("hubs", "corporate-blog-zum-magazin", "title", "hub/corporate-blog-zum-magazin/"),
    ("pages", "ueber-uns", "title", "ueber-uns/"),
    ("authors", "ben-kowalski", "name", "autor/ben-kowalski/"),
])
def test_edit_a_hub_a_page_and_an_author(editor_site, chromium_path, tmp_path, collection, entry,
                                         first, url):
    site = editor_site
    source = next(site["content"].glob(f"{collection}/{entry}.*"))
    original = source.read_text(encoding="utf-8")
    with watched_page(chromium_path, hosts(site), viewport={"width": 1400, "height": 1000}) as (
            page, watch):
        open_editor(page, site, f"entries/{entry}", collection, first)
        field = page.locator(f'[id^="{first}-field"]')
        new = field.input_value() + " Neu"
        field.fill(new)
        publish(page, lambda: source.read_text(encoding="utf-8") != original)
        check_watch(page, watch)
    out = build_copy(site, tmp_path)
    assert new in (out / url / "index.html").read_text(encoding="utf-8")


def test_reader_pages_load_nothing_from_admin(editor_site, chromium_path):
    site = editor_site
    with watched_page(chromium_path, hosts(site)) as (page, watch):
        for path in ("/", "/artikel/vom-firmenblog-zum-magazin/", "/suche/"):
            page.goto(site["base"] + path)
            page.wait_for_load_state("networkidle")
        assert watch.requests and not [u for u in watch.requests if "/admin/" in u]
        assert watch.foreign_requests == []
