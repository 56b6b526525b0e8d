"""./magazine import: WordPress, RSS/Atom and Hugo into real builds; redirects; comments."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from importer import DEFAULTS, ImportFailure, Options, read_source, run_import
from pelican.settings import read_settings
from servers import _import_quietly, _serving, free_port, static_server
from sitebuilder import build

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "import"
OLD_HOST = "https://blog.example.com"
SETTINGS = {**DEFAULTS, **read_settings(str(ROOT / "pelicanconf.py"))}


def magazine_content(tmp_path: Path) -> Path:
    """A content folder as a company has it before the import: taxonomy and authors."""
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "taxonomy.yml", content / "taxonomy.yml")
    shutil.copytree(ROOT / "content" / "authors", content / "authors")
    shutil.copytree(ROOT / "content" / "images" / "authors", content / "images" / "authors")
    return content


def do_import(kind: str, location, content: Path, flavour: str = "", **options):
    source = read_source(kind, str(location), flavour)
    return run_import(source, Options(content=content, settings=SETTINGS, **options))


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(file.relative_to(folder).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def build_without_errors(content: Path, output: Path, caplog) -> None:
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        build(content, output)
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR
                or "Unable to find" in r.getMessage()]
    assert problems == []


def header(file: Path) -> dict[str, str]:
    head = file.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def body(file: Path) -> str:
    return file.read_text(encoding="utf-8").split("\n\n", 1)[1]


def assert_redirects_resolve(content: Path, output: Path) -> list[str]:
    """Every old path in the map has a redirect page leading to a page that exists."""
    redirects = yaml.safe_load((content / "import" / "redirects.yml").read_text())["redirects"]
    checked = []
    for old in redirects:
        if "?" in old:
            continue
        page = output / old.lstrip("/") / "index.html" if old.endswith("/") else (
            output / old.lstrip("/"))
        assert page.is_file(), old
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}) is None:
            assert redirects[old].get("source", "").startswith("pages/"), old
            continue  # the new page has the old page's address: nothing to redirect
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert soup.find("link", rel="canonical")["href"].startswith(SETTINGS["PUBLIC_URL"])
        assert soup.find("script") is None and soup.find(style=True) is None
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
        href = refresh.split("url=", 1)[1]
        target = urljoin(f"http://site/{page.relative_to(output).as_posix()}", href)
        path = output / target.removeprefix("http://site/")
        assert path.is_file() or (path / "index.html").is_file(), f"{old} -> {target}"
        checked.append(old)
    return checked


def assert_clean_markdown(content: Path) -> None:
    for file in list((content / "articles").rglob("*.md")) + list((content / "pages").rglob(
            "*.md")):
        text = file.read_text(encoding="utf-8")
        for bad in ("<script", "<iframe", "style=", "onclick", "onerror", "javascript:"):
            assert bad not in text.lower(), (file, bad)
        meta = header(file)
        assert "<" not in meta["Title"] and len(meta["Title"]) <= 120
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", meta.get("Date", "2000-01-01 00:00"))
        assert len(re.split(r"(?<=[.!?])\s+", meta["Summary"])) <= 2


@pytest.fixture
def old_site(tmp_path):
    """The old WordPress site's uploads on loopback, and its export pointing there."""
    with static_server(FIXTURES / "wordpress-site", comments=False) as base:
        export = tmp_path / "export.xml"
        export.write_text((FIXTURES / "wordpress.xml").read_text(encoding="utf-8").replace(
            OLD_HOST, base), encoding="utf-8")
        yield export, base


@pytest.fixture
def isso_api(tmp_path):
    """A real Isso (behind the dialog gate) on loopback, reading the given database."""
    from werkzeug.serving import make_server

    _import_quietly("isso")
    from dialog.gate import gated_isso, isso_config

    def start(db: Path):
        port = free_port()
        conf = isso_config(dbpath=db, hosts=[f"http://127.0.0.1:{port}"], public_endpoint="")
        app = gated_isso(conf, tmp_path / "closed-threads.json")
        return port, make_server("127.0.0.1", port, app, threaded=True)

    return start


