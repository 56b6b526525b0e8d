"""Feeds: every feed of real builds parses, validates, keeps its ids and links absolutely."""

from __future__ import annotations

import html
import json
import logging
import re
import uuid
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT
from linkcheck import broken_links
from lxml import etree
from PIL import Image, UnidentifiedImageError
from sitebuilder import build

LOCAL = "http://127.0.0.1:8000"
PUBLISHED = "https://magazin.auenwerk.example"
FEED_TYPES = {"application/atom+xml", "application/rss+xml", "application/feed+json"}
SCHEMA = json.loads((ROOT / "tests/schemas/jsonfeed-1.1.schema.json").read_text())
MAGAZINE = {("application/atom+xml", "feeds/all.atom.xml"),
            ("application/rss+xml", "feeds/all.rss.xml"),
            ("application/feed+json", "feeds/all.json")}


def feed_files(out: Path, pattern: str = "*") -> list[Path]:
    return sorted(p for p in (out / "feeds").rglob(pattern) if p.suffix in (".xml", ".json"))


def parsed(out: Path, relative: str) -> feedparser.FeedParserDict:
    result = feedparser.parse((out / relative).read_bytes())
    assert result.bozo == 0, (relative, result.get("bozo_exception"))
    return result


def json_feed(out: Path, relative: str) -> dict:
    return json.loads((out / relative).read_text(encoding="utf-8"))


def json_validator() -> jsonschema.Draft202012Validator:
    """The schema with real checks for the two formats it uses (jsonschema skips them alone)."""
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)
    def date_time(value: object) -> bool:
        return not isinstance(value, str) or (
            "T" in value and datetime.fromisoformat(value).tzinfo is not None)

    @checker.checks("uri")
    def uri(value: object) -> bool:
        parts = urlsplit(value) if isinstance(value, str) else None
        return parts is None or (parts.scheme in ("http", "https") and bool(parts.netloc))

    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA, format_checker=checker)


def relative_urls(fragment: str) -> list[str]:
    """Every href, src and srcset candidate in an HTML fragment that is not absolute."""
    found = []
    for element in BeautifulSoup(fragment or "", "html.parser").find_all(True):
        for attr in ("href", "src", "srcset"):
            value = element.get(attr)
            if not value:
                continue
            urls = [c.strip().split(" ")[0] for c in value.split(",")] if (
                attr == "srcset") else [value]
            for url in urls:
                parts = urlsplit(url)
                if parts.scheme in ("mailto", "tel"):
                    continue
                if parts.scheme not in ("http", "https") or not parts.netloc:
                    found.append(url)
    return found


ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def item_html(out: Path, path: Path) -> list[str]:
    """Content and summary of every item as written (feedparser would drop srcset)."""
    if path.suffix == ".json":
        items = json_feed(out, str(path.relative_to(out)))["items"]
        return [i.get(k, "") for i in items for k in ("content_html", "summary")]
    root = etree.fromstring(path.read_bytes())
    names = (f"{ATOM}entry/{ATOM}content", f"{ATOM}entry/{ATOM}summary",
             "channel/item/description", f"channel/item/{CONTENT}")
    return [element.text or "" for name in names for element in root.iterfind(name)]


def stamp(entry: feedparser.FeedParserDict, key: str) -> datetime:
    return datetime.fromisoformat(entry[key]) if "T" in entry[key] else datetime(
        *entry[key + "_parsed"][:6])


# --- the demo magazine ---------------------------------------------------------------

