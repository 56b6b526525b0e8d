"""Signal wiring: load the world, validate articles, raise collected errors, write pages.

Settings (defaults in ``DEFAULTS``):
TAXONOMY_FILE   path of the vocabulary inside the content folder
AUTHORS_DIR     folder of author profiles inside the content folder
PROFILE_URL / PROFILE_SAVE_AS    an author's page ({slug}); set AUTHOR_URL to the same
PROFILES_URL / PROFILES_SAVE_AS  the page listing every author

Every term needs a label and a description in each of LANGUAGES (plugins/interface/); the
editions (corporate_world/editions.py) are made here, and pages.py writes the facet, term and
author pages of each edition (the default at its paths, the others under ``<lang>/``).
The live preview's ``content_patched`` signal (an article's body, title, summary or filing
fields replaced in memory) checks that article again; its ``content_refiled`` signal files
every article again and names the term and author pages to lay out again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from blinker import signal
from corporate_world import (
    CorporateWorld,
    error_report,
    every_article,
    load_authors,
    load_taxonomy,
    world_of,
)
from corporate_world.editions import EDITIONS_KEY, make_editions
from corporate_world.errors import display_path
from corporate_world.profile import (
    FILING_FIELDS,
    PLACEHOLDER_DATE,
    field_line,
    parse_profile,
    report_header,
    report_scaffold_text,
    report_series_parts,
    unpublished_articles,
)
from corporate_world.taxonomy import LANGS
from corporate_world.world import CONTEXT_KEY, term_key
from pelican import signals
from pelican.urlwrappers import Category

from taxonomy.build_log import BuildLogErrors
from taxonomy.pages import FacetPagesGenerator

FACET_URLS_KEY = "facet_urls"  # context: facet name -> URL of its index (the navigation)
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


def on_article_context(generator, metadata: dict) -> None:
    """An article without Title or Date stays readable (Pelican would skip it with a bare
    log line); the missing field is reported with the others, naming file and line."""
    on_page_context(generator, metadata)
    if "date" not in metadata and str(metadata.get("status", "")).strip() != "draft":
        metadata["date"] = PLACEHOLDER_DATE


def on_page_context(generator, metadata: dict) -> None:
    metadata.setdefault("title", "(ohne Titel)")


def on_pretaxonomy(generator) -> None:
    """Parse every article's metadata once, set its category from Department."""
    settings, context = generator.settings, generator.context
    report = error_report(context)
    unpublished = {a.source_path for a in unpublished_articles(context, generator)}
    report.mark_unpublished(unpublished, bool(settings.get("SHOW_UNPUBLISHED", False)))
    content = Path(generator.path)
    languages = tuple(settings.get("LANGUAGES") or LANGS)
    taxonomy = load_taxonomy(content / _setting(settings, "TAXONOMY_FILE"), report,
                             langs=languages)
    authors = load_authors(content / _setting(settings, "AUTHORS_DIR"), content, taxonomy, report,
                           _setting(settings, "PROFILE_URL"), _setting(settings, "PROFILE_SAVE_AS"))
    default_lang = settings.get("DEFAULT_LANG") or "de"
    world = CorporateWorld(taxonomy=taxonomy, authors=authors, default_lang=default_lang)
    context[CONTEXT_KEY] = world
    # what every page's navigation needs of the taxonomy: the facet indexes' addresses (pages
    # read these, not the corporate world, so an article edit re-renders only what shows it)
    context[FACET_URLS_KEY] = {name: facet.url for name, facet in taxonomy.facets.items()}
    by_output: dict[str, list] = defaultdict(list)
    for article in every_article(generator):
        source = article.source_path
        published = source not in unpublished
        profile = parse_profile(article.metadata, source, content, taxonomy, authors, report,
                                published=published)
        if published:
            report_scaffold_text(article, report)
        world.profiles[article.source_path] = profile
        file_under_department(article, profile)
        by_output[article.url].append(article)  # drafts too: they are written nowhere yet
    for clashing in by_output.values():
        report_duplicate_slugs(clashing, report)
    report_series_parts(every_article(generator), world.profiles, report)
    file_everything(world, generator)
    context[EDITIONS_KEY] = make_editions(default_lang, languages,
                                          set(world.edition_articles))


def file_under_department(article, profile) -> None:
    """Pelican's category of an article is its department."""
    if profile.department is not None:
        article.category = Category(profile.department.slug, article.settings)


