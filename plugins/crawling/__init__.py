"""Crawling plugin: sitemap.xml and robots.txt for search engines.

Every HTML page the writer produces is recorded through Pelican's
``content_written`` signal (so term, hub and author pages of other plugins are
included without knowing them). Every entry carries a ``lastmod``: an article's or page's
``Modified`` or ``Date``; a listing's newest article (``Modified`` or ``Date``) of the page
written (a paginated page's own articles, a hub's members, else the ``articles`` it was
written with); a page with neither (a static page without ``Date``) the newest ``lastmod``
of the sitemap. Pages with versions in other languages (the ``page_alternates`` the editions
plugin puts into the context) list them as ``xhtml:link rel="alternate" hreflang=…``, the
page itself and ``x-default`` included, as in the page's head.

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
XHTML = "http://www.w3.org/1999/xhtml"
ALTERNATES_KEY = "page_alternates"  # context (editions plugin): save_as -> [Alternate]
_pages: dict[str, tuple[str, list]] = {}  # output-relative path -> (lastmod or "", alternates)
# id(list of articles) -> (the list, its newest ISO date): measured once per list; the list is
# kept so that its id is not reused by a later list while the build runs
_newest: dict[int, tuple[object, str]] = {}


def on_initialized(pelican) -> None:
    _pages.clear()
    _newest.clear()
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def stamp_of(item) -> str:
    stamp = getattr(item, "modified", None) or getattr(item, "date", None)
    return stamp.date().isoformat() if stamp else ""


def newest(articles) -> str:
    """The newest Modified-or-Date of a list of articles (each list measured once)."""
    key = id(articles)
    if key not in _newest:
        _newest[key] = (articles, max((stamp_of(a) for a in articles), default=""))
    return _newest[key][1]


def lastmod_of(context: dict) -> str:
    item = context.get("article") or context.get("page")
    if item is not None and stamp_of(item):
        return stamp_of(item)
    listed = context.get("articles_page") or context.get("dates_page")
    if listed is not None:
        return newest(listed.object_list)
    hub = context.get("hub")
    if hub is not None:
        return newest(hub.articles)
    return newest(context.get("articles") or ())


def on_content_written(path: str, context: dict) -> None:
    if not path.endswith(".html") or context.get("PRESS_ON_REQUEST"):
        return  # (pages rendered on request, the live preview's quick pass: no sitemap)
    output = context.get("OUTPUT_PATH") or ""
    relative = (os.path.relpath(path, output) if output else path).replace(os.sep, "/")
    alternates = (context.get(ALTERNATES_KEY) or {}).get(context.get("output_file", relative), [])
    _pages[relative] = (lastmod_of(context), alternates)


def write_sitemap(path: Path, root: str, entries: list[str]) -> None:
    namespaces = f' xmlns:xhtml="{XHTML}"' if root == "urlset" else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="{XMLNS}"{namespaces}>',
             *entries, f"</{root}>\n"]
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
    fallback = max((stamp for stamp, _alternates in _pages.values()), default="")
    for relative in sorted(p for p in _pages if p not in excluded):
        stamp, alternates = _pages[relative]
        lastmod = f"<lastmod>{stamp or fallback}</lastmod>" if stamp or fallback else ""
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{a.hreflang}" '
                        f'href="{escape(base)}/{escape(a.url)}"/>' for a in alternates)
        entries.append(f"<url><loc>{escape(page_url(base, relative))}</loc>{lastmod}{links}"
                       "</url>")
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
    _newest.clear()


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.content_written.connect(on_content_written)
    signals.finalized.connect(on_finalized)
