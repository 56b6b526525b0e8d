"""One article as a feed item: the values every format shares, made safe once.

Each article becomes a :class:`FeedItem` at most once per run, however many
feeds list it. Everything an item says comes out absolute (links, images,
profile URLs) and free of characters XML 1.0 forbids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from corporate_world import CorporateWorld, absolute_content

# XML 1.0 forbids C0 controls (except tab, newline, return), surrogates, U+FFFE and U+FFFF;
# C1 controls and non-characters are allowed but discouraged, and no reader wants them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff"
                      "\ufdd0-\ufdef\ufffe\uffff]")


def xml_safe(text: object) -> str:
    """Text with control characters removed; escaping is left to the serialiser."""
    return _NOT_XML.sub("", str(text or ""))


@dataclass(frozen=True)
class Person:
    name: str
    url: str
    avatar: str = ""


@dataclass(frozen=True)
class Category:
    term: str  # the slug
    scheme: str  # <PUBLIC_URL>/<facet path>/
    label: str


@dataclass(frozen=True)
class Enclosure:
    url: str
    mime_type: str
    length: int


@dataclass(frozen=True)
class FeedItem:
    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    authors: tuple[Person, ...]
    categories: tuple[Category, ...]
    summary: str
    content_html: str
    image: Enclosure | None
    lang: str


def aware(moment: datetime, zone: str) -> datetime:
    """Pelican dates carry TIMEZONE; a naive one (from a plugin) gets it here."""
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(zone))


def is_public(article) -> bool:
    """Published in this build (the publication plugin decides) and complete enough."""
    return (getattr(article, "status", "published") == "published"
            and isinstance(getattr(article, "date", None), datetime)
            and bool(getattr(article, "title", "")))


class ItemMaker:
    """Builds and remembers the items of one run."""

    def __init__(self, world: CorporateWorld, settings: dict):
        self.world = world
        self.public = settings["PUBLIC_URL"].rstrip("/")
        self.zone = settings.get("TIMEZONE") or "UTC"
        self.default_lang = settings.get("DEFAULT_LANG", "de")
        self._made: dict[str, FeedItem] = {}

    def absolute(self, url: str) -> str:
        return f"{self.public}/{url.lstrip('/')}"

    def item(self, article) -> FeedItem:
        key = article.source_path
        if key not in self._made:
            self._made[key] = self._make(article)
        return self._made[key]

    def _make(self, article) -> FeedItem:
        profile = getattr(article, "profile", None) or self.world.profile(article)
        url = self.absolute(article.url)
        lang = getattr(article, "lang", None) or self.default_lang
        published = aware(article.date, self.zone)
        modified = getattr(article, "modified", None)
        updated = aware(modified, self.zone) if isinstance(modified, datetime) else published
        content = absolute_content(article, self.public)
        authors, categories, image, uid = (), (), None, ""
        if profile is not None:
            uid = profile.uid
            authors = tuple(Person(
                name=xml_safe(person.name), url=self.absolute(person.url),
                avatar=self.absolute(person.photo.url) if person.photo else "")
                for person in profile.authors)
            categories = tuple(Category(
                term=term.slug, scheme=self.absolute(self.world.taxonomy[term.facet].url),
                label=xml_safe(term.label(lang))) for term in profile.terms())
            if profile.image is not None:
                image = Enclosure(self.absolute(profile.image.url), profile.image.mime_type,
                                  profile.image.length)
        return FeedItem(
            id=f"urn:uuid:{uid}" if uid else url, title=xml_safe(article.title), url=url,
            published=published, updated=max(updated, published), authors=authors,
            categories=categories, summary=xml_safe(getattr(article, "summary", "")),
            content_html=xml_safe(content), image=image, lang=lang)


def select(members: list, zone: str, limit: int | None, order: dict | None = None) -> list:
    """The newest public articles first, at most ``limit`` of them. ``order``: each article's
    sort key by identity, kept across the calls of one build (a department's feed and its
    topics' meet the same articles)."""
    order = {} if order is None else order
    public = []
    for article in members:
        if is_public(article):
            if id(article) not in order:
                order[id(article)] = (aware(article.date, zone), article.source_path)
            public.append(article)
    public.sort(key=lambda a: order[id(a)], reverse=True)
    return public[:limit] if limit else public