def test_wordpress_import_builds_and_keeps_urls_and_comments(tmp_path, old_site, isso_api,
                                                             caplog):
    export, base = old_site
    content, db = magazine_content(tmp_path), tmp_path / "comments.db"
    result = do_import("wordpress", export, content, auto_map=True, comments_db=db,
                       download=True)
    report = "\n".join(result.lines)
    assert "comments: 4 added, 0 already there, skipped: 1 spam, 1 trash" in report

    articles = content / "articles"
    messe = next(articles.rglob("gruesse-von-der-messe.md"))
    meta = header(messe)
    assert meta["Title"] == "Grüße von der Messe: Über 3.000 Gespräche in Hannover"
    assert meta["Date"] == "2024-03-05 10:30" and meta["Modified"] == "2024-03-06 08:15"
    assert meta["Authors"] == "anna-mueller" and meta["Lang"] == "de"
    assert meta["Topics"] == "social-media, digitalisierung"  # exact slug, English label
    assert meta["Image"] == "images/import/2024/03/messestand-grosse-halle.png"
    assert meta["Image_alt"] == "Unser Messestand in der großen Halle"
    assert (content / meta["Image"]).read_bytes() == (
        FIXTURES / "wordpress-site/wp-content/uploads/2024/03/Messestand Große Halle.png"
    ).read_bytes()
    text = body(messe)
    assert "![Azubis an der Werkbank]({static}/images/import/2024/03/azubis-werkstatt.png)" \
        in text and "*Unsere Azubis zeigten, wie ein Getriebe entsteht.*" in text  # [caption]
    assert "![Ein Getriebe, aufgeschnitten]({static}/images/import/2024/03/getriebe-detail.png)" \
        in text  # [gallery]
    assert "\n\nhttps://www.youtube.com/watch?v=aqz-KE-bpKQ\n\n" in text  # auto-embed
    assert "({filename}/articles/marketing/fachkraefte-finden.md)" in text
    assert "({filename}/articles/marketing/drei-fragen.md)" in text  # linked as ?p=102
    assert "({filename}/pages/ueber-uns.md)" in text
    assert "Dzień dobry!" in text
    assert header(articles / "marketing/fachkraefte-finden.md")["Summary"] == \
        "Was Bewerberinnen wirklich wissen wollen. Eine Umfrage unter Ingenieurinnen zeigt es."

    hostile = articles / "marketing" / "drei-fragen.md"
    assert header(hostile)["Title"] == "Fett & sicher: drei Fragen an die Entwicklung"
    assert header(hostile)["Format"] == "interview"  # category "Interviews": similar spelling
    assert "https://www.youtube.com/embed/dQw4w9WgXcQ" in body(hostile)  # iframe -> embed
    assert '[unknown\\_widget foo="bar"]' in body(hostile)  # kept visibly, and reported
    assert "unknown shortcode [unknown_widget" in report
    assert header(articles / "marketing" / "103.md")["Title"] == "Ohne Titel (103)"
    assert len(header(articles / "marketing" / "langer-titel.md")["Title"]) <= 120
    assert header(articles / "marketing" / "why-we-moved.md")["Lang"] == "en"
    drafts = {f.stem: header(f) for f in articles.rglob("*.md") if "Status" in header(f)}
    assert set(drafts) == {"entwurf-unser-neues-lager", "tag-der-offenen-tuer", "zahlen",
                           "fuer-partner", "wartet-auf-freigabe"}
    assert drafts["tag-der-offenen-tuer"]["Date"] == "2099-05-01 10:00"
    assert "password-protected" in report
    assert header(content / "pages" / "ueber-uns.md")["Title"] == "Über uns"
    assert yaml.safe_load((content / "authors" / "joerg-weiss.yml").read_text())["name"] == \
        "Jörg Weiß"
    assert "@" not in (content / "authors" / "anna-mueller.yml").read_text()  # privacy default
    downloads = (content / "import" / "downloads.tsv").read_text().splitlines()
    assert downloads[0] == "url\ttarget\tstate" and all(
        line.endswith("\tpresent") for line in downloads[1:])
    mapping = yaml.safe_load((content / "import" / "mapping.yml").read_text())
    assert mapping["tags"]["recruting"]["suggestion"] == "topic/recruiting"
    assert mapping["tags"]["recruting"]["why"] == "similar spelling"
    assert mapping["categories"]["neuigkeiten"]["posts"] == 7
    assert_clean_markdown(content)

    output = tmp_path / "output"
    build_without_errors(content, output, caplog)
    checked = assert_redirects_resolve(content, output)
    assert {"/2024/03/gruesse-von-der-messe/", "/category/social-media/", "/tag/recruting/",
            "/author/anna/", "/feed/", "/category/neuigkeiten/feed/",
            "/en/2024/03/why-we-moved/"} <= set(checked)
    assert not (output / "2024" / "03" / "zahlen").exists()  # private: no redirect, no page
    netlify = (output / "_redirects").read_text()
    assert "/  p=100  /artikel/gruesse-von-der-messe/  301!" in netlify
    assert "/  page_id=120  /ueber-uns/  301!" in netlify
    nginx = (output / "redirects" / "nginx-map.conf").read_text()
    assert '"~^/(index\\.php)?\\?(?=(.*&)?p=100(&|$))" "/artikel/gruesse-von-der-messe/";' \
        in nginx
    article = BeautifulSoup((output / "artikel/gruesse-von-der-messe/index.html").read_text(),
                            "html.parser")
    assert article.select_one("figure.embed[data-consent-provider=youtube]") is not None
    assert "p=111" not in netlify and "p=111" not in nginx  # a scheduled post: no redirect

    port, server = isso_api(db)
    thread_url = f"http://127.0.0.1:{port}/?uri=/artikel/gruesse-von-der-messe/&nested_limit=10"
    with _serving(server), urllib.request.urlopen(thread_url) as response:
        thread = json.load(response)
    authors = [(c["author"], [r["author"] for r in c["replies"]]) for c in thread["replies"]]
    assert authors == [("Petra Schön", ["Anna Müller", "Petra Schön"]), ("Jörg Weiß", [])]
    assert "Tolle Bilder!" in thread["replies"][0]["text"]
    assert "Cheap" not in json.dumps(thread) and "Papierkorb" not in json.dumps(thread)

    with sqlite3.connect(db) as connection:  # privacy: no e-mail unless the setting says so
        assert connection.execute("SELECT COUNT(*) FROM comments WHERE email IS NOT NULL"
                                  ).fetchone() == (0,)
    before = tree_hash(content), db.read_bytes()
    again = do_import("wordpress", export, content, auto_map=True, comments_db=db,
                      download=True)
    assert again.written == [] and "comments: 0 added, 4 already there" in "\n".join(again.lines)
    assert (tree_hash(content), db.read_bytes()) == before


