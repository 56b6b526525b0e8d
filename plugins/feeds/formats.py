"""Serialise a feed: Atom 1.0 and RSS 2.0 through feedgen, JSON Feed 1.1 through ``json``."""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass
from datetime import datetime

import feedgen.version
import pelican
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator

from feeds.catalog import FORMATS, Feed
from feeds.items import FeedItem, xml_safe

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


class FeedExtras(BaseExtension):
    """Feed half of the entry extension below; it adds nothing itself."""


class EntryExtras(BaseEntryExtension):
    """What feedgen 1.0.0 leaves out of an Atom entry.

    ``xml:lang`` per entry (the whole-magazine feed mixes German and English), and
    the attributes of entry links: feedgen writes ``<link href>`` only, which would
    turn the lead image's enclosure into a second alternate link.
    """

    def __init__(self) -> None:
        self.lang = ""
        self.links: list[dict] = []

    def extend_atom(self, entry):
        if self.lang:
            entry.set(XML_LANG, self.lang)
        for element, spec in zip(entry.findall("link"), self.links, strict=False):
            for name in ("rel", "type", "hreflang", "title", "length"):
                if spec.get(name):
                    element.set(name, str(spec[name]))
        return entry


@dataclass(frozen=True)
class Masthead:
    """What every feed of the site says about its publisher."""

    publisher: str
    public_url: str
    icon: str  # absolute URLs, "" to leave out
    logo: str
    stylesheet: str  # output path of the XSLT, "" for none
    generator: str = (f"Pelican {pelican.__version__} with python-feedgen "
                      f"{feedgen.version.version_str}")

    @property
    def home(self) -> str:
        return f"{self.public_url}/"


def feed_updated(items: list[FeedItem], fallback: datetime) -> datetime:
    """The newest change among the items: the time the feed last changed."""
    return max((item.updated for item in items), default=fallback)


def _stylesheet_instruction(feed: Feed, fmt: str, masthead: Masthead) -> bytes:
    if not masthead.stylesheet:
        return b""
    here = posixpath.dirname(feed.url(fmt))
    href = posixpath.relpath(masthead.stylesheet, here or ".")
    return f'<?xml-stylesheet type="text/xsl" href="{html.escape(href)}"?>\n'.encode()


def with_stylesheet(document: bytes, instruction: bytes) -> bytes:
    """Put the processing instruction right after the XML declaration."""
    if not instruction:
        return document
    if document.startswith(b"<?xml"):
        end = document.index(b"?>") + 2
        return document[:end] + b"\n" + instruction + document[end:].lstrip(b"\n")
    return instruction + document


def _generator(feed: Feed, items: list[FeedItem], masthead: Masthead,
               updated: datetime) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.register_extension("extras", FeedExtras, EntryExtras, atom=True, rss=False)
    fg.id(feed.id)
    fg.title(xml_safe(feed.title))
    fg.subtitle(xml_safe(feed.subtitle) or xml_safe(feed.title))
    fg.language(feed.lang)
    fg.updated(updated)
    fg.lastBuildDate(updated)
    if items:
        fg.pubDate(max(item.published for item in items))
    if feed.author is not None:
        fg.author(name=xml_safe(feed.author.name), uri=feed.home_absolute)
    else:
        fg.author(name=xml_safe(masthead.publisher), uri=masthead.home)
    fg.rights(xml_safe(f"© {masthead.publisher}"))
    fg.generator(masthead.generator, uri=None)
    if masthead.icon:
        fg.icon(masthead.icon)
    if masthead.logo:
        fg.logo(masthead.logo)
    for item in items:
        entry = fg.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate", type="text/html", hreflang=item.lang)
        if item.image is not None:
            entry.enclosure(item.image.url, str(item.image.length or 0), item.image.mime_type)
        entry.published(item.published)
        entry.updated(item.updated)
        for person in item.authors:
            entry.author(name=person.name, uri=person.url)
            entry.dc.dc_creator(person.name)
        for category in item.categories:
            entry.category(term=category.term, scheme=category.scheme, label=category.label)
        # RSS descriptions are HTML: escape the plain-text summary so it stays text.
        entry.description(html.escape(item.summary, quote=False))
        entry.content(item.content_html, type="html")
        entry.summary(item.summary)
        entry.dc.dc_language(item.lang)
        entry.extras.lang = item.lang
        entry.extras.links = entry.link()
    return fg


def xml_documents(feed: Feed, items: list[FeedItem], masthead: Masthead,
                  updated: datetime) -> dict[str, bytes]:
    """The Atom and RSS documents of one feed, keyed by format name."""
    fg = _generator(feed, items, masthead, updated)
    documents = {}
    for fmt in ("atom", "rss"):
        if fmt not in feed.formats:
            continue
        # RSS takes the last link as the channel's <link>: the page comes after self.
        fg.link([{"href": feed.absolute(fmt), "rel": "self", "type": FORMATS[fmt].mime_type},
                 {"href": feed.home_absolute, "rel": "alternate", "type": "text/html"}],
                replace=True)
        raw = fg.atom_str(pretty=True) if fmt == "atom" else fg.rss_str(pretty=True)
        documents[fmt] = with_stylesheet(raw, _stylesheet_instruction(feed, fmt, masthead))
    return documents


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def json_document(feed: Feed, items: list[FeedItem], masthead: Masthead) -> bytes:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    if feed.author is not None:
        authors = [{"name": xml_safe(feed.author.name), "url": feed.home_absolute}]
    else:
        authors = [{"name": xml_safe(masthead.publisher), "url": masthead.home}]
    document: dict = {
        "version": JSON_FEED_VERSION,
        "title": xml_safe(feed.title),
        "home_page_url": feed.home_absolute,
        "feed_url": feed.absolute("json"),
        "description": xml_safe(feed.subtitle),
        "authors": authors,
        "language": feed.lang,
    }
    if masthead.logo:
        document["icon"] = masthead.logo
    if masthead.icon:
        document["favicon"] = masthead.icon
    document["items"] = [_json_item(item) for item in items]
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_item(item: FeedItem) -> dict:
    entry: dict = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.content_html,
        "summary": item.summary,
        "date_published": _stamp(item.published),
        "date_modified": _stamp(item.updated),
        "authors": [{"name": p.name, "url": p.url, **({"avatar": p.avatar} if p.avatar else {})}
                    for p in item.authors],
        "tags": list(dict.fromkeys(c.label for c in item.categories)),
        "language": item.lang,
    }
    if item.image is not None:
        entry["image"] = item.image.url
    return entry
