"""The quick preview: the site read once and kept in memory, each page rendered when asked for.

A full build of the preview (``tasks.build_site``) re-reads nothing that did not change and
re-renders only changed pages, but still passes over the whole archive and writes every
feed, API document and search shard: a minute at 10,000 articles. This module is the
preview's fast path in front of it. :class:`ResidentSite` runs the build in this process up
to the point where pages would be written:

1. Pelican's generators read the content. Pelican's reader cache stays **in memory** between
   runs (it is read from disk once and never written back), so only changed files are read.
2. Every plugin's pass over the content runs as in every build: the taxonomy, hubs,
   related articles, editions, the sanitizer, the content checks. A content error stops the
   run here, with the same message the full build gives.
3. The generators that write only through Pelican's writer (``press.is_shared``: articles,
   pages, term, hub, author and archive listings...) hand their pages to a
   :class:`PageTable` instead of a file. Nothing is rendered yet. Plugins that write other
   files themselves leave them to the full build when ``PRESS_ON_REQUEST`` is set (the
   feeds, the API documents, the search index).

The preview server then asks :meth:`ResidentSite.answer` for the page a browser requests and
renders that one page from the table. A later save that changed only bodies, titles or
summaries is patched into the objects of the table (:meth:`ResidentSite.patch`, about 10 ms
at 10,000 articles); one that moved articles to other terms is refiled there (about 0.5 s);
any other save runs 1–3 again (:meth:`ResidentSite.refresh`).
Everything else (feeds, the API, images, the search index, static files) and every check
of the written pages comes from the full build that follows in the background, which
remains the reference: once it has caught up with the content the table was made from, its
files are served again (``tasks.run_live_preview``).

The run is the build's own code with the build's own settings, plus ``PRESS_ON_REQUEST``
(press: record nothing for incremental reuse; search: index nothing) and ``PRESS_WORKERS =
1`` (no forking inside a threaded server). A change of a plugin's code cannot be picked up by
a running process: the preview then stops using this module until it is restarted.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import threading
import time
from pathlib import Path

from blinker import signal
from corporate_world.errors import error_report
from corporate_world.profile import FILING_FIELDS, HEADER_LINES_KEY
from jinja2.bccache import BytecodeCache
from pelican import Pelican, signals
from pelican.readers import _filter_discardable_metadata, find_empty_alt
from pelican.settings import read_settings
from pelican.utils import file_suffix, memoized
from pelican.writers import Writer
from press import collector_on, is_shared
from press.writer import claim

logger = logging.getLogger(__name__)

CACHING_GENERATORS = ("ArticlesGenerator", "PagesGenerator")  # Pelican's, with reader caches
READERS_CACHE = "ArticlesGenerator-Readers"  # the file Pelican keeps the articles' cache in
NOT_FOUND = "404.html"
SETTLE_AFTER = 1.0  # seconds after a run until the garbage of the one before is collected
_settling: list[threading.Timer] = []  # the collection due (the collector is the process's)
# what a save may change and still be patched in (a title or summary is shown as it is
# written; anything else may move the article or change what lists it; the header's line
# numbers only place an error message)
PATCHABLE_FIELDS = frozenset({"title", "summary", HEADER_LINES_KEY})
# what else an article's save may change and be refiled in memory: where it is filed (its
# terms) and whether it leads the front page or its department
REFILE_FIELDS = FILING_FIELDS
# blinker signal after a patch: (article or page, context=, body= changed, fields= changed)
CONTENT_PATCHED = "content_patched"
# blinker signal after patches that refiled articles: (the articles generator, context=,
# articles= refiled); a receiver brings its model up to date in place and returns what must
# be laid out again: (generator class, keyword arguments for its generate_output), or None.
# Receivers run in PLUGINS order (Pelican keeps blinker's receivers in connection order):
# the taxonomy files the articles first, the plugins after it read its listings
CONTENT_REFILED = "content_refiled"


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in memory from run to run: every run's generators
    make new Jinja environments, which compiled each template again (0.09 s of a 0.55 s run
    at 1,000 articles). Jinja finds a template by its name and file and checks its source,
    so an edited template is compiled anew; the environments share one set of options
    (``JINJA_ENVIRONMENT``, and a changed settings file ends the quick preview)."""

    def __init__(self):
        self.kept: dict[str, tuple[str, object]] = {}  # key -> (source checksum, code)

    def load_bytecode(self, bucket) -> None:
        kept = self.kept.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]  # (code objects are immutable: one serves every run)

    def dump_bytecode(self, bucket) -> None:
        self.kept[bucket.key] = (bucket.checksum, bucket.code)


