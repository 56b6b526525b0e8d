"""The preview's build side: watch files, rebuild, tell the browsers; and the whole process.

A save made while a build runs is never lost: changes set a flag, and the build loop starts
one more build when the flag was set during the last one (several saves, one build).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from live_preview.app import BuildState, PreviewApp


class Rebuilder:
    """Runs ``build`` (returns None when it succeeded, else the build's output) on a thread,
    once per batch of requests, and reports each result to ``state``."""

    def __init__(self, build: Callable[[], str | None], state: BuildState):
        self.build = build
        self.state = state
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
            self.wanted.clear()  # changes from here on ask for the next build
            errors = self.build()
            if self.stopping.is_set():
                return
            if errors is None:
                self.state.succeeded()
            else:
                self.state.failed(errors)


def watch(paths: Iterable[Path], on_change: Callable[[], None], stop: threading.Event,
          recursive: bool = True, only: Callable[[Path], bool] = lambda path: True) -> None:
    """Call ``on_change`` for every batch of changes under ``paths`` (watchfiles: inotify,
    FSEvents, ...; editors' swap and backup files ignored) until ``stop`` is set."""
    from watchfiles import DefaultFilter
    from watchfiles import watch as changes_of

    default = DefaultFilter()

    def wanted(change, path: str) -> bool:
        return default(change, path) and only(Path(path))

    for _ in changes_of(*paths, watch_filter=wanted, stop_event=stop, recursive=recursive,
                        raise_interrupt=False, rust_timeout=500, debounce=400, step=50):
        on_change()


class LivePreview:
    """Build, serve with comments, watch, rebuild, reload: ``./magazine livereload``.

    ``build`` builds the preview into ``site`` (switching it atomically, so other pages keep
    answering from the last good build); ``folders`` are watched recursively, and the
    ``*conf.py`` settings files in the ``settings`` folder; ``stop`` ends a running build.
    """

    def __init__(self, build: Callable[[], str | None], *, site: Path, data: Path, bind: str,
                 port: int, folders: Iterable[Path], settings: Path,
                 stop: Callable[[], None] = lambda: None):
        self.state = BuildState()
        self.rebuilder = Rebuilder(build, self.state)
        self.site, self.data, self.bind, self.port = Path(site), Path(data), bind, port
        self.folders = [Path(folder) for folder in folders if Path(folder).is_dir()]
        self.settings = Path(settings)
        self.stop_build = stop
        self.stopping = threading.Event()

    def app(self):
        from dialog.server import local_app, origins

        return PreviewApp(local_app(self.site, self.data, origins(self.bind, self.port)),
                          self.state)

    def run(self) -> None:
        from dialog.server import serve_until_stopped
        from werkzeug.serving import make_server

        server = make_server(self.bind, self.port, self.app(), threaded=True)
        watchers = [
            threading.Thread(target=watch, args=(self.folders, self.rebuilder.request,
                                                 self.stopping), daemon=True),
            threading.Thread(target=watch, args=([self.settings], self.rebuilder.request,
                                                 self.stopping),
                             kwargs={"recursive": False,
                                     "only": lambda path: path.name.endswith("conf.py")},
                             daemon=True)]
        for thread in [self.rebuilder.thread, *watchers]:
            thread.start()
        self.rebuilder.request()
        print(f"Live preview of {self.site} at http://{self.bind}:{self.port}/ with comments "
              f"at /comments/; watching {', '.join(map(str, self.folders))} and the settings "
              "(Ctrl+C stops)", flush=True)
        try:
            serve_until_stopped(server)
        finally:
            self.stopping.set()
            self.rebuilder.stop()
            self.state.close()
            self.stop_build()
            self.rebuilder.thread.join(timeout=15)
