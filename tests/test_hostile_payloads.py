"""The payload classes the old blocklist let through (issue 12), built with publishconf.py.

Each class is checked where it would act: in the page served WITHOUT its CSP (meta tag
stripped, no headers) in headless Chromium, and in every feed, API, JSON Feed and digest
body rendered in Chromium without a CSP, as a reader app does. A build with the sanitizer
switched off shows the same harness catching the placeholder links, so a pass means
something.
"""

from __future__ import annotations

import gzip
import json
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from api.digest import write_digest
from browser import chromium
from bs4 import BeautifulSoup
from dialog.embeds import PROVIDERS, NotEmbeddable, recognise, transform
from hostile import (
    ATTACKER,
    FORGED_EMBEDS,
    PAYLOAD_ARTICLES,
    PAYLOAD_MARKERS,
    TRAPS,
    build_payload_corpus,
    feed_contents,
    json_html,
)
from sanitize.cleaner import clean

SITE = "https://magazin.test.example"
READER_PAGE = "/__reader__"  # an empty page on the site's origin, no CSP
CSP_META = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>')
FRAME_ORIGINS = {"https://www.youtube-nocookie.com", "https://player.vimeo.com",
                 "https://www.instagram.com", "https://www.linkedin.com",
                 "https://platform.twitter.com", "https://social.example"}
# Click every link the browser reads as script, and press every button of the body's forms
# (placeholder links, form action, button formaction).
ACT = """(root) => {
  const links = [...document.querySelectorAll("a[href], area[href]")]
    .filter((a) => ["javascript:", "vbscript:", "data:"].includes(a.protocol));
  links.forEach((a) => a.click());
  const forms = [...document.querySelectorAll(root + " form")];
  forms.forEach((f) => f.querySelectorAll("button, input[type=submit]").forEach(
    (b) => b.click()));
  return {links: links.length, forms: forms.length};
}"""
# Markup of the theme's (data-*, its ids) inside the body: only the dialog plugin's
# placeholders (figure.embed) may carry data-* attributes.
STATE = """() => ({
  frames: [...document.querySelectorAll("iframe")].map((f) => f.src),
  threads: document.querySelectorAll("#isso-thread").length,
  themeThread: !!document.querySelector(".dialog > #isso-thread[data-isso-id]"),
  foreignData: [...document.querySelectorAll(".article__body *")].filter((e) =>
    [...e.attributes].some((a) => a.name.startsWith("data-")) && !e.closest("figure.embed"))
    .map((e) => e.outerHTML),
})"""


def publish(root: Path, monkeypatch, **overrides) -> Path:
    monkeypatch.setenv("MAGAZINE_SITEURL", SITE)
    return build_payload_corpus(root).build("publishconf.py", **overrides)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    with pytest.MonkeyPatch.context() as monkeypatch:
        return publish(tmp_path_factory.mktemp("payloads"), monkeypatch)


