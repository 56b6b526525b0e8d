"""A WSGI gate in front of Isso: no new comments on closed, switched-off or unknown threads.

Isso cannot close a thread. The build writes ``dialog/closed-threads.json`` (see
registry.py); this gate reads it (again whenever the build replaced it) and answers
``POST /new?uri=…`` with 403 and a JSON message when the thread does not take
comments. Everything else goes to Isso untouched.

Run Isso alone behind the gate (production, behind a reverse proxy)::

    python -m dialog.gate --config /etc/isso/magazin.cfg \\
        --registry /srv/magazin/dialog/closed-threads.json --listen 127.0.0.1:8080

(``PYTHONPATH=plugins``). ``python -m dialog.server`` runs it together with the site.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import parse_qs

from dialog.registry import RegistryFile

TEMPLATE = Path(__file__).with_name("isso.cfg.template")


def isso_config(template: Path = TEMPLATE, *, dbpath: Path | None = None,
                hosts: Iterable[str] = (), moderation: bool | None = None,
                ratelimit: int | None = None, direct_reply: int | None = None,
                public_endpoint: str | None = None):
    """Isso's configuration: the template, with local values put in where given.

    Locally, pass ``public_endpoint=""``: the template's https endpoint would make
    Isso send Secure cookies, which a browser drops on plain http.
    """
    from isso import config

    conf = config.load(config.default_file(), str(template))
    if dbpath is not None:
        Path(dbpath).parent.mkdir(parents=True, exist_ok=True)
        conf.set("general", "dbpath", str(dbpath))
    hosts = list(hosts)
    if hosts:
        conf.set("general", "host", "\n".join(hosts))
    if moderation is not None:
        conf.set("moderation", "enabled", "true" if moderation else "false")
    if ratelimit is not None:
        conf.set("guard", "ratelimit", str(ratelimit))
    if direct_reply is not None:
        conf.set("guard", "direct-reply", str(direct_reply))
    if public_endpoint is not None:
        conf.set("server", "public-endpoint", public_endpoint.rstrip("/"))
    return conf


class ThreadGate:
    """WSGI middleware: refuses ``POST /new`` for threads the registry does not allow."""

    def __init__(self, app, registry: Path, hosts: Iterable[str] = ()):
        self.app = app
        self.registry = RegistryFile(registry)
        self.hosts = list(hosts)

    def refusal(self, environ) -> str | None:
        if environ.get("REQUEST_METHOD") != "POST":
            return None
        if not environ.get("PATH_INFO", "").rstrip("/").endswith("/new"):
            return None
        uri = (parse_qs(environ.get("QUERY_STRING", "")).get("uri") or [""])[0]
        registry = self.registry.current()
        if registry is None:
            return "The magazine's thread registry is missing; comments are paused."
        return registry.refusal(uri)

    def cors_headers(self, environ) -> list[tuple[str, str]]:
        """Isso answers cross-origin calls with CORS headers; the gate's refusal does too."""
        origin = environ.get("HTTP_ORIGIN")
        allowed = {h.rstrip("/") for h in self.hosts}
        if origin and origin.rstrip("/") in allowed:
            return [("Access-Control-Allow-Origin", origin),
                    ("Access-Control-Allow-Credentials", "true")]
        return []

    def __call__(self, environ, start_response):
        reason = self.refusal(environ)
        if reason is None:
            return self.app(environ, start_response)
        body = json.dumps({"message": reason}).encode("utf-8")
        start_response("403 Forbidden", [("Content-Type", "application/json"),
                                         ("Content-Length", str(len(body))),
                                         *self.cors_headers(environ)])
        return [body]


def gated_isso(conf, registry: Path):
    """Isso's WSGI app for ``conf``, behind the gate reading ``registry``."""
    from isso import make_app

    return ThreadGate(make_app(conf), registry, conf.getiter("general", "host"))


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m dialog.gate", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=TEMPLATE, help="Isso configuration")
    parser.add_argument("--registry", type=Path, required=True,
                        help="the build's dialog/closed-threads.json")
    parser.add_argument("--listen", default="127.0.0.1:8080", help="host:port (loopback)")
    parser.add_argument("--db", type=Path, help="SQLite file (overrides the configuration)")
    parser.add_argument("--host", action="append", default=[],
                        help="the magazine's exact origin, e.g. https://magazin.example "
                             "(repeatable; overrides the configuration)")
    parser.add_argument("--moderation", action=argparse.BooleanOptionalAction, default=None,
                        help="hold new comments for approval (default: as configured)")
    parser.add_argument("--ratelimit", type=int, help="new comments per minute and address")
    parser.add_argument("--direct-reply", type=int, help="top-level comments per address")
    parser.add_argument("--public-endpoint", help="Isso's public URL ('' for plain local http)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    from werkzeug.serving import run_simple

    args = arguments(argv)
    conf = isso_config(args.config, dbpath=args.db, hosts=args.host,
                       moderation=args.moderation, ratelimit=args.ratelimit,
                       direct_reply=args.direct_reply, public_endpoint=args.public_endpoint)
    host, _, port = args.listen.rpartition(":")
    print(f"Isso behind the gate at http://{host}:{port}/ (pid {os.getpid()})", flush=True)
    run_simple(host or "127.0.0.1", int(port), gated_isso(conf, args.registry), threaded=True)


if __name__ == "__main__":
    main()
