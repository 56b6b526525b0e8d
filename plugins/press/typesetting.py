"""Markdown converted on every core while Pelican reads the articles one by one.

Converting Markdown is the largest share of reading. When the articles generator
starts reading, the files it will actually read (not served from Pelican's cache)
go to a pool of forked processes, in Pelican's own order and in small batches;
:class:`TypesetMarkdownReader` then takes each file's HTML and header from the
pool and does the rest (metadata parsing) in the build process, as Pelican would.

The header is read by ``corporate_world.profile.read_header`` (not Markdown's meta
extension), in the pool or here: it notes each field's line and every header problem
(a line without a colon, an unknown field, a date not in ``YYYY-MM-DD HH:MM``) in the
metadata, so they survive Pelican's caches and are reported by the validation with
their line. Dates are parsed by ``profile.parse_date``, never by Pelican's dateutil.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from corporate_world.profile import (
    DATE_FIELDS,
    PLACEHOLDER_DATE,
    Header,
    header_notes,
    parse_date,
    read_header,
)
from markdown import Markdown
from pelican.readers import _DISCARD, MarkdownReader
from pelican.utils import pelican_open

BATCH = 16  # files per task: large enough to hide the pool's overhead, small for an early start

_worker_markdown: list[Markdown] = []  # the worker process's one converter, made on first use


def convert(markdown: Markdown, path: str) -> tuple[str, Header]:
    """One file's body as HTML and its header (without the body text)."""
    with pelican_open(path) as text:
        header = read_header(text)
    markdown.reset()
    html = markdown.convert(header.body)
    header.body = ""
    return html, header


def typeset(settings: dict, paths: list[str]) -> list[tuple[str, str | None, Header, str]]:
    """In a worker: (path, html, header, error) for each file, reusing one converter."""
    if not _worker_markdown:
        gc.enable()  # forked while the lead keeps its collector off (press.collector_off)
        _worker_markdown.append(Markdown(**settings))
    markdown = _worker_markdown[0]
    done = []
    for path in paths:
        try:
            done.append((path, *convert(markdown, path), ""))
        except Exception as error:  # reported by the reader, naming the file, as Pelican would
            done.append((path, None, Header(), f"{type(error).__name__}: {error}"))
    return done


class Typesetter:
    """The pool of one build, and what it has converted so far."""

    def __init__(self, settings: dict, workers: int):
        self.settings = settings
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"))
        self.pending: dict[str, Future] = {}
        self.ready: dict[str, tuple[str | None, Header, str]] = {}

    def order(self, paths: Iterable[str]) -> None:
        batch: list[str] = []
        for path in paths:
            if path in self.pending or path in self.ready:
                continue
            batch.append(path)
            if len(batch) == BATCH:
                self._submit(batch)
                batch = []
        if batch:
            self._submit(batch)

    def _submit(self, batch: list[str]) -> None:
        future = self.pool.submit(typeset, self.settings, list(batch))
        for path in batch:
            self.pending[path] = future

    def take(self, path: str) -> tuple[str | None, Header, str] | None:
        """The converted file, waiting for it if needed; None when it was never ordered."""
        if path not in self.ready:
            future = self.pending.pop(path, None)
            if future is None:
                return None
            for done_path, html, meta, error in future.result():
                self.pending.pop(done_path, None)
                self.ready[done_path] = (html, meta, error)
        return self.ready.pop(path)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pending.clear()
        self.ready.clear()


_typesetters: list[Typesetter] = []  # at most one per run


def current() -> Typesetter | None:
    return _typesetters[0] if _typesetters else None


def start(settings: dict, workers: int) -> Typesetter:
    stop()
    _typesetters.append(Typesetter(markdown_settings(settings), workers))
    return _typesetters[0]


def stop() -> None:
    while _typesetters:
        _typesetters.pop().close()


def markdown_settings(settings: dict) -> dict:
    """MARKDOWN as Pelican's reader completes it (every configured extension, plus meta)."""
    config = dict(settings["MARKDOWN"])
    extensions = list(config.get("extensions", []))
    for extension in config.get("extension_configs", {}):
        if extension not in extensions:
            extensions.append(extension)
    if "markdown.extensions.meta" not in extensions:
        extensions.append("markdown.extensions.meta")
    config["extensions"] = extensions
    return config


class TypesetMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader with our header reader, taking the HTML from the typesetter
    when it has the file."""

    _formatter: Markdown | None = None

    def formatter(self) -> Markdown:
        """One converter for bodies and formatted header fields (Pelican builds one per file,
        0.2 ms each). Pelican's metadata parser removes its ``meta`` step; it is put back
        for the next file."""
        if self._formatter is None:
            self._formatter = Markdown(**self.settings["MARKDOWN"])
            self._meta_step = self._formatter.preprocessors["meta"]
        elif "meta" not in self._formatter.preprocessors:
            self._formatter.preprocessors.register(self._meta_step, "meta", 27)
        return self._formatter

    def read(self, source_path):
        typesetter = current()
        converted = typesetter.take(os.path.abspath(source_path)) if typesetter else None
        if converted is None:
            html, header = convert(self.formatter(), source_path)
        else:
            html, header, error = converted
            if error:
                raise ValueError(f"{source_path}: {error}")
        self._source_path = source_path
        self._md = self.formatter()
        metadata = self._parse_metadata(header.fields)
        metadata.update(header_notes(header))
        return html, metadata

    def process_metadata(self, name, value):
        """Dates by ``parse_date``: a wrong one is reported from the header notes; here it
        becomes the date it evidently means, or a placeholder (Date) or nothing (Modified)."""
        if name in DATE_FIELDS:
            if name == "review_by":
                return value  # checked, kept as written (the content check compares it)
            parsed, _fix = parse_date(value)
            if parsed is None:
                return PLACEHOLDER_DATE if name == "date" else _DISCARD
            return parsed
        return super().process_metadata(name, value)