@pytest.fixture(scope="module")
def unsanitized(tmp_path_factory) -> Path:
    """The same corpus with the sanitizer off: what the harness must catch."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        return publish(tmp_path_factory.mktemp("payloads-raw"), monkeypatch,
                       SANITIZE_ENABLED=False, SEARCH_ENABLED=False)


@contextmanager
def reader(executable: str, out: Path):
    """A Chromium page that gets the site from ``out`` without any CSP and records every
    request elsewhere (answered with nothing), every dialog and every script error."""
    seen = {"foreign": [], "dialogs": [], "errors": []}

    def serve(route):
        url = route.request.url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != SITE:
            seen["foreign"].append(url)
            return route.abort()
        if parts.path == READER_PAGE:
            return route.fulfill(status=200, body="<!doctype html><title>Reader</title>",
                                 headers={"content-type": "text/html; charset=utf-8"})
        path = out / parts.path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return route.fulfill(status=404, body="")
        body = path.read_bytes()
        if path.suffix == ".html":
            body = CSP_META.sub(b"", body)
        return route.fulfill(status=200, body=body, headers={
            "content-type": {".html": "text/html; charset=utf-8", ".js": "text/javascript",
                             ".css": "text/css", ".svg": "image/svg+xml"}.get(
                path.suffix, "application/octet-stream")})

    with chromium(executable) as context:
        context.route("**/*", serve)
        page = context.new_page()
        page.add_init_script(TRAPS)
        page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: seen["errors"].append(str(e)))
        yield page, seen


def acted(page, root: str = "body") -> dict:
    found = page.evaluate(ACT, root)
    page.wait_for_timeout(100)
    found["trapped"] = page.evaluate("window.__dialogs")
    return found


def visit(page, url: str, remember: tuple[str, ...] = ()) -> dict:
    page.goto(url, wait_until="load")
    if remember:  # the reader had ticked "always allow" for these providers
        page.evaluate("(keys) => keys.forEach((k) => localStorage.setItem("
                      "'magazine.consent.' + k, 'always'))", list(remember))
        page.reload(wait_until="load")
    page.wait_for_timeout(100)
    return acted(page, ".article__body")


@pytest.mark.browser
def test_harness_catches_placeholder_links_without_the_sanitizer(unsanitized, chromium_path):
    api = json.loads((unsanitized / "api/v1/articles/platzhalter.json").read_text(
        encoding="utf-8"))
    with reader(chromium_path, unsanitized) as (page, seen):
        result = visit(page, f"{SITE}/artikel/platzhalter/")
        page.goto(f"{SITE}{READER_PAGE}")
        page.set_content(api["html"], wait_until="load")
        in_reader = acted(page)
    for found in (result, in_reader):
        ran = {int(n) for n in re.findall(r"12(\d\d)", " ".join(found["trapped"]))}
        assert found["links"] >= 8 and found["forms"] == 2
        assert len(ran) >= 8, found  # {index}, {filename}, {static}, {tag}, |index|, form, …


@pytest.mark.browser
@pytest.mark.parametrize("slug", list(PAYLOAD_ARTICLES))
def test_no_payload_acts_in_the_page_without_its_csp(published, chromium_path, slug):
    with reader(chromium_path, published) as (page, seen):
        result = visit(page, f"{SITE}/artikel/{slug}/", remember=("youtube",))
        ids = page.evaluate("[...document.querySelectorAll('[id]')].map((e) => e.id)")
        state = page.evaluate(STATE)
    assert result["links"] == 0 and result["forms"] == 0
    assert result["trapped"] == [] and seen["dialogs"] == []
    assert not [u for u in seen["foreign"] if ATTACKER in u], seen["foreign"]
    assert seen["errors"] == []  # the page's script ran to its end
    theme_ids = [i for i in ids if not i.startswith("user-content-")]
    assert len(theme_ids) == len(set(theme_ids)), ids  # no content id doubles the theme's
    assert state["threads"] == 1 and state["themeThread"]
    assert state["foreignData"] == []
    assert all(urlsplit(f).netloc == "www.youtube-nocookie.com" for f in state["frames"])
    if slug == "einbettung":  # the real embed loaded by remembered consent, the forged not
        assert len(state["frames"]) == 1


def body_fragments(out: Path) -> list[str]:
    """Every body a feed reader or API client gets: Atom, RSS, JSON Feed, API documents."""
    fragments = [body for path in sorted((out / "feeds").rglob("*.xml"))
                 for body in feed_contents(path)]
    for path in sorted(out.rglob("*.json")):
        if "pagefind" not in path.parts:
            fragments += json_html(json.loads(path.read_text(encoding="utf-8")))
    return fragments


@pytest.mark.browser
def test_no_payload_acts_in_feed_api_or_digest_html(published, chromium_path, tmp_path):
    fragments = body_fragments(published)
    assert sum("Platzhalter" in f for f in fragments) >= 3  # feeds, JSON Feed, API
    _digest, files = write_digest(published / "api/v1", tmp_path, since="3650d")
    documents = [*sorted(set(fragments)), files[0].read_text(encoding="utf-8")]
    with reader(chromium_path, published) as (page, seen):
        page.goto(f"{SITE}{READER_PAGE}")  # an origin for set_content, as a reader app has
        results = []
        for document in documents:
            page.set_content(document, wait_until="load")
            results.append(acted(page))
    assert all(r["links"] == 0 and r["forms"] == 0 and r["trapped"] == [] for r in results)
    assert seen["dialogs"] == [] and seen["errors"] == []
    assert not [u for u in seen["foreign"] if ATTACKER in u], seen["foreign"]


def output_texts(out: Path):
    """(name, text) of every output file, Pagefind's compressed index included; the
    theme's own files left out (its script names currentScript and querySelectorAll)."""
    for path in sorted(out.rglob("*")):
        if not path.is_file() or "theme" in path.relative_to(out).parts:
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # Pagefind's index files are gzip-compressed
            data = gzip.decompress(data)
        elif path.suffix in (".js", ".wasm", ".png", ".jpg", ".webp", ".gz"):
            continue
        yield path.relative_to(out).as_posix(), data.decode("utf-8", errors="replace")


