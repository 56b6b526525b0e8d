"""The body sanitizer (plugins/sanitize): what it keeps, what it removes, when it runs."""

from __future__ import annotations

import json
import logging

import markdown
import pytest
import yaml
from conftest import ROOT
from dialog.embeds import transform
from pelican.settings import read_settings
from sanitize.cleaner import clean, needs_repair

ORDINARY = """# Überschrift

## Abschnitt mit `Code`

Text mit **fett**, *kursiv*, "Zitat" & mehr: ein [Link](https://auenwerk.example/a?b=1&c=2
"Titel"), [Mail](mailto:presse@auenwerk.example), [Telefon](tel:+49301234), [intern]({filename}
andere.md), [Anker](#abschnitt-mit-code), [relativ](../bild.svg) und <https://auenwerk.example/>.

![Bild]({static}/images/articles/test.svg) ![Punkt](data:image/png;base64,iVBORw0KGgo=)

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

1. eins

Begriff
: Definition

Fußnote[^1], Abkürzung HTML.

[^1]: Die Fußnote.

*[HTML]: Hyper Text Markup Language

<details><summary>Mehr</summary>Raw HTML ohne Skript.</details>
"""

EMBEDS = """<p>Davor.</p>
<p>https://www.youtube.com/watch?v=aqz-KE-bpKQ</p>
<p><a href="https://vimeo.com/76979871"><img alt="Bild" src="{static}/x.svg"> Film</a></p>
<p>https://social.example/@auenwerk/111222333444555666</p>"""

# (raw HTML, must be gone, must stay)
REMOVED = [
    ("<p>a<script>window.x=1</script>b</p>", ["script", "window.x"], "<p>ab</p>"),
    ("<p>a<SCRIPT SRC='/images/x.js'></SCRIPT>b</p>", ["script", "x.js"], "<p>ab</p>"),
    ('<p><img src="a.png" onerror="x()"></p>', ["onerror"], '<p><img src="a.png"></p>'),
    ('<p><img src="a.png"/onerror="x()"></p>', ["onerror"], '<img src="a.png">'),
    ('<a href="https://ok.example/" onclick="x()">t</a>', ["onclick"],
     '<a href="https://ok.example/">t</a>'),
    ('<a href="javascript:x()">t</a>', ["javascript"], "<a>t</a>"),
    ('<a href="JaVaScRiPt:x()">t</a>', ["JaVaScRiPt"], "<a>t</a>"),
    ('<a href=" &#x4A;avascript&colon;x()">t</a>', ["avascript"], "<a>t</a>"),
    ('<a href="java&#x09;script:x()">t</a>', ["script:"], "<a>t</a>"),
    ('<a href="&amp;#106;avascript:x()">t</a>', ["avascript"], "<a>t</a>"),  # decoded twice
    ('<a href="vbscript:msgbox(1)">t</a>', ["vbscript"], "<a>t</a>"),
    ('<a href="data:text/html,&lt;script&gt;x()&lt;/script&gt;">t</a>', ["data:"], "<a>t</a>"),
    ('<a href="data:image/png;base64,AAA=">t</a>', ["data:"], "<a>t</a>"),
    ('<img srcset="a.png 1x, javascript:x() 2x" src="a.png">', ["srcset"], '<img src="a.png">'),
    ('<form action="javascript:x()"><button formaction="javascript:y()">s</button></form>',
     ["javascript"], "<form><button>s</button></form>"),
    ('<p>v<iframe src="https://www.youtube.com/embed/x"></iframe>n</p>', ["iframe"],
     "<p>vn</p>"),
    ('<p>v<iframe srcdoc="&lt;script&gt;x()&lt;/script&gt;"></iframe>n</p>', ["iframe"],
     "<p>vn</p>"),
    ('<object data="javascript:x()"></object><embed src="x.swf"><p>n</p>', ["object", "embed"],
     "<p>n</p>"),
    ('<p>v<svg onload="x()"><circle r="1"/></svg>n</p>', ["svg", "onload"], "<p>vn</p>"),
    ('<svg><a xlink:href="javascript:x()"><text>t</text></a></svg><p>n</p>', ["svg", "xlink"],
     "<p>n</p>"),
    ("<math><mtext><style><img src=x onerror=x()></style></mtext></math><p>n</p>",
     ["math", "onerror"], "<p>n</p>"),
    ('<style>body { display: none }</style><p>n</p>', ["style", "display"], "<p>n</p>"),
    ('<base href="javascript:/"><meta http-equiv="refresh" content="0;url=javascript:x()">'
     '<link rel="stylesheet" href="/x.css"><p>n</p>', ["base", "meta", "link"], "<p>n</p>"),
    ('<noscript><p title="</noscript><img src=x onerror=x()>"></noscript><p>n</p>',
     ["noscript", "onerror"], "<p>n</p>"),
    ("<!-- --!><img src=x onerror=x()> --><p>n</p>", ["onerror", "<!--"], "<p>n</p>"),
    ('<p style="position:fixed;top:0">n</p>', ["style"], "<p>n</p>"),
    ('<details open ontoggle="x()"><summary>s</summary>d</details>', ["ontoggle"],
     "<details open><summary>s</summary>d</details>"),
    ('<img name="currentScript" src="a.png">', ["name="], '<img src="a.png">'),
    ('<figure data-consent="embed" data-embed-src="javascript:x()"><button data-consent-load>'
     "l</button></figure>", ["data-consent=", "data-embed-src"],
     "<figure><button data-consent-load>l</button></figure>"),
    ('<div class="dialog__thread" data-load-src="/images/x.js" data-load-global=\'{"x": 1}\'>'
     '</div><div data-consent="comments"></div>', ["data-load", "data-consent"],
     '<div class="dialog__thread"></div><div></div>'),
    ('<section id="isso-thread" data-dialog-provider="isso" data-dialog-endpoint="/images/">'
     "</section>", ["data-dialog"], '<section id="isso-thread"></section>'),
]


