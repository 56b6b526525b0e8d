"""Hostile content: script payloads in every field an editor fills never run and never break
a format (tests/hostile.py has the corpus: titles, summaries, author profiles, taxonomy
labels, hubs, image texts, embed and link URLs, raw HTML in Markdown bodies)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import feedparser
import pytest
from browser import watched_page
from bs4 import BeautifulSoup
from hostile import (
    HUB_TITLE,
    JS_URL,
    MARKERS,
    TEMPLATE,
    TITLE,
    TITLE_EN,
    TRAPS,
    build_corpus,
    feed_contents,
    json_html,
    text,
    without_controls,
)
from servers import static_server

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data",
                  "background", "data-embed-src")
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")

# After load: click every link whose parsed URL runs script (the browser's own reading,
# entity- and whitespace-variants included), then every consent button (embeds).
CLICK_EVERYTHING = """() => {
  const links = [...document.querySelectorAll("a[href], area[href]")]
    .filter((a) => ["javascript:", "vbscript:", "data:"].includes(a.protocol));
  links.forEach((a) => a.click());
  const buttons = [...document.querySelectorAll("[data-consent-load]")];
  buttons.forEach((b) => b.click());
  return {links: links.map((a) => a.getAttribute("href")), buttons: buttons.length};
}"""
STATE = """() => ({
  pwned: typeof window.__pwned,
  dialogs: window.__dialogs,
  violations: window.__violations,
  handlers: [...document.querySelectorAll("*")].flatMap((el) => [...el.attributes]
    .filter((a) => a.name.toLowerCase().startsWith("on"))
    .map((a) => el.tagName + " " + a.name)),
  scripts: [...document.scripts].map((s) => s.src || s.type || "inline"),
  frames: [...document.querySelectorAll("iframe")].map((f) => f.src),
})"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    site = build_corpus(tmp_path_factory.mktemp("hostile"))
    # the payloads are markup: the content rules would refuse them, escaping is tested here
    return site.build(CONTENT_RULES_AS_WARNINGS=["summary-format", "image-alt"])


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html")  # not the web editor: no content there
                  if "pagefind" not in p.parts and p.relative_to(out).parts[0] != "admin")


def relative(out: Path, path: Path) -> str:
    return path.relative_to(out).as_posix()


def script_scheme(value: str) -> bool:
    """True when a URL starts with a script scheme, however it is cased, spaced or encoded."""
    for _ in range(3):  # entities, also doubly encoded
        value = html.unescape(value)
    value = re.sub(r"[\x00-\x20\x7f]+", "", value).lower()
    return value.startswith(SCRIPT_SCHEMES)


def unsafe_markup(fragment: str) -> list[str]:
    """Scripts, handlers, script URLs and refreshes in one piece of HTML."""
    soup = BeautifulSoup(fragment, "html.parser")
    found = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on") or name.lower() == "srcdoc":
                found.append(f"<{tag.name} {name}>")
            elif name.lower() in URL_ATTRIBUTES and script_scheme(value):
                found.append(f'<{tag.name} {name}="{value}">')
        if tag.name == "meta" and str(tag.get("http-equiv", "")).lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
    return found


def json_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.json") if "pagefind" not in p.parts)


def same_text(found: str, raw: str) -> bool:
    """Round trip: the raw text, or the raw text less the control characters XML forbids."""
    return found in (raw, without_controls(raw))


