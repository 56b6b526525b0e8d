"""Headless Chromium against a real Isso: consent before any third-party request,
comments sent through the page, closed threads, and zero CSP violations."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from urllib.parse import quote, urlsplit

import pytest
from browser import watched_page
from servers import isso_server, static_server
from sitebuilder import SiteFixture

pytestmark = pytest.mark.browser

REGISTRY = "dialog/closed-threads.json"
# Injected by Playwright into every frame before the page's own scripts; not part of our
# pages, so the page's CSP does not apply to it.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""
EARLIER = "Ist das Angebot auch für kleine Stückzahlen gedacht?"


def post_comment(isso: str, origin: str, uri: str, text: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"{isso}new?uri={quote(uri)}", method="POST",
        data=json.dumps({"text": text, "title": "Test", "author": "Leserin"}).encode(),
        headers={"Content-Type": "application/json", "Origin": origin})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def stored_comments(isso: str, uri: str) -> list[dict]:
    with urllib.request.urlopen(f"{isso}?uri={quote(uri)}") as response:
        return json.loads(response.read())["replies"]


@pytest.fixture(scope="module")
def dialog_site(tmp_path_factory):
    """A fixture magazine on one loopback port, Isso behind the gate on another."""
    site = SiteFixture(tmp_path_factory.mktemp("dialog-browser"))
    recent = (datetime.now() - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    site.article("mit-embeds", title="Drei Einbettungen", body=(
        "Einleitung.\n\n[Unser Film](https://www.youtube.com/watch?v=aqz-KE-bpKQ)\n\n"
        "Mitte.\n\nhttps://vimeo.com/76979871\n\n"
        "https://social.example/@auenwerk/111222333444555666\n\nSchluss."), date=recent)
    site.article("offen", title="Offene Diskussion", date=recent)
    site.article("geschlossen", title="Geschlossene Diskussion", dialog="closed")
    (site.output / "dialog").mkdir(parents=True)
    with static_server(site.output, comments=False) as base, \
            isso_server(base, site.output / REGISTRY) as isso:
        # a comment from the time the thread was still open ...
        (site.output / REGISTRY).write_text(json.dumps({"open": ["/artikel/geschlossen/"]}))
        assert post_comment(isso, base, "/artikel/geschlossen/", EARLIER)[0] == 201
        # ... then the build closes it (Dialog: closed) and writes the real registry
        site.build(DIALOG_ISSO_URL=isso, PUBLIC_URL=base)
        yield site, base, isso


def hosts_of(*urls: str) -> set[str]:
    return {urlsplit(u).netloc for u in urls}


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def wait_until(condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.05)


def test_embeds_wait_for_consent_and_remember_only_when_asked(dialog_site, chromium_path):
    site, base, isso = dialog_site
    with watched_page(chromium_path, hosts_of(base, isso)) as (page, watch):
        page.add_init_script(CSP_LISTENER)
        page.goto(f"{base}/artikel/mit-embeds/", wait_until="networkidle")
        figures = page.locator("figure.embed")
        assert figures.count() == 3
        assert page.locator("figure.embed .consent").first.is_visible()
        assert page.locator("iframe").count() == 0
        # before any click: only the magazine and its Isso were asked for anything
        assert watch.foreign_requests == []
        assert hosts_of(*watch.requests) <= hosts_of(base, isso)
        assert watch.console_errors == [] and watch.page_errors == []
        assert page.evaluate("Object.keys(localStorage)") == []

        youtube = page.locator("figure.embed--youtube")
        youtube.locator("button[data-consent-load]").click()
        frame = youtube.locator("iframe.embed__frame")
        frame.wait_for(state="attached")
        assert frame.get_attribute("src") == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
        assert frame.get_attribute("title") == "YouTube: Unser Film"
        # the browser tried the privacy-friendly address (blocked here, offline anyway)
        wait_until(lambda: any(u.startswith("https://www.youtube-nocookie.com/embed/")
                               for u in watch.foreign_requests))
        assert not any("youtube.com/" in u for u in watch.foreign_requests)
        assert page.evaluate("Object.keys(localStorage)") == []  # no tick, nothing stored
        assert page.locator("figure.embed--vimeo iframe").count() == 0

        vimeo = page.locator("figure.embed--vimeo")
        vimeo.locator("input[data-consent-always]").check()
        vimeo.locator("button[data-consent-load]").click()
        assert vimeo.locator("iframe").get_attribute("src") == (
            "https://player.vimeo.com/video/76979871?dnt=1")
        assert page.evaluate("Object.keys(localStorage)") == ["magazine.consent.vimeo"]
        assert page.evaluate("localStorage.getItem('magazine.consent.vimeo')") == "always"
        assert violations(page) == []

        page.reload(wait_until="load")
        # Vimeo now loads directly, the others still wait
        page.locator("figure.embed--vimeo iframe").wait_for(state="attached")
        assert page.locator("figure.embed--vimeo .consent").is_hidden()
        assert page.locator("figure.embed--youtube iframe").count() == 0
        mastodon = page.locator("figure.embed--mastodon")
        assert mastodon.locator("iframe").count() == 0
        mastodon.locator("button[data-consent-load]").click()
        assert mastodon.locator("iframe").get_attribute("src") == (
            "https://social.example/@auenwerk/111222333444555666/embed")
        assert violations(page) == []


def test_comment_through_the_page_is_stored(dialog_site, chromium_path):
    site, base, isso = dialog_site
    text = "Wie lange dauert die Einarbeitung bei Ihnen?"
    with watched_page(chromium_path, hosts_of(base, isso)) as (page, watch):
        page.add_init_script(CSP_LISTENER)
        page.goto(f"{base}/artikel/offen/", wait_until="load")
        page.locator("#isso-thread").scroll_into_view_if_needed()
        postbox = page.locator("#isso-thread .isso-postbox")
        postbox.wait_for(timeout=15000)
        assert any(r.startswith(isso + "js/embed.min.js") for r in watch.requests)
        postbox.locator("textarea").fill(text)
        postbox.locator("input[name=author]").fill("Test Leserin")
        postbox.locator("input[type=submit]").click()
        page.locator("#isso-root .isso-comment .isso-text", has_text=text).wait_for()
        stored = stored_comments(isso, "/artikel/offen/")
        assert [(c["author"], c["text"]) for c in stored] == [("Test Leserin", f"<p>{text}</p>")]
        assert watch.foreign_requests == []
        assert watch.console_errors == [] and watch.page_errors == []
        assert violations(page) == []
        # the listing shows the count from Isso
        page.goto(f"{base}/", wait_until="networkidle")
        count = page.locator('.card__meta a[data-isso-id="/artikel/offen/"]')
        page.wait_for_function(
            "document.querySelector('.card__meta a[data-isso-id=\"/artikel/offen/\"]')"
            ".dataset.count === '1'")
        assert count.inner_text() == "1 Kommentar"
        assert violations(page) == []


def test_closed_thread_shows_comments_but_takes_none(dialog_site, chromium_path):
    site, base, isso = dialog_site
    status, answer = post_comment(isso, base, "/artikel/geschlossen/", "Noch eine Frage?")
    assert status == 403 and "closed" in answer["message"]
    assert [c["text"] for c in stored_comments(isso, "/artikel/geschlossen/")] == [
        f"<p>{EARLIER}</p>"]
    with watched_page(chromium_path, hosts_of(base, isso)) as (page, watch):
        page.add_init_script(CSP_LISTENER)
        page.goto(f"{base}/artikel/geschlossen/#kommentare", wait_until="load")
        assert page.locator("#kommentare .dialog__closed").is_visible()
        page.locator("#isso-root .isso-comment .isso-text", has_text=EARLIER).wait_for()
        assert page.locator("#isso-thread .isso-postbox").count() == 0
        assert page.locator("#isso-thread textarea").count() == 0
        assert watch.foreign_requests == [] and violations(page) == []


def test_demo_article_and_hub_pages_have_no_csp_violations(demo_build, chromium_path):
    """Same origin, as ./magazine serve runs it: the site and the gated Isso at /comments/."""
    article = next(p for p in sorted(demo_build.glob("artikel/*/index.html"))
                   if 'class="embed ' in p.read_text(encoding="utf-8"))
    hub = sorted(demo_build.glob("hub/*/index.html"))[0]
    paths = ["/" + p.parent.relative_to(demo_build).as_posix() + "/" for p in (article, hub)]
    with static_server(demo_build) as base, watched_page(
            chromium_path, hosts_of(base)) as (page, watch):
        page.add_init_script(CSP_LISTENER)
        for path in paths:
            page.goto(base + path, wait_until="load")
            page.locator("#isso-thread").scroll_into_view_if_needed()
            page.locator("#isso-thread .isso-postbox").wait_for(timeout=15000)
            assert page.locator("#isso-thread .isso-thread-heading").count() == 1
            assert violations(page) == [], path
        hub_thread = page.locator("section#fragen #isso-thread")
        assert hub_thread.get_attribute("data-isso-id").startswith("hub:")
        assert watch.foreign_requests == []
        assert watch.console_errors == [] and watch.page_errors == []
