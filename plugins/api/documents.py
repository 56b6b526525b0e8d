"""The API's documents: plain dicts built from the corporate world, in a documented order.

Every list has a fixed order so the same content gives byte-identical files:
articles newest first (ties: slug, then language), authors and hubs by slug,
facets and terms in taxonomy.yml order, translations by language.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape
from urllib.parse import urljoin

from corporate_world import CorporateWorld, Term, absolute_content, absolutize
from corporate_world.taxonomy import FACETS, STAGES
from press.kept import key_of

VERSION = "v1"
API_PATH = f"api/{VERSION}"
# facet -> the folder of its per-term article lists (and its name in index.json)
FACET_COLLECTIONS = {"department": "departments", "topic": "topics", "industry": "industries",
                     "audience": "audiences", "format": "formats"}
LANGS = ("de", "en")
HUB_NEWEST = 20  # a hub document lists its newest members; topic lists hold the rest
_TAG = r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*"  # attributes may quote a ">"
_COMMENTS = re.compile(r"<!--.*?-->", re.S)
_BREAKS = re.compile(rf"<br\b{_TAG}>", re.I)
_ITEM_STARTS = re.compile(rf"<li\b{_TAG}>", re.I)
_LINE_ENDS = re.compile(r"</(?:li|tr|dt|dd)\s*>", re.I)
_BLOCK_ENDS = re.compile(
    rf"</(?:p|h[1-6]|blockquote|pre|div|figcaption|table|ul|ol|dl)\s*>|<hr\b{_TAG}>", re.I)
_TAGS = re.compile(rf"</?[a-zA-Z!]{_TAG}>")
_BLANK_LINES = re.compile(r"\n{3,}")


def plain_text(html: str) -> str:
    """Readable text of an HTML fragment: one paragraph per block, list items as '- '.

    Regular expressions over the (sanitised, Markdown-made) HTML rather than a DOM:
    this runs once per article in every build, and a parser costs ten times as much.
    """
    text = _COMMENTS.sub("", html or "")
    text = _BREAKS.sub("\n", text)
    text = _ITEM_STARTS.sub("- ", text)
    text = _LINE_ENDS.sub("\n", text)
    text = _BLOCK_ENDS.sub("\n\n", text)
    text = unescape(_TAGS.sub("", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def newest_first(articles: list) -> list:
    """Newest first; equal dates by slug, then language (never by a file-system path)."""
    return sorted(articles, key=lambda a: (a.date, a.slug, a.lang), reverse=True)


def build_time(articles: list, source_date_epoch: str | None) -> str | None:
    """SOURCE_DATE_EPOCH when set, else the newest modified/published date: never the clock."""
    if source_date_epoch:
        return datetime.fromtimestamp(int(source_date_epoch), UTC).isoformat()
    stamps = [getattr(a, "modified", None) or a.date for a in articles]
    return max(stamps).isoformat() if stamps else None


@dataclass
class Addresses:
    """Absolute addresses of web pages and of API files, from PUBLIC_URL."""

    public_url: str

    def __post_init__(self) -> None:
        self.public_url = self.public_url.rstrip("/")

    def page(self, url: str) -> str:
        return f"{self.public_url}/{url.lstrip('/')}"

    def api(self, relative: str) -> str:
        return f"{self.public_url}/{API_PATH}/{relative}"


@dataclass
class ContentApi:
    """Turns one build's world into ``{path under api/v1: document}``."""

    world: CorporateWorld
    addresses: Addresses
    default_lang: str
    page_size: int
    words_per_minute: int = 200
    list_page_size: int = 50  # articles per page of a term's or author's document
    generated_at: str | None = None
    # results kept between builds (press.kept): a body's absolute HTML and plain text by the
    # digest of its resolved HTML, so an unchanged article's are not worked out again
    bodies: object | None = None
    versions: list = field(default_factory=list)  # every published language version
    _summaries: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        published = [*self.world.articles]
        for article in self.world.articles:
            published += [t for t in getattr(article, "translations", [])
                          if getattr(t, "status", "published") == "published"]
        self.versions = newest_first(published)

    # ---- paths ------------------------------------------------------------------------------

    def article_path(self, article) -> str:
        """Default-language articles at articles/<slug>.json, others under their language."""
        if article.lang == self.default_lang:
            return f"articles/{article.slug}.json"
        return f"articles/{article.lang}/{article.slug}.json"

    @staticmethod
    def term_path(term: Term) -> str:
        return f"{FACET_COLLECTIONS[term.facet]}/{term.slug}.json"

    # ---- small parts ------------------------------------------------------------------------

    def profile(self, article):
        return getattr(article, "profile", None) or self.world.profile(article)

    def url_of(self, article) -> str:
        """The article's URL path (Pelican recomputes ``article.url`` on every access)."""
        profile = self.profile(article)
        return (profile.url if profile is not None else "") or article.url

    def term(self, term: Term | None) -> dict | None:
        if term is None:
            return None
        return {"slug": term.slug, "label_de": term.label("de"), "label_en": term.label("en"),
                "url": self.addresses.page(term.url)}

    def image(self, image) -> dict | None:
        if image is None:
            return None
        return {"url": self.addresses.page(image.url), "alt": image.alt,
                "caption": image.caption or None, "width": image.width, "height": image.height}

    def author_ref(self, author, lang: str) -> dict:
        return {"slug": author.slug, "name": author.name, "role": author.role(lang),
                "url": self.addresses.page(author.url)}

    def hub_ref(self, hub) -> dict:
        return {"slug": hub.slug, "title": hub.title, "url": self.addresses.page(hub.url)}

    def reading_time(self, article) -> int:
        """The reading plugin's minutes; measured here only when that plugin is off."""
        minutes = getattr(article, "reading_time", None)
        if isinstance(minutes, int) and minutes > 0:
            return minutes
        words = len(plain_text(getattr(article, "_content", "")).split())
        return max(1, round(words / self.words_per_minute))

    # ---- articles ---------------------------------------------------------------------------

    def summary(self, article) -> dict:
        """What a list shows: everything but the body and the finer facets.

        Built once per article (lists share it); callers copy before changing it.
        """
        if id(article) in self._summaries:
            return self._summaries[id(article)]
        profile = self.profile(article)
        hubs = self.world.article_hubs.get(article.source_path, [])
        modified = getattr(article, "modified", None) or article.date
        summary = self._summaries[id(article)] = {
            "id": profile.uid,
            "slug": article.slug,
            "lang": article.lang,
            "url": self.addresses.page(self.url_of(article)),
            "api_url": self.addresses.api(self.article_path(article)),
            "title": article.title,
            "summary": str(article.metadata.get("summary") or ""),
            "published": article.date.isoformat(),
            "updated": modified.isoformat(),
            "reading_time": self.reading_time(article),
            "department": self.term(profile.department),
            "format": self.term(profile.format),
            "stage": profile.stage or None,
            "topics": [self.term(t) for t in profile.topics],
            "authors": [self.author_ref(a, article.lang) for a in profile.authors],
            "hubs": [self.hub_ref(h) for h in hubs],
            "image": self.image(profile.image),
            "translations": [{"lang": t.lang, "url": self.addresses.page(self.url_of(t)),
                              "api_url": self.addresses.api(self.article_path(t))}
                             for t in sorted(getattr(article, "translations", []),
                                             key=lambda t: t.lang)],
        }
        return summary

    def article(self, article) -> dict:
        """The whole article; its body link-resolved against PUBLIC_URL, every URL absolute."""
        profile = self.profile(article)
        html, text = self.body(article)
        document = dict(self.summary(article))
        document.update({
            "html": html,
            "plaintext": text,
            "word_count": len(text.split()),
            "industries": [self.term(t) for t in profile.industries],
            "audiences": [self.term(t) for t in profile.audiences],
            "dialog": {"status": profile.dialog, "thread_id": (
                None if profile.dialog == "off" else f"/{self.url_of(article)}")},
        })
        return document

    def body(self, article) -> tuple[str, str]:
        """(absolute HTML, plain text) of the article's body."""
        public_url = self.addresses.public_url
        if self.bodies is None:
            html = absolute_content(article, public_url)
            return html, plain_text(html)
        key = key_of(article.get_content(public_url.rstrip("/")), public_url, str(article.url))
        found = self.bodies.get(key)
        if found is None:
            html = absolute_content(article, public_url)
            found = (html, plain_text(html))
            self.bodies.put(key, found)
        return found

    def pages(self, articles: list, limit: int, page_path: Callable[[int], str]
              ) -> list[tuple[str, list, dict]]:
        """(path, summaries, pagination) for each page of ``limit``; page 1 always exists."""
        total = len(articles)
        count = max(1, math.ceil(total / limit))
        return [(page_path(page), [self.summary(a) for a in
                                   articles[(page - 1) * limit: page * limit]],
                 {"page": page, "limit": limit, "pages": count, "total": total,
                  "next": page + 1 if page < count else None,
                  "prev": page - 1 if page > 1 else None})
                for page in range(1, count + 1)]

    def article_pages(self) -> dict[str, dict]:
        """articles/page-N.json, Ghost-style; page 1 exists even when there is nothing."""
        return {path: {"articles": summaries, "meta": {"pagination": pagination}}
                for path, summaries, pagination in self.pages(
                    self.versions, self.page_size, lambda page: f"articles/page-{page}.json")}

    # ---- taxonomy ---------------------------------------------------------------------------

    def term_listings(self) -> dict[Term, list]:
        """Every term's published versions, newest first; a parent also gathers its children's.

        One pass over the articles (each article visits only its own terms and their parents).
        """
        listings: dict[Term, list] = defaultdict(list)
        for article in self.versions:  # already newest first, so the lists stay sorted
            seen: set[int] = set()
            for term in self.profile(article).terms():
                for member in (term, term.parent):
                    if member is not None and id(member) not in seen:
                        seen.add(id(member))
                        listings[member].append(article)
        return listings

    def term_entry(self, term: Term, count: int) -> dict:
        entry = {"facet": term.facet, **self.term(term),
                 "description_de": term.description("de"),
                 "description_en": term.description("en"),
                 "parent": term.parent.slug if term.parent else None,
                 "children": [child.slug for child in term.children],
                 "stage": term.stage or None,
                 "api_url": self.addresses.api(self.term_path(term)),
                 "article_count": count}
        return entry

    def taxonomy(self, listings: dict[Term, list]) -> dict:
        taxonomy = self.world.taxonomy
        facets = []
        for name in FACETS:
            facet = taxonomy[name]
            facets.append({
                "name": name, "collection": FACET_COLLECTIONS[name],
                "label_de": facet.label("de"), "label_en": facet.label("en"),
                "plural_de": facet.plural("de"), "plural_en": facet.plural("en"),
                "url": self.addresses.page(facet.url),
                "terms": [self.term_entry(t, len(listings.get(t, ())))
                          for t in facet.terms.values()],
            })
        stages = [{"slug": s, "label_de": taxonomy.stage_label(s, "de"),
                   "label_en": taxonomy.stage_label(s, "en")} for s in STAGES]
        return {"facets": facets, "stages": stages}

    def list_pages(self, path: str, articles: list) -> list[tuple[str, list, dict]]:
        """A term's or author's articles in pages of ``list_page_size``: (path, summaries, meta).

        Page 1 is ``path`` itself, page n > 1 ``<path without .json>/page-<n>.json``: a
        topic holding thousands of articles must not become one document of megabytes.
        """
        def page_path(page: int) -> str:
            return path if page == 1 else f"{path.removesuffix('.json')}/page-{page}.json"

        listing = []
        for page_file, summaries, pagination in self.pages(articles, self.list_page_size,
                                                           page_path):
            page = pagination["page"]
            pagination["next_url"] = (self.addresses.api(page_path(page + 1))
                                      if pagination["next"] else None)
            pagination["prev_url"] = (self.addresses.api(page_path(page - 1))
                                      if pagination["prev"] else None)
            listing.append((page_file, summaries,
                            {"total": pagination["total"], "pagination": pagination}))
        return listing

    def term_documents(self, listings: dict[Term, list]) -> dict[str, dict]:
        documents = {}
        for name in FACETS:
            for term in self.world.taxonomy[name].terms.values():
                articles = listings.get(term, [])
                entry = self.term_entry(term, len(articles))
                for path, summaries, meta in self.list_pages(self.term_path(term), articles):
                    documents[path] = {"term": entry, "articles": summaries, "meta": meta}
        return documents

    # ---- people -----------------------------------------------------------------------------

    def author_summary(self, author, count: int) -> dict:
        return {"slug": author.slug, "name": author.name,
                "role_de": author.role("de"), "role_en": author.role("en"),
                "department": self.term(author.department),
                "photo": self.image(author.photo),
                "url": self.addresses.page(author.url),
                "api_url": self.addresses.api(f"authors/{author.slug}.json"),
                "article_count": count}

    def author_documents(self) -> dict[str, dict]:
        by_author: dict[str, list] = defaultdict(list)
        for article in self.versions:
            for author in self.profile(article).authors:
                by_author[author.slug].append(article)
        people = sorted(self.world.authors.values(), key=lambda a: a.slug)
        documents = {"authors.json": {"authors": [
            self.author_summary(a, len(by_author[a.slug])) for a in people]}}
        for author in people:
            articles = by_author[author.slug]
            document = self.author_summary(author, len(articles))
            document.update({
                "bio_de": author.bio("de"), "bio_en": author.bio("en"),
                "contacts": [{"kind": c.kind, "label": c.label, "href": c.href}
                             for c in author.contacts],
            })
            for path, summaries, meta in self.list_pages(f"authors/{author.slug}.json",
                                                         articles):
                documents[path] = {**document, "articles": summaries, "meta": meta}
        return documents

    # ---- hubs -------------------------------------------------------------------------------

    def hub_summary(self, hub) -> dict:
        return {**self.hub_ref(hub), "summary": hub.summary, "lang": hub.lang,
                "api_url": self.addresses.api(f"hubs/{hub.slug}.json"),
                "topics": [self.term(t) for t in hub.topics],
                "image": self.image(hub.image), "article_count": len(hub.articles)}

    def hub_documents(self) -> dict[str, dict]:
        hubs = sorted(self.world.hubs.values(), key=lambda h: h.slug)
        taxonomy = self.world.taxonomy
        documents = {"hubs.json": {"hubs": [self.hub_summary(h) for h in hubs]}}
        for hub in hubs:
            url = self.addresses.page(hub.url)
            document = self.hub_summary(hub)
            document.update({
                "intro_html": absolutize(hub.intro_html, url),
                "departments": [self.term(t) for t in hub.departments],
                "industries": [self.term(t) for t in hub.industries],
                "audiences": [self.term(t) for t in hub.audiences],
                "thread_id": hub.thread_id,
                "cta": None if hub.cta is None else {
                    "label": hub.cta.label, "url": urljoin(url, hub.cta.url),
                    "kind": hub.cta.kind},
                "pinned": [self.summary(a) for a in hub.pinned],
                "sections": [{
                    "stage": section.stage,
                    "label_de": taxonomy.stage_label(section.stage, "de"),
                    "label_en": taxonomy.stage_label(section.stage, "en"),
                    "groups": [{"format": self.term(group.format), "total": group.total,
                                "articles": [self.summary(a) for a in group.articles]}
                               for group in section.groups],
                } for section in hub.sections],
                "experts": [self.author_ref(a, hub.lang) for a in hub.experts],
                "related": [self.hub_ref(h) for h in hub.related],
                "articles": [self.summary(a) for a in hub.articles[:HUB_NEWEST]],
            })
            documents[f"hubs/{hub.slug}.json"] = document
        return documents

    # ---- discovery --------------------------------------------------------------------------

    def index(self, site: dict, schemas: list[str], coverage: bool = False) -> dict:
        links = {"articles": self.addresses.api("articles/page-1.json"),
                 "authors": self.addresses.api("authors.json"),
                 "hubs": self.addresses.api("hubs.json"),
                 "taxonomy": self.addresses.api("taxonomy.json")}
        if coverage:
            links["coverage"] = self.addresses.api("hubs/coverage.json")
        templates = {"articles_page": self.addresses.api("articles/page-{page}.json"),
                     "article": self.addresses.api("articles/{slug}.json"),
                     "article_in_language": self.addresses.api("articles/{lang}/{slug}.json"),
                     "author": self.addresses.api("authors/{slug}.json"),
                     "hub": self.addresses.api("hubs/{slug}.json")}
        templates["author_page"] = self.addresses.api("authors/{slug}/page-{page}.json")
        for collection in FACET_COLLECTIONS.values():
            templates[collection] = self.addresses.api(f"{collection}/{{slug}}.json")
            templates[f"{collection}_page"] = self.addresses.api(
                f"{collection}/{{slug}}/page-{{page}}.json")
        return {
            "api_version": VERSION,
            "generated_at": self.generated_at,
            "site": {**site, "url": self.addresses.page("")},
            "links": links,
            "templates": templates,
            "schemas": {name.removesuffix(".schema.json"): self.addresses.api(f"schema/{name}")
                        for name in sorted(schemas)},
        }

    def documents(self, wanted: Callable[[str], bool] = lambda path: True) -> dict[str, dict]:
        """Every document but index.json, keyed by its path under api/v1/; only ``wanted`` ones.

        Article documents (the costly ones, with the body) are only built when wanted.
        """
        listings = self.term_listings()
        documents = {path: self.article(a) for a in self.versions
                     if wanted(path := self.article_path(a))}
        documents.update(self.article_pages())
        documents["taxonomy.json"] = self.taxonomy(listings)
        documents.update(self.term_documents(listings))
        documents.update(self.author_documents())
        documents.update(self.hub_documents())
        return {path: document for path, document in documents.items() if wanted(path)}
