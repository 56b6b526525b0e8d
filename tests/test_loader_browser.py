"""The loader (theme/static/js/magazine.js) cannot be steered or broken by content.

The bodies carry DOM-clobbering and forged-markup payloads, built with the sanitizer
switched off (the loader must hold even if the sanitizer let such markup through), and the
pages are opened in Chromium WITHOUT their Content-Security-Policy, as the worst case: no
request may reach the attacker's host, magazine.js throws nothing, and consent embeds, the
copy link, comment counts, comments and search still work. With the CSP, the demo pages
show no violation.
"""

from __future__ import annotations

import json
import re
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import watched_page
from servers import static_server
from sitebuilder import SiteFixture, soup

pytestmark = pytest.mark.browser

ATTACKER = "attacker.example"
EVIL = f"https://{ATTACKER}/"
# Markup that once steered or broke the loader, and forgeries of what it acts on.
CLOBBER = f"""
<image name="currentScript" data-comments-endpoint="{EVIL}" alt="">
<img name="querySelectorAll" alt="">
<img name="querySelector" alt="">
<img name="getElementById" alt="">
<img name="createElement" alt="">
<img name="baseURI" alt="">
<form name="body"><input name="append"></form>
<form name="head"></form>
<img name="cookie" alt="">

<p><span data-copy-url="{EVIL}">stray copy data</span>
<a class="share__link--copy" href="{EVIL}" data-copy-url="{EVIL}">Link kopieren</a></p>

<div id="magazine-config" data-comments-endpoint="{EVIL}">not the configuration</div>

<figure class="embed" data-consent="embed" data-consent-provider="youtube"
 data-embed-src="{EVIL}frame" data-embed-kind="video" data-embed-title="forged">
<div class="embed__stage"></div><span class="consent" hidden>
<button type="button" data-consent-load>Inhalt laden</button>
<input type="checkbox" data-consent-always></span></figure>

<form data-consent="embed" data-consent-provider="youtube" data-embed-src="{EVIL}form">
<input name="dataset"><input name="querySelector"><span class="consent"></span></form>

<div class="dialog__gate" data-consent="comments" data-consent-provider="youtube">
<span class="consent"><button data-consent-load>x</button><input type="checkbox"
data-consent-always></span></div>
<div class="dialog__thread" data-load-src="{EVIL}evil.js" data-load-attributes="{{}}"
data-load-global='{{"__pwned": 1}}'></div>
<a href="#isso-thread" data-isso-id="/artikel/forged/">forged count link</a>

[Unser Film](https://www.youtube.com/watch?v=aqz-KE-bpKQ)

Schluss mit Wort Klobberwort.
"""
# The attack of issue 12 alone: the old loader read its endpoint from document.currentScript.
REDIRECT = f"""<image name="currentScript" data-comments-endpoint="{EVIL}" alt="">

Ein Text."""
# An earlier #isso-thread than the theme's, naming another thread and endpoint.
FORGED_THREAD = f"""<section id="isso-thread" data-isso-id="/artikel/ziel/"
data-dialog-provider="isso" data-dialog-endpoint="{EVIL}"></section>

Ein Text."""
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture(scope="module")
def hostile_loader_site(tmp_path_factory) -> Path:
    site = SiteFixture(tmp_path_factory.mktemp("loader"))
    site.article("boese", title="Böse", body=CLOBBER)
    site.article("ziel", title="Ziel")
    site.article("fremd", title="Fremder Thread", body=FORGED_THREAD)
    site.article("umgelenkt", title="Umgelenkt", body=REDIRECT)
    site.article("nachbar", title="Nachbar")
    out = site.build(SANITIZE_ENABLED=False)
    body = (out / "artikel/boese/index.html").read_text(encoding="utf-8")
    assert 'name="currentScript"' in body and f'data-embed-src="{EVIL}frame"' in body, (
        "the payloads must reach the page (sanitizer off)")
    for page in out.rglob("*.html"):  # the worst case: a page without its CSP
        page.write_text(CSP_META.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    return out


def wait_until(page, condition, timeout: float = 10) -> None:
    """Poll ``condition``; Playwright's sync API handles the page's events (the request
    log) only while it is called, so wait through the page."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        page.wait_for_timeout(50)


def our_errors(page) -> list[str]:
    """Uncaught exceptions thrown by our scripts (Isso's client, which the payloads may
    break, is not ours: the sanitizer keeps such markup out)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{error.message}\n{error.stack}"))
    return errors


@contextmanager
def hostile_page(site: Path, path: str, chromium: str, **options):
    """Open ``path`` of the hostile site (with its comments); yields (page, watch, base).
    Afterwards: nothing went to the attacker's host, and our scripts threw nothing."""
    with static_server(site) as base, watched_page(
            chromium, {urlsplit(base).netloc}, **options) as (page, watch):
        errors = our_errors(page)
        page.add_init_script(  # in every frame; an aborted iframe's has no storage
            "try { localStorage.setItem('magazine.consent.youtube', 'always') } catch {}")
        page.goto(f"{base}/{path}", wait_until="networkidle")
        yield page, watch, base
        assert [u for u in watch.requests if ATTACKER in urlsplit(u).netloc] == []
        assert watch.foreign_requests == [] or all(
            urlsplit(u).netloc == "www.youtube-nocookie.com" for u in watch.foreign_requests)
        assert [e for e in errors if re.search(r"/theme/js/\w+\.js", e)] == []
        assert page.evaluate("window.__pwned") is None


def test_the_configuration_is_printed_in_head_and_names_every_address(hostile_loader_site):
    page = soup(hostile_loader_site / "artikel/boese/index.html")
    config = page.head.find("script", id="magazine-config")
    assert config["type"] == "application/json"
    data = json.loads(config.string)
    assert data["comments"]["endpoint"] == "../../comments/"
    assert data["thread"] == {"provider": "isso", "anchor": "kommentare", "id": "/artikel/boese/",
                              "state": "open", "lang": "de"}
    assert data["copy"]["url"] == "http://127.0.0.1:8000/artikel/boese/"
    assert "https://www.youtube-nocookie.com" in data["frames"]
    assert page.head.find("script", src="../../theme/js/magazine.js").has_attr("defer")
    loader = page.find_all("script", src=True)
    assert [s["src"] for s in loader] == ["../../theme/js/magazine.js"]  # one script, in head
    # the theme's own markup carries no address or instruction for the loader
    copy = page.select_one("nav.share a.share__link--copy")
    assert not [name for name in copy.attrs if name.startswith("data-")]
    thread = page.select_one("section#kommentare > section#isso-thread")
    assert sorted(name for name in thread.attrs if name.startswith("data-")) == [
        "data-isso-id", "data-title"]  # what Isso's client reads


def found(page, selector: str, expression: str = "e => e.textContent") -> list:
    """``expression`` over the elements matching ``selector``, without Playwright's locators:
    they call ``document.querySelectorAll``, which the payloads shadow."""
    return page.evaluate(f"""(selector) => [...Document.prototype.querySelectorAll.call(
        document, selector)].map({expression})""", selector)


def test_clobbering_and_forged_markup_cannot_steer_the_loader(hostile_loader_site, chromium_path):
    with hostile_page(hostile_loader_site, "artikel/boese/", chromium_path, permissions=[
            "clipboard-read", "clipboard-write"]) as (page, watch, base):
        assert page.evaluate("typeof document.querySelectorAll") == "object"  # clobbered
        # the real embed loads at once (YouTube is remembered), the forged ones never
        wait_until(page, lambda: found(page, "iframe", "e => e.src") == [
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"])
        found(page, "article [data-consent-load]", "e => e.click()")
        assert found(page, "iframe", "e => e.src") == [
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"]
        # comment counts of the related articles came from our own Isso
        related = ".card__meta a[data-isso-id]"
        wait_until(page, lambda: found(page, related, "e => e.dataset.count") == ["0"] * 3)
        assert found(page, related)[0] == "Noch keine Kommentare"
        assert f"{base}/comments/count" in watch.requests
        # the theme's copy link became a button that copies the article's address
        found(page, "nav.share button.share__link--copy", "e => e.click()")
        wait_until(page, lambda: found(page, ".share__status") != [""])
        assert found(page, ".share__status") == ["Der Link ist in der Zwischenablage."]
        assert page.evaluate("navigator.clipboard.readText()") == (
            "http://127.0.0.1:8000/artikel/boese/")
        # near the thread, Isso's client comes from our endpoint
        found(page, "#isso-thread", "e => e.scrollIntoView({behavior: \"instant\"})")
        wait_until(page, lambda: f"{base}/comments/js/embed.min.js" in watch.requests)


def test_a_shadowed_current_script_cannot_redirect_the_counts(hostile_loader_site,
                                                             chromium_path):
    with hostile_page(hostile_loader_site, "artikel/umgelenkt/", chromium_path) as (
            page, watch, base):
        counts = page.locator(".card__meta a[data-isso-id]")
        wait_until(page, lambda: counts.count() == 3 and counts.evaluate_all(
            "(links) => links.every((a) => a.dataset.count === '0')"))
        assert counts.first.inner_text() == "Noch keine Kommentare"
        assert f"{base}/comments/count" in watch.requests


def test_a_forged_thread_gets_no_comment_client(hostile_loader_site, chromium_path):
    with hostile_page(hostile_loader_site, "artikel/fremd/#kommentare", chromium_path) as (
            page, watch, base):
        page.wait_for_timeout(500)
        # the first #isso-thread is not this page's: no client, rather than comments
        # landing on another thread; the rest of the page still works
        assert not any("embed.min.js" in u for u in watch.requests)
        assert f"{base}/comments/count" in watch.requests


def test_search_still_works_beside_the_payloads(hostile_loader_site, chromium_path):
    with hostile_page(hostile_loader_site, "suche/?q=Klobberwort", chromium_path) as (
            page, watch, base):
        page.wait_for_selector("#search-results li", timeout=10_000)
        assert page.locator("#search-results li h2").all_inner_texts() == ["Böse"]
        assert page.locator("#search-status").inner_text() == "1 Treffer"


def test_demo_pages_have_no_csp_violations(demo_build, chromium_path):
    article = next(p for p in sorted(demo_build.glob("artikel/*/index.html"))
                   if 'class="embed ' in p.read_text(encoding="utf-8"))
    hub = sorted(demo_build.glob("hub/*/index.html"))[0]
    paths = ["/", "/" + article.parent.relative_to(demo_build).as_posix() + "/",
             "/" + hub.parent.relative_to(demo_build).as_posix() + "/", "/archiv/"]
    with static_server(demo_build) as base, watched_page(
            chromium_path, {urlsplit(base).netloc}) as (page, watch):
        page.add_init_script(CSP_LISTENER)
        for path in paths:
            page.goto(base + path, wait_until="networkidle")
            assert page.locator("meta[http-equiv=Content-Security-Policy]").count() == 1, path
            if page.locator("#isso-thread").count():
                page.locator("#isso-thread").scroll_into_view_if_needed()
                page.locator("#isso-thread .isso-postbox").wait_for(timeout=15_000)
            if page.locator("figure.embed").count():
                page.locator("figure.embed [data-consent-load]").first.click()
                page.locator("figure.embed iframe").first.wait_for(state="attached")
            assert page.evaluate("window.__cspViolations") == [], path
        assert watch.console_errors == [] and watch.page_errors == []
