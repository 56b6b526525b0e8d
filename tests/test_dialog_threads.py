"""Threads, share links, the CSP and the gate in front of a real Isso (no browser)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT
from sitebuilder import SiteFixture, soup

REGISTRY = "dialog/closed-threads.json"


def directives(page) -> dict[str, list[str]]:
    meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None, "no CSP meta tag"
    return {part.split()[0]: part.split()[1:] for part in meta["content"].split("; ")}


@pytest.fixture(scope="module")
def threads_site(tmp_path_factory):
    site = SiteFixture(tmp_path_factory.mktemp("threads"))
    recent = (datetime.now() - timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    english = site.article("offen", lang="en", title="Open", body="A text.", date=recent)
    english.rename(english.with_name("offen-en.md"))
    site.article("offen", title="Offen & ehrlich", body="Ein Text.", date=recent)
    site.article("geschlossen", dialog="closed")
    site.article("aus", dialog="off")
    site.article("alt", date="2025-09-02 10:00")
    site.article("neu", date=recent)
    site.build(DIALOG_CLOSE_AFTER_DAYS=30)
    return site


def loader_config(page) -> dict:
    """The loader's configuration in the page's <head> (plugins/dialog/loader.py)."""
    return json.loads(page.head.find("script", id="magazine-config").string)


def test_article_thread_markup(threads_site):
    page = threads_site.page("artikel/offen/index.html")
    section = page.select_one("section.dialog#kommentare")
    thread = section.select_one("section#isso-thread")
    assert thread["data-isso-id"] == "/artikel/offen/"
    assert thread["data-title"] == "Offen & ehrlich"
    config = loader_config(page)
    assert config["thread"] == {"provider": "isso", "anchor": "kommentare",
                                "id": "/artikel/offen/", "state": "open", "lang": "de"}
    assert config["comments"]["endpoint"] == "../../comments/"
    assert section.select_one(".dialog__closed") is None
    assert section.has_attr("data-pagefind-ignore")
    english = threads_site.page("en/artikel/offen/index.html")
    assert english.select_one("#isso-thread")["data-isso-id"] == "/en/artikel/offen/"
    assert loader_config(english)["comments"]["endpoint"] == "../../../comments/"
    assert loader_config(english)["thread"]["lang"] == "en"


def test_closed_and_switched_off_threads(threads_site):
    closed = threads_site.page("artikel/geschlossen/index.html")
    assert loader_config(closed)["thread"]["state"] == "closed"
    assert "geschlossen" in closed.select_one("#kommentare .dialog__closed").get_text()
    off = threads_site.page("artikel/aus/index.html")
    assert off.select_one("#kommentare") is None and off.select_one("#isso-thread") is None
    assert "thread" not in loader_config(off)
    registry = json.loads((threads_site.output / REGISTRY).read_text())
    assert "/artikel/geschlossen/" in registry["closed"]
    assert registry["off"] == ["/artikel/aus/"]
    assert {"/artikel/offen/", "/en/artikel/offen/"} <= set(registry["open"])


def test_close_after_days(threads_site):
    old = threads_site.page("artikel/alt/index.html")
    assert loader_config(old)["thread"]["state"] == "closed"
    assert old.select_one(".dialog__closed") is not None
    new = threads_site.page("artikel/neu/index.html")
    assert loader_config(new)["thread"]["state"] == "open"
    registry = json.loads((threads_site.output / REGISTRY).read_text())
    assert "/artikel/alt/" in registry["closed"]
    closes = datetime.fromisoformat(registry["closes_at"]["/artikel/neu/"])
    assert timedelta(days=27) < closes - datetime.now(UTC) < timedelta(days=29)


def test_comment_counts_on_listings(threads_site):
    front = threads_site.page("index.html")
    counts = {a["data-isso-id"]: a for a in front.select(".card__meta a[data-isso-id]")}
    assert "/artikel/aus/" not in counts
    link = counts["/artikel/offen/"]
    assert link["href"] == "./artikel/offen/#isso-thread"
    assert link.get_text() == "Kommentare"  # the loader writes the number
    comments = loader_config(front)["comments"]
    assert comments["endpoint"] == "./comments/"
    assert comments["counts"] == {"none": "Noch keine Kommentare", "one": "1 Kommentar",
                                  "many": "{n} Kommentare"}


def test_share_links_are_plain_links(threads_site):
    page = threads_site.page("artikel/offen/index.html")
    links = {a["class"][1].split("--")[1]: a["href"] for a in page.select("nav.share a")}
    url = "http://127.0.0.1:8000/artikel/offen/"
    assert parse_qs(urlsplit(links["linkedin"]).query) == {"url": [url]}
    assert links["linkedin"].startswith("https://www.linkedin.com/sharing/share-offsite/")
    assert links["xing"].startswith("https://www.xing.com/spi/shares/new?")
    assert parse_qs(urlsplit(links["x"]).query) == {"text": ["Offen & ehrlich"], "url": [url]}
    assert parse_qs(urlsplit(links["mastodon"]).query)["text"] == [f"Offen & ehrlich {url}"]
    assert parse_qs(urlsplit(links["email"]).query) == {"subject": ["Offen & ehrlich"],
                                                        "body": [url]}
    copy = page.select_one("nav.share a.share__link--copy")
    assert copy["href"] == "../../artikel/offen/" and loader_config(page)["copy"]["url"] == url
    # no third-party script, image or stylesheet on the page
    for tag, attr in (("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src")):
        for element in page.find_all(tag):
            value = element.get(attr) or ""
            assert not value.startswith(("http:", "https:", "//")) or tag == "link" and (
                "stylesheet" not in element.get("rel", []) and "icon" not in element.get(
                    "rel", [])), f"{tag} {value}"


def test_no_inline_scripts_and_one_loader(threads_site):
    for file in threads_site.output.rglob("*.html"):
        page = soup(file)
        for script in page.find_all("script"):
            if script.get("type") in ("application/ld+json", "application/json"):
                continue  # data, never executed
            assert script.get("src"), f"inline script in {file}"
            assert not script.string
        assert page.find(attrs={"style": True}) is None, f"inline style in {file}"
        assert all(not a.startswith("on") for tag in page.find_all(True) for a in tag.attrs)
    loaders = threads_site.page("artikel/offen/index.html").select("script[src$='magazine.js']")
    assert len(loaders) == 1 and loaders[0].has_attr("defer")
    assert loaders[0].parent.name == "head"  # before any content


def test_csp_meta_and_header_snippets(threads_site):
    policy = directives(threads_site.page("artikel/offen/index.html"))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert {"https://www.youtube-nocookie.com", "https://player.vimeo.com",
            "https://www.instagram.com", "https://www.linkedin.com",
            "https://platform.twitter.com"} <= set(policy["frame-src"])
    assert "frame-ancestors" not in policy  # not allowed in a meta tag
    headers = (threads_site.output / "_headers").read_text()
    nginx = (threads_site.output / "dialog/csp.conf").read_text()
    for snippet in (headers, nginx):
        readers = snippet.split("/admin/")[0]  # the web editor's own policy comes last
        assert "frame-ancestors 'self'" in readers and "'unsafe-inline'" not in readers
        assert "script-src 'self';" in snippet
        assert "/suche/" in snippet and "'wasm-unsafe-eval'" in snippet
    search = threads_site.output / "suche/index.html"
    if search.is_file():  # its policy (with WebAssembly) comes from the headers only
        assert soup(search).find("meta", attrs={"http-equiv": "Content-Security-Policy"}) is None


def test_isso_on_its_own_origin_joins_the_policy(site):
    site.article("fremd", body="https://www.instagram.com/p/C0ffeeAuen1/\n\n"
                 "https://chaos.social/@auenwerk/1234567890\n")
    site.build(DIALOG_ISSO_URL="https://comments.auenwerk.example/isso",
               DIALOG_EMBED_PROVIDERS=("instagram", "mastodon"),
               DIALOG_MASTODON_HOSTS=("chaos.social",))
    page = site.page("artikel/fremd/index.html")
    policy = directives(page)
    origin = "https://comments.auenwerk.example"
    for directive in ("script-src", "style-src", "img-src", "connect-src"):
        assert policy[directive][-1] == origin
    assert policy["frame-src"] == ["https://chaos.social", "https://www.instagram.com"]
    assert loader_config(page)["comments"]["endpoint"] == f"{origin}/isso/"


@pytest.mark.parametrize("provider", ["giscus", "remark42"])
def test_third_party_comment_providers_are_consent_gated(site, provider):
    site.article("fremdkommentar", title="Fremd", dialog="closed")
    site.build(DIALOG_PROVIDER=provider,
               DIALOG_GISCUS={"repo": "auenwerk/magazin", "repo_id": "R_1", "category": "Q",
                              "category_id": "C_1"},
               DIALOG_REMARK42={"host": "https://remark.auenwerk.example", "site_id": "mag"})
    page = site.page("artikel/fremdkommentar/index.html")
    assert page.select_one("#isso-thread") is None
    gate = page.select_one("#kommentare .dialog__gate[data-consent=comments]")
    assert gate["data-consent-provider"] == provider
    assert gate.select_one(".consent[hidden] button[data-consent-load]")
    assert gate.select_one(".consent input[data-consent-always]")
    assert page.select_one("#kommentare .dialog__closed")
    thread = page.select_one("#kommentare .dialog__thread")
    assert not [a for a in thread.attrs if a.startswith("data-")]  # the loader's config says
    policy = directives(page)
    assert "'unsafe-inline'" not in policy["script-src"]
    config = loader_config(page)["thread"]
    assert config["provider"] == provider and config["anchor"] == "kommentare"
    assert "comments" not in loader_config(page)  # no Isso, no count requests
    script = config["attributes"]
    if provider == "giscus":
        assert config["src"] == "https://giscus.app/client.js"
        assert script["data-term"] == "/artikel/fremdkommentar/"
        assert script["data-mapping"] == "specific"
        assert script["data-repo"] == "auenwerk/magazin"
        assert "giscus" in thread["class"]
        for directive in ("script-src", "style-src", "frame-src"):
            assert "https://giscus.app" in policy[directive]
        assert policy["style-src"] == ["'self'", "https://giscus.app"]
    else:
        assert thread["id"] == "remark42"
        assert config["src"] == "https://remark.auenwerk.example/web/embed.js"
        remark = config["global"]["remark_config"]
        assert remark["url"] == "http://127.0.0.1:8000/artikel/fremdkommentar/"
        assert remark["site_id"] == "mag" and script == {}
        for directive in ("script-src", "frame-src", "connect-src"):
            assert "https://remark.auenwerk.example" in policy[directive]
        assert "'unsafe-inline'" in policy["style-src"]  # styles only, see README
    # counts on listings link to the discussion, without asking the third party
    card = site.page("index.html").select_one(".card__meta .comment-count a")
    assert card["href"].endswith("#kommentare") and not card.has_attr("data-isso-id")


def test_unknown_provider_stops_the_build(site):
    site.article("egal")
    with pytest.raises(SystemExit) as stop:
        site.build(DIALOG_PROVIDER="disqus")
    assert "DIALOG_PROVIDER" in str(stop.value.text) and "isso" in stop.value.text


def test_demo_every_article_and_hub_shows_its_thread(demo_build):
    articles = sorted(demo_build.glob("artikel/*/index.html")) + sorted(
        demo_build.glob("en/artikel/*/index.html"))
    hubs = sorted(demo_build.glob("hub/*/index.html"))
    assert len(articles) >= 36 and hubs
    providers = set()
    for file in articles:
        page = soup(file)
        path = "/" + file.parent.relative_to(demo_build).as_posix() + "/"
        assert page.select_one("#kommentare #isso-thread")["data-isso-id"] == path
        providers |= {f["data-consent-provider"] for f in page.select("figure.embed")}
    for file in hubs:
        page = soup(file)
        thread = page.select_one("section#fragen #isso-thread")
        assert thread["data-isso-id"] == f"hub:{file.parent.name}"
        assert page.select_one('a[href="#fragen"]') is not None
    assert len(providers) >= 3, providers
    registry = json.loads((demo_build / REGISTRY).read_text())
    assert {f"hub:{f.parent.name}" for f in hubs} <= set(registry["open"])


# --- the gate in front of a real Isso ------------------------------------------------------

@pytest.fixture
def gated(tmp_path):
    """The gate wrapping a real Isso (in-process), with a registry file we control."""
    from servers import _import_quietly
    from werkzeug.test import Client

    _import_quietly("isso")
    gate = _import_quietly("dialog.gate")
    registry = tmp_path / "closed-threads.json"
    conf = gate.isso_config(dbpath=tmp_path / "c.db", hosts=["http://127.0.0.1:9"],
                            moderation=False, public_endpoint="", ratelimit=100)
    return Client(gate.gated_isso(conf, registry)), registry


def post(client, uri: str, text: str = "Eine Frage zum Thema"):
    return client.post("/new", query_string={"uri": uri}, json={"text": text, "title": "T"},
                       headers={"Origin": "http://127.0.0.1:9"})


def test_gate_refuses_closed_off_and_unknown_threads(gated):
    client, registry = gated
    assert post(client, "/artikel/a/").status_code == 403  # no registry yet: paused
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    gone = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    registry.write_text(json.dumps({
        "version": 1, "open": ["/artikel/a/", "/artikel/b/", "/artikel/c/", "hub:x"],
        "closed": ["/artikel/zu/"], "off": ["/artikel/aus/"],
        "closes_at": {"/artikel/b/": soon, "/artikel/c/": gone}}))
    for uri in ("/artikel/a/", "/artikel/b/", "hub:x"):
        assert post(client, uri).status_code == 201, uri
    for uri, reason in (("/artikel/zu/", "closed"), ("/artikel/c/", "closed"),
                        ("/artikel/aus/", "switched off"), ("/artikel/fremd/", "no discussion")):
        refused = post(client, uri)
        assert refused.status_code == 403, uri
        assert reason in refused.get_json()["message"]
        assert refused.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:9"
    stored = client.get("/", query_string={"uri": "/artikel/a/"}).get_json()
    assert [r["text"] for r in stored["replies"]] == ["<p>Eine Frage zum Thema</p>"]
    assert client.get("/", query_string={"uri": "/artikel/zu/"}).get_json()["total_replies"] == 0


def test_local_server_serves_site_and_comments(tmp_path, demo_build):
    """``./magazine serve``'s server process: site files and the gated Isso on one origin."""
    from servers import free_port, wait_for

    port = free_port()
    command = [sys.executable, "-m", "dialog.server", "--site", str(demo_build),
               "--data", str(tmp_path / "comments"), "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "plugins"),
                                                       "PATH": "/usr/bin:/bin"},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/comments/config", process)
        with urllib.request.urlopen(base + "/artikel/ausbildungsstart-2026/") as page:
            assert b'id="isso-thread"' in page.read()
        request = urllib.request.Request(
            base + "/comments/new?uri=/artikel/ausbildungsstart-2026/", method="POST",
            data=json.dumps({"text": "Gilt das auch für Quereinsteiger?", "title": "A"}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as created:
            assert created.status == 201  # the demo approves at once
        assert (tmp_path / "comments" / "comments.db").is_file()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert Path(tmp_path / "comments" / "comments.db").stat().st_size > 0