@pytest.mark.parametrize("name, lang, old_path", [
    ("rss.xml", "de", "/2023/neue-halle-eroeffnet.html"),
    ("atom.xml", "en", "/posts/inverters-and-efficiency/"),
])
def test_feed_import_builds_with_redirects(tmp_path, caplog, name, lang, old_path):
    content = magazine_content(tmp_path)
    do_import("feed", FIXTURES / name, content, auto_map=True)
    files = sorted((content / "articles").rglob("*.md"))
    assert len(files) == 2 and {header(f)["Lang"] for f in files} == {lang}
    assert_clean_markdown(content)
    before = tree_hash(content)
    assert do_import("feed", FIXTURES / name, content, auto_map=True).written == []
    assert tree_hash(content) == before
    output = tmp_path / "output"
    build_without_errors(content, output, caplog)
    assert old_path in assert_redirects_resolve(content, output)


def test_rss_links_between_entries_and_existing_authors(tmp_path):
    content = magazine_content(tmp_path)
    do_import("feed", FIXTURES / "rss.xml", content, auto_map=True)
    halle = header(next(content.rglob("neue-halle-eroeffnet.md")))
    assert halle["Authors"] == "sabine-yilmaz"  # the magazine's own profile, reused
    assert halle["Date"] == "2023-10-04 10:00"  # 08:00 UTC in Berlin
    assert "({filename}/articles/marketing/tag-der-ausbildung.md)" in body(
        next(content.rglob("neue-halle-eroeffnet.md")))
    atom = magazine_content(tmp_path / "atom")
    do_import("feed", FIXTURES / "atom.xml", atom, auto_map=True)
    inverters = next(atom.rglob("inverters-and-efficiency.md"))
    assert header(inverters)["Title"] == "Inverters & efficiency"
    assert "https://www.youtube.com/embed/aqz-KE-bpKQ" in body(inverters)


