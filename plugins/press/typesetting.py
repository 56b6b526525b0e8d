"""Markdown converted on every core while Pelican reads the articles one by one.

Converting Markdown is the largest share of reading. When the articles generator
starts reading, the files it will actually read (not served from Pelican's cache)
go to a pool of forked processes, in Pelican's own order and in small batches;
:class:`TypesetMarkdownReader` then takes each file's HTML and raw header from the
pool and does the rest (metadata parsing) in the build process, as Pelican would.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from corporate_world.front_matter import FrontMatterMarkdownReader, markdown_with_meta
from markdown import Markdown
from pelican.utils import pelican_open

BATCH = 16  # files per task: large enough to hide the pool's overhead, small for an early start

_worker_markdown: list[Markdown] = []  # the worker process's one converter, made on first use


def typeset(settings: dict, paths: list[str]) -> list[tuple[str, str | None, dict, str]]:
    """In a worker: (path, html, raw header, error) for each file, reusing one converter."""
    if not _worker_markdown:
        _worker_markdown.append(Markdown(**settings))
    markdown = _worker_markdown[0]
    done = []
    for path in paths:
        try:
            markdown.reset()
            with pelican_open(path) as text:  # YAML front matter or Key: value lines (web_editor)
                html, meta = markdown_with_meta(markdown, text)
            done.append((path, html, meta, ""))
        except Exception as error:  # reported by the reader, naming the file, as Pelican would
            done.append((path, None, {}, f"{type(error).__name__}: {error}"))
    return done


class Typesetter:
    """The pool of one build, and what it has converted so far."""

    def __init__(self, settings: dict, workers: int):
        self.settings = settings
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"))
        self.pending: dict[str, Future] = {}
        self.ready: dict[str, tuple[str | None, dict, str]] = {}

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

    def take(self, path: str) -> tuple[str | None, dict, str] | None:
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


class TypesetMarkdownReader(FrontMatterMarkdownReader):  # front matter: see web_editor
    """Pelican's Markdown reader, taking the HTML from the typesetter when it has the file."""

    _formatter: Markdown | None = None

    def formatter(self) -> Markdown:
        """One converter for formatted header fields (Pelican builds one per file, 0.2 ms each).

        Pelican's metadata parser removes its ``meta`` step; it is put back for the next file.
        """
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
            return super().read(source_path)
        html, meta, error = converted
        if error:  # read it again here: the reader's own exception (e.g. a front matter
            return super().read(source_path)  # error with its line) names the problem
        self._source_path = source_path
        self._md = self.formatter()
        return html, self._parse_metadata(meta)
