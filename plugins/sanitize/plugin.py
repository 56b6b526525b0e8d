"""Where cleaning runs: right after Pelican resolves a body's links, for every consumer.

Pelican keeps a body as Markdown wrote it (``_content``) and resolves ``{filename}``,
``{static}``, ``{index}``, ``|tag|``… placeholders lazily, per site URL, in
``Content._update_content`` (called by ``get_content``, memoized, and for formatted metadata
by ``refresh_metadata_intersite_links``). :func:`install` wraps those two methods once per
process, so whatever asks for a body (templates, feeds, API, hub intros, summaries) gets
the resolved **and cleaned** HTML, whichever plugin asks first:

- ``_update_content``: Pelican's resolution, then :func:`sanitize.cleaner.clean`;
- ``get_content``: that, then the ``content_sanitized`` signal, through which plugins add
  their own trusted markup to the clean body (the dialog plugin's embed placeholders).

At ``all_generators_finalized`` the lead process asks for every article and page body once,
with the site URL its page will be written with: the removal warnings come out there, once,
and the press crew's helpers (forked later) find the bodies ready.

Settings (defaults in ``DEFAULTS``, documented in README.md).
"""

from __future__ import annotations

import logging
import posixpath
from dataclasses import dataclass

from blinker import signal
from corporate_world import every_article
from corporate_world.errors import display_path
from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.utils import get_relative_path, memoized, path_to_url
from press import kept

from sanitize.allowlist import ID_PREFIX, URL_SCHEMES
from sanitize.cleaner import Cleaned, clean, clean_kept

logger = logging.getLogger(__name__)

DEFAULTS: dict = {
    "SANITIZE_ENABLED": True,
    "SANITIZE_URL_SCHEMES": URL_SCHEMES,
    "SANITIZE_ID_PREFIX": ID_PREFIX,
}
# Sent with the clean body of an article or page (sender: the content object, body: a
# FinalBody whose ``html`` receivers may replace). Only plugins' trusted markup is added here.
content_sanitized = signal("content_sanitized")
_reported: set[tuple[str, int]] = set()  # (file, hash of the unresolved HTML) already logged


@dataclass
class FinalBody:
    html: str
    siteurl: str


def on_initialized(pelican) -> None:
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    if not settings["SANITIZE_ENABLED"]:
        settings["SANITIZE_ID_PREFIX"] = ""  # ids stay as written: the toc must not prefix
    _reported.clear()
    install()


def clean_html(body: str, source: str, settings: dict, written: str = "") -> str:
    """``body`` cleaned by the allowlist; every removal is a warning naming the file.

    ``written`` is the HTML before its links were resolved: a body resolved for several
    site URLs (its page, the feeds' absolute one) is reported the first time only.
    """
    if not body or not settings.get("SANITIZE_ENABLED"):
        return body
    schemes = tuple(s.lower() for s in settings["SANITIZE_URL_SCHEMES"])
    if settings.get("PRESS_ON_REQUEST"):
        result = clean_kept(body, schemes, settings["SANITIZE_ID_PREFIX"])
    else:
        result = clean_between_builds(body, schemes, settings["SANITIZE_ID_PREFIX"])
    where = display_path(source or "")
    if result.removals and (where, hash(written or body)) not in _reported:
        _reported.add((where, hash(written or body)))
        for removal in result.removals:
            logger.warning("%s: removed from the HTML: %s", where, removal)
    return result.html


def clean_between_builds(body: str, schemes: tuple[str, ...], prefix: str) -> Cleaned:
    """:func:`clean`, its result kept for the next build (``press.kept``: an unchanged body
    is not cleaned again; its removals are still reported)."""
    table = kept.table("sanitized")
    if table is None:
        return clean(body, schemes, prefix)
    key = kept.key_of(body, "\x00".join(schemes), prefix)
    found = table.get(key)
    if found is not None:
        return Cleaned(*found)
    result = clean(body, schemes, prefix)
    table.put(key, (result.html, tuple(result.removals)))
    return result


def install() -> None:
    """Wrap Pelican's link resolution (once per process; inert in builds without us)."""
    if getattr(Content._update_content, "sanitizes", False):
        return
    resolve = Content._update_content
    pelican_get_content = Content.__dict__["get_content"].func

    def _update_content(self, content: str, siteurl: str) -> str:
        return clean_html(resolve(self, content, siteurl), self.source_path, self.settings,
                          content)

    def get_content(self, siteurl: str) -> str:
        html = pelican_get_content(self, siteurl)
        if "SANITIZE_ENABLED" not in self.settings:  # a build without this plugin
            return html
        body = FinalBody(html, siteurl)
        content_sanitized.send(self, body=body)
        return body.html

    _update_content.sanitizes = True
    Content._update_content = _update_content
    Content.get_content = memoized(get_content)


def page_siteurl(save_as: str, settings: dict) -> str:
    """The site URL Pelican's writer resolves a page's links with."""
    if settings.get("RELATIVE_URLS"):
        return path_to_url(get_relative_path(posixpath.normpath(save_as)))
    return settings.get("SITEURL", "")


def on_all_generators_finalized(generators) -> None:
    """Resolve and clean every article and page body once, in the lead, before the writers
    (pages rendered on request, ``PRESS_ON_REQUEST``, resolve theirs when rendered)."""
    if generators and generators[0].settings.get("PRESS_ON_REQUEST"):
        return
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            items = every_article(generator)
        elif isinstance(generator, PagesGenerator):
            items = [*generator.pages, *generator.translations, *generator.hidden_pages,
                     *generator.hidden_translations, *generator.draft_pages,
                     *generator.draft_translations]
        else:
            continue
        for item in items:
            if item.save_as:
                item.get_content(page_siteurl(item.save_as, generator.settings))


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