class DeferredTemplate:
    """Stands in for a template while Pelican's writer runs: notes the page, renders nothing."""

    def __init__(self, template, table: PageTable):
        self.template, self.table = template, table

    def render(self, localcontext: dict) -> str:
        self.table.pending = (self.template, localcontext, self.table.context)
        return ""


class PageTable(Writer):
    """Pelican's writer with its bookkeeping (which file is written, which overridden), but
    every page kept as (template, context) under its path relative to the output folder."""

    def __init__(self, output_path, settings):
        super().__init__(output_path, settings=settings)
        self.pages: dict[str, tuple] = {}  # path -> (template, localcontext, context)
        self.listings: dict[str, set[str]] = {}  # write_file's name -> the paths it wrote
        self.pending: tuple | None = None
        self.context: dict = {}
        self.listing: set[str] = set()

    def write_file(self, name, template, context, *args, **kwargs):
        self.context = context
        self.listing = self.listings.setdefault(name, set())  # (its paginated pages too)
        return super().write_file(name, DeferredTemplate(template, self), context,
                                  *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        if claim(self, filename, override) and self.pending is not None:
            relative = os.path.relpath(filename, self.output_path).replace(os.sep, "/")
            self.pages[relative] = self.pending
            self.listing.add(relative)
        self.pending = None
        return io.StringIO()


class ResidentSite:
    """The preview's site in memory: :meth:`refresh` after a change, :meth:`page` per request.

    ``settings`` is the settings file, ``overrides`` the settings the full build is given
    (content folder, cache folder, public address...). ``scratch`` receives what plugins
    write while the content is read (image variants); nothing is served from it.
    """

    def __init__(self, settings: Path, overrides: dict, scratch: Path):
        self.settings_file = Path(settings)
        self.overrides = dict(overrides)
        self.scratch = Path(scratch)
        self.readers_caches: dict[str, dict] = {}  # generator class -> Pelican's reader cache
        self.compiled = CompiledTemplates()
        self.table: dict[str, tuple] = {}
        self.serving = False  # answer from the table (False: the full build's files are newer)
        self.gone: set[str] = set()  # pages the full build's files still have, deleted since
        self.rendered: dict[str, bytes] = {}  # this table's pages rendered so far
        self.context: dict | None = None  # the last good run's context, and its sources:
        self.sources: dict[str, tuple] = {}  # source file -> (article or page, its generator)
        self.generators: list = []  # the last good run's generators, and their pages:
        self.listings: dict[str, set[str]] = {}  # a page's path -> its paginated pages' paths
        self.lock = threading.Lock()  # one render at a time (templates fill lazy caches)
        self.running = threading.Lock()  # held while a run reads and passes over the content

    def refresh(self) -> None:
        """Read what changed and rebuild the page table; raises what the build would raise
        (the previous table stays in use then)."""
        started = time.perf_counter()
        try:
            with self.running:
                while _settling:  # (the run collects what the last one left, first)
                    _settling.pop().cancel()
                logging.disable(logging.INFO)  # the build's progress lines; warnings show
                try:
                    table, context, generators = self._pages()  # (the collector stays off)
                finally:
                    logging.disable(logging.NOTSET)
        except BaseException:
            with self.lock:
                self.context = None  # no patching on top of a run that failed
            self._settle_later()
            raise
        with self.lock:
            self.gone = (self.gone | (self.table.keys() - table.pages.keys())) - set(table.pages)
            self.table, self.rendered, self.serving = table.pages, {}, True
            self.context, self.generators, self.listings = context, generators, table.listings
            self.sources = {os.path.abspath(item.source_path): (item, generator)
                            for generator in generators
                            if type(generator).__name__ in CACHING_GENERATORS
                            for item in contents_of(generator)}
        self._settle_later()
        print(f"Quick preview: {len(self.table)} pages ready in "
              f"{time.perf_counter() - started:.2f} s", flush=True)

    def _settle_later(self) -> None:
        settling = threading.Timer(SETTLE_AFTER, self.settle)
        settling.daemon = True
        _settling.append(settling)
        settling.start()

    def cache_ready(self) -> bool:
        """Whether Pelican's reader cache of these settings, templates and code is on disk
        (the previous session's full build wrote it): then the first :meth:`refresh` reads
        only what changed since, and need not wait for this session's first full build."""
        logging.disable(logging.INFO)
        try:
            pelican = Pelican(self._read_settings())  # (the press names the recipe's folder)
        except Exception:  # noqa: BLE001 - the first full build reports what is wrong
            return False
        finally:
            logging.disable(logging.NOTSET)
            collector_on(settle=False)  # (the press turns it off for a run that reads)
        return (Path(pelican.settings["CACHE_PATH"]) / READERS_CACHE).is_file()

    def settle(self) -> None:
        """The collector back on (``press.collector_on``): the previous site collected, this
        one frozen out of its sight. Run a moment after a run, once the page the editor
        waits for is served, not while a run is on (that one settles itself)."""
        if self.running.acquire(blocking=False):
            try:
                collector_on()
            finally:
                self.running.release()

    def patch(self, paths: set[Path]) -> bool:
        """Apply saves to the site in memory without a run, when each changed nothing but
        the body, the title or the summary of an article or page, or where an article is
        filed (``REFILE_FIELDS``); False (nothing applied) for any other change.

        Each file is read again; when its other metadata is exactly what it was, the new
        values replace the old ones on the same object (every listing holding it sees them),
        Pelican's memoized content and summary of that object are dropped, and the signal
        ``content_patched`` lets each plugin redo what it derives from them (reading time,
        links check, the profile's checks, the comment thread's title). If that finds an
        error, or the object's address changed (an ``ARTICLE_URL`` made of a changed field),
        False: the refresh reports or places it.

        Refiled articles (a term, ``Lead`` or ``Featured`` changed) are then sent in one
        ``content_refiled``: each plugin whose model depends on where articles are filed
        redoes, in place, what changed (the taxonomy's listings, related articles, the
        departments, the front pages, the hubs, the social cards), and the listings they
        name are laid out again: every page as a run would make it.
        """
        started = time.perf_counter()
        context = self.context
        if context is None or not paths:
            return False
        reads = []
        for path in paths:
            found = self.sources.get(os.path.abspath(path))
            if found is None:
                return False
            item, generator = found
            allowed = PATCHABLE_FIELDS | (
                REFILE_FIELDS if type(generator).__name__ == "ArticlesGenerator" else set())
            changes = read_changes(item, generator, allowed)
            if changes is None:
                return False
            reads.append((item, generator, changes))
        report = error_report(context)
        errors = len(report.errors)
        refiled, moved = None, []  # the articles generator and the articles refiled
        with self.lock:
            addresses = [(item, item.url, item.save_as) for item, _, _ in reads]
            for item, generator, (content, metadata, fields) in reads:
                generator.readers.cache_data(item.source_path, (content, metadata))
                body = content != item._content
                item._content = content
                for key in fields:
                    if key in metadata:
                        item.metadata[key] = metadata[key]
                        setattr(item, key, metadata[key])
                    else:  # (a refile field taken out of the header)
                        item.metadata.pop(key, None)
                        vars(item).pop(key, None)
                if "summary" in fields:
                    item._summary = metadata["summary"]
                forget_memoized(item)
                signal(CONTENT_PATCHED).send(item, context=context, body=body, fields=fields)
                if fields - PATCHABLE_FIELDS:
                    refiled = generator
                    moved.append(item)
            self.rendered, self.serving = {}, True
            if len(report.errors) > errors or any(  # (or a page moved: ARTICLE_URL names
                    (item.url, item.save_as) != (url, save_as)  # a field that changed)
                    for item, url, save_as in addresses):
                return False
            if refiled is not None:
                self._lay_out_again(signal(CONTENT_REFILED).send(refiled, context=context,
                                                                 articles=moved))
        print(f"Quick preview: {len(reads)} file(s) {'refiled' if refiled else 'patched'} in "
              f"{time.perf_counter() - started:.2f} s", flush=True)
        return True

    def _lay_out_again(self, answers: list[tuple]) -> None:
        """The pages the receivers of ``content_refiled`` named, made again into the table
        (a listing may have more or fewer pages now)."""
        for _, answer in answers:
            if answer is None:
                continue
            kind, arguments = answer
            for generator in self.generators:
                if type(generator) is not kind:
                    continue
                table = PageTable(generator.output_path, generator.settings)
                kind.generate_output(generator, table, **arguments)  # (not the press's crew)
                for name, pages in table.listings.items():
                    for path in self.listings.get(name, set()) - pages:
                        self.table.pop(path, None)
                        self.gone.add(path)
                    self.listings[name] = pages
                self.table.update(table.pages)
                self.gone -= table.pages.keys()

    def forget(self) -> None:
        """Serve the full build's files again (the site stays in memory for the next patch)."""
        with self.lock:
            self.serving, self.gone, self.rendered = False, set(), {}

    def answer(self, relative: str) -> tuple[int, bytes] | None:
        """(status, page) for a request of ``relative``: the page, or the not-found page
        for one deleted since the full build's files were made; None: ask the files."""
        if not self.serving:
            return None
        if relative in self.gone:
            missing = self.page(NOT_FOUND)
            return None if missing is None else (404, missing)
        page = self.page(relative)
        return None if page is None else (200, page)

    def page(self, relative: str) -> bytes | None:
        """The page at ``relative`` (``artikel/x/index.html``), rendered now; None when the
        table has no such page."""
        with self.lock:
            if relative in self.rendered:
                return self.rendered[relative]
            entry = self.table.get(relative)
            if entry is None:
                return None
            template, localcontext, context = entry
            if localcontext.get("localsiteurl"):  # as Pelican's writer does before a render:
                context["localsiteurl"] = localcontext["localsiteurl"]  # content links follow it
            try:
                html = template.render(localcontext).encode("utf-8")
            except Exception:  # noqa: BLE001 - the full build's file is served instead
                logger.exception("quick preview: %s could not be rendered", relative)
                return None
            self.rendered[relative] = html
            return html

    # -- the build, up to the writer ---------------------------------------------------------

    def _read_settings(self) -> dict:
        sys.modules.pop("pelicanconf", None)  # the preview settings import it: read it anew
        settings = read_settings(str(self.settings_file), override={
            **self.overrides, "OUTPUT_PATH": str(self.scratch), "PRESS_WORKERS": 1,
            "PRESS_ON_REQUEST": True, "PRESS_PREVIOUS_OUTPUT": "",
            "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": not self.readers_caches})
        return settings

    def _pages(self) -> tuple[PageTable, dict, list]:
        """The page table, the run's context and its generators (see :meth:`patch`)."""
        self.scratch.mkdir(parents=True, exist_ok=True)
        pelican = Pelican(self._read_settings())
        context = pelican.settings.copy()
        context["generated_content"] = {}
        context["static_links"] = set()
        context["static_content"] = {}
        context["localsiteurl"] = pelican.settings["SITEURL"]
        generators = [cls(context=context, settings=pelican.settings, path=pelican.path,
                          theme=pelican.theme, output_path=pelican.output_path)
                      for cls in pelican._get_generator_classes()]
        for generator in generators:
            self._keep_cache(generator)
            if getattr(generator, "env", None) is not None:
                generator.env.bytecode_cache = self.compiled
        for generator in generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
            if hasattr(generator, "check_disabled_readers"):
                generator.check_disabled_readers()
        signals.all_generators_finalized.send(generators)
        for generator in generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        table = PageTable(pelican.output_path, pelican.settings)
        for generator in generators:
            if hasattr(generator, "generate_output") and is_shared(generator):
                generator.generate_output(table)
        return table, context, generators

    def _keep_cache(self, generator) -> None:
        """Pelican's reader cache of ``generator``, kept in memory across runs, never saved
        (the full build saves its own)."""
        name = type(generator).__name__
        readers = getattr(generator, "readers", None)
        if name not in CACHING_GENERATORS or readers is None:
            return
        kept = self.readers_caches.setdefault(name, readers._cache)
        readers._cache = kept
        readers._cache_data_policy = True
        readers.save_cache = _nothing
        if hasattr(generator, "save_cache"):
            generator.save_cache = _nothing


def _nothing() -> None:
    return None


def contents_of(generator) -> list:
    """Every article or page ``generator`` read: published, translated, hidden, drafts."""
    kinds = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
             "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")
    return [item for kind in kinds for item in getattr(generator, kind, ())]


