"""The body sanitizer (plugins/sanitize): the allowlist, what it keeps and removes, and where."""

from __future__ import annotations

import json
import logging
import re

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from pelican.settings import read_settings
from sanitize.allowlist import ATTRIBUTES, CLASSES, ELEMENTS, ID_PREFIX, REMOVED_WITH_CONTENT
from sanitize.cleaner import clean
from sitebuilder import build

ORDINARY = """# Überschrift

[TOC]

## Abschnitt mit `Code`

Text mit **fett**, *kursiv*, "Zitat" & mehr: ein [Link](https://auenwerk.example/a?b=1&c=2
"Titel"), [Mail](mailto:presse@auenwerk.example), [Telefon](tel:+49301234), [intern](
../andere/), [Anker](#abschnitt-mit-code), [Kommentare](#kommentare), [relativ](../bild.svg)
und <https://auenwerk.example/>.

![Bild](/images/articles/test.svg "Ein Titel")

| Links | Mitte | Rechts |
|:--|:-:|--:|
| a < b | b | c |

```python
if a < b and c > d:
    print("&")
```

> Ein Zitat.

- Liste
- mit [Link](https://auenwerk.example/b)

3. drei
4. vier

Begriff
: Definition

Fußnote[^1], Abkürzung HTML.

[^1]: Die Fußnote.

*[HTML]: Hyper Text Markup Language

<details><summary>Mehr</summary>Raw HTML ohne Skript.</details>

<p lang="en">An English sentence with <kbd>Ctrl</kbd>, <mark>marked</mark> and H<sub>2</sub>O.</p>
"""

