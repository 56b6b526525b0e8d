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
from live_preview.resident import QuickRenders, ResidentSite, request_path


class Rebuilder:
    """Runs ``build`` (returns None when it succeeded, else the build's output) on a thread,
    once per batch of requests, and reports each result to ``state``."""

    def __init__(self, build: Callable[[], str | None], state: BuildState,
                 quick: QuickRenders | None = None):
        self.build = build
        self.state = state
        self.quick = quick
        self.after: Callable[[str | None], None] = lambda errors: None  # each build's result
        self.wanted = threading.Event()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, name="live-preview-build", daemon=True)

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
            if self.quick is not None:
                self.quick.idle.wait()  # the quick preview first: it is what the editor waits for
            self.wanted.clear()  # changes from here on ask for the next build
            generation = self.quick.generation if self.quick is not None else 0
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
        self.started = False  # the first full build is done: the quick preview may read its cache

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
