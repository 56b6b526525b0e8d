"""Which feeds the magazine offers, where each one lives and what it follows.

The catalog is planned once per run, before any page is written, so that
templates can link every feed (discovery links, the feeds page, a hub's or a
term's "follow" link) while the feeds themselves are written later.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from corporate_world import CorporateWorld, Facet

SubjectKey = tuple[str, ...]
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}
LANGUAGE_SUBTITLES = {"de": "Alle Beiträge auf Deutsch: {site}",
                      "en": "Every article in English: {site}"}


@dataclass(frozen=True)
class FeedFormat:
    name: str
    suffix: str
    mime_type: str
    label: str


FORMATS = {
    "atom": FeedFormat("atom", ".atom.xml", "application/atom+xml", "Atom"),
    "rss": FeedFormat("rss", ".rss.xml", "application/rss+xml", "RSS"),
    "json": FeedFormat("json", ".json", "application/feed+json", "JSON Feed"),
}


@dataclass(frozen=True)
class FeedLink:
    """One format of one feed, as templates link it."""

    title: str
    mime_type: str
    format: str  # atom | rss | json
    format_label: str
    url: str  # relative to the site root, like every other ``.url`` in the theme
    absolute: str  # PUBLIC_URL-based, to paste into a feed reader


@dataclass(eq=False)
class Feed:
    """A stream of articles: the magazine, a language, a term, an author or a hub."""

    subject: SubjectKey  # ("magazine",), ("term", facet, slug), ("author", slug), …
    key: str  # path under FEEDS_DIR without suffix, e.g. "abteilung/marketing"
    label: str  # what it follows, for lists: "Marketing", "Anna Test", "English"
    title: str
    subtitle: str
    home: str  # site-relative URL of the page the feed follows ("" is the front page)
    lang: str
    formats: tuple[str, ...]
    members: Callable[[], list]  # its candidate articles, read when the feed is written
    directory: str = "feeds"
    public_url: str = ""
    author: object | None = None  # the corporate_world Author of an author feed
    links: list[FeedLink] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.links = [FeedLink(
            title=f"{self.title} ({FORMATS[name].label})", mime_type=FORMATS[name].mime_type,
            format=name, format_label=FORMATS[name].label, url=self.url(name),
            absolute=f"{self.public_url}/{self.url(name)}") for name in self.formats]

    def url(self, fmt: str) -> str:
        return f"{self.directory}/{self.key}{FORMATS[fmt].suffix}"

    def absolute(self, fmt: str) -> str:
        return f"{self.public_url}/{self.url(fmt)}"

    @property
    def id(self) -> str:
        """Independent of domain and file name changes of the site: derived from the subject."""
        name = "corporate-magazine:feed:" + ":".join(self.subject)
        return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"

    @property
    def home_absolute(self) -> str:
        return f"{self.public_url}/{self.home}"


@dataclass
class FeedGroup:
    """A heading on the feeds page: a translation key, or a facet's plural label."""

    name: str
    heading_key: str
    facet: Facet | None
    feeds: list[Feed]


@dataclass
class FeedCatalog:
    # its article lists say which articles belong where (press/fingerprint.py)
    indexes_articles: ClassVar[bool] = True
    groups: list[FeedGroup]
    page_url: str
    by_subject: dict[SubjectKey, Feed] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_subject = {feed.subject: feed for group in self.groups for feed in group.feeds}

    def feeds(self) -> list[Feed]:
        return [feed for group in self.groups for feed in group.feeds]

    def get(self, *subject: str) -> Feed | None:
        return self.by_subject.get(tuple(subject))

    @property
    def magazine(self) -> Feed:
        return self.by_subject[("magazine",)]

    def clashes(self) -> dict[str, list[Feed]]:
        """Output paths claimed by more than one feed (a facet path such as ``autor``)."""
        paths = Counter(url for feed in self.feeds() for url in map(feed.url, feed.formats))
        return {path: [f for f in self.feeds() if path in map(f.url, f.formats)]
                for path, count in paths.items() if count > 1}


