"""Search plugin: a search page, and a Pagefind index written after every build.

Pagefind (PyPI ``pagefind[bin]``) indexes the built HTML into static files, so
search runs in the reader's browser against our own origin: no search service,
no third party. Only elements marked ``data-pagefind-body`` (articles) are indexed.

Settings (defaults):
SEARCH_ENABLED   True   run the indexer after the build
SEARCH_LANGUAGE  "de"   one index for the whole magazine (English pages included)
SEARCH_URL       "suche/"
SEARCH_SAVE_AS   "suche/index.html"
"""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

DEFAULTS = {"SEARCH_ENABLED": True, "SEARCH_LANGUAGE": "de", "SEARCH_URL": "suche/",
            "SEARCH_SAVE_AS": "suche/index.html"}


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


def on_finalized(pelican) -> None:
    settings = pelican.settings
    if not settings["SEARCH_ENABLED"]:
        return
    command = [sys.executable, "-m", "pagefind", "--site", str(pelican.output_path),
               "--force-language", settings["SEARCH_LANGUAGE"], "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"pagefind failed: {result.stderr or result.stdout}")


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(on_finalized)