def test_every_demo_feed_parses_and_has_the_required_elements(demo_publish):
    out = demo_publish
    paths = feed_files(out, "*.xml")
    world = yaml.safe_load((ROOT / "content/taxonomy.yml").read_text())["facets"]
    authors = list((ROOT / "content/authors").glob("*.yml"))
    expected = 1 + 2 + len(world["department"]["terms"]) + len(world["topic"]["terms"]) + len(
        authors)
    assert len(paths) >= 2 * expected
    assert (out / "feeds/abteilung/marketing.atom.xml").is_file()
    assert (out / "feeds/thema/social-media.rss.xml").is_file()
    for path in paths:
        relative = str(path.relative_to(out))
        raw = path.read_bytes()
        etree.fromstring(raw)  # well-formed, or lxml raises
        assert raw.splitlines()[1].startswith(b'<?xml-stylesheet type="text/xsl" href="')
        feed = parsed(out, relative)
        assert len(feed.entries) <= 20
        published = [datetime(*e.published_parsed[:6]) for e in feed.entries]
        assert published == sorted(published, reverse=True), relative
        if relative.endswith(".atom.xml"):
            assert feed.version == "atom10"
            assert feed.feed.id.startswith("urn:uuid:") and feed.feed.title and feed.feed.updated
            assert {link.href for link in feed.feed.links if link.rel == "self"} == {
                f"{PUBLISHED}/{relative}"}
            assert feed.feed.get("author") or all(e.get("authors") for e in feed.entries)
            for entry in feed.entries:
                assert entry.id.startswith("urn:uuid:") and entry.title and entry.updated
                assert entry.link.startswith(PUBLISHED + "/")
            if feed.entries:
                newest = max(stamp(e, "updated") for e in feed.entries)
                assert stamp(feed.feed, "updated") == newest, relative
        else:
            assert feed.version == "rss20"
            channel = feed.feed
            assert channel.title and channel.link.startswith(PUBLISHED) and channel.description
            for entry in feed.entries:
                assert entry.id.startswith("urn:uuid:") and entry.guidislink is False
                assert entry.title and entry.link.startswith(PUBLISHED) and entry.published
    whole = parsed(out, "feeds/all.atom.xml")
    assert len(whole.entries) == 20
    assert len({e.id for e in whole.entries}) == 20


def test_demo_json_feeds_validate_against_the_json_feed_schema(demo_publish):
    validator = json_validator()
    paths = feed_files(demo_publish, "*.json")
    assert demo_publish / "feeds/all.json" in paths
    for path in paths:
        document = json.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(document)]
        assert errors == [], (path, errors)
        assert document["feed_url"] == f"{PUBLISHED}/{path.relative_to(demo_publish)}"
    whole = json_feed(demo_publish, "feeds/all.json")
    assert len(whole["items"]) == 20
    # the schema can fail: a broken copy of a real feed is refused
    broken = dict(whole, items=[{"id": "x", "title": "no content"}], extra=1)
    assert len(list(validator.iter_errors(broken))) >= 2
    assert not validator.is_valid(dict(whole, home_page_url="/relative/"))


def test_no_relative_url_remains_in_any_demo_feed(demo_publish):
    for path in feed_files(demo_publish):
        for fragment in item_html(demo_publish, path):
            assert relative_urls(fragment) == [], path



# --- what the W3C feed validator warns about (it is not installable from a registry) ------

RFC822 = re.compile(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep"
                    r"|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT)")
RSS_IMAGE_FORMATS = {"PNG", "JPEG", "GIF"}


