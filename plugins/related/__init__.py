"""Related articles by shared topics, in time linear in the number of articles.

For each topic we keep its articles newest first. An article's candidates are
only its RELATED_WINDOW nearest neighbours (by date) in each of its topic lists,
so the work per article is bounded by topics × window, never by the archive.
Candidates are ranked by shared topics, then same language, then closeness in time.

A translation shows its original's related articles.

Settings: RELATED_COUNT (3), RELATED_WINDOW (12). Sets ``article.related``.
After the live preview's ``content_refiled`` (articles moved between topics in memory),
only the articles whose window in a topic list changed are related again.
"""

from __future__ import annotations

import weakref
from collections import Counter

from blinker import signal
from corporate_world import world_of
from pelican import signals

DEFAULTS = {"RELATED_COUNT": 3, "RELATED_WINDOW": 12}
# the topic lists each articles generator's articles were related by (for content_refiled)
_related_by: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class Relating:
    """One pass: each topic's articles, and where each article stands in them."""

    def __init__(self, world, settings: dict):
        self.world = world
        self.count = settings.get("RELATED_COUNT", DEFAULTS["RELATED_COUNT"])
        self.window = settings.get("RELATED_WINDOW", DEFAULTS["RELATED_WINDOW"])
        self.lists = {term.slug: tuple(term.articles)
                      for term in world.taxonomy["topic"].terms.values()}
        self.positions = {slug: {a.source_path: i for i, a in enumerate(articles)}
                          for slug, articles in self.lists.items()}

    def relate(self, article) -> None:
        shared: Counter = Counter()
        for topic in self.world.profile(article).topics:
            members = self.lists[topic.slug]
            here = self.positions[topic.slug][article.source_path]
            for other in members[max(0, here - self.window): here + self.window + 1]:
                if other is not article:
                    shared[other] += 1
        ranked = sorted(shared.items(), key=lambda item: (
            -item[1], item[0].lang != article.lang,
            abs((item[0].date - article.date).total_seconds()), item[0].source_path))
        article.related = [other for other, _ in ranked[:self.count]]

    def near_changes(self, before: Relating) -> set[str]:
        """Source paths of the articles whose window in some topic list differs from
        ``before``'s: those within the window of where the lists differ."""
        near: set[str] = set()
        for slug, now in self.lists.items():
            then = before.lists.get(slug, ())
            if now == then:
                continue
            start = 0
            while start < min(len(now), len(then)) and now[start] is then[start]:
                start += 1
            end = 0  # (common tail)
            while (end < min(len(now), len(then)) - start
                   and now[-1 - end] is then[-1 - end]):
                end += 1
            for articles in (now, then):
                low, high = start - self.window, len(articles) - end + self.window
                near.update(a.source_path for a in articles[max(0, low):max(0, high)])
        return near


def on_articles_finalized(generator) -> None:
    world = world_of(generator.context)
    if world is None:
        return
    relating = Relating(world, generator.settings)
    for article in world.articles:
        relating.relate(article)
    share_with_translations(generator)
    _related_by[generator] = relating


def share_with_translations(generator) -> None:
    for translation in generator.translations:
        original = next((a for a in translation.translations if hasattr(a, "related")), None)
        translation.related = original.related if original else []


def on_content_refiled(generator, context: dict, articles: list) -> None:
    world, before = world_of(context), _related_by.get(generator)
    if world is None or before is None:
        return
    relating = Relating(world, generator.settings)
    near = relating.near_changes(before)
    for article in world.articles:
        if article.source_path in near:
            relating.relate(article)
    share_with_translations(generator)
    _related_by[generator] = relating


def register() -> None:
    signals.article_generator_finalized.connect(on_articles_finalized)
    signal("content_refiled").connect(on_content_refiled)  # sent by the live preview
