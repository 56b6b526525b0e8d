"""A fixture magazine in which every text field an editor can fill carries attack payloads.

Used by tests/test_hostile_content.py. Each field's text starts with a plain word naming the
field ("Titel", "Bio", ...) so that a failure says where the payload came from; PAYLOAD
holds every attack at once, so every field is tested against all of them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml
from sitebuilder import SiteFixture

SCRIPT = "<script>window.__pwned=1</script>"
ATTRIBUTE = '"><img src=x onerror=window.__pwned=2>'
QUOTE = "'-alert(3)-'"
CLOSE = "</script><script>window.__pwned=4</script>"
JS_URL = "javascript:window.__pwned=5"
TEMPLATE = "tpl{{ 7*7 }}"  # "tpl" makes a rendered "tpl49" findable
ODD = "\U0001f680\x07"  # an emoji and BEL, a control character XML forbids
PAYLOAD = " ".join([SCRIPT, ATTRIBUTE, QUOTE, CLOSE, JS_URL, TEMPLATE, ODD])
# strings that may appear in console output or the page only when a payload ran
MARKERS = ("__pwned", "alert(3)", "tpl49")

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
# Injected by Playwright into every frame before the page's own scripts.
TRAPS = """
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__dialogs.push(name + "(" + args.join(",") + ")"); };
}
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});
"""


def text(field: str) -> str:
    """The hostile value of one field."""
    return f"{field} {PAYLOAD}"


def without_controls(value: str) -> str:
    return CONTROL.sub("", value)


TITLE = text("Titel")
TITLE_EN = text("Title")
HUB_TITLE = text("Hub")
EVIL_JS = "window.__pwned = 12;\n"  # a same-origin script an editor could drop into images/

# Markdown body: raw HTML and link targets that carry script. Every vector sets
# window.__pwned (or calls alert) when it runs; a click on every link and button follows.
BODY = f"""Ein harmloser erster Absatz mit *Betonung* und `Code`.

## Zwischentitel {PAYLOAD}

Text {PAYLOAD} im Fließtext.

{SCRIPT}

<p>Ein Absatz mit <img src="x" onerror="window.__pwned=2"> und
<svg onload="window.__pwned=7"><circle r="1"/></svg> darin.</p>

<svg><a xlink:href="javascript:window.__pwned=5"><text y="20">SVG-Link</text></a>
<script>window.__pwned=1</script><animate attributeName="href" values="javascript:alert(3)"/>
</svg>

<img src=x onerror=window.__pwned=2>

<details open ontoggle="window.__pwned=10"><summary>Mehr</summary>Inhalt</details>

<div markdown="1">Raw *HTML* mit
<span onmouseover="window.__pwned=2" style="color:red">Span</span></div>

<iframe src="javascript:window.__pwned=5"></iframe>
<iframe srcdoc="&lt;script&gt;parent.__pwned=1&lt;/script&gt;"></iframe>
<object data="javascript:window.__pwned=5"></object>
<embed src="data:text/html,&lt;script&gt;window.__pwned=1&lt;/script&gt;">
<noscript><p title="</noscript><img src=x onerror=window.__pwned=2>"></noscript>
<style>@import url("/theme/x.css"); body {{ display: none }}</style>
<base href="javascript:/">
<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=5">
<!-- --!><img src=x onerror=window.__pwned=2> -->
<script src="/images/articles/evil.js"></script>

<form action="javascript:window.__pwned=5">
<button formaction="javascript:window.__pwned=5">Senden</button></form>