def feed_problems(out: Path, relative: str, base: str) -> list[str]:
    """The feed validator's warnings we can check without it, for one RSS or Atom file of a
    build whose address is ``base``: well-formed and parsed without bozo; a self link equal to
    the feed's address; absolute links; RFC 822 dates in RSS; the RSS <image> a PNG, JPEG or
    GIF file of the build, at most 144 × 400 pixels, with the channel's title and link."""
    problems: list[str] = []
    address = f"{base}/{relative}"
    raw = (out / relative).read_bytes()
    result = feedparser.parse(raw)
    if result.bozo:
        problems.append(f"not well-formed: {result.get('bozo_exception')}")
        return problems
    root = etree.fromstring(raw)

    def absolute(url: str | None, what: str) -> None:
        parts = urlsplit(url or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(f"{what} is not an absolute http(s) URL: {url!r}")

    if root.tag == f"{ATOM}feed":
        selves = [link.get("href") for link in root.iterfind(f"{ATOM}link[@rel='self']")]
        if selves != [address]:
            problems.append(f"atom:link rel=self is {selves}, expected [{address!r}]")
        for link in root.iter(f"{ATOM}link"):
            absolute(link.get("href"), f"<link rel={link.get('rel')}>")
        return problems
    channel = root.find("channel")
    selves = [link.get("href") for link in channel.iterfind(f"{ATOM}link[@rel='self']")]
    if selves != [address]:
        problems.append(f"atom:link rel=self is {selves}, expected [{address!r}]")
    absolute(channel.findtext("link"), "channel <link>")
    for name in ("pubDate", "lastBuildDate"):
        for element in [*channel.iterfind(name), *channel.iterfind(f"item/{name}")]:
            if not RFC822.fullmatch((element.text or "").strip()):
                problems.append(f"<{name}> is not an RFC 822 date: {element.text!r}")
    for item in channel.iterfind("item"):
        absolute(item.findtext("link"), "item <link>")
        if item.find("guid") is None:
            problems.append(f"item without <guid>: {item.findtext('title')!r}")
        for enclosure in item.iterfind("enclosure"):
            absolute(enclosure.get("url"), "<enclosure url>")
    images = channel.findall("image")
    if len(images) != 1:
        return [*problems, f"{len(images)} <image> elements, expected one"]
    image = images[0]
    url = image.findtext("url") or ""
    absolute(url, "<image><url>")
    if image.findtext("title") != channel.findtext("title"):
        problems.append("<image><title> differs from the channel's title")
    if image.findtext("link") != channel.findtext("link"):
        problems.append("<image><link> differs from the channel's link")
    for name, most in (("width", 144), ("height", 400)):
        declared = image.findtext(name)
        if declared is not None and not (declared.isdigit() and int(declared) <= most):
            problems.append(f"<image><{name}> must be a number up to {most}: {declared!r}")
    if not url.startswith(base + "/"):
        return [*problems, f"<image> is not a file of this build: {url!r}"]
    file = out / url[len(base) + 1:]
    if not file.is_file():
        return [*problems, f"<image> file is missing: {url}"]
    try:
        with Image.open(file) as picture:
            kind, (width, height) = picture.format, picture.size
    except UnidentifiedImageError:
        kind, width, height = "not an image", 0, 0
    if kind not in RSS_IMAGE_FORMATS:
        problems.append(f"<image> must be PNG, JPEG or GIF, found {kind}: {url}")
    if width > 144 or height > 400:
        problems.append(f"<image> is {width}×{height}, at most 144×400 allowed: {url}")
    return problems


def test_every_demo_feed_passes_the_feed_validators_checks(demo_publish):
    paths = feed_files(demo_publish, "*.xml")
    assert sum(path.name.endswith(".rss.xml") for path in paths) > 10
    for path in paths:
        relative = str(path.relative_to(demo_publish))
        assert feed_problems(demo_publish, relative, PUBLISHED) == [], relative


def test_the_feed_check_finds_what_the_validator_would_warn_about(tmp_path):
    """The check above can fail: a copy of a real RSS feed with each mistake is refused."""
    (tmp_path / "feeds").mkdir()
    (tmp_path / "logo.svg").write_text(SVG_LOGO, encoding="utf-8")
    Image.new("RGB", (200, 100)).save(tmp_path / "wide.png")
    good = RSS_SAMPLE.format(self="https://x.example/feeds/a.rss.xml", image="logo.png",
                             date="Tue, 03 Nov 2026 10:30:00 +0100", link="https://x.example/a/")
    Image.new("RGB", (144, 144)).save(tmp_path / "logo.png")
    (tmp_path / "feeds/a.rss.xml").write_text(good, encoding="utf-8")
    assert feed_problems(tmp_path, "feeds/a.rss.xml", "https://x.example") == []
    bad = RSS_SAMPLE.format(self="https://x.example/feeds/other.rss.xml", image="logo.svg",
                            date="2026-11-03T10:30:00+01:00", link="/a/")
    (tmp_path / "feeds/a.rss.xml").write_text(bad, encoding="utf-8")
    found = "\n".join(feed_problems(tmp_path, "feeds/a.rss.xml", "https://x.example"))
    for expected in ("atom:link rel=self is", "<pubDate> is not an RFC 822 date",
                     "item <link> is not an absolute",
                     "<image> must be PNG, JPEG or GIF, found not an image"):
        assert expected in found, found
    too_wide = good.replace("logo.png", "wide.png")
    (tmp_path / "feeds/a.rss.xml").write_text(too_wide, encoding="utf-8")
    assert feed_problems(tmp_path, "feeds/a.rss.xml", "https://x.example") == [
        "<image> is 200×100, at most 144×400 allowed: https://x.example/wide.png"]
    (tmp_path / "feeds/a.rss.xml").write_text(good.replace("<guid", "<x").replace(
        "</guid>", "</x>").replace("logo.png", "gone.png"), encoding="utf-8")
    assert feed_problems(tmp_path, "feeds/a.rss.xml", "https://x.example") == [
        "item without <guid>: 'Eins'", "<image> file is missing: https://x.example/gone.png"]


SVG_LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
RSS_SAMPLE = """<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0"><channel>
<title>Magazin</title><link>https://x.example/</link><description>Alles</description>
<atom:link href="{self}" rel="self" type="application/rss+xml"/>
<image><url>https://x.example/{image}</url><title>Magazin</title><link>https://x.example/</link>
</image><pubDate>Tue, 03 Nov 2026 10:30:00 +0100</pubDate>
<item><title>Eins</title><link>{link}</link><description>Text</description>
<guid isPermaLink="false">urn:uuid:1</guid><pubDate>{date}</pubDate></item>
</channel></rss>
"""

# --- small fixture sites ---------------------------------------------------------------

LINK_BODY = """Siehe [die andere Seite]({filename}andere.md) und [das Archiv](../../archiv/).

![Ein Bild]({static}/images/articles/test.svg)

<img src="../../images/articles/test.svg" alt="x"
 srcset="../../images/articles/test.svg 1x, test.svg 2x">

## Abschnitt

Zurück nach [oben](#abschnitt), Post an [uns](mailto:redaktion@example.org).
"""


def test_content_urls_become_absolute_with_public_url(site):
    site.article("andere")
    site.article("links", body=LINK_BODY)
    out = site.build()
    for path in feed_files(out):
        for fragment in item_html(out, path):
            assert relative_urls(fragment) == [], path
    fragments = item_html(out, out / "feeds/all.atom.xml")
    assert len(fragments) == 4 and all(fragments)
    item = next(i for i in json_feed(out, "feeds/all.json")["items"]
                if i["url"] == f"{LOCAL}/artikel/links/")
    doc = BeautifulSoup(item["content_html"], "html.parser")
    hrefs = [a["href"] for a in doc.find_all("a")]
    assert f"{LOCAL}/artikel/andere/" in hrefs
    assert f"{LOCAL}/archiv/" in hrefs
    assert f"{LOCAL}/artikel/links/#user-content-abschnitt" in hrefs  # content ids: prefixed
    assert "mailto:redaktion@example.org" in hrefs
    images = doc.find_all("img")
    assert {img["src"] for img in images} == {f"{LOCAL}/images/articles/test.svg"}
    assert images[-1]["srcset"] == (f"{LOCAL}/images/articles/test.svg 1x, "
                                    f"{LOCAL}/artikel/links/test.svg 2x")


def test_item_id_survives_new_title_slug_and_date(site, tmp_path):
    source = site.article("stabil", title="Alter Titel", date="2026-01-05 10:00")
    site.article("mit-uid", uid="0b0c6a55-3f7e-4a5e-9a43-2a4c1f1e0d11")
    first = site.build()

    def ids(out: Path) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for entry in parsed(out, "feeds/all.atom.xml").entries:
            found.setdefault(entry.title, set()).add(entry.id)
        for entry in parsed(out, "feeds/all.rss.xml").entries:
            found[entry.title].add(entry.id)
        for item in json_feed(out, "feeds/all.json")["items"]:
            found[item["title"]].add(item["id"])
        return found

    before = ids(first)
    assert len(before["Alter Titel"]) == 1
    expected = uuid.uuid5(uuid.NAMESPACE_URL, "corporate-magazine:articles/stabil")
    assert before["Alter Titel"] == {f"urn:uuid:{expected}"}
    assert before["Artikel mit-uid"] == {"urn:uuid:0b0c6a55-3f7e-4a5e-9a43-2a4c1f1e0d11"}

    text = source.read_text(encoding="utf-8")
    for old, new in (("Title: Alter Titel", "Title: Neuer Titel"),
                     ("Slug: stabil", "Slug: umbenannt"),
                     ("Date: 2026-01-05 10:00", "Date: 2026-03-09 16:30")):
        assert old in text
        text = text.replace(old, new)
    source.write_text(text, encoding="utf-8")
    second = build(site.content, tmp_path / "second")
    after = ids(second)
    assert "Alter Titel" not in after
    assert after["Neuer Titel"] == before["Alter Titel"]
    entry = next(e for e in parsed(second, "feeds/all.atom.xml").entries
                 if e.title == "Neuer Titel")
    assert entry.link == f"{LOCAL}/artikel/umbenannt/"
    assert entry.published.startswith("2026-03-09T16:30:00")


def test_same_slug_for_department_topic_and_author_writes_each_feed_once(site, caplog):
    taxonomy = yaml.safe_load((site.content / "taxonomy.yml").read_text())
    taxonomy["facets"]["department"]["terms"]["video"] = {
        "de": "Videoteam", "en": "Video team",
        "description": {"de": "Das Videoteam.", "en": "The video team."}}
    site.write("taxonomy.yml", yaml.safe_dump(taxonomy, allow_unicode=True))
    site.write("authors/video.yml", "name: Video Redaktion\nrole: {de: Team, en: Team}\n"
               "department: video\nbio: {de: Filmt., en: Films.}\n")
    site.article("film-ab", department="video", topics="video", authors="video")
    site.article("nur-thema", topics="video")
    site.article("nur-abteilung", department="video", topics="social-media-strategie")
    caplog.set_level(logging.INFO, logger="feeds.generator")
    out = site.build(PRESS_WORKERS=1)  # one process, so that every write is logged here

    def titles(relative: str) -> set[str]:
        return {e.title for e in parsed(out, relative).entries}

    assert titles("feeds/abteilung/video.atom.xml") == {"Artikel film-ab", "Artikel nur-abteilung"}
    assert titles("feeds/thema/video.rss.xml") == {"Artikel film-ab", "Artikel nur-thema"}
    assert titles("feeds/autor/video.atom.xml") == {"Artikel film-ab"}
    for page in ("abteilung/video", "thema/video", "autor/video"):
        assert (out / page / "index.html").is_file()
    writes = Counter(r.args[0] for r in caplog.records if r.getMessage().startswith(
        "Writing feed"))
    assert writes and max(writes.values()) == 1
    on_disk = {str(p.relative_to(out)) for p in feed_files(out)}
    assert set(writes) == on_disk


def test_two_feeds_on_one_path_stop_the_build_with_a_content_error(site):
    taxonomy = yaml.safe_load((site.content / "taxonomy.yml").read_text())
    department = taxonomy["facets"]["department"]
    department["path"] = "sprache"
    department["terms"]["de"] = {"de": "Deutschland", "en": "Germany",
                                 "description": {"de": "Inland.", "en": "Domestic."}}
    site.write("taxonomy.yml", yaml.safe_dump(taxonomy, allow_unicode=True))
    site.article("eins")
    with pytest.raises(SystemExit) as stopped:
        site.build()
    text = stopped.value.text
    assert "feeds/sprache/de.atom.xml" in text and "feeds/sprache/de.rss.xml" in text
    assert "language:de" in text and "term:department:de" in text
    assert not (site.output / "feeds").exists()


HOSTILE = 'Preise & Angebote <script>alert("x")</script> \'Zitat\' „Gänse“ 🚀 Glocke\x07Ende'
HOSTILE_SUMMARY = 'Teaser <b>fett</b> & "mehr" < weniger 🚀\x07'
HOSTILE_NAME = 'Eve & <Co> "Team" 🚀'


def test_hostile_titles_give_well_formed_feeds_and_round_trip(site):
    site.write("authors/eve.yml", f"name: '{HOSTILE_NAME}'\nrole: {{de: Rolle}}\n"
               "bio: {de: Bio}\n")
    site.article("boese", title=HOSTILE, summary=HOSTILE_SUMMARY, authors="eve",
                 body="A & B < C > D, \"Zitat\" und 🚀.\n\nGlocke:\x07 Ende.")
    out = site.build(CONTENT_RULES_AS_WARNINGS=["summary-format"])  # markup: escaping tested
    title = HOSTILE.replace("\x07", "")
    summary = HOSTILE_SUMMARY.replace("\x07", "")
    for relative in ("feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/autor/eve.atom.xml",
                     "feeds/thema/social-media-strategie.rss.xml"):
        raw = (out / relative).read_bytes()
        etree.fromstring(raw)
        assert b"\x07" not in raw and b"<script>" not in raw and b"<b>" not in raw
        entry = parsed(out, relative).entries[0]
        assert entry.title == title, relative
        got = entry.summary
        if entry.summary_detail.type == "text/html":  # RSS: HTML-escaped text
            got = html.unescape(got)
        assert got == summary, relative
        assert HOSTILE_NAME in {a.get("name") for a in entry.get("authors", [])} | {
            entry.get("author")}
        content = entry.content[0].value
        assert "A &amp; B &lt; C &gt; D" in content and "🚀" in content
    document = json_feed(out, "feeds/all.json")
    assert json_validator().is_valid(document)
    item = document["items"][0]
    assert item["title"] == title and item["summary"] == summary
    assert item["authors"][0]["name"] == HOSTILE_NAME
    assert "\x07" not in item["content_html"]


def test_drafts_and_future_articles_never_appear(site, tmp_path):
    site.article("heute", date="2026-01-02 10:00")
    site.article("entwurf", status="draft")
    site.article("zukunft", date="2099-01-01 10:00")
    out = site.build()
    for path in feed_files(out):
        text = path.read_text(encoding="utf-8")
        assert "entwurf" not in text and "zukunft" not in text, path
    assert {e.title for e in parsed(out, "feeds/all.atom.xml").entries} == {"Artikel heute"}
    # WITH_FUTURE_DATES publishes the future article, and then everywhere (plugins/publication)
    allowed = build(site.content, tmp_path / "mit-zukunft", WITH_FUTURE_DATES=True)
    assert (allowed / "artikel/zukunft/index.html").is_file()
    assert {e.title for e in parsed(allowed, "feeds/all.atom.xml").entries} == {
        "Artikel heute", "Artikel zukunft"}
    for path in feed_files(allowed):
        assert "entwurf" not in path.read_text(encoding="utf-8"), path


def test_limit_order_and_updated_per_feed(site):
    for day in range(1, 6):
        site.article(f"tag-{day}", date=f"2026-02-0{day} 09:00")
    site.article("alt-aber-frisch", date="2025-12-01 09:00", modified="2026-02-20 12:00")
    out = site.build(FEEDS_MAX_ITEMS=3)
    feed = parsed(out, "feeds/all.atom.xml")
    assert [e.title for e in feed.entries] == ["Artikel tag-5", "Artikel tag-4", "Artikel tag-3"]
    assert feed.feed.updated == "2026-02-05T09:00:00+01:00"
    full = parsed(build(site.content, out.parent / "alle", FEEDS_MAX_ITEMS=10),
                  "feeds/all.atom.xml")
    assert len(full.entries) == 6
    assert full.feed.updated == "2026-02-20T12:00:00+01:00"  # the newest change, not date
    empty = parsed(out, "feeds/thema/video.atom.xml")
    assert empty.entries == [] and empty.feed.updated == feed.feed.updated
    rss = parsed(out, "feeds/abteilung/marketing.rss.xml")
    assert [e.title for e in rss.entries] == ["Artikel tag-5", "Artikel tag-4", "Artikel tag-3"]


def test_items_carry_people_terms_dates_image_and_language(site):
    site.article("voll", authors="anna-test, bert-test", industries="energie",
                 audiences="partner", date="2026-01-10 09:00", modified="2026-07-01 08:15")
    site.article("voll", folder="articles/en", lang="en", title="Full English",
                 authors="anna-test", date="2026-01-11 09:00")
    out = site.build()
    image = out / "images/articles/test.svg"

    atom = next(e for e in parsed(out, "feeds/all.atom.xml").entries if e.title == "Artikel voll")
    assert atom.published == "2026-01-10T09:00:00+01:00"
    assert atom.updated == "2026-07-01T08:15:00+02:00"
    assert [(a.name, a.href) for a in atom.authors] == [
        ("Anna Test", f"{LOCAL}/autor/anna-test/"), ("Bert Test", f"{LOCAL}/autor/bert-test/")]
    assert {(t.term, t.scheme, t.label) for t in atom.tags} == {
        ("marketing", f"{LOCAL}/abteilung/", "Marketing"),
        ("social-media-strategie", f"{LOCAL}/thema/", "Social-Media-Strategie"),
        ("energie", f"{LOCAL}/branche/", "Energie"),
        ("partner", f"{LOCAL}/zielgruppe/", "Partner"),
        ("nachricht", f"{LOCAL}/format/", "Nachricht")}
    assert [(x.href, x.type, x.length) for x in atom.enclosures] == [
        (f"{LOCAL}/images/articles/test.svg", "image/svg+xml", str(image.stat().st_size))]
    assert [link.rel for link in atom.links] == ["alternate", "enclosure"]
    assert atom.title_detail.language == "de"

    rss = next(e for e in parsed(out, "feeds/all.rss.xml").entries if e.title == "Artikel voll")
    assert rss.enclosures[0].type == "image/svg+xml"
    assert rss.enclosures[0].length == str(image.stat().st_size)
    assert [a.name for a in rss.authors] == ["Anna Test", "Bert Test"]
    assert ("Marketing", f"{LOCAL}/abteilung/") in {(t.term, t.scheme) for t in rss.tags}
    assert rss.language == "de"

    item = next(i for i in json_feed(out, "feeds/all.json")["items"]
                if i["title"] == "Artikel voll")
    assert item["image"] == f"{LOCAL}/images/articles/test.svg"
    assert item["date_modified"] == "2026-07-01T08:15:00+02:00"
    assert [a["url"] for a in item["authors"]] == [f"{LOCAL}/autor/anna-test/",
                                                   f"{LOCAL}/autor/bert-test/"]
    assert "Marketing" in item["tags"] and item["language"] == "de"

    # one item per story in the magazine feed; the translation goes to its language's feed
    assert "Full English" not in {e.title for e in parsed(out, "feeds/all.atom.xml").entries}
    english = parsed(out, "feeds/sprache/en.atom.xml")
    assert [e.title for e in english.entries] == ["Full English"]
    assert english.entries[0].link == f"{LOCAL}/en/artikel/voll/"
    assert english.entries[0].title_detail.language == "en"
    assert "Artikel voll" in {e.title for e in parsed(out, "feeds/sprache/de.atom.xml").entries}


def alternates(out: Path, relative: str) -> set[tuple[str, str]]:
    """(type, output path) of every feed link in the page's head; each must be a file."""
    base = f"https://site.invalid/{relative}"
    found = set()
    for link in BeautifulSoup((out / relative).read_text(), "html.parser").head.find_all(
            "link", rel="alternate"):
        if link.get("type") not in FEED_TYPES:
            continue
        target = urljoin(base, link["href"])
        assert target.startswith("https://site.invalid/"), target
        path = target[len("https://site.invalid/"):]
        assert (out / path).is_file(), (relative, link["href"])
        assert link.get("title")
        found.add((link["type"], path))
    return found


def test_pages_announce_the_feeds_that_fit_them(site):
    site.article("bericht", department="vertrieb", topics="video", authors="bert-test")
    site.article("bericht", folder="articles/en", lang="en", department="vertrieb",
                 topics="video", authors="bert-test")
    out = site.build()
    atom_rss = "application/atom+xml", "application/rss+xml"

    def pair(key: str) -> set[tuple[str, str]]:
        return {(atom_rss[0], f"feeds/{key}.atom.xml"), (atom_rss[1], f"feeds/{key}.rss.xml")}

    assert alternates(out, "index.html") == MAGAZINE
    assert alternates(out, "archiv/index.html") == MAGAZINE
    assert alternates(out, "artikel/bericht/index.html") == MAGAZINE | pair("abteilung/vertrieb")
    assert alternates(out, "en/artikel/bericht/index.html") == (
        MAGAZINE | pair("abteilung/vertrieb") | pair("sprache/en"))
    assert alternates(out, "thema/video/index.html") == MAGAZINE | pair("thema/video")
    assert alternates(out, "abteilung/marketing/index.html") == MAGAZINE | pair(
        "abteilung/marketing")
    assert alternates(out, "branche/energie/index.html") == MAGAZINE  # no industry feeds
    assert alternates(out, "autor/bert-test/index.html") == MAGAZINE | pair("autor/bert-test")
    # translations keep their own hreflang alternates next to the feeds
    article = site.page("artikel/bericht/index.html")
    assert article.find("link", rel="alternate", hreflang="en") is not None


def test_feeds_page_lists_every_feed_and_the_footer_links_it(site):
    site.article("eins")
    out = site.build()
    page = site.page("feeds/index.html")
    shown = {code.get_text() for code in page.select("code")}
    written = {f"{LOCAL}/{p.relative_to(out)}" for p in feed_files(out)}
    assert written and shown == written
    assert page.h1.get_text(strip=True) == "Feeds"
    footer = site.page("index.html").select_one(".site-footer")
    assert footer.find("a", href="./feeds/") is not None
    assert broken_links(out) == []
    xsl = out / "theme/feeds/feed.xsl"
    transform = etree.XSLT(etree.parse(str(xsl)))
    for relative in ("feeds/all.atom.xml", "feeds/thema/social-media-strategie.rss.xml"):
        shown_page = BeautifulSoup(str(transform(etree.parse(str(out / relative)))),
                                   "html.parser")
        assert shown_page.find("script") is None
        assert shown_page.h1.get_text() == parsed(out, relative).feed.title
        stylesheet = urljoin(f"https://site.invalid/{relative}",
                             shown_page.find("link", rel="stylesheet")["href"])
        assert (out / stylesheet[len("https://site.invalid/"):]).is_file()
        assert [a.get_text() for a in shown_page.select(".feed-item h2 a")] == ["Artikel eins"]


def test_hub_feeds_in_three_formats_linked_from_the_hub_page(site):
    site.write("hubs/bewegtbild.md", "Title: Bewegtbild & <Video>\nSummary: Alles zu Video.\n"
               "Topics: video\n\nEine **kurze** Einleitung.\n")
    site.article("film", topics="video", date="2026-01-03 10:00")
    site.article("kein-film", topics="social-media-strategie")
    out = site.build()
    for fmt in ("atom.xml", "rss.xml"):
        feed = parsed(out, f"feeds/hub/bewegtbild.{fmt}")
        assert [e.title for e in feed.entries] == ["Artikel film"]
        assert feed.feed.title == "Auenwerk Magazin · Bewegtbild & <Video>"
        assert feed.feed.link == f"{LOCAL}/hub/bewegtbild/"
    document = json_feed(out, "feeds/hub/bewegtbild.json")
    assert json_validator().is_valid(document)
    assert document["home_page_url"] == f"{LOCAL}/hub/bewegtbild/"
    assert [i["title"] for i in document["items"]] == ["Artikel film"]
    listed = {code.get_text() for code in site.page("feeds/index.html").select("code")}
    assert f"{LOCAL}/feeds/hub/bewegtbild.json" in listed
    hub_triple = {("application/atom+xml", "feeds/hub/bewegtbild.atom.xml"),
                  ("application/rss+xml", "feeds/hub/bewegtbild.rss.xml"),
                  ("application/feed+json", "feeds/hub/bewegtbild.json")}
    assert alternates(out, "hub/bewegtbild/index.html") == MAGAZINE | hub_triple
    follow = site.page("hub/bewegtbild/index.html").select_one("a.hub__feed")
    assert follow is not None and follow["href"] == "../../feeds/hub/bewegtbild.atom.xml"


def test_feeds_switched_off_leave_no_trace(site):
    site.article("eins")
    out = site.build(FEEDS_ENABLED=False)
    assert not (out / "feeds").exists()
    front = site.page("index.html")
    assert not [link for link in front.find_all("link", rel="alternate")
                if link.get("type") in FEED_TYPES]
    assert front.select_one(".site-footer").find("a", href="./feeds/") is None


@pytest.mark.browser
def test_a_feed_opened_in_the_browser_reads_as_a_page(demo_build, chromium_path):
    from browser import watched_page
    from servers import static_server

    title = parsed(demo_build, "feeds/thema/social-media.rss.xml").feed.title
    with static_server(demo_build) as base, watched_page(
            chromium_path, {urlsplit(base).netloc}) as (page, watch):
        for relative, heading in (("feeds/all.atom.xml", "Auenwerk Magazin"),
                                  ("feeds/thema/social-media.rss.xml", title)):
            page.goto(f"{base}/{relative}", wait_until="load")
            assert page.locator("h1").inner_text() == heading
            assert page.locator(".feed-item h2 a").count() >= 1
            assert page.locator(".feed-address").inner_text().endswith(relative)
            assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"
        assert watch.console_errors == [] and watch.page_errors == []
        assert watch.foreign_requests == []
        assert any(r.endswith("/theme/feeds/feed.css") for r in watch.requests)