SCHEMES = "URL scheme not allowed"
# (raw HTML, must be gone, must stay, reason in the removal log)
REMOVED = [
    ("<p>a<script>window.x=1</script>b</p>", ["script", "window.x"], "<p>ab</p>", "<script>"),
    ("<p>a<SCRIPT SRC='/images/x.js'></SCRIPT>b</p>", ["script", "x.js"], "<p>ab</p>",
     "<script>"),
    ('<p><img src="a.png" onerror="x()"></p>', ["onerror"], '<p><img src="a.png"></p>',
     "event handler"),
    ('<p><img src="a.png"/onerror="x()"></p>', ["onerror"], '<img src="a.png">', "onerror"),
    ('<a href="https://ok.example/" onclick="x()">t</a>', ["onclick"],
     '<a href="https://ok.example/">t</a>', "event handler"),
    ('<a href="javascript:x()">t</a>', ["javascript"], "<a>t</a>", SCHEMES),
    ('<a href="JaVaScRiPt:x()">t</a>', ["JaVaScRiPt"], "<a>t</a>", SCHEMES),
    ('<a href=" &#x4A;avascript&colon;x()">t</a>', ["avascript"], "<a>t</a>", SCHEMES),
    ('<a href="java&#x09;script:x()">t</a>', ["script:"], "<a>t</a>", SCHEMES),
    ('<a href="&amp;#106;avascript:x()">t</a>', ["avascript"], "<a>t</a>", SCHEMES),
    ('<a href="vbscript:msgbox(1)">t</a>', ["vbscript"], "<a>t</a>", SCHEMES),
    ('<a href="data:text/html,&lt;script&gt;x()&lt;/script&gt;">t</a>', ["data:"], "<a>t</a>",
     SCHEMES),
    ('<img src="data:image/png;base64,AAA=" alt="a">', ["data:"], '<img alt="a">', SCHEMES),
    # what Pelican makes of [k]({index}javascript:x?%0aalert(1)): the scheme survives
    ('<a href="javascript:https://site.example/index.html?%0aalert(1)">k</a>', ["javascript"],
     "<a>k</a>", SCHEMES),
    ('<img srcset="a.png 1x, javascript:x() 2x" src="a.png">', ["srcset"], '<img src="a.png">',
     SCHEMES),
    ('<img srcset="a.png 1x, b.png 2x" src="a.png">', [], 'srcset="a.png 1x, b.png 2x"', ""),
    ('<form action="javascript:x()"><button formaction="javascript:y()">s</button></form>',
     ["javascript", "form", "button"], "s", "<form>"),
    ('<p>v<iframe src="https://www.youtube.com/embed/x"></iframe>n</p>', ["iframe"],
     "<p>vn</p>", "<iframe>"),
    ('<p>v<iframe srcdoc="&lt;script&gt;x()&lt;/script&gt;"></iframe>n</p>', ["iframe"],
     "<p>vn</p>", "<iframe>"),
    ('<object data="javascript:x()"></object><embed src="x.swf"><p>n</p>', ["object", "embed"],
     "<p>n</p>", "<object>"),
    ('<p>v<svg onload="x()"><circle r="1"/></svg>n</p>', ["svg", "onload"], "<p>vn</p>",
     "<svg>"),
    ('<svg><a xlink:href="javascript:x()"><text>t</text></a></svg><p>n</p>', ["svg", "xlink"],
     "<p>n</p>", "<svg>"),
    ("<math><mtext><style><img src=x onerror=x()></style></mtext></math><p>n</p>",
     ["math", "onerror"], "<p>n</p>", "<math>"),
    ('<style>body { display: none }</style><p>n</p>', ["style", "display"], "<p>n</p>",
     "<style>"),
    ('<base href="javascript:/"><meta http-equiv="refresh" content="0;url=javascript:x()">'
     '<link rel="stylesheet" href="/x.css"><p>n</p>', ["base", "meta", "link"], "<p>n</p>",
     "<meta>"),
    ('<noscript><p title="</noscript><img src=x onerror=x()>"></noscript><p>n</p>',
     ["noscript", "onerror"], "<p>n</p>", "<noscript>"),
    ("<!-- --!><img src=x onerror=x()> --><p>n</p>", ["onerror", "<!--"], "<p>n</p>",
     "comment"),
    ('<p style="position:fixed;top:0">n</p>', ["style"], "<p>n</p>", "inline style"),
    ('<table><tr><td style="text-align: left; position: fixed">n</td></tr></table>',
     ["style", "fixed"], "<td>n</td>", "inline style"),
    ('<details open ontoggle="x()"><summary>s</summary>d</details>', ["ontoggle"],
     "<details open=\"\"><summary>s</summary>d</details>", "event handler"),
    # DOM clobbering, also through the <image> alias browsers read as <img>
    ('<img name="currentScript" src="a.png">', ["name="], '<img src="a.png">', "clobbering"),
    ('<image name="currentScript" data-comments-endpoint="https://attacker.example/">',
     ["name=", "currentScript", "attacker"], "<img>", "<image>"),
    ('<image name="querySelectorAll">', ["querySelectorAll"], "<img>", "<image>"),
    ('<form name="body"><input name="attributes"></form>', ["name=", "form", "input"], "",
     "<form>"),
    # markup the theme's script acts on: forged embeds and comment widgets, copy links
    ('<figure data-consent="embed" data-consent-provider="youtube" '
     'data-embed-src="https://attacker.example/"><button data-consent-load>l</button></figure>',
     ["data-consent", "data-embed-src", "attacker", "button"], "<figure>l</figure>",
     "only plugins write data-* attributes"),
    ('<div class="dialog__thread" data-load-src="/images/x.js" data-load-global=\'{"x": 1}\'>'
     '</div><div data-consent="comments"></div>', ["data-load", "data-consent", "dialog__"],
     "<div></div><div></div>", "only plugins write data-* attributes"),
    ('<a class="share__link--copy" data-copy-url="https://attacker.example/" href="#x">c</a>',
     ["share__", "data-copy", "attacker"], '<a href="#x">c</a>', "class names belong"),
    ('<section id="isso-thread" data-isso-id="/x/" data-dialog-endpoint="/images/"></section>',
     ["data-isso", "data-dialog", "section"], "", "<section>"),
    ('<p data-pagefind-meta="title:Gefälscht" data-pagefind-body>t</p>', ["pagefind"],
     "<p>t</p>", "only plugins write data-* attributes"),
]


@pytest.fixture(scope="module")
def markdown_html():
    """Markdown as the magazine's settings render it."""
    settings = read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"]
    configs = settings["extension_configs"]
    return markdown.Markdown(extensions=list(configs), extension_configs=configs,
                             output_format=settings["output_format"]).convert


def with_prefixed_ids(html: str) -> str:
    """``html`` with what the sanitizer intends to change: every id prefixed, and links to
    those ids."""
    ids = set(re.findall(r' id="([^"]+)"', html))
    html = re.sub(r' id="([^"]+)"', rf' id="{ID_PREFIX}\1"', html)
    return re.sub(r' href="#([^"]+)"',
                  lambda m: f' href="#{ID_PREFIX}{m[1]}"' if m[1] in ids else m[0], html)


def canonical(html: str) -> str:
    """The same tree written one way (nh3 leaves a '"' in text unescaped, Markdown doesn't)."""
    return BeautifulSoup(html, "html.parser").decode(formatter="minimal")


def test_ordinary_markdown_is_kept_but_for_the_id_prefix(markdown_html):
    html = markdown_html(ORDINARY)
    # the sample really holds what an editor writes
    for part in ('<h2 id="abschnitt-mit-code">', '<th style="text-align: center;">',
                 'class="footnote"', 'class="footnote-ref"', 'class="toc"', "<abbr title",
                 "<dl>", '<code class="language-python">', "&lt; b", 'href="mailto:',
                 'href="tel:', "<blockquote>", "<details>", "<ol>", 'lang="en"',
                 'href="#fn:1"', 'href="#abschnitt-mit-code"', 'title="Ein Titel"'):
        assert part in html, part
    result = clean(html)
    assert result.removals == ()
    assert canonical(result.html) == canonical(with_prefixed_ids(html))
    assert 'href="#kommentare"' in result.html  # a link to the theme's anchor stays one
    assert 'href="#user-content-fn:1"' in result.html
    assert 'id="user-content-fn:1"' in result.html


