"""The preview's web side: the site with its comments, plus three first-party endpoints.

- ``/_preview/events``: Server-Sent Events, one message per build: ``{"build": N, "failed":
  false}``. ``build`` counts the good builds being served; ``failed`` says the newest build
  failed (the last good one is still served).
- ``/_preview/errors``: the failed build's output as plain text (204 when the last build was
  good).
- ``/_preview/reload.js`` and ``/_preview/preview.css``: reloads the page after a good build,
  shows the errors in an overlay after a failed one.

Every HTML response gets ``<link rel="stylesheet">`` and ``<script src defer
data-build="N">`` in its head: both first-party files, so the page's
``script-src 'self'`` / ``style-src 'self'`` policy allows them, untouched. Only this
server injects them; no build output contains them.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
PREFIX = "/_preview/"
FILES = {"reload.js": "text/javascript; charset=utf-8", "preview.css": "text/css; charset=utf-8"}
HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
KEEPALIVE_SECONDS = 15


@dataclass(frozen=True)
class Snapshot:
    version: int  # changes with every finished build, good or failed
    build: int  # good builds so far: the one being served
    failed: bool


class BuildState:
    """What the browsers are told: the good build being served and whether the newest failed."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._version = 0
        self._build = 0
        self._errors: str | None = None
        self._closed = False

    def snapshot(self) -> Snapshot:
        with self._changed:
            return Snapshot(self._version, self._build, self._errors is not None)

    @property
    def errors(self) -> str | None:
        with self._changed:
            return self._errors

    def succeeded(self) -> None:
        with self._changed:
            self._build += 1
            self._errors = None
            self._version += 1
            self._changed.notify_all()

    def confirmed(self) -> None:
        """A build succeeded that shows what the browsers already show: clear the errors,
        keep the build number (no reload)."""
        with self._changed:
            self._errors = None
            self._version += 1
            self._changed.notify_all()

    def failed(self, log: str) -> None:
        with self._changed:
            self._errors = log.strip() or "the build failed without a message"
            self._version += 1
            self._changed.notify_all()

    def close(self) -> None:
        """The server stops: end every event stream."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def wait(self, seen: int, timeout: float) -> Snapshot | None:
        """The state once its version differs from ``seen`` (or after ``timeout``); None
        when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._version != seen, timeout)
            if self._closed:
                return None
            return Snapshot(self._version, self._build, self._errors is not None)


def wsgi_path(path: str) -> str:
    """``PATH_INFO`` (UTF-8 bytes read as Latin-1, as WSGI hands them over) as text."""
    try:
        return path.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return path


def inject(html: bytes, build: int) -> bytes:
    """The preview's stylesheet and script, first-party, before ``</head>``."""
    tags = (f'<link rel="stylesheet" href="{PREFIX}preview.css">'
            f'<script src="{PREFIX}reload.js" data-build="{build}" defer></script>').encode()
    match = HEAD_END.search(html)
    if match is None:
        return tags + html
    return html[:match.start()] + tags + html[match.start():]


class PreviewApp:
    """WSGI middleware around the site-with-comments app (``dialog.server.local_app``)."""

    def __init__(self, app, state: BuildState, comments: str = "/comments",
                 pages: Callable[[str], tuple[int, bytes] | None] | None = None):
        self.app = app
        self.state = state
        self.comments = "/" + comments.strip("/")
        self.pages = pages  # the quick preview's (status, page); None: none, or not this path

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(PREFIX):
            return self.own(path[len(PREFIX):], environ, start_response)
        if path == self.comments or path.startswith(self.comments + "/"):
            return self.app(environ, start_response)
        build = self.state.snapshot().build  # before reading the page: never newer than it
        answer = self.pages(wsgi_path(path)) if self.pages is not None else None
        if answer is not None:
            status, page = answer
            html = inject(page, build)
            start_response("200 OK" if status == 200 else "404 Not Found",
                           [("Content-Type", "text/html; charset=utf-8"),
                            ("Content-Length", str(len(html))), ("Cache-Control", "no-cache"),
                            ("X-Live-Preview", "memory")])
            return [html]
        for header in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"):
            environ.pop(header, None)  # every page is read fresh (its script tag changes)
        caught: list = []

        def catch(status, headers, exc_info=None):
            caught[:] = [status, headers]
            return lambda data: None

        body = self.app(environ, catch)
        status, headers = caught
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        if not kind.startswith("text/html"):
            start_response(status, headers)
            return body
        try:
            html = inject(b"".join(body), build)
        finally:
            getattr(body, "close", lambda: None)()
        headers = [(k, v) for k, v in headers
                   if k.lower() not in ("content-length", "etag", "last-modified")]
        start_response(status, [*headers, ("Content-Length", str(len(html)))])
        return [html]

    def own(self, name: str, environ, start_response):
        if name == "events":
            start_response("200 OK", [("Content-Type", "text/event-stream"),
                                      ("Cache-Control", "no-store"),
                                      ("X-Accel-Buffering", "no")])
            return self.events()
        if name == "errors":
            errors = self.state.errors
            if errors is None:
                start_response("204 No Content", [("Cache-Control", "no-store")])
                return []
            body = errors.encode("utf-8")
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"),
                                      ("Content-Length", str(len(body))),
                                      ("Cache-Control", "no-store")])
            return [body]
        if name in FILES:
            body = (STATIC / name).read_bytes()
            start_response("200 OK", [("Content-Type", FILES[name]),
                                      ("Content-Length", str(len(body))),
                                      ("Cache-Control", "no-cache")])
            return [body]
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"not found"]

    def events(self):
        """The event stream: the current state at once, then one message per build."""
        yield b"retry: 1000\n\n"
        seen = -1
        while True:
            snapshot = self.state.wait(seen, KEEPALIVE_SECONDS)
            if snapshot is None:
                return
            if snapshot.version == seen:
                yield b": keep-alive\n\n"  # a closed tab shows up as a failed write
                continue
            seen = snapshot.version
            data = json.dumps({"build": snapshot.build, "failed": snapshot.failed})
            yield f"data: {data}\n\n".encode()
