"""The comment gate and the local server against a real Isso on loopback: the gate reads a
request as Isso does, the rate limit holds whatever X-Forwarded-For says, and malformed paths
get 400/404, never 500."""

from __future__ import annotations

import http.client
import json
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from servers import _import_quietly, _serving, free_port

OPEN, OFF = "/artikel/offen/", "/artikel/aus/"
COMMENT = json.dumps({"text": "Eine Frage zum Thema", "title": "T"})


def write_site(folder: Path) -> Path:
    """A few files and the registry, as a build writes them."""
    for relative, text in {"index.html": "<h1>Start</h1>", "404.html": "<h1>Nicht da</h1>",
                           "artikel/offen/index.html": "<h1>Offen</h1>",
                           "dialog/closed-threads.json": json.dumps(
                               {"version": 1, "open": [OPEN], "off": [OFF]})}.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder


@contextmanager
def serving(app):
    """``app`` on a free loopback port; yields (host, port)."""
    from werkzeug.serving import make_server

    port = free_port()
    with _serving(make_server("127.0.0.1", port, app, threaded=True)):
        yield "127.0.0.1", port


@pytest.fixture
def local(tmp_path):
    """``./magazine serve``'s app (site and gated Isso, the template's rate limits, no proxy
    in front); yields (address, database, site folder)."""
    _import_quietly("isso")
    server = _import_quietly("dialog.server")
    site = write_site(tmp_path / "site")
    with tempfile.TemporaryDirectory(prefix="isso-") as data:
        port = free_port()
        app = server.local_app(site, Path(data), [f"http://127.0.0.1:{port}"])
        from werkzeug.serving import make_server

        with _serving(make_server("127.0.0.1", port, app, threaded=True)):
            yield ("127.0.0.1", port), Path(data) / "comments.db", site


def request(address, method: str, target: str, body: str | None = None,
            headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
    """Send ``target`` exactly as written (http.client does not normalise it)."""
    connection = http.client.HTTPConnection(*address, timeout=20)
    try:
        connection.request(method, target, body=body, headers={
            "Content-Type": "application/json", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def stored(database: Path) -> list[tuple[str, str]]:
    """(thread uri, text) of every comment Isso stored."""
    with sqlite3.connect(database) as db:
        return db.execute("SELECT threads.uri, comments.text FROM comments JOIN threads "
                          "ON comments.tid = threads.id").fetchall()


def test_new_comment_needs_exactly_one_non_blank_uri(local):
    address, database, _ = local
    for query in ("uri&uri=/artikel/offen/", "uri=&uri=/artikel/offen/", "uri=%20",
                  "uri=/artikel/offen/&uri=/artikel/offen/", "uri=/artikel/offen/&uri=",
                  "uri=/artikel/offen/&uri=/artikel/aus/", "", "url=/artikel/offen/"):
        status, _, body = request(address, "POST", f"/comments/new?{query}", COMMENT)
        assert status == 400, query
        assert "exactly one non-blank uri" in json.loads(body)["message"]
    assert stored(database) == []
    status, _, _ = request(address, "POST", "/comments/new?uri=/artikel/offen/", COMMENT)
    assert status == 201
    assert stored(database) == [(OPEN, "Eine Frage zum Thema")]


def test_other_spellings_of_new_do_not_pass_the_gate(local):
    address, database, _ = local
    for target, headers in (("/comments//new?uri=/artikel/aus/", {}),
                            ("/comments/new/?uri=/artikel/aus/", {}),
                            ("/comments/new?uri=/artikel/aus/", {}),
                            ("/comments/new?uri=/artikel/unbekannt/", {}),
                            ("/comments/xnew?uri=/artikel/aus/", {"X-Script-Name": "/x"}),
                            ("/comments/new?uri=/artikel/aus/", {"X-Script-Name": "/comments"}),
                            ("/comments/new?uri=/artikel/aus/",
                             {"X-Forwarded-Prefix": "/comments"})):
        status, _, _ = request(address, "POST", target, COMMENT, headers)
        assert status in (301, 308, 400, 403, 404, 405), (target, headers, status)
    assert stored(database) == []


def test_rotating_x_forwarded_for_does_not_lift_the_local_rate_limit(local):
    address, database, _ = local
    answers = [request(address, "POST", "/comments/new?uri=/artikel/offen/", COMMENT,
                       {"X-Forwarded-For": f"203.0.{n}.7"})[0] for n in range(20)]
    assert answers.count(201) == 2 and answers.count(403) == 18, answers  # ratelimit = 2
    assert len(stored(database)) == 2


@pytest.fixture
def behind_proxy(tmp_path):
    """The production gate (the template: trusted-proxies = 127.0.0.1) as nginx reaches it."""
    _import_quietly("isso")
    gate = _import_quietly("dialog.gate")
    site = write_site(tmp_path / "site")
    conf = gate.isso_config(dbpath=tmp_path / "comments.db", hosts=["https://magazin.example"],
                            moderation=False, public_endpoint="")
    with serving(gate.gated_isso(conf, site / "dialog/closed-threads.json")) as address:
        yield address, tmp_path / "comments.db"


def test_behind_the_proxy_only_its_own_header_entry_counts(behind_proxy):
    address, database = behind_proxy

    def post(forwarded_for: str) -> int:
        return request(address, "POST", "/new?uri=/artikel/offen/", COMMENT,
                       {"X-Forwarded-For": forwarded_for})[0]

    # nginx with $remote_addr: one reader per address; the second reader is not limited by
    # the first one's comments
    assert [post("198.51.100.9") for _ in range(3)] == [201, 201, 403]
    assert post("192.0.2.44") == 201
    # nginx appending ($proxy_add_x_forwarded_for) for a reader on the proxy's own host:
    # whatever the reader put in front, only the proxy's entry counts
    answers = [post(f"203.0.{n}.7, 127.0.0.1") for n in range(20)]
    assert answers.count(201) == 2, answers
    assert len(stored(database)) == 5


@pytest.mark.parametrize(("target", "expected"), [
    ("/%00", 400), ("/artikel/%00/", 400), ("/%ff", 404), ("/%ff/", 404),
    ("/" + "a" * 5000, 400), ("/" + "/".join(["abcdefgh"] * 600), 400),
    ("/../../etc/passwd", 404), ("/%2e%2e/%2e%2e/etc/passwd", 404),
    ("/artikel/../../etc/passwd", 404), ("/artikel/./offen/", 404), ("/..%2f..%2fetc", 404),
    ("/artikel/offen/index.html/", 404), ("/gibt-es-nicht", 404),
])
def test_local_server_answers_malformed_paths_with_400_or_404(local, target, expected):
    address, _, _ = local
    status, _, body = request(address, "GET", target)
    assert status == expected, (target, status, body[:200])


def test_local_server_redirects_folders_on_its_own_host_only(local, tmp_path):
    address, _, site = local
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/secret.txt").write_text("geheim")
    (site / "link").symlink_to(tmp_path / "outside")
    assert request(address, "GET", "/link/secret.txt")[0] == 404
    status, headers, _ = request(address, "GET", "/artikel/offen?x=1")
    assert status == 301 and headers["Location"].endswith("/artikel/offen/?x=1")
    for target in ("//evil.example/%2e%2e", "//evil.example"):
        status, headers, _ = request(address, "GET", target)
        assert status in (301, 404), target
        location = urlsplit(headers.get("Location", ""))
        assert location.netloc in ("", f"127.0.0.1:{address[1]}"), headers
    status, _, body = request(address, "GET", "/artikel/offen/")
    assert status == 200 and b"Offen" in body