@pytest.mark.parametrize(("raw", "gone", "kept", "reason"), REMOVED)
def test_unsafe_html_is_removed_and_logged(raw, gone, kept, reason):
    result = clean(raw)
    for part in gone:
        assert part not in result.html, part
    assert kept in result.html
    if reason:
        assert any(reason in removal for removal in result.removals), result.removals
    else:
        assert result.removals == ()
    assert clean(result.html).html == result.html  # clean output stays as it is


def test_ids_from_content_cannot_take_the_themes():
    result = clean('<div id="isso-thread"></div><h2 id="toc-title">T</h2><a href="#toc-title">'
                   'T</a><h2 id="user-content-x">X</h2><a href="#user-content-x">X</a>')
    assert result.html == (
        '<div id="user-content-isso-thread"></div><h2 id="user-content-toc-title">T</h2>'
        '<a href="#user-content-toc-title">T</a><h2 id="user-content-x">X</h2>'
        '<a href="#user-content-x">X</a>')


def test_only_markdowns_classes_stay():
    result = clean('<div class="footnote embed"><a class="footnote-backref consent">b</a></div>'
                   '<code class="language-python x">c</code><p class="hinweis">p</p>')
    assert result.html == ('<div class="footnote"><a class="footnote-backref">b</a></div>'
                           '<code class="language-python">c</code><p>p</p>')
    assert len(result.removals) == 4


def test_the_allowlist_is_one_readable_list_with_reasons():
    assert all(reason.strip() for reason in ELEMENTS.values())
    for element, attributes in ATTRIBUTES.items():
        assert element == "*" or element in ELEMENTS, element
        for attribute, reason in attributes.items():
            assert reason.strip(), (element, attribute)
            assert not attribute.startswith(("on", "data-", "aria-")), attribute
            assert attribute not in ("name", "srcdoc", "action", "formaction")
    assert {e for e, a in ATTRIBUTES.items() if "style" in a} == {"th", "td"}
    assert {e for e, a in ATTRIBUTES.items() if "class" in a} == set(CLASSES)
    assert not ELEMENTS.keys() & REMOVED_WITH_CONTENT
    assert not ELEMENTS.keys() & {"form", "input", "button", "iframe", "script", "svg",
                                  "image", "embed", "object", "base", "meta", "link"}


def test_allowed_schemes_are_a_setting():
    assert clean('<a href="ftp://files.example/">f</a>').html == "<a>f</a>"
    ftp = ("http", "https", "ftp")
    assert clean('<a href="ftp://files.example/">f</a>', ftp).html == (
        '<a href="ftp://files.example/">f</a>')


# Pelican resolves these placeholders after the Markdown is read; each keeps the scheme the
# editor wrote after it (javascript:https://…/index.html?%0aalert(1) runs alert(1)).
PLACEHOLDER_BODY = """Vorher.

<script>window.__pwned=1</script>

[Klick](javascript:window.__pwned=5)

[Index]({index}javascript:x?%0aalert(1))

[Referenz][ref]

<form action="{index}javascript:x?%0aalert(2)">
<button formaction="{index}javascript:x?%0aalert(3)">Senden</button></form>

https://www.youtube.com/watch?v=aqz-KE-bpKQ

[ref]: {tag}javascript:x?%0aalert(4)

Nachher."""
HUB_INTRO = 'Hub-Text.\n\n<img src="x" onerror="window.__pwned=2">\n\n[Link](JaVaScRiPt:x)\n'


@pytest.fixture
def hostile_site(site):
    site.article("boese", body=PLACEHOLDER_BODY)
    site.write("hubs/hub-boese.md", "Title: Böser Hub\nSummary: Ein Hub.\n"
               f"Topics: social-media-strategie\n\n{HUB_INTRO}")
    site.write("pages/seite.md", "Title: Seite\n\nText <script>window.__pwned=1</script> Ende.\n")
    return site


def body(site, relative: str):
    return site.page(relative).select_one(".article__body, .prose, .hub__intro")