def test_hugo_folder_import_builds_with_redirects(tmp_path, caplog):
    content = magazine_content(tmp_path)
    do_import("folder", FIXTURES / "hugo", content, "hugo", auto_map=True)
    post = next(content.rglob("erste-schritte.md"))
    meta = header(post)
    assert meta["Department"] == "vertrieb" and meta["Topics"] == "social-selling"
    assert meta["Authors"] == "david-schuster"
    assert "\n\nhttps://www.youtube.com/watch?v=aqz-KE-bpKQ\n\n" in body(post)
    assert "![Stand auf der Messe]({static}/images/import/images/messe.png)" in body(post)
    assert "({filename}/articles/marketing/werkstatt-bundle.md)" in body(post)
    bundle = header(next(content.rglob("werkstatt-bundle.md")))
    assert bundle["Image"] == "images/import/posts/werkstatt-bundle/werkbank.png"
    assert header(next(content.rglob("entwurf.md")))["Status"] == "draft"
    assert (content / "pages" / "impressum.md").is_file()
    assert_clean_markdown(content)
    before = tree_hash(content)
    assert do_import("folder", FIXTURES / "hugo", content, "hugo", auto_map=True).written == []
    assert tree_hash(content) == before
    output = tmp_path / "output"
    build_without_errors(content, output, caplog)
    checked = assert_redirects_resolve(content, output)
    assert {"/posts/erste-schritte/", "/2022/05/linkedin-start/", "/tags/social-selling/",
            "/index.xml"} <= set(checked)


def test_malformed_export_names_element_and_line_and_writes_nothing(tmp_path):
    content = magazine_content(tmp_path)
    before = tree_hash(content)
    broken = tmp_path / "broken.xml"
    lines = (FIXTURES / "wordpress.xml").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if "<wp:post_id>101</wp:post_id>" in line)
    lines[number] = "\t\t<wp:post_id>101</wp:post_ID>"
    broken.write_text("\n".join(lines), encoding="utf-8")
    run = subprocess.run([str(Path(sys.executable).parent / "invoke"), "import", "wordpress",
                          str(broken), "--content", str(content), "--auto-map",
                          "--comments-db", str(tmp_path / "c.db")],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2
    assert f"broken.xml:{number + 1}: malformed XML in <rss/channel/item/wp:post_id>" in run.stderr
    assert "nothing was written" in run.stderr
    assert tree_hash(content) == before and not (tmp_path / "c.db").exists()


def test_hostile_xml_entities_are_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<rss><channel>'
                    '<title>&b;</title></channel></rss>\n', encoding="utf-8")
    with pytest.raises(ImportFailure, match="bomb.xml:2: forbidden XML construct"):
        read_source("wordpress", str(bomb))


def test_first_run_writes_the_mapping_and_the_next_applies_the_editors_choice(tmp_path):
    content = magazine_content(tmp_path)
    export = FIXTURES / "wordpress.xml"
    with pytest.raises(ImportFailure, match=r"7 old term\(s\) are not mapped yet"):
        do_import("wordpress", export, content)
    assert sorted(p.name for p in content.rglob("*") if p.is_file() and "import" in p.parts) \
        == ["mapping.yml"]
    assert not (content / "articles").exists()
    mapping_path = content / "import" / "mapping.yml"
    mapping = yaml.safe_load(mapping_path.read_text())
    for section in ("categories", "tags"):
        for entry in mapping[section].values():
            entry["use"] = entry["suggestion"] or "drop"
    mapping["categories"]["neuigkeiten"].update(use="topic/content-marketing",
                                                department="kommunikation")
    mapping["authors"]["joerg"]["use"] = "felix-neumann"
    mapping_path.write_text(yaml.safe_dump(mapping, allow_unicode=True))
    do_import("wordpress", export, content)
    post = header(content / "articles" / "kommunikation" / "fachkraefte-finden.md")
    assert post["Department"] == "kommunikation" and post["Authors"] == "felix-neumann"
    assert post["Topics"] == "content-marketing, employer-branding, recruiting"
    assert not (content / "authors" / "joerg-weiss.yml").exists()
    assert yaml.safe_load(mapping_path.read_text())["authors"]["joerg"]["use"] == "felix-neumann"


def test_rerun_never_overwrites_an_edited_file_and_update_refreshes_untouched_ones(tmp_path):
    content = magazine_content(tmp_path)
    export = FIXTURES / "wordpress.xml"
    do_import("wordpress", export, content, auto_map=True)
    edited = content / "articles" / "marketing" / "langer-titel.md"
    untouched = content / "articles" / "marketing" / "103.md"
    edited.write_text(edited.read_text().replace("Kurzer Text", "Redigierter Text"))
    changed = tmp_path / "changed.xml"
    changed.write_text(export.read_text(encoding="utf-8").replace(
        "Kurzer Text unter einem langen Titel.", "Neuer Text.").replace(
        "Ein Beitrag ohne Titel,", "Ein geänderter Beitrag ohne Titel,"), encoding="utf-8")
    result = do_import("wordpress", changed, content, auto_map=True)
    assert "Redigierter Text" in edited.read_text()
    assert "geänderter" not in untouched.read_text()
    assert any(line.startswith("articles/marketing/103.md: kept") for line in result.kept)
    result = do_import("wordpress", changed, content, auto_map=True, update=True)
    assert "geänderter" in untouched.read_text() and "Redigierter Text" in edited.read_text()
    assert "articles/marketing/langer-titel.md: kept, changed since the import" in result.kept


