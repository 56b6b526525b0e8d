"""Signal wiring: arrange each series' published parts, navigate between them, write its pages.

Settings (defaults in ``DEFAULTS``, documented in README.md):
SERIES_URL / SERIES_SAVE_AS             a series' page in DEFAULT_LANG ({slug})
SERIES_LANG_URL / SERIES_LANG_SAVE_AS   its page in another language ({lang}, {slug})
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from corporate_world import world_of
from corporate_world.taxonomy import Series
from pelican import signals
from pelican.generators import Generator

DEFAULTS = {
    "SERIES_URL": "serie/{slug}/",
    "SERIES_SAVE_AS": "serie/{slug}/index.html",
    "SERIES_LANG_URL": "{lang}/serie/{slug}/",
    "SERIES_LANG_SAVE_AS": "{lang}/serie/{slug}/index.html",
}
CONTEXT_KEY = "series_editions"  # context: every SeriesEdition of this build, by title


@dataclass(eq=False)
class SeriesEdition:
    """A series in one language: its published parts in reading order, and its page.

    ``lang`` (and ``date``, the newest part's) let the interface and the sitemap treat the
    series page like a page of that language.
    """

    series: Series
    lang: str
    url: str
    save_as: str
    parts: list = field(default_factory=list)  # published articles, by part number
    total: int = 0  # "Teil 2 von N": the highest part number this build publishes
    alternates: list = field(default_factory=list)  # the same series in other languages
    unpublished = None  # never a draft itself: the theme's publication marks ask

    @property
    def title(self) -> str:
        return self.series.label(self.lang)

    @property
    def description(self) -> str:
        return self.series.description(self.lang)

    @property
    def date(self):
        return max(part.date for part in self.parts)


@dataclass(eq=False)
class PartNav:
    """What an article in a series shows: its number, the parts, the previous and next one."""

    edition: SeriesEdition
    part: int
    previous: object | None = None
    next: object | None = None


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def edition_address(settings: dict, slug: str, lang: str) -> tuple[str, str]:
    """(url, save_as) of a series' page in ``lang``."""
    if lang == settings.get("DEFAULT_LANG", "de"):
        return (settings["SERIES_URL"].format(slug=slug),
                settings["SERIES_SAVE_AS"].format(slug=slug))
    return (settings["SERIES_LANG_URL"].format(slug=slug, lang=lang),
            settings["SERIES_LANG_SAVE_AS"].format(slug=slug, lang=lang))


def on_articles_finalized(generator) -> None:
    """Group the published articles (originals and translations) by series and language.

    Only Pelican's published lists are read: in a production build drafts and scheduled
    articles are in none of them, so no part navigation or series page names them.
    """
    world = world_of(generator.context)
    if world is None:
        return
    settings = generator.settings
    editions: dict[tuple[str, str], SeriesEdition] = {}
    for article in [*generator.articles, *generator.translations]:
        article.series_nav = None
        profile = world.profile(article)
        if profile is None or profile.series is None:
            continue
        key = (profile.series.slug, article.lang)
        if key not in editions:
            url, save_as = edition_address(settings, profile.series.slug, article.lang)
            editions[key] = SeriesEdition(profile.series, article.lang, url, save_as)
        editions[key].parts.append(article)
    for edition in editions.values():
        # a duplicate part number is a content error; the order stays defined anyway
        edition.parts.sort(key=lambda a: (world.profile(a).series_part, a.date, a.source_path))
        parts = edition.parts
        edition.total = world.profile(parts[-1]).series_part
        for index, article in enumerate(parts):
            article.series_nav = PartNav(
                edition, world.profile(article).series_part,
                previous=parts[index - 1] if index > 0 else None,
                next=parts[index + 1] if index + 1 < len(parts) else None)
    languages: dict[str, list[SeriesEdition]] = defaultdict(list)  # slug -> its editions
    for (slug, _lang), edition in sorted(editions.items()):
        languages[slug].append(edition)
    for (slug, _lang), edition in editions.items():
        edition.alternates = [other for other in languages[slug] if other is not edition]
    generator.context[CONTEXT_KEY] = sorted(
        editions.values(), key=lambda e: (e.lang, e.title.casefold(), e.series.slug))


class SeriesPagesGenerator(Generator):
    """Writes one page per series and language: its description and its parts in order."""

    press_shared = True  # writes through the writer only

    def generate_output(self, writer) -> None:
        relative = self.settings["RELATIVE_URLS"]
        for edition in self.context.get(CONTEXT_KEY, ()):
            writer.write_file(edition.save_as, self.get_template("series"), self.context,
                              relative_urls=relative, url=edition.url, series=edition,
                              page=edition, page_name=edition.url.rstrip("/"))


def get_generators(pelican):
    return SeriesPagesGenerator


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.get_generators.connect(get_generators)