def assert_clean(site) -> None:
    article = body(site, "artikel/boese/index.html")
    assert article.find("script") is None and article.find("form") is None
    assert "alert" not in str(article) and "javascript" not in str(article).lower()
    for text in ("Klick", "Index", "Referenz"):
        assert article.find("a", string=text) is not None  # the link text stays
        assert article.find("a", string=text).get("href") is None
    assert len(article.select('figure.embed[data-consent="embed"] button[data-consent-load]')
               ) == 1
    hub = site.page("hub/hub-boese/index.html")
    assert hub.find(string="Hub-Text.") and hub.find(attrs={"onerror": True}) is None
    assert hub.find("a", string="Link") is not None and not hub.find("a", string="Link").get(
        "href")
    api = json.loads((site.output / "api/v1/hubs/hub-boese.json").read_text(encoding="utf-8"))
    assert "onerror" not in api["intro_html"] and "avascript" not in api["intro_html"]
    document = json.loads((site.output / "api/v1/articles/boese.json").read_text(
        encoding="utf-8"))
    assert "alert" not in document["html"] and "avascript" not in document["html"]
    page = site.page("seite/index.html")
    assert page.select_one(".prose").find("script") is None
    assert "Text  Ende." in page.select_one(".prose").get_text()


def test_every_removal_is_a_warning_naming_the_file(hostile_site, caplog):
    with caplog.at_level(logging.WARNING):
        hostile_site.build(SEARCH_ENABLED=False)
    assert_clean(hostile_site)
    removals = [r.getMessage() for r in caplog.records if "removed from the HTML" in
                r.getMessage()]
    article = [m for m in removals if "articles/boese.md" in m]
    assert any("<script>" in m for m in article)
    assert any('href="javascript:window.__pwned=5"' in m for m in article)
    assert any("alert(1)" in m and "URL scheme" in m for m in article)
    assert any("<form>" in m for m in article) and any("<button>" in m for m in article)
    assert len(article) == len(set(article)) == 6  # once each, whatever asked for the body
    hub = [m for m in removals if "hubs/hub-boese.md" in m]
    assert len(hub) == 2
    assert [m for m in removals if "seite.md" in m]


def test_plugin_order_does_not_matter(hostile_site):
    """Sanitize listed last (after dialog and hubs) gives the same bodies."""
    hostile_site.build(SEARCH_ENABLED=False)
    first = str(body(hostile_site, "artikel/boese/index.html"))
    plugins = [p for p in read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
               if p != "sanitize"]
    hostile_site.build(SEARCH_ENABLED=False, PLUGINS=[*plugins, "sanitize"])
    assert_clean(hostile_site)
    assert str(body(hostile_site, "artikel/boese/index.html")) == first


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_bodies_are_cleaned_on_cached_builds_too(hostile_site, layer):
    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
                "CONTENT_CACHING_LAYER": layer, "SEARCH_ENABLED": False}
    hostile_site.build(**settings)
    cache = hostile_site.output.parent / f".{hostile_site.output.name}-cache"
    assert any(cache.rglob("*")), "the cache was not written"
    hostile_site.build(**settings)  # now from the cache
    assert_clean(hostile_site)


def test_formatted_metadata_is_cleaned_after_its_links_resolve(site):
    site.article("zusammenfassung", summary="Mehr [hier]({index}javascript:x?%0aalert(1)) "
                 "<img src=x onerror=alert(2)>")
    # a site that formats summaries; the summary-format rule (plain text) is only a warning here
    site.build(SEARCH_ENABLED=False, FORMATTED_FIELDS=["summary"],
               CONTENT_RULES_AS_WARNINGS=["summary-format"])
    summary = site.page("artikel/zusammenfassung/index.html").select_one(".article__summary")
    assert "alert" not in str(summary) and "javascript" not in str(summary)


def test_disabled_sanitizer_leaves_bodies_alone(site):
    site.article("roh", body="Text <script>window.__pwned=1</script>\n\n## Kapitel")
    site.build(SEARCH_ENABLED=False, SANITIZE_ENABLED=False)
    assert body(site, "artikel/roh/index.html").find("script") is not None
    assert body(site, "artikel/roh/index.html").find(id="kapitel") is not None


def normalised(out, relative: str) -> str:
    return (out / relative).read_text(encoding="utf-8").replace(ID_PREFIX, "")


def test_demo_output_is_unchanged_but_for_the_id_prefix(demo_build, tmp_path):
    """The sanitizer removes nothing from the demo magazine: with it switched off, every
    page, feed and API file is the same, once the content ids' prefix is taken out."""
    raw = build(ROOT / "content", tmp_path / "raw", SANITIZE_ENABLED=False)
    files = sorted(p.relative_to(demo_build).as_posix() for p in demo_build.rglob("*")
                   if p.is_file() and "pagefind" not in p.parts and p.suffix in (
                       ".html", ".xml", ".json", ".txt"))
    assert len(files) > 150
    changed = [f for f in files if normalised(demo_build, f) != normalised(raw, f)]
    assert changed == []
    article = (demo_build / "artikel/azubis-am-messestand/index.html").read_text()
    assert f'id="{ID_PREFIX}' in article
