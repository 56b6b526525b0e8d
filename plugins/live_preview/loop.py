"""The preview's build side: watch files, rebuild, tell the browsers; and the whole process.

A save made while a build runs is never lost: changes set a flag, and the build loop starts
one more build when the flag was set during the last one (several saves, one build).

With a :class:`~live_preview.resident.ResidentSite` (the quick preview), a change of the
content first refreshes the site kept in memory, and the browsers reload as soon as it is
ready; the full build runs after it, at a lower priority, and is served again once it has
caught up with the content the quick preview showed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from live_preview.app import BuildState, PreviewApp
from live_preview.resident import ResidentSite, request_path


class BatchWorker:
    """A thread that runs once per batch of requests: a request made while it runs asks for
    exactly one more run, so no request is lost and a burst of them costs one run."""

    name = "worker"

    def __init__(self):
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name=self.name, daemon=True)

    def request(self) -> None:
        self.wanted.set()

    def stop(self) -> None:
        self.stopping.set()
        self.wanted.set()

    def run(self) -> None:
        while True:
            self.wanted.wait()
            if self.stopping.is_set():
                return
            self.work(self.take())

    def take(self):
        """The batch this run serves; requests from here on ask for the next run."""
        self.wanted.clear()

    def work(self, batch) -> None:
        raise NotImplementedError


class QuickRenders(BatchWorker):
    """Brings the site in memory up to date, once per batch of saves
    (:meth:`ResidentSite.patch` when only bodies, titles, summaries or where articles are
    filed changed, else :meth:`ResidentSite.refresh`); reports each good one to
    ``on_ready(generation)``, each failure to ``on_failed(message)``."""

    name = "quick-preview"

    def __init__(self, site: ResidentSite, on_ready: Callable[[int], None],
                 on_failed: Callable[[str], None]):
        super().__init__()
        self.site = site
        self.on_ready, self.on_failed = on_ready, on_failed
        self.generation = 0  # batches of changes seen
        self.ready = -1  # the generation the page table was made for (-1: none yet)
        self.changed: set[Path] | None = set()  # saved since the last update (None: unknown)
        self.guard = threading.Lock()
        self.idle = threading.Event()  # nothing to do: the full build may run
        self.idle.set()
        self.retired = False

    def request(self, paths: set[Path] | None = None) -> None:
        """Changes saved: ``paths`` (None: a whole refresh is needed whatever changed)."""
        with self.guard:
            self.generation += 1
            self.changed = None if paths is None or self.changed is None else (
                self.changed | set(paths))
            self.idle.clear()
            self.wanted.set()

    def retire(self, why: str) -> None:
        """Stop serving from memory for good (plugin code changed under a running process)."""
        if not self.retired:
            self.retired = True
            self.site.forget()
            print(f"Quick preview off until restart: {why}", flush=True)

    def take(self) -> tuple[set[Path] | None, int]:
        with self.guard:
            self.wanted.clear()
            changed, self.changed = self.changed, set()
            return changed, self.generation

    def work(self, batch: tuple[set[Path] | None, int]) -> None:
        changed, generation = batch
        try:
            if not self.retired:
                self.update(changed, generation)
        finally:  # the full build waits for this, whatever happened
            with self.guard:
                if not self.wanted.is_set():
                    self.idle.set()

    def update(self, changed: set[Path] | None, generation: int) -> None:
        try:
            if not (changed and self.site.patch(changed)):
                self.site.refresh()
        except (Exception, SystemExit) as error:  # noqa: BLE001 - shown to the editor
            self.on_failed(describe(error))  # the last good table stays in use
        else:
            self.ready = generation
            self.on_ready(generation)

    def caught_up(self, generation: int) -> bool:
        """The full build of ``generation`` is done: serve its files again unless the page
        table is newer. True when the browsers already show what it built."""
        if self.retired or self.ready < generation:
            self.site.forget()
            return False
        if self.ready == generation:
            self.site.forget()
        return True


def describe(error: BaseException) -> str:
    """An error of the quick preview as the editor sees it: content errors as the build
    prints them (their ``text``), anything else with its type."""
    text = getattr(error, "text", None)
    if isinstance(text, str) and text.strip():
        return text.strip()
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class Rebuilder(BatchWorker):
    """Runs ``build`` (returns None when it succeeded, else the build's output) once per
    batch of requests, after the quick preview, and reports each result to ``state``."""

    name = "live-preview-build"

    def __init__(self, build: Callable[[], str | None], state: BuildState,
                 quick: QuickRenders | None = None):
        super().__init__()
        self.build = build
        self.state = state
        self.quick = quick
        self.after: Callable[[str | None], None] = lambda errors: None  # each build's result

    def take(self) -> int:
        """The quick preview first (it is what the editor waits for); then the generation
        of changes this build covers."""
        if self.quick is not None:
            self.quick.idle.wait()
        self.wanted.clear()
        return self.quick.generation if self.quick is not None else 0

    def work(self, generation: int) -> None:
        errors = self.build()
        if self.stopping.is_set():
            return
        if errors is not None:
            if self.quick is not None:
                self.quick.site.forget()  # the last good build stays under the overlay
            self.state.failed(errors)
        elif self.quick is None or not self.quick.caught_up(generation):
            self.state.succeeded()
        else:
            self.state.confirmed()  # the browsers already show this content
        self.after(errors)


def watch(paths: Iterable[Path], on_change: Callable[[set[Path]], None], stop: threading.Event,
          recursive: bool = True, only: Callable[[Path], bool] = lambda path: True) -> None:
    """Call ``on_change`` with the changed paths of every batch of changes under ``paths``
    (watchfiles: inotify, FSEvents, ...; editors' swap and backup files ignored) until
    ``stop`` is set."""
    from watchfiles import DefaultFilter
    from watchfiles import watch as changes_of

    default = DefaultFilter()

    def wanted(change, path: str) -> bool:
        return default(change, path) and only(Path(path))

    for changes in changes_of(*paths, watch_filter=wanted, stop_event=stop,
                              recursive=recursive, raise_interrupt=False, rust_timeout=500,
                              debounce=400, step=50):
        on_change({Path(path) for _, path in changes})


class LivePreview:
    """Build, serve with comments, watch, rebuild, reload: ``./magazine livereload``.

    ``build`` builds the preview into ``site`` (switching it atomically, so other pages keep
    answering from the last good build); ``folders`` are watched recursively, and the
    ``*conf.py`` settings files in the ``settings`` folder; ``stop`` ends a running build.
    ``quick`` is the site kept in memory (None: full builds only); a change under ``code``
    (the plugins) or of a settings file turns it off, since a running process cannot load
    changed code.
    """

    def __init__(self, build: Callable[[], str | None], *, site: Path, data: Path, bind: str,
                 port: int, folders: Iterable[Path], settings: Path,
                 stop: Callable[[], None] = lambda: None, quick: ResidentSite | None = None,
                 code: Iterable[Path] = ()):
        self.state = BuildState()
        self.quick = None if quick is None else QuickRenders(
            quick, on_ready=lambda generation: self.state.succeeded(),
            on_failed=self.state.failed)
        self.rebuilder = Rebuilder(build, self.state, self.quick)
        self.site, self.data, self.bind, self.port = Path(site), Path(data), bind, port
        self.folders = [Path(folder) for folder in folders if Path(folder).is_dir()]
        self.settings = Path(settings)
        self.code = [Path(folder).resolve() for folder in code]
        self.stop_build = stop
        self.stopping = threading.Event()
        # the quick preview may read the cache: the first full build wrote it, or it was there
        self.started = False

    def app(self):
        from dialog.server import local_app, origins

        pages = None if self.quick is None else (
            lambda path: self.quick.site.answer(request_path(path)))
        return PreviewApp(local_app(self.site, self.data, origins(self.bind, self.port)),
                          self.state, pages=pages)

    def changed(self, paths: set[Path]) -> None:
        """A batch of saved files: the quick preview first, then the full build."""
        if self.quick is not None:
            code = [p for p in paths if p.name.endswith("conf.py") or any(
                p.resolve().is_relative_to(folder) for folder in self.code)]
            if code:
                self.quick.retire(f"{code[0]} changed")
            elif self.started:
                self.quick.request(paths)
        self.rebuilder.request()

    def built(self, errors: str | None) -> None:
        """After the first good full build, the quick preview reads the content once."""
        if errors is None and not self.started and self.quick is not None:
            self.started = True
            self.quick.request()

    def run(self) -> None:
        from dialog.server import serve_until_stopped
        from werkzeug.serving import make_server

        server = make_server(self.bind, self.port, self.app(), threaded=True)
        self.rebuilder.after = self.built
        watchers = [
            threading.Thread(target=watch, args=(self.folders, self.changed, self.stopping),
                             daemon=True),
            threading.Thread(target=watch, args=([self.settings], self.changed, self.stopping),
                             kwargs={"recursive": False,
                                     "only": lambda path: path.name.endswith("conf.py")},
                             daemon=True)]
        threads = [self.rebuilder.thread, *watchers]
        if self.quick is not None:
            threads.append(self.quick.thread)
        for thread in threads:
            thread.start()
        if self.quick is not None and self.quick.site.cache_ready():
            self.started = True  # a warm start: the quick preview first, from the cache
            self.quick.request()
        self.rebuilder.request()
        print(f"Live preview of {self.site} at http://{self.bind}:{self.port}/ with comments "
              f"at /comments/; watching {', '.join(map(str, self.folders))} and the settings "
              "(Ctrl+C stops)", flush=True)
        try:
            serve_until_stopped(server)
        finally:
            self.stopping.set()
            if self.quick is not None:
                self.quick.stop()
            self.rebuilder.stop()
            self.state.close()
            self.stop_build()
            self.rebuilder.thread.join(timeout=15)
