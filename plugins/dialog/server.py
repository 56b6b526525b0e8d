"""The local demo server: the built site and the gated Isso on one origin.

``./magazine serve`` runs ``main`` (as ``python -m dialog.server`` does) in its own
process: one server on loopback serving ``output/`` and mounting Isso (behind the gate)
at ``/comments/``, with its SQLite file in ``var/comments/``; a taken port fails before
anything starts, and SIGTERM or Ctrl+C stops it all. One origin means no CORS and a CSP
of 'self'. The live preview (``live_preview``) wraps the same ``local_app``.
The demo approves comments at once (moderation off) so that they show up directly;
production keeps moderation on (isso.cfg.template).
"""

from __future__ import annotations

import argparse
import logging
import signal
import socket
import sys
from pathlib import Path
from urllib.parse import quote

from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.utils import redirect, send_file
from werkzeug.wrappers import Request, Response

from dialog.gate import TEMPLATE, gated_isso, isso_config
from dialog.registry import REGISTRY_PATH


class SiteFiles:
    """Static files with folder index pages, like the production web server.

    A path it cannot be a file of the site answers 400 (a NUL byte, a name the file
    system refuses, e.g. too long) or 404 (``.``/``..`` segments, anything that resolves
    outside the site, a missing file); a folder without its slash is redirected to the
    same path on this server, never to another host.
    """

    def __init__(self, root: Path):
        self.root = Path(root).absolute()

    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            response = self.respond(request)
        except (OSError, ValueError):  # the file system refused the name
            response = Response("bad request", 400)
        return response(environ, start_response)

    @staticmethod
    def not_found(root: Path) -> Response:
        missing = root / "404.html"
        body = missing.read_bytes() if missing.is_file() else b"not found"
        return Response(body, 404, content_type="text/html; charset=utf-8")

    def respond(self, request: Request) -> Response:
        path = request.path
        if "\x00" in path:
            return Response("bad request", 400)
        root = self.root.resolve()  # once: output/ may be a symlink switched by a build
        if any(segment in (".", "..") for segment in path.split("/")):
            return self.not_found(root)
        target = (root / path.lstrip("/")).resolve()
        if target != root and root not in target.parents:
            return self.not_found(root)
        if target.is_dir():
            if not path.endswith("/"):
                location = request.script_root + "/" + quote(path.strip("/")) + "/"
                if request.query_string:
                    location += "?" + request.query_string.decode("latin-1")
                return redirect(location, 301)
            target = target / "index.html"
        elif path.endswith("/"):  # a file is no folder
            return self.not_found(root)
        if not target.is_file():
            return self.not_found(root)
        response = send_file(target, request.environ, max_age=0)
        response.headers["Cache-Control"] = "no-cache"
        return response


def site_with_comments(site: Path, comments_app, mount: str = "/comments"):
    """One WSGI app: ``site`` as files, ``comments_app`` under ``mount``."""
    return DispatcherMiddleware(SiteFiles(site), {"/" + mount.strip("/"): comments_app})


class _SameProcessSite(logging.Filter):
    """Isso probes the site at start-up; here the site starts with it, so hush that."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("unable to connect to your website")


def local_app(site: Path, data: Path, origins: list[str], mount: str = "/comments",
              moderation: bool = False, template: Path = TEMPLATE, ratelimit: int | None = None,
              direct_reply: int | None = None):
    """The demo setup: Isso's database in ``data``, answering the site's own ``origins``."""
    logging.getLogger("isso").addFilter(_SameProcessSite())
    conf = isso_config(template, dbpath=Path(data) / "comments.db", hosts=origins,
                       moderation=moderation, ratelimit=ratelimit, direct_reply=direct_reply,
                       public_endpoint="", trusted_proxies=())  # readers come straight here
    return site_with_comments(site, gated_isso(conf, Path(site) / REGISTRY_PATH), mount)


def origins(bind: str, port: int) -> list[str]:
    """The origins a browser uses for the local server (Isso's CORS ``host`` list)."""
    return [f"http://{bind}:{port}", f"http://localhost:{port}"]


def port_problem(bind: str, port: int) -> str | None:
    """Why ``bind:port`` cannot be served (taken, no such address), or None: ask before
    building, so a taken port fails at once and not after a build."""
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind((bind, port))
        except OSError as problem:
            return (f"cannot serve at http://{bind}:{port}/: {problem.strerror or problem} "
                    f"(port {port} is taken or the address is not this machine's); stop the "
                    "program using it or choose another port with --port")
    return None


def serve_until_stopped(server) -> None:
    """Serve until Ctrl+C (SIGINT) or SIGTERM (a service manager's or a CI runner's stop),
    then close the port: the site and its comments live in this one process."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        server.serve_forever()  # returns on KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    from werkzeug.serving import make_server

    parser = argparse.ArgumentParser(prog="python -m dialog.server", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("output"))
    parser.add_argument("--data", type=Path, default=Path("var/comments"))
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--mount", default="/comments", help="where DIALOG_ISSO_URL points")
    parser.add_argument("--moderation", action=argparse.BooleanOptionalAction, default=False,
                        help="hold comments for approval (the demo approves at once)")
    args = parser.parse_args(argv)
    problem = port_problem(args.bind, args.port)
    if problem:
        sys.exit(problem)
    app = local_app(args.site, args.data, origins(args.bind, args.port), args.mount,
                    args.moderation)
    server = make_server(args.bind, args.port, app, threaded=True)
    print(f"Serving {args.site} at http://{args.bind}:{args.port}/ with comments at "
          f"{args.mount}/ (database {args.data / 'comments.db'}; Ctrl+C stops)", flush=True)
    serve_until_stopped(server)


if __name__ == "__main__":
    main()