@pytest.mark.browser
def test_no_payload_runs_in_the_browser(hostile, chromium_path):
    pages = html_pages(hostile)
    assert len(pages) < 60  # the fixture (German and English edition) stays small enough
    results = {}
    with static_server(hostile) as base, \
            watched_page(chromium_path, {base.removeprefix("http://")}) as (page, _watch):
        messages: list[str] = []
        dialogs: list[str] = []
        page.on("console", lambda m: messages.append(m.text))
        page.on("pageerror", lambda e: messages.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.add_init_script(TRAPS)
        for path in pages:
            name = relative(hostile, path)
            # networkidle: the loader imports consent.js before the consent buttons work
            page.goto(f"{base}/{name}", wait_until="networkidle")
            clicked = page.evaluate(CLICK_EVERYTHING)
            page.wait_for_timeout(30)
            results[name] = clicked, page.evaluate(STATE)
    for name, (clicked, state) in results.items():
        assert clicked["links"] == [], name  # no script link is left to click
        assert state["pwned"] == "undefined", name
        assert state["dialogs"] == [] and state["handlers"] == [], name
        assert state["violations"] == [], name  # nothing even tried to run inline
        for src in state["scripts"]:
            assert src in ("application/ld+json", "application/json") or src.startswith(
                (f"{base}/theme/js/", f"{base}/comments/js/")), (name, src)
        assert all(f.startswith("https://") for f in state["frames"]), name
    # the real embeds were there and loaded on click; the forged ones lost their controls
    assert results["artikel/boese/index.html"][0]["buttons"] == 3
    assert len(results["artikel/boese/index.html"][1]["frames"]) == 3
    assert dialogs == []
    assert not [m for m in messages if any(marker in m for marker in MARKERS)]


def test_feeds_are_well_formed_and_keep_the_text(hostile):
    feeds = sorted((hostile / "feeds").rglob("*.xml"))
    assert len(feeds) >= 10
    titles = []
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        titles += [e.title for e in parsed.entries if e.title.startswith(("Titel", "Title"))]
    assert len(titles) >= 8  # magazine, language, department, topics, author, hub feeds
    assert all(same_text(t, TITLE) or same_text(t, TITLE_EN) for t in titles), titles
    for feed, raw in (("hub/boeser-hub", HUB_TITLE), ("autor/eve", text("Eve")),
                      ("abteilung/marketing", text("Label-marketing"))):
        title = feedparser.parse((hostile / f"feeds/{feed}.atom.xml").read_bytes()).feed.title
        assert without_controls(raw) in title, feed


def test_json_is_valid_and_keeps_the_text(hostile):
    documents = {relative(hostile, p): json.loads(p.read_text(encoding="utf-8"))
                 for p in json_files(hostile)}
    assert len(documents) >= 20
    assert same_text(documents["api/v1/articles/boese.json"]["title"], TITLE)
    assert same_text(documents["api/v1/articles/en/boese.json"]["title"], TITLE_EN)
    assert same_text(documents["api/v1/articles/boese.json"]["summary"],
                     text("Zusammenfassung"))
    assert same_text(documents["api/v1/authors/eve.json"]["name"], text("Eve"))
    assert same_text(documents["api/v1/authors/eve.json"]["bio_de"], text("Bio"))
    hub = documents["api/v1/hubs/boeser-hub.json"]
    assert same_text(hub["title"], HUB_TITLE)
    assert same_text(hub["cta"]["label"], text("CTA"))
    department = documents["api/v1/departments/marketing.json"]["term"]
    assert same_text(department["label_de"], text("Label-marketing"))
    assert same_text(department["description_en"], text("Description-marketing"))
    feed_titles = [item["title"] for item in documents["feeds/all.json"]["items"]]
    assert any(same_text(t, TITLE) for t in feed_titles), feed_titles
    assert without_controls(HUB_TITLE) in documents["feeds/hub/boeser-hub.json"]["title"]


TERM_PATHS = ("abteilung", "thema", "branche", "zielgruppe", "format")


def expected_scripts(name: str) -> list[str]:
    """What the templates put on a page: JSON-LD, the loader's configuration, the loader."""
    scripts = []
    name = name.removeprefix("en/")  # the English edition's pages: the same kinds
    parts = name.split("/")
    term_page = parts[0] in TERM_PATHS and len(parts) > 2  # a term page, not the facet index
    if name == "index.html" or name.startswith(("artikel/", "autor/", "hub/")) or term_page:
        scripts.append("application/ld+json")
    return [*scripts, "application/json", "magazine.js"]


def test_json_ld_stays_closed_and_no_script_element_comes_from_content(hostile):
    headlines = {}
    for path in html_pages(hostile):
        name = relative(hostile, path)
        source = path.read_text(encoding="utf-8")
        scripts = BeautifulSoup(source, "html.parser").find_all("script")
        assert len(re.findall(r"<script\b", source, re.I)) == len(scripts), name  # none hidden
        kinds = [s.get("type") if s.get("type") in ("application/ld+json", "application/json")
                 else (s.get("src") or "inline").rsplit("/", 1)[-1] for s in scripts]
        assert kinds == expected_scripts(name), name
        for script in scripts:
            if script.get("type") == "application/ld+json":
                data = json.loads(script.string)
                headlines[name] = data.get("headline") or data.get("mainEntity", {}).get("name")
            elif script.get("type") == "application/json":
                assert script.get("id") == "magazine-config" and script.parent.name == "head"
                json.loads(script.string)
            else:
                assert not script.string, name
    assert same_text(headlines["artikel/boese/index.html"], TITLE)
    assert same_text(headlines["en/artikel/boese/index.html"], TITLE_EN)
    assert same_text(headlines["autor/eve/index.html"], text("Eve"))


def test_template_syntax_in_content_is_never_evaluated(hostile):
    rendered = TEMPLATE.replace("{{ 7*7 }}", "49")
    seen = 0
    for path in hostile.rglob("*"):
        if path.suffix not in (".html", ".xml", ".json", ".txt", ".js", ".css", ".conf"):
            continue
        content = path.read_text(encoding="utf-8")
        assert rendered not in content, path
        seen += TEMPLATE in html.unescape(content)
    assert seen >= 20  # pages, feeds and API documents carry the text as written


def test_no_script_url_handler_or_refresh_reaches_any_output(hostile):
    findings = {}
    for path in html_pages(hostile):
        findings[relative(hostile, path)] = unsafe_markup(path.read_text(encoding="utf-8"))
    for path in sorted((hostile / "feeds").rglob("*.xml")):
        findings[relative(hostile, path)] = [f for body in feed_contents(path)
                                             for f in unsafe_markup(body)]
    bodies = 0
    for path in json_files(hostile):
        fragments = json_html(json.loads(path.read_text(encoding="utf-8")))
        bodies += len(fragments)
        findings[relative(hostile, path)] = [f for body in fragments
                                             for f in unsafe_markup(body)]
    assert {name: found for name, found in findings.items() if found} == {}
    assert bodies >= 5
    # the hostile body itself made it through: its text, its safe links and the real embeds
    article = BeautifulSoup((hostile / "artikel/boese/index.html").read_text(encoding="utf-8"),
                            "html.parser").select_one(".article__body")
    assert f"{JS_URL} {TEMPLATE}" in article.get_text()  # payload text stays text
    assert article.select_one('a[href="https://auenwerk.example/ok"]').get_text() == (
        "Attribut-Liste")
    assert len(article.select('figure.embed[data-consent="embed"]')) == 3
    assert article.find(["script", "iframe", "object", "embed", "svg", "style", "base"]) is None
