"""Which feeds a page announces in its ``<head>``: the magazine's, plus the page's own.

``feed_links()`` is a Jinja global; ``partials/feed_links.html`` only loops over it.
"""

from __future__ import annotations

from jinja2 import pass_context

from feeds.catalog import FeedCatalog, FeedLink

CONTEXT_KEY = "feed_catalog"


LINKS_KEY = "feed_links_by_subject"  # context: subject key -> that feed's links


def subject_key(subject: tuple[str, ...]) -> str:
    """("term", "department", "marketing") -> "term:department:marketing"."""
    return ":".join(subject)


def page_subjects(ctx, default_lang: str) -> list[tuple[str, ...]]:
    """The magazine first, then what fits the page: its department, term, author or hub."""
    subjects: list[tuple[str, ...]] = [("magazine",)]
    article = ctx.get("article")
    if article is not None:
        profile = getattr(article, "profile", None)
        department = getattr(profile, "department", None)
        if department is not None:
            subjects.append(("term", department.facet, department.slug))
        lang = getattr(article, "lang", default_lang)
        if lang != default_lang:
            subjects.append(("language", lang))
    term = ctx.get("term")
    if term is not None and hasattr(term, "facet"):
        subjects.append(("term", term.facet, term.slug))
    author = ctx.get("author")
    if author is not None and hasattr(author, "slug") and ctx.get("article") is None:
        subjects.append(("author", author.slug))
    hub = ctx.get("hub")
    if hub is not None and hasattr(hub, "slug"):
        subjects.append(("hub", hub.slug))
    return list(dict.fromkeys(subjects))


@pass_context
def feed_links(ctx) -> list[FeedLink]:
    """Every format of every feed that fits the page being rendered. The page reads only
    its own feeds' links (not the whole catalog), so a feed elsewhere changing does not
    render it again (plugins/press)."""
    by_subject = ctx.get(LINKS_KEY)
    if not by_subject:
        return []
    default_lang = ctx.get("DEFAULT_LANG") or "de"
    return [link for subject in page_subjects(ctx, default_lang)
            for link in by_subject.get(subject_key(subject)) or ()]


def links_by_subject(catalog: FeedCatalog) -> dict[str, list[FeedLink]]:
    return {subject_key(feed.subject): feed.links for feed in catalog.feeds()}
