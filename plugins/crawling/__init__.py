"""Crawling plugin: sitemap.xml and robots.txt for search engines.

Every HTML page the writer produces is recorded through Pelican's
``content_written`` signal (so term, hub and author pages of other plugins are
included without knowing them); article and page entries carry ``lastmod``.

Settings (defaults): SITEMAP_EXCLUDE (("404.html",)) — output paths left out;
SITEMAP_MAX_URLS (50000, the protocol's limit per file) — beyond it, ``sitemap.xml``
becomes a sitemap index of ``sitemap-1.xml``, ``sitemap-2.xml``, … Needs PUBLIC_URL
(absolute) for the entries.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

from pelican import signals

DEFAULTS = {"SITEMAP_EXCLUDE": ("404.html",), "SITEMAP_MAX_URLS": 50_000}
XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_pages: dict[str, str] = {}  # output-relative path -> lastmod (ISO date) or ""


def on_initialized(pelican) -> None:
    _pages.clear()
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def on_content_written(path: str, context: dict) -> None:
    if not path.endswith(".html"):
        return
    item = context.get("article") or context.get("page")
    stamp = getattr(item, "modified", None) or getattr(item, "date", None)
    output = context.get("OUTPUT_PATH") or ""
    relative = os.path.relpath(path, output) if output else path
    _pages[relative.replace(os.sep, "/")] = stamp.date().isoformat() if stamp else ""


def write_sitemap(path: Path, root: str, entries: list[str]) -> None:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{XMLNS}">', *entries,
             f"</{root}>\n"]
    path.write_text("\n".join(lines), encoding="utf-8")


def page_url(base: str, relative: str) -> str:
    if relative == "index.html":
        return f"{base}/"
    if relative.endswith("/index.html"):
        return f"{base}/{relative[: -len('index.html')]}"
    return f"{base}/{relative}"


def on_finalized(pelican) -> None:
    settings = pelican.settings
    base = (settings.get("PUBLIC_URL") or settings["SITEURL"]).rstrip("/")
    excluded = set(settings["SITEMAP_EXCLUDE"])
    entries = []
    for relative in sorted(p for p in _pages if p not in excluded):
        lastmod = f"<lastmod>{_pages[relative]}</lastmod>" if _pages[relative] else ""
        entries.append(f"<url><loc>{escape(page_url(base, relative))}</loc>{lastmod}</url>")
    output = Path(pelican.output_path)
    limit = max(1, int(settings["SITEMAP_MAX_URLS"]))
    if len(entries) <= limit:
        write_sitemap(output / "sitemap.xml", "urlset", entries)
    else:
        parts = [entries[start:start + limit] for start in range(0, len(entries), limit)]
        for number, part in enumerate(parts, start=1):
            write_sitemap(output / f"sitemap-{number}.xml", "urlset", part)
        write_sitemap(output / "sitemap.xml", "sitemapindex", [
            f"<sitemap><loc>{escape(base)}/sitemap-{number}.xml</loc></sitemap>"
            for number in range(1, len(parts) + 1)])
    (output / "robots.txt").write_text(
        f"User-agent: *\nDisallow:\n\nSitemap: {base}/sitemap.xml\n", encoding="utf-8")
    _pages.clear()


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.content_written.connect(on_content_written)
    signals.finalized.connect(on_finalized)
