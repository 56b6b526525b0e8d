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

    def term_listing(self, term: Term) -> list:
        """A term's articles; a parent topic also lists its children's, each once."""
        if not term.children:
            return term.articles
        seen: dict[str, object] = {}
        for member in term.family():
            for article in member.articles:
                seen.setdefault(article.source_path, article)
        return newest_first(list(seen.values()))


def every_article(generator) -> list:
    """All articles an ArticlesGenerator read: published, translated, hidden and drafts."""
    return [*generator.articles, *generator.translations, *generator.drafts,
            *generator.drafts_translations, *generator.hidden_articles,
            *generator.hidden_translations]


def world_of(context: dict) -> CorporateWorld | None:
    return context.get(CONTEXT_KEY)
