"""Teasers plugin: each article's teaser card rendered once per build, reused in every listing.

An article appears in many listings: its department, topics and their parents, industries,
audiences, format, authors, hubs, the front page and other articles' related lists. Rendering
its card for each of them was the largest share of writing listings. The theme asks for a
card through the Jinja global ``teaser(macro, article, *args, key=...)``: the first call
renders ``macro(article, *args)``, later calls with the same article, arguments, ``SITEURL``
and ``key`` (the page's interface language) return the same markup.

The cache holds rendered markup only for the current run: it is emptied at ``initialized``
and ``finalized`` (autoreload reuses the process). No settings.
"""

from __future__ import annotations

from jinja2 import pass_context
from pelican import signals

_cards: dict[tuple, str] = {}


@pass_context
def teaser(ctx, macro, article, *args, key: str = ""):
    """``macro(article, *args)``, rendered once per article, arguments, SITEURL and key."""
    cache_key = (macro.name, id(article), args, ctx.get("SITEURL"), key)
    card = _cards.get(cache_key)
    if card is None:
        card = _cards[cache_key] = macro(article, *args)
    return card


def on_initialized(pelican) -> None:
    _cards.clear()


def on_generator_init(generator) -> None:
    generator.env.globals["teaser"] = teaser


def on_finalized(pelican) -> None:
    _cards.clear()


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.finalized.connect(on_finalized)
