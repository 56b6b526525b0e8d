"""Real servers on loopback for browser tests: the site (with its comments) and Isso alone."""

from __future__ import annotations

import functools
import http.server
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


def _import_quietly(name: str):
    """Import a module that calls logging.basicConfig on import (Isso) without letting it
    install a root handler in the test process."""
    import importlib

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        return importlib.import_module(name)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


@contextmanager
def static_server(folder: Path, comments: bool = True):
    """Serve ``folder`` at http://127.0.0.1:<free port>; yields the base URL.

    As deployed, the site comes with its comments: the gated Isso answers under
    ``/comments/`` on the same origin (a fresh temporary database each time, no
    moderation). ``comments=False`` serves the files alone.
    """
    if comments:
        with _site_with_comments(Path(folder)) as base:
            yield base
        return
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    with _serving(server):
        yield f"http://127.0.0.1:{server.server_address[1]}"


@contextmanager
def _serving(server):
    """Run ``server`` (anything with serve_forever/shutdown) on a thread for the block."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def _site_with_comments(folder: Path):
    from werkzeug.serving import make_server

    _import_quietly("isso")
    server_module = _import_quietly("dialog.server")
    port = free_port()
    origins = [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]
    with tempfile.TemporaryDirectory(prefix="isso-") as data:
        app = server_module.local_app(folder, Path(data), origins, ratelimit=1000,
                                      direct_reply=1000)
        with _serving(make_server("127.0.0.1", port, app, threaded=True)):
            yield f"http://127.0.0.1:{port}"


def wait_for(url: str, process: subprocess.Popen | None = None, timeout: float = 20) -> None:
    """Poll ``url`` until it answers 200 (or the process died, or time ran out)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer within {timeout}s")
        time.sleep(0.1)


@contextmanager
def isso_server(origin: str, registry: Path, moderation: bool = False):
    """A real Isso behind the dialog gate, in its own process on a free loopback port.

    ``origin`` is the site's exact origin (Isso's CORS ``host``), ``registry`` the
    build's dialog/closed-threads.json (read on each new comment, so the site may be
    built after the server started). Temporary database, rate limits raised for tests.
    Yields the base URL, e.g. http://127.0.0.1:41234/.
    """
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="isso-") as data:
        log = Path(data) / "isso.log"
        command = [sys.executable, "-m", "dialog.gate", "--registry", str(registry),
                   "--listen", f"127.0.0.1:{port}", "--db", str(Path(data) / "comments.db"),
                   "--host", origin, "--ratelimit", "1000", "--direct-reply", "1000",
                   "--public-endpoint", "",
                   "--moderation" if moderation else "--no-moderation"]
        env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
        base = f"http://127.0.0.1:{port}/"
        with _process(command, base + "config", log, env, timeout=20):
            yield base


@contextmanager
def running_task(args: list[str], url: str, log: Path, env: dict[str, str] | None = None,
                 timeout: float = 90):
    """``./magazine <args>`` (a serving task) in its own process until ``url`` answers;
    stopped with SIGTERM (as a service manager would) after the block. Yields the process."""
    with _process([sys.executable, "-m", "invoke", *args], url, log,
                  {**os.environ, **(env or {})}, timeout) as process:
        yield process


@contextmanager
def _process(command: list[str], url: str, log: Path, env: dict[str, str], timeout: float):
    """``command`` running (output in ``log``) from when ``url`` answers to the block's end."""
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output,
                                   stderr=subprocess.STDOUT)
    try:
        try:
            wait_for(url, process, timeout)
        except (RuntimeError, TimeoutError) as problem:
            raise RuntimeError(f"{problem}\n{log.read_text(errors='replace')}") from None
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def reading_in_a_loop(path: Path):
    """A thread reading ``path`` over and over during the block; yields what it saw:
    ``misses`` (errors), ``reads`` (a count) and ``seen`` (the distinct contents)."""
    seen = {"misses": [], "reads": 0, "seen": set()}
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                seen["seen"].add(path.read_bytes())
                seen["reads"] += 1
            except OSError as problem:
                seen["misses"].append(repr(problem))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        yield seen
    finally:
        done.set()
        reader.join()
