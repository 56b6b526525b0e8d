"""Front page plugin: choose the lead story and the blocks per department and format.

Settings: FRONT_LATEST_PER_DEPARTMENT (3), FRONT_LATEST_PER_FORMAT (4).
Puts ``front_page`` (a :class:`FrontPage`, the default language's) into the context for
``index.html``, and ``front_pages`` (language -> FrontPage) for every language edition
(plugins/editions/ writes their front pages from it). An edition's front page shows that
edition's articles only. An article with ``Lead: true`` leads; without one, the newest
article does. After the live preview's ``content_refiled`` the front pages are chosen again
into the same objects (the pages kept in memory hold them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from blinker import signal
from corporate_world import CorporateWorld, Term, world_of
from corporate_world.editions import EDITIONS_KEY
from pelican import signals

DEFAULTS = {"FRONT_LATEST_PER_DEPARTMENT": 3, "FRONT_LATEST_PER_FORMAT": 4}


@dataclass
class Block:
    term: Term
    articles: list


@dataclass
class FrontPage:
    lead: object | None
    latest: list = field(default_factory=list)
    departments: list[Block] = field(default_factory=list)
    formats: list[Block] = field(default_factory=list)


def front_page(world: CorporateWorld, lang: str, per_dept: int, per_format: int) -> FrontPage:
    articles = world.listing(lang)
    leads = [a for a in articles if world.profile(a).lead]
    lead = leads[0] if leads else (articles[0] if articles else None)

    def block(term: Term, size: int) -> Block | None:
        filed = world.term_articles(term, lang)
        if not filed:
            return None
        return Block(term, [a for a in filed[: size + 1] if a is not lead][:size])

    return FrontPage(
        lead=lead,
        latest=[a for a in articles[:7] if a is not lead][:6],
        departments=[b for t in world.taxonomy["department"].terms.values()
                     if (b := block(t, per_dept))],
        formats=[b for t in world.taxonomy["format"].terms.values()
                 if (b := block(t, per_format))],
    )


def front_pages(context: dict, settings: dict) -> dict[str, FrontPage] | None:
    """Every edition's front page (None without a corporate world)."""
    world = world_of(context)
    if world is None:
        return None
    per_dept = settings.get("FRONT_LATEST_PER_DEPARTMENT", DEFAULTS["FRONT_LATEST_PER_DEPARTMENT"])
    per_format = settings.get("FRONT_LATEST_PER_FORMAT", DEFAULTS["FRONT_LATEST_PER_FORMAT"])
    editions = context.get(EDITIONS_KEY) or {world.default_lang: None}
    return {lang: front_page(world, lang, per_dept, per_format) for lang in editions}


def on_articles_finalized(generator) -> None:
    pages = front_pages(generator.context, generator.settings)
    if pages is not None:
        generator.context["front_pages"] = pages
        generator.context["front_page"] = pages[world_of(generator.context).default_lang]


def on_content_refiled(generator, context: dict, articles: list) -> None:
    pages, kept = front_pages(context, generator.settings), context.get("front_pages")
    for lang, page in (pages or {}).items():
        if kept and lang in kept:
            vars(kept[lang]).update(vars(page))


def register() -> None:
    signals.article_generator_finalized.connect(on_articles_finalized)
    signal("content_refiled").connect(on_content_refiled)  # sent by the live preview
