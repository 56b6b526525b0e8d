"""Search plugin: a search page, and a Pagefind index written after every build.

Pagefind (PyPI ``pagefind[bin]``) indexes the built HTML into static files, so
search runs in the reader's browser against our own origin: no search service,
no third party. Only article pages are indexed (``SEARCH_GLOB``; inside them the
element marked ``data-pagefind-body``). The indexer starts as soon as Pelican has
written the articles and runs on the second core while the other pages are
written; the build waits for it at the end and fails if it failed.

Settings (defaults):
SEARCH_ENABLED   True   run the indexer after the build
SEARCH_LANGUAGE  "de"   one index for the whole magazine (English pages included)
SEARCH_URL       "suche/"
SEARCH_SAVE_AS   "suche/index.html"
SEARCH_GLOB      "{artikel,*/artikel}/**/*.html"   the article pages (match ARTICLE_SAVE_AS)
"""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlsplit

from corporate_world import crew
from pelican import signals
from pelican.generators import Generator

DEFAULTS = {"SEARCH_ENABLED": True, "SEARCH_LANGUAGE": "de", "SEARCH_URL": "suche/",
            "SEARCH_SAVE_AS": "suche/index.html", "SEARCH_GLOB": "{artikel,*/artikel}/**/*.html"}
_indexer: list[subprocess.Popen] = []  # the running indexer of this build, if any


class SearchIndexError(RuntimeError):
    """The indexer failed; the build must not be published half-done."""


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


class SearchPageGenerator(Generator):
    def generate_output(self, writer) -> None:
        if not self.settings["SEARCH_ENABLED"]:
            return
        root_path = urlsplit(self.settings.get("PUBLIC_URL") or self.settings["SITEURL"]).path
        writer.write_file(self.settings["SEARCH_SAVE_AS"], self.get_template("search"),
                          self.context, relative_urls=self.settings["RELATIVE_URLS"],
                          url=self.settings["SEARCH_URL"], page_name="suche",
                          search_base_path=root_path.rstrip("/") + "/")


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
    if not settings["SEARCH_ENABLED"]:
        return
    crew.checkpoint("articles written")
    if not crew.is_lead():
        return
    command = [*indexer(), "--site", str(generator.output_path),
               "--glob", settings["SEARCH_GLOB"],
               "--force-language", settings["SEARCH_LANGUAGE"], "--quiet"]
    _indexer.append(subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True))


def on_finalized(pelican) -> None:
    while _indexer:
        process = _indexer.pop()
        output, _ = process.communicate()
        if process.returncode != 0:
            raise SearchIndexError(f"pagefind failed: {output}")


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(get_generators)
    signals.article_writer_finalized.connect(on_articles_written)
    signals.finalized.connect(on_finalized)
