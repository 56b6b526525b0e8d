"""The corporate world of one build: taxonomy, people and the articles filed in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from corporate_world.people import Author
from corporate_world.profile import ArticleProfile
from corporate_world.taxonomy import Taxonomy, Term

CONTEXT_KEY = "corporate_world"


def newest_first(articles: list) -> list:
    return sorted(articles, key=lambda a: (a.date, a.source_path), reverse=True)


@dataclass(eq=False)
class CorporateWorld:
    """Built once per run by the taxonomy plugin and shared through the context."""

    # its article lists say which articles belong where (press/fingerprint.py)
    indexes_articles: ClassVar[bool] = True

    taxonomy: Taxonomy
    authors: dict[str, Author]
    profiles: dict[str, ArticleProfile] = field(default_factory=dict)  # by source path
    articles: list = field(default_factory=list)  # published originals, newest first
    hubs: dict = field(default_factory=dict)  # slug -> Hub, filled by the hubs plugin
    article_hubs: dict = field(default_factory=dict)  # source path -> [Hub]
    # source path -> [Hub] of its own language edition, for articles of another edition that
    # belong to hubs of that edition (its callout names these; feeds and API keep article_hubs)
    edition_article_hubs: dict = field(default_factory=dict)
    default_lang: str = "de"
    # the other language editions: lang -> published articles in it (originals and
    # translations), newest first, and their term and author indexes
    edition_articles: dict[str, list] = field(default_factory=dict)
    edition_terms: dict[str, dict[str, list]] = field(default_factory=dict)  # by term_key()
    edition_authors: dict[str, dict[str, list]] = field(default_factory=dict)  # by slug

    def profile(self, article) -> ArticleProfile | None:
        return self.profiles.get(article.source_path)

    def file_articles(self, articles: list) -> None:
        """Index published articles under their terms and authors: one pass, linear."""
        self.articles = newest_first(articles)
        for facet in self.taxonomy.facets.values():
            for term in facet.terms.values():
                term.articles = []
        for author in self.authors.values():
            author.articles = []
        for article in self.articles:
            profile = self.profile(article)
            if profile is None:
                continue
            for term in profile.terms():
                term.articles.append(article)
            for author in profile.authors:
                author.articles.append(article)

    def file_editions(self, published: list, languages: tuple[str, ...]) -> None:
        """Index every published article (originals and translations) in a language other
        than the default one under that edition's terms and authors: one pass, linear.
        The default edition's listings are ``articles``, ``Term.articles`` and
        ``Author.articles`` (its originals, English-only articles included)."""
        self.edition_articles, self.edition_terms, self.edition_authors = {}, {}, {}
        for article in newest_first(published):
            lang = getattr(article, "lang", None)
            profile = self.profile(article)
            if lang == self.default_lang or lang not in languages or profile is None:
                continue
            self.edition_articles.setdefault(lang, []).append(article)
            terms = self.edition_terms.setdefault(lang, {})
            for term in profile.terms():
                terms.setdefault(term_key(term), []).append(article)
            authors = self.edition_authors.setdefault(lang, {})
            for author in profile.authors:
                authors.setdefault(author.slug, []).append(article)

    def _is_default(self, lang: str | None) -> bool:
        return lang is None or lang == self.default_lang

    def listing(self, lang: str | None = None) -> list:
        """Every published article of an edition, newest first."""
        return self.articles if self._is_default(lang) else self.edition_articles.get(lang, [])

    def term_articles(self, term: Term, lang: str | None = None) -> list:
        """The articles filed under exactly this term in an edition."""
        if self._is_default(lang):
            return term.articles
        return self.edition_terms.get(lang, {}).get(term_key(term), [])

    def term_listing(self, term: Term, lang: str | None = None) -> list:
        """A term's articles in an edition; a parent topic also lists its children's, each
        once."""
        if not term.children:
            return self.term_articles(term, lang)
        seen: dict[str, object] = {}
        for member in term.family():
            for article in self.term_articles(member, lang):
                seen.setdefault(article.source_path, article)
        return newest_first(list(seen.values()))

    def callout_hubs(self, article) -> list:
        """The hubs an article's page names: its edition's, else its ``article_hubs``."""
        source = article.source_path
        return self.edition_article_hubs.get(source) or self.article_hubs.get(source, [])

    def author_listing(self, author, lang: str | None = None) -> list:
        """An author's articles in an edition."""
        if self._is_default(lang):
            return author.articles
        return self.edition_authors.get(lang, {}).get(author.slug, [])


def term_key(term: Term) -> str:
    """A term's stable key ("topic:video"): the same in every build, unlike its id()."""
    return f"{term.facet}:{term.slug}"


def every_article(generator) -> list:
    """All articles an ArticlesGenerator read: published, translated, hidden and drafts."""
    return [*generator.articles, *generator.translations, *generator.drafts,
            *generator.drafts_translations, *generator.hidden_articles,
            *generator.hidden_translations]


def world_of(context: dict) -> CorporateWorld | None:
    return context.get(CONTEXT_KEY)
