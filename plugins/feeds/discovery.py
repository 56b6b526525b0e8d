"""Which feeds a page announces in its ``<head>``: the magazine's, plus the page's own.

``feed_links()`` is a Jinja global; ``partials/feed_links.html`` only loops over it.
"""

from __future__ import annotations

from jinja2 import pass_context

from feeds.catalog import Feed, FeedCatalog, FeedLink

CONTEXT_KEY = "feed_catalog"


def page_feeds(catalog: FeedCatalog, ctx, default_lang: str) -> list[Feed]:
    """The magazine first, then what fits the page: its department, term, author or hub."""
    feeds: list[Feed | None] = [catalog.magazine]
    article = ctx.get("article")
    if article is not None:
        profile = getattr(article, "profile", None)
        department = getattr(profile, "department", None)
        if department is not None:
            feeds.append(catalog.get("term", department.facet, department.slug))
        lang = getattr(article, "lang", default_lang)
        if lang != default_lang:
            feeds.append(catalog.get("language", lang))
    term = ctx.get("term")
    if term is not None and hasattr(term, "facet"):
        feeds.append(catalog.get("term", term.facet, term.slug))
    author = ctx.get("author")
    if author is not None and hasattr(author, "slug") and ctx.get("article") is None:
        feeds.append(catalog.get("author", author.slug))
    hub = ctx.get("hub")
    if hub is not None and hasattr(hub, "slug"):
        feeds.append(catalog.get("hub", hub.slug))
    unique: dict[int, Feed] = {}
    for feed in feeds:
        if feed is not None:
            unique.setdefault(id(feed), feed)
    return list(unique.values())


@pass_context
def feed_links(ctx) -> list[FeedLink]:
    """Every format of every feed that fits the page being rendered."""
    catalog = ctx.get(CONTEXT_KEY)
    if catalog is None:
        return []
    default_lang = ctx.get("DEFAULT_LANG") or "de"
    return [link for feed in page_feeds(catalog, ctx, default_lang) for link in feed.links]
