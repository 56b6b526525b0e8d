"""The local demo server: the built site and the gated Isso on one origin.

``./magazine serve`` runs ``python -m dialog.server``: one process on loopback
serving ``output/`` and mounting Isso (behind the gate) at ``/comments/``, with its
SQLite file in ``var/comments/``. One origin means no CORS and a CSP of 'self'.
The demo approves comments at once (moderation off) so that they show up directly;
production keeps moderation on (isso.cfg.template).
"""

from __future__ import annotations

import argparse
import logging
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

    def not_found(self) -> Response:
        missing = self.root / "404.html"
        body = missing.read_bytes() if missing.is_file() else b"not found"
        return Response(body, 404, content_type="text/html; charset=utf-8")

    def respond(self, request: Request) -> Response:
        path = request.path
        if "\x00" in path:
            return Response("bad request", 400)
        segments = path.split("/")
        if any(segment in (".", "..") for segment in segments):
            return self.not_found()
        root = self.root.resolve()
        target = (root / path.lstrip("/")).resolve()
        if target != root and root not in target.parents:
            return self.not_found()
        if target.is_dir():
            if not path.endswith("/"):
                location = request.script_root + "/" + quote(path.strip("/")) + "/"
                if request.query_string:
                    location += "?" + request.query_string.decode("latin-1")
                return redirect(location, 301)
            target = target / "index.html"
        elif path.endswith("/"):  # a file is no folder
            return self.not_found()
        if not target.is_file():
            return self.not_found()
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


def main(argv: list[str] | None = None) -> None:
    from werkzeug.serving import run_simple

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
    origins = [f"http://{args.bind}:{args.port}", f"http://localhost:{args.port}"]
    app = local_app(args.site, args.data, origins, args.mount, args.moderation)
    print(f"Serving {args.site} at http://{args.bind}:{args.port}/ with comments at "
          f"{args.mount}/ (database {args.data / 'comments.db'}; Ctrl+C stops)", flush=True)
    run_simple(args.bind, args.port, app, threaded=True)


if __name__ == "__main__":
    main()
