"""Signal wiring: clean article, page and hub-intro bodies once per build, after the cache.

Settings (defaults in ``DEFAULTS``, documented in README.md).
"""

from __future__ import annotations

import logging

from corporate_world import crew, every_article, world_of
from corporate_world.errors import display_path
from pelican import signals

from sanitize.cleaner import clean, needs_repair

logger = logging.getLogger(__name__)

DEFAULTS: dict = {
    "SANITIZE_ENABLED": True,
    "SANITIZE_URL_SCHEMES": ("http", "https", "mailto", "tel"),
}
HUB_INTROS_KEY = "hub_intros"  # the hubs plugin's Markdown intros (slug -> Page)
_reported: set[tuple[str, str]] = set()  # (file, removal): a hub intro is cleaned twice


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    _reported.clear()


def clean_html(body: str, source: str, settings: dict) -> str:
    """``body`` made safe; every removal is logged as a warning naming the file."""
    if not settings.get("SANITIZE_ENABLED", True):
        return body
    result = clean(body, schemes_of(settings))
    where = display_path(source)
    for removal in result.removals:
        if (where, removal) not in _reported:
            _reported.add((where, removal))
            logger.warning("%s: removed unsafe HTML from the body: %s", where, removal)
    return result.html


def clean_item(item, settings: dict) -> None:
    """Clean the body of an article, page or hub intro (``_content``, before links resolve)."""
    content = getattr(item, "_content", None)
    if content:
        item._content = clean_html(content, item.source_path, settings)


def schemes_of(settings: dict) -> tuple[str, ...]:
    return tuple(s.lower() for s in settings.get("SANITIZE_URL_SCHEMES",
                                                  DEFAULTS["SANITIZE_URL_SCHEMES"]))


def on_articles_finalized(generator) -> None:
    """Every article scanned on every core (the crew); the few that need repair, here."""
    settings = generator.settings
    if not settings.get("SANITIZE_ENABLED", True):
        return
    articles = [a for a in every_article(generator) if getattr(a, "_content", None)]
    schemes = schemes_of(settings)
    verdicts = crew.spread(lambda article: needs_repair(article._content, schemes), articles)
    for article, unsafe in zip(articles, verdicts, strict=True):
        if unsafe:
            clean_item(article, settings)


def on_pages_finalized(generator) -> None:
    for page in [*generator.pages, *generator.translations, *generator.hidden_pages,
                 *generator.hidden_translations, *generator.draft_pages,
                 *generator.draft_translations]:
        clean_item(page, generator.settings)


def on_all_generators_finalized(generators) -> None:
    """Hub intros, whichever order the hubs plugin's handler of this signal runs in.

    The hubs plugin turns its intro Pages into ``hub.intro_html`` at this same signal:
    cleaning the Pages covers a later run of its handler, cleaning ``intro_html`` an
    earlier one.
    """
    context = generators[0].context
    settings = generators[0].settings
    for intro in (context.get(HUB_INTROS_KEY) or {}).values():
        clean_item(intro, settings)
    world = world_of(context)
    for hub in (world.hubs.values() if world else ()):
        if hub.intro_html:
            hub.intro_html = clean_html(hub.intro_html, hub.source, settings)


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.page_generator_finalized.connect(on_pages_finalized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
