"""A WSGI gate in front of Isso: no new comments on closed, switched-off or unknown threads.

Isso cannot close a thread. The build writes ``dialog/closed-threads.json`` (see
registry.py); this gate reads it (again whenever the build replaced it) and answers a
request that would create a comment with 403 and a JSON message when the thread does
not take comments, and with 400 when its ``uri`` is missing, blank or given more than
once. Everything else goes to Isso untouched.

The gate sits inside Isso's own middlewares (proxy headers, ``X-Script-Name``, CORS) and
asks Isso's URL map which view a request reaches, and reads the query with werkzeug as
Isso does: what the gate checks is what Isso would store. In front of everything,
:class:`ReaderAddress` keeps client-chosen ``X-Forwarded-For`` values away from Isso's
rate limit (see README.md, "The reader's address").

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

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request

from dialog.registry import RegistryFile

TEMPLATE = Path(__file__).with_name("isso.cfg.template")


def isso_config(template: Path = TEMPLATE, *, dbpath: Path | None = None,
                hosts: Iterable[str] = (), moderation: bool | None = None,
                ratelimit: int | None = None, direct_reply: int | None = None,
                public_endpoint: str | None = None,
                trusted_proxies: Iterable[str] | None = None):
    """Isso's configuration: the template, with local values put in where given.

    Locally, pass ``public_endpoint=""``: the template's https endpoint would make
    Isso send Secure cookies, which a browser drops on plain http; and
    ``trusted_proxies=()`` when no proxy stands in front (the template trusts nginx on
    127.0.0.1 to set ``X-Forwarded-For``).
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
    if trusted_proxies is not None:
        conf.set("server", "trusted-proxies", "\n".join(trusted_proxies))
    return conf


class ThreadGate:
    """WSGI middleware around Isso's core app: refuses new comments the registry does not allow.

    ``urls`` is Isso's own URL map: a request is a new comment exactly when Isso would
    route it to its ``/new`` view.
    """

    def __init__(self, app, registry: Path, urls):
        self.app = app
        self.registry = RegistryFile(registry)
        self.urls = urls

    def creates_comment(self, environ) -> bool:
        try:
            rule, _ = self.urls.bind_to_environ(environ).match(return_rule=True)
        except HTTPException:  # not found, wrong method, a redirect: Isso stores nothing
            return False
        return rule.rule == "/new"

    def refusal(self, environ) -> tuple[int, str] | None:
        if not self.creates_comment(environ):
            return None
        uris = Request(environ).args.getlist("uri")  # Isso's view takes the first one
        if len(uris) != 1 or not uris[0].strip():
            return 400, "A new comment needs exactly one non-blank uri."
        registry = self.registry.current()
        if registry is None:
            return 403, "The magazine's thread registry is missing; comments are paused."
        reason = registry.refusal(uris[0])
        return None if reason is None else (403, reason)

    def __call__(self, environ, start_response):
        refused = self.refusal(environ)
        if refused is None:
            return self.app(environ, start_response)
        status, reason = refused
        body = json.dumps({"message": reason}).encode("utf-8")
        start_response(f"{status} {'Bad Request' if status == 400 else 'Forbidden'}",
                       [("Content-Type", "application/json"),
                        ("Content-Length", str(len(body)))])
        return [body]


class ReaderAddress:
    """WSGI middleware in front of Isso: the reader's address, never one the client chose.

    Isso's rate limit and guards key on the address it reads from ``X-Forwarded-For``
    (werkzeug's ProxyFix takes the header's last entry, from any peer). Here the header
    reaches Isso only from a trusted proxy (``[server] trusted-proxies``), and then only
    its last entry, the one the proxy itself wrote; from anyone else it is dropped.
    """

    def __init__(self, app, trusted_proxies: Iterable[str] = ()):
        self.app = app
        self.trusted = set(trusted_proxies)

    def __call__(self, environ, start_response):
        forwarded = environ.pop("HTTP_X_FORWARDED_FOR", "")
        if forwarded and environ.get("REMOTE_ADDR") in self.trusted:
            environ["HTTP_X_FORWARDED_FOR"] = forwarded.rsplit(",", 1)[-1].strip()
        return self.app(environ, start_response)


def isso_core(app):
    """The Isso object inside ``make_app``'s middleware stack: werkzeug's and Isso's
    middlewares keep the next app in ``.app``, werkzeug's LocalManager in a closure."""
    from isso import Isso

    todo, seen = [app], set()
    while todo:
        node = todo.pop()
        if isinstance(node, Isso):
            return node
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        todo.append(getattr(node, "app", None))
        todo.extend(cell.cell_contents for cell in getattr(node, "__closure__", None) or ())
    raise RuntimeError("no Isso app inside make_app()'s middlewares (Isso changed?)")


def gated_isso(conf, registry: Path):
    """Isso's WSGI app for ``conf``: the gate reading ``registry`` inside Isso's middlewares
    (where Isso's router sees the request), the reader's address checked in front."""
    from isso import make_app

    app = make_app(conf)
    core = isso_core(app)
    core.wsgi_app = ThreadGate(core.wsgi_app, registry, core.urls)  # Isso.__call__ calls it
    return ReaderAddress(app, conf.getiter("server", "trusted-proxies"))


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
