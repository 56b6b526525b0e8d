"""Assets plugin: minify the theme's CSS and JavaScript in the output.

Readers on phones pay for every byte; the page-weight budget (PAGE_BUDGET_KB)
counts HTML + CSS + JS. The sources in theme/static stay commented and readable;
only the copies under ``output/theme/`` are minified, with rcssmin and rjsmin
(small, well-kept minifiers that don't change what the code means).

Settings (defaults): ASSETS_MINIFY (True).
"""

from __future__ import annotations

from pathlib import Path

import rcssmin
import rjsmin
from pelican import signals

DEFAULTS = {"ASSETS_MINIFY": True}


def minify_folder(folder: Path) -> int:
    """Minify every .css and .js below ``folder``; returns the bytes saved."""
    saved = 0
    for file in sorted(folder.rglob("*")):
        if file.suffix not in (".css", ".js") or file.name.endswith((".min.js", ".min.css")):
            continue
        text = file.read_text(encoding="utf-8")
        small = rcssmin.cssmin(text) if file.suffix == ".css" else rjsmin.jsmin(text)
        if small != text:
            file.write_text(small, encoding="utf-8")
            saved += len(text.encode()) - len(small.encode())
    return saved


def on_finalized(pelican) -> None:
    if pelican.settings.get("ASSETS_MINIFY", DEFAULTS["ASSETS_MINIFY"]):
        theme_output = Path(pelican.output_path) / pelican.settings.get("THEME_STATIC_DIR", "theme")
        if theme_output.is_dir():
            minify_folder(theme_output)


def register() -> None:
    signals.finalized.connect(on_finalized)
