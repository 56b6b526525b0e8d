"""Build the content model without writing the site, for ``./magazine hubs``.

Pelican's article generator reads and files every article and fires the same
signals as in a real build, so the taxonomy and hubs plugins build the same
corporate world and coverage report; no generator writes anything.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from corporate_world import error_report
from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings

from hubs.plugin import COVERAGE_KEY


def coverage_of(settings_file: Path, content: Path) -> dict:
    """The coverage report of ``content``; content errors raise ContentErrors (exit code 2)."""
    with tempfile.TemporaryDirectory(prefix="hubs-dry-run-") as scratch:
        settings = read_settings(str(settings_file), override={
            "PATH": str(content), "OUTPUT_PATH": str(Path(scratch) / "output"),
            "CACHE_PATH": str(Path(scratch) / "cache"), "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False})
        pelican = Pelican(settings)
        context = pelican.settings.copy()
        context.update(generated_content={}, static_links=set(), static_content={},
                       localsiteurl=pelican.settings["SITEURL"])
        articles = ArticlesGenerator(context=context, settings=pelican.settings,
                                     path=pelican.path, theme=pelican.theme,
                                     output_path=pelican.output_path)
        articles.generate_context()
        # raises the collected content errors; ``finalized`` is not sent: nothing was written
        signals.all_generators_finalized.send([articles])
        error_report(context).raise_if_any()
        return context[COVERAGE_KEY]