def file_everything(world: CorporateWorld, generator) -> None:
    """Every published article under its terms and authors, in every edition."""
    languages = tuple(generator.settings.get("LANGUAGES") or LANGS)
    world.file_articles(generator.articles)
    world.file_editions([*generator.articles, *generator.translations], languages)


def report_duplicate_slugs(articles: list, report) -> None:
    """Articles written to one URL: the oldest (by date, then path) keeps it, each newer one
    is the error, naming both files and the slug."""
    if len(articles) < 2:
        return
    first, *newer = sorted(articles, key=lambda a: (a.date, a.source_path))
    for article in newer:
        report.add(article.source_path,
                   f"duplicate slug: {display_path(first.source_path)} (dated "
                   f"{first.date:%Y-%m-%d %H:%M}) uses it already; this file is the newer one "
                   "(later date, or later path on the same date): give it its own Slug",
                   field="Slug", value=article.slug,
                   line=field_line(article.metadata, "slug") or 1, rule="duplicate-slug")


def on_pages_finalized(generator) -> None:
    """Header problems of pages (Impressum, Datenschutz, …), with their lines."""
    report = error_report(generator.context)
    for page in [*generator.pages, *generator.translations, *generator.hidden_pages,
                 *generator.hidden_translations]:
        report_header(page.metadata, page.source_path, report)


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
        report.add_error(error)
    report.raise_if_any()


def get_generators(pelican):
    return FacetPagesGenerator


def on_finalized(pelican) -> None:
    _log_errors.stop()


def on_content_patched(item, context: dict, body: bool, fields: frozenset) -> None:
    """The live preview replaced an article's body, title, summary or filing fields in
    memory: drop the profile's copy of the old body, check the article again as above (its
    metadata into a scratch report whose errors are then added, so the preview refreshes
    and reports them). A filing field changed without error: the new profile replaces the
    old one (``content_refiled`` files it)."""
    world = context.get(CONTEXT_KEY)
    profile = world.profiles.get(item.source_path) if world is not None else None
    if profile is None:
        return
    profile.absolute_html = ("", "")
    report = error_report(context)
    published = display_path(item.source_path) not in report.unpublished
    if fields:
        scratch = replace(report, errors=[], warnings=[], held=[])
        fresh = parse_profile(item.metadata, item.source_path, Path(item.settings["PATH"]),
                              world.taxonomy, world.authors, scratch, published=published)
        report.errors.extend(scratch.errors)
        if fields & FILING_FIELDS and not scratch.errors:
            fresh.url = profile.url
            world.profiles[item.source_path] = item.profile = fresh
            file_under_department(item, fresh)
    if body and published:
        report_scaffold_text(item, report)


def on_content_refiled(generator, context: dict, articles: list):
    """The live preview refiled articles in memory: file every one again (one linear pass)
    and have the pages of the terms whose listing changed laid out again (a parent's with
    its child's), with the facet pages."""
    world = context.get(CONTEXT_KEY)
    if world is None:
        return None
    before = filing(world)
    file_everything(world, generator)
    after = filing(world)
    changed = {key for lang, key in before.keys() | after.keys()
               if before.get((lang, key)) != after.get((lang, key))}
    terms = {term_key(term): term for facet in world.taxonomy.facets.values()
             for term in facet.terms.values()}
    for key in list(changed):
        term = terms.get(key)
        while term is not None and term.parent is not None:
            term = term.parent
            changed.add(term_key(term))
    return FacetPagesGenerator, {"terms": changed}


def filing(world: CorporateWorld) -> dict[tuple[str | None, str], list[int]]:
    """(edition, term key) -> the ids of its articles in order (None: the default edition)."""
    filed = {(None, term_key(term)): [id(a) for a in term.articles]
             for facet in world.taxonomy.facets.values() for term in facet.terms.values()}
    for lang, terms in world.edition_terms.items():
        for key, articles in terms.items():
            filed[(lang, key)] = [id(a) for a in articles]
    return filed


def register() -> None:
    signal("content_patched").connect(on_content_patched)  # sent by the live preview
    signal("content_refiled").connect(on_content_refiled)  # sent by the live preview
    signals.initialized.connect(on_initialized)
    signals.article_generator_context.connect(on_article_context)
    signals.article_generator_pretaxonomy.connect(on_pretaxonomy)
    signals.page_generator_context.connect(on_page_context)
    signals.page_generator_finalized.connect(on_pages_finalized)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(on_finalized)

