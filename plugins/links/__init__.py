"""links plugin: every link and image in the bodies the build writes must lead somewhere.

Checks each article and page body after Pelican resolved its ``{filename}`` and ``{static}``
links, against the set of URLs the build writes (articles, pages, static files and content
images, term, author and hub pages, the plugins' own pages), in one pass per body. Runs when
the static files are known (``static_generator_finalized``), before anything is written; the
errors go to the build's report, naming file and line. See README.md.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from blinker import signal
from corporate_world import error_report, world_of
from corporate_world.errors import display_path
from corporate_world.profile import is_unpublished, safe_file_name, unpublished_articles
from pelican import signals
from pelican.contents import Content
from pelican.utils import get_relative_path, path_to_url

from links.checker import Reference, Site, line_in_source, references

DEFAULTS: dict = {
    "LINKS_ENABLED": True,
    # URL prefixes written by plugins that know their own files (not checked link by link)
    "LINKS_UNCHECKED": ("feeds/", "api/", "theme/", "pagefind/", "dialog/", "comments/",
                        "sitemap.xml", "robots.txt"),
}
CONTEXT_KEY = "links_check"  # this build's BodyCheck
SETTINGS_URLS = ("ARCHIVES_URL", "HUBS_URL", "PROFILES_URL", "SEARCH_URL", "FEEDS_PAGE_URL")
_generators: dict[str, object] = {}  # this run's articles and pages generators


@dataclass
class KeptChecks:
    """The live preview's pass (``PRESS_ON_REQUEST``) checks every body again after any
    save: a body whose text, address and status are what they were, checked against the
    same site, has the same problems as last time. Kept across runs in that process only,
    dropped whenever the site (its URLs, unpublished articles, bases) is another."""

    site: tuple | None = None
    bodies: dict = field(default_factory=dict)  # source path -> (body key, problems)

    def start(self, check: BodyCheck) -> None:
        site = (frozenset(check.site.urls), check.site.unchecked, check.site.bases,
                check.site.root, check.show,
                frozenset((url, item.source_path) for url, item in check.waiting.items()))
        if site != self.site:
            self.site, self.bodies = site, {}


_kept = KeptChecks()


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    _generators.clear()
    if not pelican.settings.get("PRESS_ON_REQUEST"):
        _kept.site, _kept.bodies = None, {}


def on_articles_finalized(generator) -> None:
    _generators["articles"] = generator


def on_pages_finalized(generator) -> None:
    _generators["pages"] = generator


def written_items(articles, pages) -> list:
    """Every article and page a build may write: published, translated, hidden, unpublished."""
    items = []
    if articles is not None:
        items += [*articles.articles, *articles.translations, *articles.hidden_articles,
                  *articles.hidden_translations, *articles.drafts, *articles.drafts_translations]
    if pages is not None:
        items += [*pages.pages, *pages.translations, *pages.hidden_pages,
                  *pages.hidden_translations]
    return items


def site_of(context: dict, settings: dict, published: list[str]) -> Site:
    """The URLs this build writes, as one set (``published``: the bodies' URLs)."""
    urls = {"", *published}
    urls.update(str(item.url) for item in context.get("staticfiles", ())
                if os.path.exists(item.source_path))  # a {static} link to a missing file is one
    world = world_of(context)
    if world is not None:
        for facet in world.taxonomy.facets.values():
            urls.add(facet.url)
            urls.update(term.url for term in facet.terms.values())
        urls.update(author.url for author in world.authors.values())
        urls.update(hub.url for hub in world.hubs.values())
    urls.update(str(settings[key]) for key in SETTINGS_URLS if settings.get(key))
    urls.update(str(target) for target in (settings.get("TEMPLATE_PAGES") or {}).values())
    bases = tuple(sorted({str(settings.get(key) or "").rstrip("/") for key in
                          ("SITEURL", "PUBLIC_URL")} - {""}))
    root = next((base.split("://", 1)[1].partition("/")[2] for base in bases
                 if "://" in base), "")
    return Site(urls={url.lstrip("/") for url in urls},
                unchecked=tuple(settings.get("LINKS_UNCHECKED", DEFAULTS["LINKS_UNCHECKED"])),
                bases=bases, root=f"/{root.strip('/')}" if root.strip("/") else "")


def published_url(article) -> str:
    """Where an unpublished article will live once published (its draft URL differs)."""
    key = "url" if article.in_default_lang else "lang_url"
    return str(Content._expand_settings(article, key, "article")).lstrip("/")


def siteurl_for(item, settings: dict, context: dict) -> str:
    """The SITEURL Pelican's writer gives this item's body (so the writer reuses our result:
    ``get_content`` is memoized per SITEURL)."""
    if settings.get("RELATIVE_URLS"):
        return path_to_url(get_relative_path(posixpath.normpath(item.save_as)))
    return str(context.get("localsiteurl") or settings.get("SITEURL") or "")


def check_bodies(context: dict, settings: dict) -> None:
    report = error_report(context)
    articles, pages = _generators.get("articles"), _generators.get("pages")
    unpublished = unpublished_articles(context, articles)
    unpublished_ids = {id(article) for article in unpublished}
    show = bool(settings.get("SHOW_UNPUBLISHED", False))
    items = written_items(articles, pages)
    page_urls = {id(item): str(item.url) for item in items}  # Pelican recomputes .url per access
    site = site_of(context, settings, [page_urls[id(i)] for i in items
                                       if show or id(i) not in unpublished_ids])
    waiting: dict[str, object] = {}
    for article in unpublished:
        waiting[published_url(article)] = article
        waiting[str(article.url).lstrip("/")] = article
    check = context[CONTEXT_KEY] = BodyCheck(site, waiting, show)
    kept = None
    if settings.get("PRESS_ON_REQUEST"):
        _kept.start(check)
        kept = _kept.bodies
    for item in items:
        check_body(item, page_urls[id(item)], check, report, context, kept)


@dataclass(frozen=True)
class BodyCheck:
    """What a body is checked against in this build (kept in its context)."""

    site: Site
    waiting: dict  # URLs of unpublished articles, published or as drafts -> the article
    show: bool  # unpublished articles are shown (the preview)


def check_body(item, page_url: str, check: BodyCheck, report, context: dict,
               kept: dict | None = None) -> None:
    """Report the problems of ``item``'s body; ``kept``: :class:`KeptChecks` bodies."""
    siteurl = siteurl_for(item, item.settings, context)
    key = (getattr(item, "_content", None), page_url, siteurl, is_unpublished(item))
    known = kept.get(item.source_path) if kept is not None else None
    if known is not None and known[0] == key:
        problems = known[1]
    else:
        html = item.get_content(siteurl)
        problems = [(ref, problem) for ref in references(html or "")
                    for problem in [judge(ref, item, page_url, check.site, check.waiting)]
                    if problem]
        if kept is not None:
            kept[item.source_path] = (key, problems)
    if problems:
        report_problems(item, problems, report, check.show)


def on_content_patched(item, context: dict, body: bool, fields: frozenset) -> None:
    """The live preview replaced ``item``'s body in memory: check its links again."""
    check = context.get(CONTEXT_KEY)
    if check is not None and body:
        check_body(item, str(item.url), check, error_report(context), context)


def judge(ref: Reference, item, page_url: str, site: Site,
          waiting: dict) -> tuple[str, str] | None:
    """(rule, message) for one reference of ``item`` (written at ``page_url``); None: fine."""
    unresolved = ref.target.startswith(("{", "%7B", "%7b"))
    path = None if unresolved else site.path_of(ref.target, page_url)
    shown = ref.target if path is None else f"/{path}"
    if ref.tag == "img" and not (ref.alt or "").strip():
        return "image-alt", (f"the image {shown} has no alt text: describe what it shows, "
                             "e.g. ![Zwei Monteure am Prüfstand](…)")
    if unresolved:
        kind = "image" if ref.tag == "img" else "link"
        return ("image-missing" if ref.tag == "img" else "broken-link",
                f"the {kind} {ref.target} names a file that is not in the content folder")
    if path is None:
        return None
    if ref.tag == "img" and safe_file_name(path):
        return "image-name", (f"the image file name has spaces or special characters: rename "
                              f"it to {posixpath.basename(safe_file_name(path))}")
    other = waiting.get(path) or waiting.get(path + "/")
    if other is not None and other is not item:
        if is_unpublished(item):
            return None  # one unpublished article may link to another
        when = ("a draft" if other.metadata.get("status") == "draft"
                else f"scheduled for {other.date:%Y-%m-%d %H:%M}")
        return "unpublished-link", (f"links to {display_path(other.source_path)}, which is not "
                                    f"published ({when}): publish it first or remove the link")
    if site.writes(path):
        return None
    if ref.tag == "img":
        return "image-missing", f"the image {shown} does not exist in the content folder"
    hint = site.nearest(path, sorted(site.urls))
    return "broken-link", (f"links to {shown}, which this build does not write"
                           + (f"; did you mean /{hint}?" if hint else ""))


def report_problems(item, problems: list, report, show: bool) -> None:
    """Each problem with its line, found by searching the source for the link as written."""
    source = Path(item.source_path).read_text(encoding="utf-8")
    raw = references(getattr(item, "_content", "") or "")
    for ref, (rule, message) in problems:
        written = raw[ref.index].target if ref.index < len(raw) else ref.target
        for prefix in ("{filename}", "{static}", "{attach}"):
            written = written.replace(prefix, "")
        line = line_in_source(source, raw[ref.index].target if ref.index < len(raw) else "",
                              written, posixpath.basename(written.rstrip("/")))
        preview = rule == "unpublished-link" and show  # an error in production only
        (report.warn if preview else report.add)(
            item.source_path, message + (" (an error in production)" if preview else ""),
            field="Body", value=ref.target, line=line, rule=rule)


def on_static_finalized(generator) -> None:
    """Every generator has its context, the static files are known, nothing is written."""
    if generator.settings.get("LINKS_ENABLED", True):
        check_bodies(generator.context, generator.settings)


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.page_generator_finalized.connect(on_pages_finalized)
    signals.static_generator_finalized.connect(on_static_finalized)
    signal("content_patched").connect(on_content_patched)  # sent by the live preview