@pytest.fixture(scope="module")
def markdown_html():
    """Markdown as the magazine's settings render it."""
    settings = read_settings(str(ROOT / "pelicanconf.py"))["MARKDOWN"]
    configs = settings["extension_configs"]
    return markdown.Markdown(extensions=list(configs), extension_configs=configs,
                             output_format=settings["output_format"]).convert


def test_ordinary_markdown_passes_byte_for_byte(markdown_html):
    html = markdown_html(ORDINARY)
    # the sample really holds what an editor writes
    for part in ('<h2 id="abschnitt-mit-code">', '<th style="text-align: center;">',
                 'class="footnote"', "<abbr", "<dl>", "<pre><code", "&lt; b", "{static}/",
                 'href="{filename}', 'href="mailto:', 'href="tel:', 'src="data:image/png',
                 "<blockquote>", "<details>"):
        assert part in html, part
    assert not needs_repair(html)
    result = clean(html)
    assert result.html == html and not result.changed and result.removals == []


def test_embed_placeholders_pass_unchanged():
    strings = yaml.safe_load((ROOT / "theme/translations/de.yml").read_text(encoding="utf-8"))
    result = transform(EMBEDS, "x.md", "Titel", ("youtube", "vimeo", "mastodon"), strings)
    assert len(result.embeds) == 3
    assert result.html.count("data-consent-load") == 3 and "<img" in result.html
    assert not needs_repair(result.html)
    assert clean(result.html).html == result.html


@pytest.mark.parametrize(("raw", "gone", "kept"), REMOVED)
def test_unsafe_html_is_removed(raw, gone, kept):
    result = clean(raw)
    for part in gone:
        assert part not in result.html, part
    assert kept in result.html
    assert result.changed and result.removals
    assert not needs_repair(result.html)  # the repair's output passes the scan as it is


def test_unusually_written_safe_html_is_rewritten_without_removals():
    result = clean("<P CLASS='hinweis'>Text &amp; mehr<BR></P>")
    assert result.html == '<p class="hinweis">Text &amp; mehr<br></p>'
    assert result.removals == [] and result.changed


def test_allowed_schemes_are_a_setting():
    assert clean('<a href="ftp://files.example/">f</a>').html == "<a>f</a>"
    ftp = ("http", "https", "ftp")
    assert clean('<a href="ftp://files.example/">f</a>', ftp).html == (
        '<a href="ftp://files.example/">f</a>')