def read_changes(item, generator, allowed: frozenset[str] = PATCHABLE_FIELDS
                 ) -> tuple[str, dict, frozenset[str]] | None:
    """``item``'s file read again as Pelican's reader cache holds it: (body, metadata, the
    metadata fields that changed), or None when a field not ``allowed`` changed (or it
    cannot be told)."""
    readers = generator.readers
    cached = readers._cache.get(item.source_path)
    reader = readers.readers.get(file_suffix(item.source_path))
    if cached is None or reader is None or generator.settings.get("TYPOGRIFY") or (
            allowed & set(generator.settings.get("FORMATTED_FIELDS") or ())):
        return None
    _, (_, before) = cached
    try:
        content, metadata = reader.read(item.source_path)
    except Exception:  # noqa: BLE001 - the refresh reports it properly
        return None
    metadata = _filter_discardable_metadata(metadata)
    fields = frozenset(key for key in before.keys() | metadata.keys()
                       if before.get(key) != metadata.get(key))
    if not fields <= allowed or not (fields & PATCHABLE_FIELDS) <= metadata.keys():
        return None
    if content:
        find_empty_alt(content, item.source_path)
    return content, metadata, fields


def forget_memoized(item) -> None:
    """Drop what Pelican's ``memoized`` methods (content, summary) hold for ``item``."""
    for klass in type(item).__mro__:
        for value in vars(klass).values():
            if isinstance(value, memoized):
                for key in [key for key in list(value.cache) if key and key[0] is item]:
                    value.cache.pop(key, None)  # (list(): a run may fill it meanwhile)


def request_path(path: str) -> str:
    """The output file a request path names: ``/artikel/x/`` → ``artikel/x/index.html``."""
    relative = path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return relative