def language_members(world: CorporateWorld, lang: str) -> list:
    """Originals and translations in one language (translations are not in world.articles)."""
    found = []
    for article in world.articles:
        for version in (article, *getattr(article, "translations", ())):
            if getattr(version, "lang", None) == lang:
                found.append(version)
    return found


def plan_catalog(world: CorporateWorld, settings: dict) -> FeedCatalog:
    """Every feed of this build, grouped as the feeds page lists them."""
    site = settings.get("SITENAME", "")
    default_lang = settings.get("DEFAULT_LANG", "de")
    common = {"directory": settings["FEEDS_DIR"].strip("/"),
              "public_url": settings["PUBLIC_URL"].rstrip("/")}
    json_for = set(settings["FEEDS_JSON"])

    def formats(kind: str) -> tuple[str, ...]:
        return ("atom", "rss", "json") if kind in json_for else ("atom", "rss")

    magazine = Feed(("magazine",), "all", site, site, settings.get("SITESUBTITLE", "") or site,
                    "", default_lang, formats("magazine"), lambda: world.articles, **common)
    groups = [FeedGroup("magazine", "feeds_whole_magazine", None, [magazine])]

    languages = []
    for lang in settings["FEEDS_LANGUAGES"]:
        name = LANGUAGE_NAMES.get(lang, lang)
        languages.append(Feed(
            ("language", lang), f"{settings['FEEDS_LANGUAGE_PATH']}/{lang}", name,
            f"{site} ({name})", LANGUAGE_SUBTITLES.get(lang, "{site}").format(site=site), "", lang,
            formats("language"), lambda lang=lang: language_members(world, lang), **common))
    groups.append(FeedGroup("language", "feeds_languages", None, languages))

    for facet_name in settings["FEEDS_FACETS"]:
        facet = world.taxonomy[facet_name]
        feeds = [Feed(
            ("term", facet.name, term.slug), f"{facet.path}/{term.slug}",
            term.label(default_lang), f"{site} · {term.label(default_lang)}",
            term.description(default_lang) or term.label(default_lang), term.url, default_lang,
            formats("term"), lambda term=term: world.term_listing(term), **common)
            for term in facet.terms.values()]
        groups.append(FeedGroup(facet.name, "", facet, feeds))

    hubs = [Feed(
        ("hub", hub.slug), f"{settings['FEEDS_HUB_PATH']}/{hub.slug}", hub.title,
        f"{site} · {hub.title}", hub.summary or hub.title, hub.url,
        getattr(hub, "lang", default_lang) or default_lang, formats("hub"),
        lambda hub=hub: hub.articles, **common) for hub in (world.hubs or {}).values()]
    groups.append(FeedGroup("hub", "feeds_hubs", None, hubs))

    authors = [Feed(
        ("author", author.slug), f"{settings['FEEDS_AUTHOR_PATH']}/{author.slug}", author.name,
        f"{site} · {author.name}", author.role(default_lang) or author.name, author.url,
        default_lang, formats("author"), lambda author=author: author.articles,
        author=author, **common)
        for author in sorted(world.authors.values(), key=lambda a: a.name)]
    groups.append(FeedGroup("author", "authors", None, authors))
    return FeedCatalog(groups=[g for g in groups if g.feeds], page_url=settings["FEEDS_PAGE_URL"])


def mark_subjects(world: CorporateWorld, catalog: FeedCatalog) -> None:
    """Give terms, authors and hubs a ``feed_url`` (their Atom feed) for templates."""
    for facet in world.taxonomy.facets.values():
        for term in facet.terms.values():
            feed = catalog.get("term", facet.name, term.slug)
            term.feed_url = feed.url("atom") if feed else None
    for author in world.authors.values():
        feed = catalog.get("author", author.slug)
        author.feed_url = feed.url("atom") if feed else None
    for hub in (world.hubs or {}).values():
        feed = catalog.get("hub", hub.slug)
        hub.feed_url = feed.url("atom") if feed else None
