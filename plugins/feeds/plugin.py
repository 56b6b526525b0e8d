"""Signal wiring: settings, the feed catalog before any page is written, the generator."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from corporate_world import error_report, world_of
from pelican import signals

from feeds.catalog import mark_subjects, plan_catalog
from feeds.discovery import CONTEXT_KEY, LINKS_KEY, feed_links, links_by_subject
from feeds.generator import FeedsGenerator

PAGE_URL_KEY = "feeds_page_url"  # context: the feeds page (None without feeds)
DEFAULTS = {
    "FEEDS_ENABLED": True,
    "FEEDS_MAX_ITEMS": 20,
    "FEEDS_DIR": "feeds",
    "FEEDS_FACETS": ("department", "topic"),
    "FEEDS_LANGUAGES": ("de", "en"),
    "FEEDS_JSON": ("magazine", "hub"),
    "FEEDS_LANGUAGE_PATH": "sprache",
    "FEEDS_AUTHOR_PATH": "autor",
    "FEEDS_HUB_PATH": "hub",
    "FEEDS_PAGE_URL": "feeds/",
    "FEEDS_PAGE_SAVE_AS": "feeds/index.html",
    "FEEDS_STYLESHEET": "theme/feeds/feed.xsl",
    "FEEDS_ICON": "theme/images/icon.svg",
    "FEEDS_LOGO": "theme/images/logo.png",
}


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    pelican.settings.setdefault("PUBLIC_URL", pelican.settings.get("SITEURL") or "")


def on_generator_init(generator) -> None:
    generator.env.globals["feed_links"] = feed_links


def on_all_generators_finalized(generators) -> None:
    """Plan the catalog after every generator has its context, before any output."""
    context = generators[0].context
    settings = generators[0].settings
    context.pop(CONTEXT_KEY, None)
    context[PAGE_URL_KEY] = None
    context[LINKS_KEY] = {}
    world = world_of(context)
    if not settings["FEEDS_ENABLED"] or world is None:
        return
    catalog = plan_catalog(world, settings)
    report = error_report(context)
    where = str(Path(settings["PATH"]) / settings.get("TAXONOMY_FILE", "taxonomy.yml"))
    for path, feeds in sorted(catalog.clashes().items()):
        report.add(where, f"two feeds would be written to {path}: "
                   + " and ".join(":".join(feed.subject) for feed in feeds)
                   + "; change a facet path or a FEEDS_*_PATH setting", field="path", value=path)
    report.raise_if_any()
    context[CONTEXT_KEY] = catalog
    context[PAGE_URL_KEY] = catalog.page_url  # the footer's link: every page reads only this
    context[LINKS_KEY] = links_by_subject(catalog)  # each page reads its own feeds' entries
    context["feeds_now"] = datetime.now(UTC)
    mark_subjects(world, catalog)


def get_generators(pelican):
    return FeedsGenerator


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_generators.connect(get_generators)
