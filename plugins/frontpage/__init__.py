"""Front page plugin: choose the lead story and the blocks per department and format.

Settings: FRONT_LATEST_PER_DEPARTMENT (3), FRONT_LATEST_PER_FORMAT (4).
Puts ``front_page`` (a :class:`FrontPage`) into the context for ``index.html``.
An article with ``Lead: true`` leads; without one, the newest article does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from corporate_world import Term, world_of
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


def on_articles_finalized(generator) -> None:
    world = world_of(generator.context)
    if world is None:
        return
    settings = generator.settings
    leads = [a for a in world.articles if world.profile(a).lead]
    lead = leads[0] if leads else (world.articles[0] if world.articles else None)

    def block(term: Term, size: int) -> Block:
        return Block(term, [a for a in term.articles[: size + 1] if a is not lead][:size])

    per_dept = settings.get("FRONT_LATEST_PER_DEPARTMENT", DEFAULTS["FRONT_LATEST_PER_DEPARTMENT"])
    per_format = settings.get("FRONT_LATEST_PER_FORMAT", DEFAULTS["FRONT_LATEST_PER_FORMAT"])
    generator.context["front_page"] = FrontPage(
        lead=lead,
        latest=[a for a in world.articles[:7] if a is not lead][:6],
        departments=[block(t, per_dept) for t in world.taxonomy["department"].terms.values()
                     if t.articles],
        formats=[block(t, per_format) for t in world.taxonomy["format"].terms.values()
                 if t.articles],
    )


def register() -> None:
    signals.article_generator_finalized.connect(on_articles_finalized)
