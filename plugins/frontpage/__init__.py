"""Front page plugin: choose the lead story and the blocks per department and format.

Settings: FRONT_LATEST_PER_DEPARTMENT (3), FRONT_LATEST_PER_FORMAT (4).
Puts ``front_page`` (a :class:`FrontPage`, the default language's) into the context for
``index.html``, and ``front_pages`` (language -> FrontPage) for every language edition
(plugins/editions/ writes their front pages from it). An edition's front page shows that
edition's articles only. An article with ``Lead: true`` leads; without one, the newest
article does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


def on_articles_finalized(generator) -> None:
    world = world_of(generator.context)
    if world is None:
        return
    settings = generator.settings
    per_dept = settings.get("FRONT_LATEST_PER_DEPARTMENT", DEFAULTS["FRONT_LATEST_PER_DEPARTMENT"])
    per_format = settings.get("FRONT_LATEST_PER_FORMAT", DEFAULTS["FRONT_LATEST_PER_FORMAT"])
    editions = generator.context.get(EDITIONS_KEY) or {world.default_lang: None}
    pages = {lang: front_page(world, lang, per_dept, per_format) for lang in editions}
    generator.context["front_pages"] = pages
    generator.context["front_page"] = pages[world.default_lang]


def register() -> None:
    signals.article_generator_finalized.connect(on_articles_finalized)
