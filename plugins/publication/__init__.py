"""Publication plugin: which articles and pages this build publishes, decided once, right after
they are read (README.md).

Production (``SHOW_UNPUBLISHED = False``): drafts and scheduled articles become Pelican drafts,
which are written nowhere (the DRAFT_*SAVE_AS settings are empty) and are in no list any other
plugin reads (``CorporateWorld.articles``, terms, authors, hubs, feeds, API, search, sitemap).
Preview (``SHOW_UNPUBLISHED = True``): they are published like the others, at their final
address, and marked (``content.unpublished``) for the theme's banner and labels.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from corporate_world import every_article
from corporate_world.publication import (
    CONTEXT_KEY,
    DRAFT,
    publication_state,
    raw_status,
    unpublished_record,
)
from pelican import signals
from pelican.utils import order_content, process_translations

logger = logging.getLogger(__name__)

DEFAULTS = {"SHOW_UNPUBLISHED": False, "PUBLICATION_NOW": None}
DRAFT_SAVE_AS = ("DRAFT_SAVE_AS", "DRAFT_LANG_SAVE_AS", "DRAFT_PAGE_SAVE_AS",
                 "DRAFT_PAGE_LANG_SAVE_AS")
# Pelican's lists by status: (originals, translations)
ARTICLE_LISTS = {"published": ("articles", "translations"),
                 "hidden": ("hidden_articles", "hidden_translations"),
                 "draft": ("drafts", "drafts_translations")}
PAGE_LISTS = {"published": ("pages", "translations"),
              "hidden": ("hidden_pages", "hidden_translations"),
              "draft": ("draft_pages", "draft_translations")}


class PublicationSettingsError(ValueError):
    """A setting would write unpublished content somewhere."""


def on_initialized(pelican) -> None:
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    written = [key for key in DRAFT_SAVE_AS if settings.get(key)]
    if written:
        raise PublicationSettingsError(
            f"{', '.join(written)} must be empty: unpublished articles are written nowhere in a "
            "production build and at their final address in the preview "
            "(plugins/publication/README.md)")


def build_moment(settings: dict) -> datetime:
    """The moment that decides what is scheduled: PUBLICATION_NOW, else now."""
    fixed = settings.get("PUBLICATION_NOW")
    if not fixed:
        return datetime.now(UTC)
    moment = fixed if isinstance(fixed, datetime) else datetime.fromisoformat(str(fixed))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(settings.get("TIMEZONE") or "UTC"))
    return moment


def wanted_status(content, state: str | None, show: bool) -> str:
    """Pelican's status for ``content``: drafts and scheduled pieces are shown as published
    in the preview and are Pelican drafts in production; the rest keep the editor's status."""
    raw = raw_status(content)
    if state is None:
        return raw
    if show:
        return "published" if raw == DRAFT else raw
    return "draft"


def decide(items: list, kind: str, generator, now: datetime, schedule: bool) -> bool:
    """Mark every item and set its status; True when any item changed its list."""
    settings = generator.settings
    show = bool(settings["SHOW_UNPUBLISHED"])
    zone = settings.get("TIMEZONE") or "UTC"
    records = generator.context.setdefault(CONTEXT_KEY, {})
    moved = False
    for item in items:
        state = publication_state(item, now, schedule)
        if state == DRAFT and kind == "article" and "date" not in item.metadata:
            item.date = now.astimezone(ZoneInfo(zone))  # Pelican's stand-in is year 9999
        status = wanted_status(item, state, show)
        if item.status != status:
            item.status = status
            moved = True
        item.unpublished = None
        if state is not None:
            item.unpublished = records[item.source_path] = unpublished_record(item, kind, state,
                                                                               zone)
    return moved


def regroup(generator, lists: dict[str, tuple[str, str]], translation_id: str,
            order_by: str) -> None:
    """Sort the items into Pelican's lists by their (new) status, as Pelican does on reading.

    The lists are changed in place: the context may hold them already.
    """
    items = [item for names in lists.values() for name in names
             for item in getattr(generator, name)]
    for status, (originals, translations) in lists.items():
        found, versions = process_translations(
            [item for item in items if item.status == status], translation_id=translation_id)
        getattr(generator, originals)[:] = order_content(found, order_by)
        getattr(generator, translations)[:] = versions


def on_articles_read(generator) -> None:
    """Before the taxonomy files the articles: decide, then regroup when anything moved."""
    settings = generator.settings
    items = every_article(generator)
    if decide(items, "article", generator, build_moment(settings),
              schedule=not settings["WITH_FUTURE_DATES"]):
        regroup(generator, ARTICLE_LISTS, settings["ARTICLE_TRANSLATION_ID"],
                settings["ARTICLE_ORDER_BY"])
    report(generator.context, settings)


def on_pages_read(generator) -> None:
    settings = generator.settings
    items = [item for names in PAGE_LISTS.values() for name in names
             for item in getattr(generator, name)]
    if decide(items, "page", generator, build_moment(settings), schedule=False):
        regroup(generator, PAGE_LISTS, settings["PAGE_TRANSLATION_ID"],
                settings["PAGE_ORDER_BY"])


def report(context: dict, settings: dict) -> None:
    counts = Counter(record.state for record in context.get(CONTEXT_KEY, {}).values())
    if counts:
        shown = "shown, marked" if settings["SHOW_UNPUBLISHED"] else "left out of this build"
        logger.info("Unpublished: %s (%s)",
                    ", ".join(f"{n} {state}" for state, n in sorted(counts.items())), shown)


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_pretaxonomy.connect(on_articles_read)
    signals.page_generator_finalized.connect(on_pages_read)