HOSTILE_BODY = """Vorher.

<script>window.__pwned=1</script>

[Klick](javascript:window.__pwned=5)

https://www.youtube.com/watch?v=aqz-KE-bpKQ

Nachher."""
HUB_INTRO = 'Hub-Text.\n\n<img src="x" onerror="window.__pwned=2">\n\n[Link](JaVaScRiPt:x)\n'


@pytest.fixture
def hostile_site(site):
    site.article("boese", body=HOSTILE_BODY)
    site.write("hubs/hub-boese.md", "Title: Böser Hub\nSummary: Ein Hub.\n"
               f"Topics: social-media-strategie\n\n{HUB_INTRO}")
    site.write("pages/seite.md", "Title: Seite\n\nText <script>window.__pwned=1</script> Ende.\n")
    return site


def body(site, relative: str):
    return site.page(relative).select_one(".article__body, .prose, .hub__intro")


def assert_clean(site) -> None:
    article = body(site, "artikel/boese/index.html")
    assert article.find("script") is None and article.find(href=True, string="Klick") is None
    assert article.find("a", string="Klick") is not None  # the link text stays
    assert len(article.select('figure.embed[data-consent="embed"] button[data-consent-load]')
               ) == 1
    hub = site.page("hub/hub-boese/index.html")
    intro = "".join(str(p) for p in hub.find_all(string="Hub-Text."))
    assert intro and hub.find(attrs={"onerror": True}) is None
    assert hub.find("a", string="Link") is not None and not hub.find("a", string="Link").get(
        "href")
    api = json.loads((site.output / "api/v1/hubs/hub-boese.json").read_text(encoding="utf-8"))
    assert "onerror" not in api["intro_html"] and "avascript" not in api["intro_html"]
    page = site.page("seite/index.html")
    assert page.select_one(".prose").find("script") is None
    assert "Text  Ende." in page.select_one(".prose").get_text()


def test_every_removal_is_a_warning_naming_the_file(hostile_site, caplog):
    with caplog.at_level(logging.WARNING):
        hostile_site.build(SEARCH_ENABLED=False)
    assert_clean(hostile_site)
    removals = [r.getMessage() for r in caplog.records if "removed unsafe HTML" in r.getMessage()]
    article = [m for m in removals if "articles/boese.md" in m]
    assert len(article) == 2
    assert any("<script> element" in m and "window.__pwned=1" in m for m in article)
    assert any('href="javascript:window.__pwned=5"' in m for m in article)
    hub = [m for m in removals if "hubs/hub-boese.md" in m]
    assert len(hub) == 2  # once, though the intro is cleaned as a Page and as intro_html
    assert [m for m in removals if "seite.md" in m]


def test_plugin_order_does_not_matter(hostile_site):
    """Sanitising after the embed rewrite and after the hubs plugin gives the same bodies."""
    hostile_site.build(SEARCH_ENABLED=False)
    first = body(hostile_site, "artikel/boese/index.html").select_one("figure.embed")
    plugins = [p for p in read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
               if p != "sanitize"]
    hostile_site.build(SEARCH_ENABLED=False, PLUGINS=[*plugins, "sanitize"])
    assert_clean(hostile_site)
    assert str(body(hostile_site, "artikel/boese/index.html").select_one("figure.embed")) == (
        str(first))


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_bodies_are_cleaned_on_cached_builds_too(hostile_site, layer):
    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
                "CONTENT_CACHING_LAYER": layer, "SEARCH_ENABLED": False}
    hostile_site.build(**settings)
    cache = hostile_site.output.parent / f".{hostile_site.output.name}-cache"
    assert any(cache.rglob("*")), "the cache was not written"
    hostile_site.build(**settings)  # now from the cache
    assert_clean(hostile_site)


def test_disabled_sanitizer_leaves_bodies_alone(site):
    site.article("roh", body="Text <script>window.__pwned=1</script>")
    site.build(SEARCH_ENABLED=False, SANITIZE_ENABLED=False)
    assert body(site, "artikel/roh/index.html").find("script") is not None
