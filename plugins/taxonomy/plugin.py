"""Signal wiring: load the world, validate articles, raise collected errors, write pages.

Settings (defaults in ``DEFAULTS``):
TAXONOMY_FILE   path of the vocabulary inside the content folder
AUTHORS_DIR     folder of author profiles inside the content folder
PROFILE_URL / PROFILE_SAVE_AS    an author's page ({slug}); set AUTHOR_URL to the same
PROFILES_URL / PROFILES_SAVE_AS  the page listing every author
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from corporate_world import (
    CorporateWorld,
    error_report,
    every_article,
    load_authors,
    load_taxonomy,
    world_of,
)
from corporate_world.profile import parse_profile
from corporate_world.world import CONTEXT_KEY
from pelican import signals
from pelican.urlwrappers import Category

from taxonomy.build_log import BuildLogErrors
from taxonomy.pages import FacetPagesGenerator

DEFAULTS = {
    "TAXONOMY_FILE": "taxonomy.yml",
    "AUTHORS_DIR": "authors",
    "PROFILE_URL": "autor/{slug}/",
    "PROFILE_SAVE_AS": "autor/{slug}/index.html",
    "PROFILES_URL": "autoren/",
    "PROFILES_SAVE_AS": "autoren/index.html",
}

_log_errors = BuildLogErrors()


def _setting(settings: dict, key: str):
    return settings.get(key, DEFAULTS[key])


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    _log_errors.start()


def on_pretaxonomy(generator) -> None:
    """Parse every article's metadata once, set its category from Department."""
    settings, context = generator.settings, generator.context
    report = error_report(context)
    content = Path(generator.path)
    taxonomy = load_taxonomy(content / _setting(settings, "TAXONOMY_FILE"), report)
    authors = load_authors(content / _setting(settings, "AUTHORS_DIR"), content, taxonomy, report,
                           _setting(settings, "PROFILE_URL"), _setting(settings, "PROFILE_SAVE_AS"))
    world = CorporateWorld(taxonomy=taxonomy, authors=authors)
    context[CONTEXT_KEY] = world
    by_output: dict[str, list[str]] = defaultdict(list)
    for article in every_article(generator):
        source = article.source_path
        profile = parse_profile(article.metadata, source, content, taxonomy, authors, report)
        world.profiles[article.source_path] = profile
        if profile.department is not None:
            article.category = Category(profile.department.slug, settings)
        by_output[article.url].append(source)  # drafts too: they are written nowhere yet
    for url, sources in by_output.items():
        for source in sources[1:]:
            report.add(source, f"duplicate slug: {url} is also used by {sources[0]}",
                       field="Slug", value=url)
    world.file_articles(generator.articles)


def on_articles_finalized(generator) -> None:
    """Attach profiles after Pelican has pickled its cache, so the cache stays small."""
    world = world_of(generator.context)
    if world is None:
        return
    for article in every_article(generator):
        article.profile = world.profile(article)
        if article.profile is not None:
            article.profile.url = article.url
        for author in getattr(article, "authors", []):
            author.profile = world.authors.get(author.name)
    for author, _articles in generator.authors:
        author.profile = world.authors.get(author.name)


def on_all_generators_finalized(generators) -> None:
    context = generators[0].context
    report = error_report(context)
    for error in _log_errors.take():
        report.errors.append(error)
    report.raise_if_any()


def get_generators(pelican):
    return FacetPagesGenerator


def on_finalized(pelican) -> None:
    _log_errors.stop()


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_pretaxonomy.connect(on_pretaxonomy)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(on_finalized)

