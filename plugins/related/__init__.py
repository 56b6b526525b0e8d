"""Related articles by shared topics, in time linear in the number of articles.

For each topic we keep its articles newest first. An article's candidates are
only its RELATED_WINDOW nearest neighbours (by date) in each of its topic lists,
so the work per article is bounded by topics × window, never by the archive.
Candidates are ranked by shared topics, then same language, then closeness in time.

A translation shows its original's related articles.

Settings: RELATED_COUNT (3), RELATED_WINDOW (12). Sets ``article.related``.
"""

from __future__ import annotations

from collections import Counter

from corporate_world import world_of
from pelican import signals

DEFAULTS = {"RELATED_COUNT": 3, "RELATED_WINDOW": 12}


def on_articles_finalized(generator) -> None:
    world = world_of(generator.context)
    if world is None:
        return
    count = generator.settings.get("RELATED_COUNT", DEFAULTS["RELATED_COUNT"])
    window = generator.settings.get("RELATED_WINDOW", DEFAULTS["RELATED_WINDOW"])
    positions = {}
    for facet_term in world.taxonomy["topic"].terms.values():
        positions[facet_term.slug] = {a.source_path: i for i, a in enumerate(facet_term.articles)}
    for article in world.articles:
        profile = world.profile(article)
        shared: Counter = Counter()
        for topic in profile.topics:
            members = topic.articles
            here = positions[topic.slug][article.source_path]
            for other in members[max(0, here - window): here + window + 1]:
                if other is not article:
                    shared[other] += 1
        ranked = sorted(shared.items(), key=lambda item: (
            -item[1], item[0].lang != article.lang,
            abs((item[0].date - article.date).total_seconds()), item[0].source_path))
        article.related = [other for other, _ in ranked[:count]]
    for translation in generator.translations:
        original = next((a for a in translation.translations if hasattr(a, "related")), None)
        translation.related = original.related if original else []


def register() -> None:
    signals.article_generator_finalized.connect(on_articles_finalized)
