"""importer — moves an old blog (WordPress WXR, an RSS/Atom feed, a Hugo, Jekyll or Pelican
folder) into the magazine: articles, pages, authors, images, redirects and comments.

A library for ``./magazine import`` (tasks.py), not a Pelican plugin; see README.md.
"""

from __future__ import annotations

from pathlib import Path

from importer.model import ImportFailure, Source
from importer.run import Options, Result, run_import

DEFAULTS = {"IMPORT_KEEP_EMAILS": False}  # keep commenters' and authors' e-mail addresses

__all__ = ["DEFAULTS", "ImportFailure", "Options", "Result", "read_source", "run_import"]


def read_source(kind: str, location: str, flavour: str = "") -> Source:
    """The old site as a Source: kind is wordpress, feed or folder (with flavour)."""
    if kind == "wordpress":
        from importer.wordpress import read_wordpress

        if not Path(location).is_file():
            raise ImportFailure(f"{location}: no such file")
        return read_wordpress(Path(location))
    if kind == "feed":
        from importer.sources import read_feed

        return read_feed(location)
    if kind == "folder":
        from importer.sources import read_folder

        return read_folder(Path(location), flavour)
    raise ImportFailure(f"unknown source {kind!r}: wordpress, feed or folder")