- [kleingeschrieben]({JS_URL})
- [gemischt](JaVaScRiPt:window.__pwned=5)
- [data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)
- [Entität](&#106;avascript:window.__pwned=5)
- [Tabulator](java&#x09;script:window.__pwned=5)
- [vbscript](vbscript:msgbox(3))
- <a href=" &#x4A;AVASCRIPT&colon;window.__pwned=5">roh</a>
- <a href="data:text/html,<script>window.__pwned=1</script>">roh data</a>
- [Attribut-Liste](https://auenwerk.example/ok){{: onclick="window.__pwned=6" }}

Absatz mit Attribut-Liste.
{{: onmouseover="window.__pwned=6" style="position:fixed" }}

![Bild {PAYLOAD}]({{static}}/images/articles/test.svg "Titel {QUOTE}")

https://www.youtube.com/watch?v="><script>window.__pwned=1</script>

[Film {QUOTE}](https://www.youtube.com/watch?v=aqz-KE-bpKQ&t="onload=alert(3))

[<img src=x onerror=window.__pwned=2>](https://youtu.be/aqz-KE-bpKQ)

[Vimeo {PAYLOAD}](https://vimeo.com/76979871)

https://vimeo.com/76979871/{JS_URL}

https://www.youtube.com/shorts/aqz-KE-bpKQ%22%3E%3Cscript%3Ewindow.__pwned=1%3C/script%3E

<figure class="embed" data-consent="embed" data-consent-provider="youtube"
data-embed-src="javascript:window.__pwned=8" data-embed-title="x" data-embed-kind="video">
<div class="embed__stage"></div><figcaption><span class="consent" hidden>
<button type="button" data-consent-load>Gefälscht laden</button>
<input type="checkbox" data-consent-always></span></figcaption></figure>

<div><div class="dialog__thread" data-load-src="/images/articles/evil.js"
data-load-global='{{"__pwned": 11}}' data-load-attributes="{{}}"></div>
<div data-consent="comments" data-consent-provider="giscus"><span class="consent" hidden>
<button type="button" data-consent-load>Kommentare gefälscht</button>
<input type="checkbox" data-consent-always></span></div></div>

| Spalte | {PAYLOAD} |
|---|---|
| 1 | <b onclick="window.__pwned=2">fett</b> |

Schluss {TEMPLATE}.
"""

HUB_INTRO = f"""Einleitung {PAYLOAD}.

{SCRIPT}

<img src="x" onerror="window.__pwned=2">

[Link]({JS_URL}) und [noch einer](JaVaScRiPt:window.__pwned=5).
"""


KEEP = {"department": ("marketing", "vertrieb"),
        "topic": ("social-media", "social-media-strategie"), "industry": ("maschinenbau",),
        "audience": ("kunden",),
        "format": ("nachricht", "interview", "fallstudie")}


def edit_taxonomy(path: Path) -> None:
    """Keep the terms the fixture uses (few pages to visit) and put payloads into labels and
    descriptions."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    facets = data["facets"]
    for facet, slugs in KEEP.items():
        terms = facets[facet]["terms"]
        facets[facet]["terms"] = {slug: terms[slug] for slug in slugs}
    facets["department"]["label"] = {"de": text("Facette"), "en": text("Facet")}
    for facet, slug in (("department", "marketing"), ("topic", "social-media-strategie"),
                        ("format", "nachricht"), ("audience", "kunden")):
        term = facets[facet]["terms"][slug]
        term["de"], term["en"] = text(f"Label-{slug}"), text(f"Label-en-{slug}")
        term["description"] = {"de": text(f"Beschreibung-{slug}"),
                               "en": text(f"Description-{slug}")}
    data["stages"]["awareness"] = {"de": text("Stufe"), "en": text("Stage")}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


def build_corpus(root: Path) -> SiteFixture:
    """Write the hostile fixture magazine into ``root`` (not built yet)."""
    site = SiteFixture(root)
    edit_taxonomy(site.content / "taxonomy.yml")
    site.write("authors/eve.yml", yaml.safe_dump({
        "name": text("Eve"), "department": "marketing",
        "role": {"de": text("Rolle"), "en": text("Role")},
        "bio": {"de": text("Bio"), "en": text("Bio-en")},
        "contact": {"email": "eve@example.org", "website": f"https://eve.example/?q={ATTRIBUTE}"},
    }, allow_unicode=True))
    site.write("images/articles/evil.js", EVIL_JS)
    common = {"authors": "eve", "audiences": "kunden", "image_alt": text("Alt"),
              "image_caption": text("Bildunterschrift")}
    site.article("boese", body=BODY, title=TITLE, summary=text("Zusammenfassung"), **common)
    site.article("boese", body=BODY, title=TITLE_EN, summary=text("Summary"), lang="en",
                 folder="articles/en", **common)
    site.article("harmlos", title="Ein harmloser Artikel", authors="anna-test")
    site.write("hubs/boeser-hub.md", "\n".join([
        f"Title: {HUB_TITLE}",
        "Slug: boeser-hub",
        f"Summary: {text('Hub-Zusammenfassung')}",
        "Topics: social-media-strategie",
        "Experts: eve",
        f"Cta: {text('CTA')} | https://auenwerk.example/kontakt?q={QUOTE.strip(chr(39))} | contact",
        "Image: images/articles/test.svg",
        f"Image_alt: {text('Hub-Alt')}",
        "",
        HUB_INTRO,
    ]))
    return site


# --- Payload classes that passed the old blocklist (issue 12), one article each --------------
# Every payload either calls alert(12xx), asks an *.attacker.example host for something, or
# takes something the theme owns (an id, a Pagefind attribute, a script's global).
ATTACKER = "attacker.example"
PLACEHOLDERS = """Links, deren Platzhalter Pelican erst nach dem Lesen auflöst.

[Index]({index}javascript:x?%0aalert(1201))

[Datei]({filename}javascript:/articles/harmlos.md?%0aalert(1202))

[Statisch]({static}javascript:/images/articles/test.svg?%0aalert(1203))

[Schlagwort]({tag}javascript:x?%0aalert(1204))

[Kategorie]({category}javascript:x?%0aalert(1205))

[Autor]({author}javascript:x?%0aalert(1206))

[Pipe](|index|javascript:x?%0aalert(1207))

[Referenz][ref]

<p><a href="{index}javascript:x?%0aalert(1209)">Roh</a></p>

<form action="{index}javascript:x?%0aalert(1210)">
<button>Formular</button></form>

<form><button formaction="{index}javascript:x?%0aalert(1211)">Knopf</button></form>

[ref]: {index}javascript:x?%0aalert(1208)
"""
FORGED_EMBEDS = f"""Ein gefälschter Platzhalter und ein Mastodon-Beitrag auf einem fremden Server.

<figure class="embed embed--video embed--youtube" data-consent="embed"
data-consent-provider="youtube" data-consent-name="YouTube"
data-embed-src="https://frame.{ATTACKER}/x" data-embed-title="x" data-embed-kind="video">
<div class="embed__stage"></div><figcaption><span class="consent" hidden>
<button type="button" class="consent__load" data-consent-load>Laden</button>
<label><input type="checkbox" data-consent-always> immer</label></span></figcaption></figure>

https://toot.{ATTACKER}/@evil/111222333444

https://www.youtube.com/watch?v=aqz-KE-bpKQ
"""
CLOBBERING = f"""Namen, die die Globale des Seitenskripts überdecken.

<image name="currentScript" data-comments-endpoint="https://count.{ATTACKER}/">

<image name="querySelectorAll">

<form name="body"><input name="attributes"></form>

<a class="share__link share__link--copy" data-copy-url="https://copy.{ATTACKER}/"
href="#kopie">Link kopieren</a>
"""
COLLISIONS = """Kennungen und Suchattribute des Themes.

## Isso thread

<div id="isso-thread">Gefälschter Kommentarbereich</div>

## Toc title

<p data-pagefind-meta="title:Gefälschter Titel" data-pagefind-body>Text</p>

<p data-pagefind-filter="abteilung:Gefälschte Abteilung">Mehr Text</p>
"""
PAYLOAD_ARTICLES = {"platzhalter": PLACEHOLDERS, "einbettung": FORGED_EMBEDS,
                    "klobbern": CLOBBERING, "kennungen": COLLISIONS}
# Must appear in no output file (pages, feeds, API, JSON Feed, Pagefind's index).
PAYLOAD_MARKERS = ("alert(12", f"frame.{ATTACKER}", f"count.{ATTACKER}", f"copy.{ATTACKER}",
                   "currentScript", "querySelectorAll", "Gefälschter Titel",
                   "Gefälschte Abteilung")


def build_payload_corpus(root: Path) -> SiteFixture:
    """A small magazine with one article per payload class (not built yet)."""
    site = SiteFixture(root)
    site.article("harmlos", title="Ein harmloser Artikel")
    for slug, body in PAYLOAD_ARTICLES.items():
        site.article(slug, body=body, title=f"Artikel {slug}")
    return site


def feed_contents(path: Path) -> list[str]:
    """The HTML bodies a feed carries (Atom content, RSS content:encoded)."""
    root = ET.parse(path).getroot()
    nodes = [*root.iter(f"{ATOM}content"), *root.iter(CONTENT_ENCODED)]
    return [node.text or "" for node in nodes]


def json_html(value) -> list[str]:
    """Every HTML field in a JSON document (API html / intro_html, JSON Feed content_html)."""
    if isinstance(value, dict):
        return [item for key, v in value.items() for item in (
            [v] if key in ("html", "intro_html", "content_html") and isinstance(v, str)
            else json_html(v))]
    if isinstance(value, list):
        return [item for v in value for item in json_html(v)]
    return []