@pytest.mark.parametrize("flavour, expected", [
    ("jekyll", {"/events/2021/04/09/kundentag-rueckblick/", "/feed.xml"}),
    ("pelican", {"/neuer-umrichter.html", "/pages/kontakt.html", "/category/technik.html",
                 "/tag/antriebstechnik.html", "/author/felix-neumann.html",
                 "/feeds/all.atom.xml"}),
])
def test_jekyll_and_pelican_folders_keep_their_addresses(tmp_path, flavour, expected):
    content = magazine_content(tmp_path)
    do_import("folder", FIXTURES / flavour, content, flavour, auto_map=True)
    redirects = yaml.safe_load((content / "import" / "redirects.yml").read_text())["redirects"]
    assert expected <= set(redirects)
    assert_clean_markdown(content)
    if flavour == "jekyll":
        post = next(content.rglob("kundentag-rueckblick.md"))
        assert header(post)["Topics"] == "messen-events" and header(post)["Date"] == \
            "2021-04-09 00:00"
        assert "{% include video.html" in body(post)  # Liquid kept visibly
        assert header(next(content.rglob("halbfertig.md")))["Status"] == "draft"
    else:
        assert header(next(content.rglob("neuer-umrichter.md")))["Topics"] == \
            "technik, antriebstechnik"
        assert (content / "pages" / "kontakt.md").is_file()


def test_a_redirect_to_a_missing_file_is_a_content_error(site):
    from corporate_world.errors import ContentErrors

    site.article("da")
    site.write("import/redirects.yml", "redirects:\n  /alt/: {source: articles/da.md}\n"
                                       "  /weg/: {source: articles/weg.md}\n")
    with pytest.raises(ContentErrors) as failure:
        site.build()
    [error] = [e for e in failure.value.errors if e.rule == "redirect-target"]
    assert error.line == 3 and "articles/weg.md" in error.value


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_older_wxr_versions_read_the_same(tmp_path, version):
    older = tmp_path / f"wxr-{version}.xml"
    older.write_text((FIXTURES / "wordpress.xml").read_text(encoding="utf-8").replace(
        "wordpress.org/export/1.2/", f"wordpress.org/export/{version}/").replace(
        "<wp:wxr_version>1.2<", f"<wp:wxr_version>{version}<"), encoding="utf-8")
    current, old = read_source("wordpress", str(FIXTURES / "wordpress.xml")), read_source(
        "wordpress", str(older))
    assert [(i.key, i.title_markup, i.draft_reason, len(i.comments)) for i in old.items] == [
        (i.key, i.title_markup, i.draft_reason, len(i.comments)) for i in current.items]
    assert len(current.items) == 12 and set(old.people) == {"anna", "joerg"}


@pytest.mark.parametrize("cache", [False, True])
def test_redirect_pages_with_and_without_the_content_cache(site, cache):
    site.article("neu")
    site.write("import/redirects.yml", "redirects:\n  /2019/alt/: {source: articles/neu.md}\n"
                                       "  /?p=7: {source: articles/neu.md}\n")
    for _run in range(2 if cache else 1):  # the second build reads from the cache
        shutil.rmtree(site.output, ignore_errors=True)
        site.build(CACHE_CONTENT=cache, LOAD_CONTENT_CACHE=cache)
    refresh = site.page("2019/alt/index.html").find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=../../artikel/neu/"
    assert "/  p=7  /artikel/neu/  301!" in (site.output / "_redirects").read_text()


def test_comment_emails_only_when_the_privacy_setting_allows(tmp_path):
    from importer.comments import Thread, write_threads

    source = read_source("wordpress", str(FIXTURES / "wordpress.xml"))
    comments = next(i for i in source.items if i.key == "post:100").comments
    for keep, db in ((False, tmp_path / "no.db"), (True, tmp_path / "yes.db")):
        report = write_threads(db, [Thread("/artikel/x/", "X", comments)], keep_email=keep)
        assert report.added == 4 and report.skipped == {"spam": 1, "trash": 1}
        with sqlite3.connect(db) as connection:
            emails = {row[0] for row in connection.execute("SELECT email FROM comments")}
        assert emails == ({"petra@leser.example", "anna.mueller@blog.example.com", None}
                          if keep else {None})
