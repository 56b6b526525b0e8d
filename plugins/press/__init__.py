"""Press plugin: the output phase of a build spread over the machine's CPU cores.

Pelican reads, then writes every page in one process. Once the context is complete
(Pelican asks for its writer), this plugin forks ``PRESS_WORKERS - 1`` helpers.
Every process walks the same generators with a :class:`PressWriter`, which keeps
Pelican's bookkeeping for every page (overwrite checks, ``content_written``) but
renders only the pages that fall to its process (``press.crew.mine``).
The build's output is byte-identical to a one-process build.

Generators are *shared* when they write only through the writer or ask ``mine()``
for their own files: Pelican's article, page and template-page generators, and
any generator class with ``press_shared = True``. Every other generator (static
files, plugins that know nothing of the press) runs in the lead process alone,
with every page rendered. A helper's failure is raised in the lead, so the build
fails as it would in one process.

Also here: Python's cyclic collector stays off while the build reads, one collection
and a freeze before writing (``collector_off``, ``collector_on``); and where Pelican's
own code grows with the square of the archive, it is made linear (``press.upstream``).

Settings (default): PRESS_WORKERS (usable CPU cores, at most 4, on Linux; 1 elsewhere) — 1
turns it off.
"""

from __future__ import annotations

import gc
import logging
import os
import sys

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator, TemplatePagesGenerator
from pelican.readers import MarkdownReader

from press import crew, incremental, kept, quick_exit, typesetting, upstream
from press.writer import PressWriter

SHARED = (ArticlesGenerator, PagesGenerator, TemplatePagesGenerator)
_generators: list = []  # this run's generators, wrapped at all_generators_finalized


def default_workers() -> int:
    """Usable cores (at most 4) on Linux; one process elsewhere, where forking a process
    that may hold system frameworks is not safe (macOS) or not possible (Windows)."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 1
    return max(1, min(4, len(os.sched_getaffinity(0))))


def is_shared(generator) -> bool:
    return isinstance(generator, SHARED) or getattr(generator, "press_shared", False)


def press_output(generator, original, last: bool):
    """``generate_output`` in the crew: lead-only generators write alone, the last one waits."""

    def generate_output(writer) -> None:
        shared = is_shared(generator)
        if shared or crew.is_lead():
            writer.alone = not shared
            try:
                original(writer)
            except BaseException:
                if crew.is_lead():
                    crew.reset()  # the build failed here: stop the helpers writing on
                    collector_on(settle=False)
                raise
            finally:
                writer.alone = False
        if last and crew.is_lead():
            for report in crew.finish():
                incremental.merge(report)
                kept.merge(report.get("kept") if report else None)
            collector_on(settle=False)

    return generate_output


def on_initialized(pelican) -> None:
    pelican.settings.setdefault("PRESS_WORKERS", default_workers())
    for key, value in quick_exit.DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    upstream.install()
    incremental.install_static_carry()
    incremental.start(pelican.settings)
    kept.start(pelican.settings["CACHE_PATH"] if incremental.enabled() else None)
    signals.finalized.connect(on_finalized)  # after every plugin's: they may remember() there
    _generators.clear()
    crew.reset()
    crew.plan(pelican.settings["PRESS_WORKERS"])
    typesetting.stop()
    collector_off()


def collector_off() -> None:
    """Python's cyclic garbage collector stays off while the build reads: the heap it fills
    lives as long as the build, and the collector would walk all of it again each time it
    grew by a quarter (3 s of a 75 s build at 10,000 articles). If it is off already, a
    build of this process failed before writing: what that build left is collected first."""
    if not gc.isenabled():
        gc.unfreeze()
        gc.collect()
    gc.disable()


def collector_on(settle: bool = True) -> None:
    """The collector back on. ``settle``: after one collection, what is left (the content
    read, for the rest of the build) is frozen out of its sight and out of the forked
    helpers' copy-on-write; otherwise nothing stays frozen."""
    gc.unfreeze()
    if settle:
        gc.collect()
        gc.freeze()
    gc.enable()


def on_generator_init(generator) -> None:
    incremental.install(generator.env)


def on_finalized(pelican) -> None:
    incremental.finish()
    kept.finish()


def on_readers_init(readers) -> None:
    for extension in MarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = typesetting.TypesetMarkdownReader


def on_article_preread(generator) -> None:
    """Before the first article is read: send every file Pelican will read to the typesetter."""
    workers = int(generator.settings["PRESS_WORKERS"])
    if workers < 2 or getattr(generator, "press_typesetting", False):
        return
    generator.press_typesetting = True
    settings = generator.settings
    files = []
    for name in generator.get_files(settings["ARTICLE_PATHS"],
                                    exclude=settings["ARTICLE_EXCLUDES"]):
        path = os.path.abspath(os.path.join(generator.path, name))
        if (name.rsplit(".", 1)[-1] in MarkdownReader.file_extensions
                and generator.get_cached_data(name, None) is None
                and generator.readers.get_cached_data(path, None) is None):
            files.append(path)
    if files:
        typesetting.start(settings, workers).order(files)


def on_articles_read(generator) -> None:
    typesetting.stop()


def on_articles_finalized(generator) -> None:
    upstream.index_listings(generator)


def on_all_generators_finalized(generators) -> None:
    _generators[:] = [g for g in generators if hasattr(g, "generate_output")]
    for generator in _generators:
        generator.generate_output = press_output(generator, generator.generate_output,
                                                 last=generator is _generators[-1])


def on_get_writer(pelican):
    """Fork the helpers now that the context is complete; each writes its share, then exits."""
    if _generators:
        incremental.snapshot(_generators[0].context)
    collector_on()  # what was read is read: spare the collector (and copy-on-write) the work
    workers = int(pelican.settings["PRESS_WORKERS"])
    if workers > 1 and _generators and crew.fork(workers):
        help_out(pelican)
    return PressWriter


def help_out(pelican) -> None:
    """A helper's whole life: write its share of every shared generator, report, exit."""
    code = 0
    try:
        logging.disable(logging.WARNING)  # the lead reports warnings once
        writer = PressWriter(pelican.output_path, settings=pelican.settings)
        for generator in _generators:
            generator.generate_output(writer)
        crew.done({**incremental.share(), "kept": kept.share()})
    except BaseException as error:
        crew.failed(error)
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.generator_init.connect(on_generator_init)
    signals.article_generator_preread.connect(on_article_preread)
    signals.article_generator_pretaxonomy.connect(on_articles_read)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_writer.connect(on_get_writer)
    signals.finalized.connect(quick_exit.arm)
