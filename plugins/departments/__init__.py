"""Departments plugin: a department as a reading path — featured articles at the top of its
page, and previous/next within the department on each of its articles.

Settings (defaults in ``DEFAULTS``):
DEPARTMENT_FEATURED_COUNT   how many ``Featured: true`` articles, newest first, lead a
                            department's page (its first page only); 0 turns it off

Sets ``article.department_nav`` (a :class:`DepartmentNav`: ``department``, ``previous`` — the
next older article — and ``next`` — the next newer one) on every published article and
translation, and puts ``featured_articles`` into the context: ``{lang: {department slug:
[articles]}}``. Both read only Pelican's published lists and group by language, so a German
article steps through German ones, an English one through English ones, and a production
build (drafts and scheduled articles in no list) never names an unpublished article.
After the live preview's ``content_refiled`` both are made again, the context's dictionary
updated in place (the pages kept in memory hold it).
"""

from __future__ import annotations

from dataclasses import dataclass

from blinker import signal
from corporate_world import Term, world_of
from pelican import signals

DEFAULTS = {"DEPARTMENT_FEATURED_COUNT": 3}
CONTEXT_KEY = "featured_articles"


@dataclass(eq=False)
class DepartmentNav:
    department: Term
    previous: object | None = None  # older
    next: object | None = None  # newer


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def on_articles_finalized(generator) -> None:
    world = world_of(generator.context)
    if world is not None:
        generator.context[CONTEXT_KEY] = shelve(generator, world)


def on_content_refiled(generator, context: dict, articles: list) -> None:
    world = world_of(context)
    featured = context.get(CONTEXT_KEY)
    if world is not None and isinstance(featured, dict):
        fresh = shelve(generator, world)
        featured.clear()
        featured.update(fresh)


def shelve(generator, world) -> dict[str, dict[str, list]]:
    """Each article's department navigation set; the featured articles returned."""
    count = int(generator.settings.get("DEPARTMENT_FEATURED_COUNT",
                                       DEFAULTS["DEPARTMENT_FEATURED_COUNT"]))
    shelves: dict[tuple[str, str], list] = {}  # (lang, department slug) -> articles
    for article in [*generator.articles, *generator.translations]:
        article.department_nav = None
        profile = world.profile(article)
        if profile is not None and profile.department is not None:
            shelves.setdefault((article.lang, profile.department.slug), []).append(article)
    featured: dict[str, dict[str, list]] = {}
    for (lang, slug), articles in sorted(shelves.items()):
        articles.sort(key=lambda a: (a.date, a.source_path))  # oldest first
        department = world.profile(articles[0]).department
        for index, article in enumerate(articles):
            article.department_nav = DepartmentNav(
                department, previous=articles[index - 1] if index > 0 else None,
                next=articles[index + 1] if index + 1 < len(articles) else None)
        chosen = [a for a in reversed(articles) if world.profile(a).featured][:count]
        if chosen:
            featured.setdefault(lang, {})[slug] = chosen
    return featured


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signal("content_refiled").connect(on_content_refiled)  # sent by the live preview