def test_no_payload_marker_in_any_output_file(published):
    found = {name: [m for m in PAYLOAD_MARKERS if m in text]
             for name, text in output_texts(published)}
    assert sum(1 for name in found if name.startswith("pagefind/")) > 3
    assert {name: markers for name, markers in found.items() if markers} == {}


def frame_src(policy: str) -> set[str]:
    directive = next(d for d in policy.split(";") if d.strip().startswith("frame-src"))
    return set(directive.split()[1:])


def test_frame_src_lists_only_the_configured_providers(published):
    """Reader pages frame only the configured providers; the web editor's page (/admin/) has
    a policy of its own, made from settings, which content cannot reach either."""
    pages = sorted(p for p in published.rglob("*.html")
                   if p.relative_to(published).parts[0] != "admin")
    policies = [meta["content"] for path in pages for meta in BeautifulSoup(
        path.read_text(encoding="utf-8"), "html.parser").find_all(
        "meta", attrs={"http-equiv": "Content-Security-Policy"})]
    assert len(policies) >= 10
    headers = (published / "_headers").read_text(encoding="utf-8")
    nginx = (published / "dialog/csp.conf").read_text(encoding="utf-8")
    policies += re.findall(r"Content-Security-Policy: (.*)", headers.split("/admin/")[0])
    policies += re.findall(r'Content-Security-Policy "([^"]*)"', nginx.split("/admin/")[0])
    assert {frozenset(frame_src(p)) for p in policies} == {frozenset(FRAME_ORIGINS)}
    assert ATTACKER not in headers and ATTACKER not in nginx
    admin = (published / "admin/index.html").read_text(encoding="utf-8")
    assert ATTACKER not in admin


def test_unlisted_mastodon_host_stays_text(published):
    page = BeautifulSoup((published / "artikel/einbettung/index.html").read_text(
        encoding="utf-8"), "html.parser")
    body = page.select_one(".article__body")
    assert [f["data-consent-provider"] for f in body.select("[data-consent]")] == ["youtube"]
    assert body.select_one(f'a[href="https://toot.{ATTACKER}/@evil/111222333444"]') is None
    assert f"https://toot.{ATTACKER}/@evil/111222333444" in body.get_text()


def test_mastodon_hosts_setting_must_be_host_names(site):
    from corporate_world.errors import ContentErrors

    site.article("x")
    with pytest.raises(ContentErrors) as stopped:
        site.build(DIALOG_MASTODON_HOSTS=("social.example", "evil; script-src *"))
    assert any(e.field == "DIALOG_MASTODON_HOSTS" and e.rule == "setting"
               for e in stopped.value.errors)


def test_forged_placeholder_is_bare_before_the_dialog_plugin_sees_it():
    strings = {"embed_frame_title": "{provider}: {title}", "embed_privacy": "{provider}",
               "embed_privacy_link": "{provider}", "embed_load": "Laden",
               "consent_always": "{provider}"}
    cleaned = clean(markdown.markdown(FORGED_EMBEDS, output_format="html5")).html
    assert "data-" not in cleaned and "class=" not in cleaned
    result = transform(cleaned, "Titel", tuple(PROVIDERS), strings, ("social.example",))
    assert [e.provider.key for e in result.embeds] == ["youtube"]
    assert result.problems == [f"cannot embed https://toot.{ATTACKER}/@evil/111222333444: "
                               f"toot.{ATTACKER} is not an instance listed in "
                               "DIALOG_MASTODON_HOSTS; it stays a plain link"]
    assert result.html.count("data-consent=") == 1 and f"frame.{ATTACKER}" not in result.html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"' in result.html
    with pytest.raises(NotEmbeddable):
        recognise(f"https://toot.{ATTACKER}/@evil/1", ("mastodon",), ())
    assert recognise("https://social.example/@a/1", ("mastodon",), ("social.example",))
