"""Search plugin: a search page, and a Pagefind index written after every build.

Pagefind (PyPI ``pagefind[bin]``) indexes the built HTML into static files, so
search runs in the reader's browser against our own origin: no search service,
no third party. Only article pages are indexed (``SEARCH_GLOB``; inside them the
element marked ``data-pagefind-body``), each in its own language (``<html lang>``: German
pages stemmed as German, English as English); the search page searches every language's
index. ``search_filters(article)`` gives the filters an article page carries
(department, format, topics, language), printed by ``partials/search_filters.html``.
The indexer starts as soon as Pelican has written the articles and runs on the second
core while the other pages are written; the build waits for it at the end and fails if
it failed.

Settings (defaults):
SEARCH_ENABLED   True   run the indexer after the build
SEARCH_LANGUAGE  None   None: every page in its own language; a code forces one for all
SEARCH_LANGUAGE_NAMES  {"de": "Deutsch", "en": "English"}   the language filter's values
SEARCH_URL       "suche/"
SEARCH_SAVE_AS   "suche/index.html"
SEARCH_GLOB      "{artikel,*/artikel}/**/*.html"   the article pages (match ARTICLE_SAVE_AS)
SEARCH_SHARD_SIZE  500   article pages per index shard (search/shards.py)
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator
from press import crew

from search import shards

DEFAULTS = {"SEARCH_ENABLED": True, "SEARCH_LANGUAGE": None, "SEARCH_URL": "suche/",
            "SEARCH_SAVE_AS": "suche/index.html", "SEARCH_GLOB": "{artikel,*/artikel}/**/*.html",
            "SEARCH_LANGUAGE_NAMES": {"de": "Deutsch", "en": "English"},
            "SEARCH_SHARD_SIZE": 500}
FILTERS = ("department", "format", "topic", "language")  # the search page's filter order
_indexer: list[shards.Indexer] = []  # this build's indexing, if any


class SearchIndexError(RuntimeError):
    """The indexer failed; the build must not be published half-done."""


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    _indexer.clear()


class SearchPageGenerator(Generator):
    def generate_output(self, writer) -> None:
        if not self.settings["SEARCH_ENABLED"]:
            return
        root_path = urlsplit(self.settings.get("PUBLIC_URL") or self.settings["SITEURL"]).path
        writer.write_file(self.settings["SEARCH_SAVE_AS"], self.get_template("search"),
                          self.context, relative_urls=self.settings["RELATIVE_URLS"],
                          url=self.settings["SEARCH_URL"], page_name="suche",
                          search_base_path=root_path.rstrip("/") + "/",
                          search_filter_names=FILTERS)


@pass_context
def search_filters(ctx, article) -> list[dict]:
    """Pagefind filters of an article page: name and value, labels in DEFAULT_LANG so that
    German and English articles share one value per department, format and topic."""
    profile = getattr(article, "profile", None)  # the taxonomy plugin's, valid articles only
    if profile is None:
        return []
    lang = ctx.get("DEFAULT_LANG") or "de"
    names = ctx.get("SEARCH_LANGUAGE_NAMES") or DEFAULTS["SEARCH_LANGUAGE_NAMES"]
    found = [("department", profile.department), ("format", profile.format)]
    found += [("topic", topic) for topic in profile.topics]
    filters = [{"name": name, "value": term.label(lang)} for name, term in found if term]
    filters.append({"name": "language", "value": names.get(article.lang, article.lang)})
    return filters


def on_generator_init(generator) -> None:
    generator.env.globals["search_filters"] = search_filters


def get_generators(pelican):
    return SearchPageGenerator


def indexer() -> list[str]:
    """Pagefind's binary itself (PyPI ``pagefind[bin]``), else its Python launcher."""
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except (ImportError, OSError):
        return [sys.executable, "-m", "pagefind"]


def on_articles_written(generator, writer) -> None:
    """Start indexing the article pages while the rest of the site is written.

    Every process of the press must have written its articles first; the lead starts.
    """
    settings = generator.settings
    if not settings["SEARCH_ENABLED"] or settings.get("PRESS_ON_REQUEST"):
        return  # (pages rendered on request are not on disk to index)
    crew.checkpoint("articles written")
    if not crew.is_lead():
        return
    command = [*indexer()]
    if settings["SEARCH_LANGUAGE"]:
        command += ["--force-language", settings["SEARCH_LANGUAGE"]]
    output = Path(generator.output_path)
    pages = shards.article_pages(output, settings["SEARCH_GLOB"])
    job = shards.Indexer(command, output, shards.plan(pages, int(settings["SEARCH_SHARD_SIZE"])))
    job.start()
    _indexer.append(job)


def on_finalized(pelican) -> None:
    while _indexer:
        failure = _indexer.pop().finish()
        if failure:
            raise SearchIndexError(f"pagefind failed: {failure}")


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(on_generator_init)
    signals.article_writer_finalized.connect(on_articles_written)
    signals.finalized.connect(on_finalized)
