"""Reading plugin: word count, reading time and a table of contents for long articles.

Settings: READING_WORDS_PER_MINUTE (200), TOC_MIN_WORDS (450), TOC_MIN_HEADINGS (3).
Sets on each article: ``reading_time`` (minutes), ``toc`` (list of
:class:`Heading`, empty for short pieces). Headings get their ids from Markdown's
``toc`` extension, which pelicanconf enables. The live preview's ``content_patched`` signal
(an article's body replaced in memory) measures that article again.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from blinker import signal
from corporate_world import every_article
from pelican import signals

DEFAULTS = {"READING_WORDS_PER_MINUTE": 200, "TOC_MIN_WORDS": 450, "TOC_MIN_HEADINGS": 3}
MEASURED_KEPT = 50_000  # bodies whose reading time and contents are kept
_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r'<h([23])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


def plain_text(fragment: str) -> str:
    return html.unescape(_TAG.sub(" ", fragment))


def measure(article, settings: dict) -> None:
    reading_time, toc = measured(
        getattr(article, "_content", "") or "",
        settings.get("READING_WORDS_PER_MINUTE", DEFAULTS["READING_WORDS_PER_MINUTE"]),
        settings.get("SANITIZE_ID_PREFIX", ""),  # the sanitizer prefixes content ids
        settings.get("TOC_MIN_WORDS", DEFAULTS["TOC_MIN_WORDS"]),
        settings.get("TOC_MIN_HEADINGS", DEFAULTS["TOC_MIN_HEADINGS"]))
    article.reading_time, article.toc = reading_time, list(toc)


@lru_cache(maxsize=MEASURED_KEPT)
def measured(source: str, per_minute: int, prefix: str, min_words: int,
             min_headings: int) -> tuple[int, tuple[Heading, ...]]:
    """(reading time, table of contents) of a body; kept, since the live preview's process
    measures the same unchanged bodies again on every save."""
    words = len(plain_text(source).split())
    headings = tuple(Heading(int(level), anchor if anchor.startswith(prefix) else prefix + anchor,
                             " ".join(plain_text(text).split()))
                     for level, anchor, text in _HEADING.findall(source))
    long_enough = words >= min_words
    enough_headings = sum(h.level == 2 for h in headings) >= min_headings
    return max(1, round(words / per_minute)), headings if long_enough and enough_headings else ()


def on_articles_finalized(generator) -> None:
    for article in every_article(generator):
        measure(article, generator.settings)


def on_content_patched(item, context: dict, body: bool, fields: frozenset) -> None:
    """The live preview replaced an article's body in memory: measure it again."""
    if body and hasattr(item, "reading_time"):
        measure(item, item.settings)


def register() -> None:
    signals.article_generator_finalized.connect(on_articles_finalized)
    signal("content_patched").connect(on_content_patched)  # sent by the live preview
