"""The headless JSON API, its schemas, its determinism, the digest and the JSON-LD in pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from api.schema import SharedEncoder, encode
from bs4 import BeautifulSoup
from conftest import ROOT
from jsonschema import Draft202012Validator
from pelican.settings import read_settings
from referencing import Registry, Resource
from sitebuilder import build

SCHEMAS = ROOT / "plugins" / "api" / "schemas"
# The test's own map of document paths to schemas (not the plugin's), first match wins.
DOCUMENT_SCHEMAS = [
    (r"index\.json", "index"),
    (r"articles/page-\d+\.json", "articles-page"),
    (r"articles/(en/)?[a-z0-9-]+\.json", "article"),
    (r"taxonomy\.json", "taxonomy"),
    (r"(departments|topics|industries|audiences|formats)/[a-z0-9-]+(/page-\d+)?\.json",
     "term-articles"),
    (r"authors\.json", "authors"),
    (r"authors/[a-z0-9-]+(/page-\d+)?\.json", "author"),
    (r"hubs\.json", "hubs"),
    (r"hubs/[a-z0-9-]+\.json", "hub"),
]
HOSTILE_TITLE = '</script><script>alert(1)</script> "Preise" & \'Angebote\' <!--'
HOSTILE_SUMMARY = 'Teaser </script><script>alert(2)</script> & "mehr" \u2028 Ende'
HOSTILE_NAME = 'Eve </script><script>alert(3)</script> & "Co"'
BERLIN = ZoneInfo("Europe/Berlin")


def validators() -> dict[str, Draft202012Validator]:
    schemas = {f.name.removesuffix(".schema.json"): json.loads(f.read_text())
               for f in SCHEMAS.glob("*.schema.json")}
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return {name: Draft202012Validator(s, registry=registry) for name, s in schemas.items()}


def schema_of(relative: str) -> str:
    for pattern, name in DOCUMENT_SCHEMAS:
        if re.fullmatch(pattern, relative):
            return name
    raise AssertionError(f"no schema for {relative}")


def read(api: Path, relative: str) -> dict:
    return json.loads((api / relative).read_text(encoding="utf-8"))


def api_files(api: Path) -> list[str]:
    return sorted(p.relative_to(api).as_posix() for p in api.rglob("*.json"))


def test_every_api_file_of_the_demo_matches_its_schema(demo_publish):
    api = demo_publish / "api" / "v1"
    checks = validators()
    documents = [f for f in api_files(api)
                 if not f.startswith("schema/") and f != "hubs/coverage.json"]
    assert len(documents) > 60
    for relative in documents:
        errors = list(checks[schema_of(relative)].iter_errors(read(api, relative)))
        assert errors == [], (relative, [e.message for e in errors[:3]])
    # every schema is published, valid 2020-12, and linked from index.json
    index = read(api, "index.json")
    published = {f.removeprefix("schema/").removesuffix(".schema.json")
                 for f in api_files(api) if f.startswith("schema/")}
    assert published == set(checks) == set(index["schemas"])
    for name in published:
        Draft202012Validator.check_schema(read(api, f"schema/{name}.schema.json"))
    # every link of the discovery document is absolute and points at a written file
    base = "https://magazin.auenwerk.example/api/v1/"
    for url in [*index["links"].values(), *index["schemas"].values()]:
        assert url.startswith(base) and (api / url.removeprefix(base)).is_file(), url
    # one JSON file per article page, each with absolute URLs only
    pages = [p for p in demo_publish.glob("**/artikel/*/index.html")]
    articles = [f for f in documents if schema_of(f) == "article"]
    assert len(articles) == len(pages) == read(api, "articles/page-1.json")["meta"][
        "pagination"]["total"]
    internal = 0
    for relative in articles:
        article = read(api, relative)
        for link in re.findall(r'(?:href|src)="([^"]*)"', article["html"]):
            assert re.match(r"(https://|mailto:|tel:)", link), (relative, link)
            internal += link.startswith("https://magazin.auenwerk.example/artikel/")
        assert article["url"].startswith("https://magazin.auenwerk.example/")
        assert article["dialog"]["thread_id"] == "/" + article["url"].split("/", 3)[3]
    assert internal > 10  # {filename} links came out link-resolved and absolute


def test_demo_pages_carry_one_parseable_json_ld_block(demo_publish):
    page = BeautifulSoup((demo_publish / "artikel/vom-firmenblog-zum-magazin/index.html")
                         .read_text(), "html.parser")
    blocks = page.find_all("script", type="application/ld+json")
    assert len(blocks) == 1 and blocks[0].parent.name == "head"
    data = json.loads(blocks[0].string)
    assert data["headline"] == page.h1.get_text()
    assert data["@type"] in ("NewsArticle", "BlogPosting")
    assert data["mainEntityOfPage"]["@id"] == (
        "https://magazin.auenwerk.example/artikel/vom-firmenblog-zum-magazin/")
    assert data["publisher"]["logo"]["url"].startswith("https://magazin.auenwerk.example/")
    assert all(a["@type"] == "Person" and a["url"].startswith("https://") for a in data["author"])
    front = BeautifulSoup((demo_publish / "index.html").read_text(), "html.parser")
    graph = json.loads(front.find("script", type="application/ld+json").string)["@graph"]
    assert {node["@type"] for node in graph} == {"WebSite", "Organization"}


def test_pagination_of_23_articles_by_10(site):
    for n in range(23):
        site.article(f"artikel-{n:02d}")
    out = site.build(API_PAGE_SIZE=10)
    api = out / "api" / "v1"
    seen, previous_date = [], None
    for page in (1, 2, 3):
        document = read(api, f"articles/page-{page}.json")
        meta = document["meta"]["pagination"]
        assert meta == {"page": page, "limit": 10, "pages": 3, "total": 23,
                        "next": page + 1 if page < 3 else None,
                        "prev": page - 1 if page > 1 else None}
        assert len(document["articles"]) == (10 if page < 3 else 3)
        for article in document["articles"]:
            published = datetime.fromisoformat(article["published"])
            assert previous_date is None or published <= previous_date
            previous_date = published
            seen.append(article["slug"])
            assert article["api_url"] == (
                f"http://127.0.0.1:8000/api/v1/articles/{article['slug']}.json")
            assert (api / f"articles/{article['slug']}.json").is_file()
    assert not (api / "articles/page-4.json").exists()
    assert sorted(seen) == [f"artikel-{n:02d}" for n in range(23)]  # none missing or repeated
    marketing = read(api, "departments/marketing.json")
    assert [a["slug"] for a in marketing["articles"]] == seen
    assert marketing["meta"]["total"] == 23
    parent = read(api, "topics/social-media.json")  # the fixtures' topic is its child
    assert parent["term"]["children"] and len(parent["articles"]) == 23
    counts = {t["slug"]: t["article_count"] for f in read(api, "taxonomy.json")["facets"]
              for t in f["terms"]}
    assert counts["marketing"] == 23 and counts["vertrieb"] == 0


def bilingual_site(site) -> None:
    site.article("zweisprachig", title="Auf Deutsch", modified="2026-02-03 04:05")
    site.article("zweisprachig", folder="articles/en", title="In English", lang="en",
                 summary="An English summary.")
    site.article("nur-englisch", title="Only English", lang="en")
    site.article("lang", body="Siehe [den Artikel]({filename}/articles/zweisprachig.md).\n\n"
                 "![Bild]({static}/images/articles/test.svg)", authors="anna-test, bert-test")


def test_a_second_build_is_byte_identical_and_dated_by_the_content(site, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    bilingual_site(site)
    first = site.build() / "api"
    second = build(site.content, tmp_path / "again") / "api"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative
    api = first / "v1"
    assert read(api, "index.json")["generated_at"] == "2026-02-03T04:05:00+01:00"
    german, english = read(api, "articles/zweisprachig.json"), read(
        api, "articles/en/zweisprachig.json")
    assert (german["title"], english["title"]) == ("Auf Deutsch", "In English")
    assert german["translations"] == [{"lang": "en", "url": english["url"],
                                       "api_url": english["api_url"]}]
    assert english["translations"][0]["url"] == "http://127.0.0.1:8000/artikel/zweisprachig/"
    assert read(api, "articles/en/nur-englisch.json")["lang"] == "en"
    body = BeautifulSoup(read(api, "articles/lang.json")["html"], "html.parser")
    assert body.a["href"] == "http://127.0.0.1:8000/artikel/zweisprachig/"
    assert body.img["src"] == "http://127.0.0.1:8000/images/articles/test.svg"
    assert [a["slug"] for a in read(api, "articles/lang.json")["authors"]] == [
        "anna-test", "bert-test"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    third = build(site.content, tmp_path / "epoch") / "api" / "v1"
    assert read(third, "index.json")["generated_at"] == "2026-01-01T00:00:00+00:00"


def test_hostile_text_round_trips_through_json_and_json_ld_stays_closed(site):
    site.write("authors/eve.yml", f"name: '{HOSTILE_NAME}'\nrole: {{de: 'Rolle & <b>'}}\n"
               "bio: {de: 'Bio </script>'}\n")
    site.article("boese", title=HOSTILE_TITLE, summary=HOSTILE_SUMMARY, authors="eve")
    out = site.build(CONTENT_RULES_AS_WARNINGS=["summary-format"])  # markup: escaping tested
    api = out / "api" / "v1"
    article = read(api, "articles/boese.json")
    assert (article["title"], article["summary"]) == (HOSTILE_TITLE, HOSTILE_SUMMARY)
    assert article["authors"][0]["name"] == HOSTILE_NAME
    assert read(api, "authors/eve.json")["name"] == HOSTILE_NAME
    for relative in ("artikel/boese/index.html", "autor/eve/index.html", "index.html"):
        raw = (out / relative).read_text(encoding="utf-8")
        page = BeautifulSoup(raw, "html.parser")
        scripts = page.find_all("script")
        inline = [s for s in scripts if not s.get("src")]
        assert [s.get("type") for s in inline] == ["application/ld+json", "application/json"]
        assert all(s.parent.name == "head" for s in inline)
        assert "<" not in inline[1].string and json.loads(inline[1].string)  # the loader's
        assert "alert" not in "".join(s.get("src", "") for s in scripts)
        text = inline[0].string
        assert "</" not in text and "<" not in text and "&" not in text
        data = json.loads(text)
        if relative.startswith("artikel/"):
            assert data["headline"] == HOSTILE_TITLE
            assert data["description"] == HOSTILE_SUMMARY
            assert data["author"][0]["name"] == HOSTILE_NAME
        elif relative.startswith("autor/"):
            assert data["mainEntity"]["name"] == HOSTILE_NAME
        else:
            assert {node["@type"] for node in data["@graph"]} == {"WebSite", "Organization"}
        # the block ends where it should: the hostile text never closed it early
        head = raw.split("</head>")[0]
        assert head.count("<script") == head.count("</script>") == len(
            [s for s in scripts if s.parent.name == "head"])


def test_a_schema_violation_fails_the_build_naming_the_file(site, tmp_path):
    strict = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, strict)
    schema = json.loads((strict / "article.schema.json").read_text())
    schema["properties"]["title"] = {"type": "string", "maxLength": 12}
    (strict / "article.schema.json").write_text(json.dumps(schema))
    site.article("kurz", title="Kurz")
    site.article("zu-lang", title="Ein viel zu langer Titel")
    with pytest.raises(SystemExit) as failure:
        site.build(API_SCHEMAS=str(strict))
    assert type(failure.value).__name__ == "ApiSchemaError" and failure.value.code == 2
    message = str(failure.value)
    assert "api/v1/articles/zu-lang.json does not match article.schema.json at $.title" in message
    assert "(schema path from article.schema.json, across $refs: properties/title/maxLength)" in (
        message)
    assert "kurz.json" not in message
    # checked before writing (the press's other processes may have written their share: a
    # failed build is never published, see test_taxonomy_errors)
    assert not (site.output / "api" / "v1" / "articles" / "zu-lang.json").exists()


def test_article_slugs_page_n_are_reserved(site):
    site.article("page-2")
    with pytest.raises(SystemExit) as failure:
        site.build()
    assert "page-2" in failure.value.text and "reserved" in failure.value.text


def when(days: float) -> str:
    return (datetime.now(BERLIN) - timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


def test_digest_lists_exactly_the_articles_of_the_period(site, tmp_path):
    inside = {"neu-marketing": (1, "marketing"), "neu-vertrieb": (3, "vertrieb"),
              "fast-eine-woche": (6.5, "marketing")}
    outside = {"vor-acht-tagen": (8, "marketing"), "alt": (40, "vertrieb"),
               "zukunft": (-3, "vertrieb")}
    for slug, (days, department) in {**inside, **outside}.items():
        site.article(slug, date=when(days), department=department,
                     authors="anna-test" if department == "marketing" else "bert-test")
    site.article("neu-marketing", folder="articles/en", lang="en", date=when(1),
                 title="New in English")  # the German version stands for it
    site.article("boese", title=HOSTILE_TITLE, summary=HOSTILE_SUMMARY, date=when(2))
    out = site.build(CONTENT_RULES_AS_WARNINGS=["summary-format"])  # markup: escaping tested
    digest = tmp_path / "digest"
    result = subprocess.run(
        [str(ROOT / ".venv/bin/invoke"), "digest", "--since", "7d", "--api",
         str(out / "api" / "v1"), "--out", str(digest)],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((digest / "digest.html").read_text(encoding="utf-8"), "html.parser")
    titles = [a.get_text() for a in page.select(".item h3 a")]
    assert sorted(titles) == sorted([f"Artikel {s}" for s in inside] + [HOSTILE_TITLE])
    assert page.find("script") is None
    groups = [h.get_text() for h in page.select(".group h2")]
    assert groups == ["Marketing", "Vertrieb & Social Selling"]
    links = [a["href"] for a in page.find_all("a")]
    assert links and all(link.startswith("http://127.0.0.1:8000/") for link in links)
    text = (digest / "digest.txt").read_text(encoding="utf-8")
    for slug in inside:
        assert f"http://127.0.0.1:8000/artikel/{slug}/" in text
    for slug in outside:
        assert f"/{slug}/" not in text
    assert "New in English" not in text and HOSTILE_TITLE in text


def test_digest_by_iso_date_and_hub_needs_nothing_but_the_api(site, tmp_path):
    site.article("januar", date="2026-01-20 10:00")
    site.article("dezember", date="2025-12-20 10:00")
    api = site.build() / "api" / "v1"
    copy = tmp_path / "elsewhere" / "v1"
    shutil.copytree(api, copy)  # the API files alone, far from content/ and Pelican's output
    script = (
        "import sys; from datetime import datetime, timezone; sys.path.insert(0, sys.argv[1])\n"
        "from api.digest import write_digest\n"
        "made, files = write_digest(sys.argv[2], sys.argv[3], since='2026-01-01', group='hub',"
        " now=datetime(2026, 2, 1, tzinfo=timezone.utc))\n"
        "assert 'pelican' not in sys.modules, 'the digest must not import Pelican'\n"
        "print(made.count, [g.label for g in made.groups])\n")
    result = subprocess.run([sys.executable, "-c", script, str(ROOT / "plugins"), str(copy),
                             str(tmp_path / "out")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 ['Weitere Artikel']"
    text = (tmp_path / "out" / "digest.txt").read_text()
    assert "Artikel januar" in text and "Artikel dezember" not in text
    wrong = subprocess.run([str(ROOT / ".venv/bin/invoke"), "digest", "--since", "bald",
                            "--api", str(copy)], cwd=ROOT, capture_output=True, text=True,
                           timeout=60)
    assert wrong.returncode == 2 and "--since 'bald'" in wrong.stderr


def test_digest_by_hub_lists_each_demo_story_once(demo_publish, tmp_path):
    from api.digest import write_digest

    api = demo_publish / "api" / "v1"
    made, files = write_digest(api, tmp_path, since="2025-01-01", group="hub",
                               now=datetime(2027, 1, 1, tzinfo=BERLIN))
    summaries = [a for n in range(1, 100) if (api / f"articles/page-{n}.json").exists()
                 for a in read(api, f"articles/page-{n}.json")["articles"]]
    expected = {a["url"] for a in summaries
                if a["lang"] == "de" or all(t["lang"] != "de" for t in a["translations"])}
    listed = [a["url"] for g in made.groups for a in g.articles]
    assert sorted(listed) == sorted(expected)  # every story once, German where there is one
    hubs = {h["title"] for h in read(api, "hubs.json")["hubs"]}
    labels = [g.label for g in made.groups]
    assert set(labels) - {"Weitere Artikel"} <= hubs
    if hubs and any(a["hubs"] for a in summaries):
        assert len(labels) > 1
    page = BeautifulSoup(files[0].read_text(encoding="utf-8"), "html.parser")
    assert [h.get_text() for h in page.select(".group h2")] == labels


def test_the_shared_encoder_writes_the_bytes_of_a_plain_encode():
    summaries = [{"title": 'Zitat "innen" & <b>, ümlaut \x00 \u2028', "slug": f"s{n}", "n": n}
                 for n in range(3)]
    documents = [{"term": {"slug": "t"}, "articles": summaries, "meta": {"total": 3}},
                 {"api_url": "x", "articles": summaries[::-1], "bio_de": "\x00"},
                 {"articles": summaries[:1]}, {"articles": []}, {"other": summaries}]
    encoder = SharedEncoder()
    for document in documents * 2:  # the second round comes from the encoder's cache
        assert encoder.encode(document) == encode(document)
    assert len(encoder.pieces) == 3


def test_term_and_author_documents_come_in_pages(site):
    for n in range(23):
        site.article(f"artikel-{n:02d}", authors="bert-test")
    out = site.build(API_LIST_PAGE_SIZE=10, SEARCH_ENABLED=False)
    api = out / "api" / "v1"
    base = "http://127.0.0.1:8000/api/v1/"
    for first, stem in (("departments/marketing.json", "departments/marketing"),
                        ("authors/bert-test.json", "authors/bert-test")):
        paths = [first, f"{stem}/page-2.json", f"{stem}/page-3.json"]
        documents = [read(api, path) for path in paths]
        assert [len(d["articles"]) for d in documents] == [10, 10, 3]
        slugs = [a["slug"] for d in documents for a in d["articles"]]
        assert sorted(slugs) == [f"artikel-{n:02d}" for n in range(23)]  # once each
        assert slugs == [a["slug"] for a in read(api, "articles/page-1.json")["articles"]] + [
            a["slug"] for n in (2, 3) for a in read(api, f"articles/page-{n}.json")["articles"]]
        middle = documents[1]["meta"]
        assert middle["total"] == 23 and middle["pagination"] == {
            "page": 2, "limit": 10, "pages": 3, "total": 23, "next": 3, "prev": 1,
            "next_url": f"{base}{stem}/page-3.json", "prev_url": f"{base}{first}"}
        assert documents[2]["meta"]["pagination"]["next_url"] is None
        assert not (api / f"{stem}/page-4.json").exists()
        assert not (api / f"{stem}/page-1.json").exists()  # page 1 is the document itself
    assert read(api, "authors/bert-test/page-3.json")["name"] == "Bert Test"
    templates = read(api, "index.json")["templates"]
    assert templates["topics_page"] == f"{base}topics/{{slug}}/page-{{page}}.json"


def test_the_index_links_the_hubs_coverage_report_that_the_build_wrote(demo_publish, site):
    api = demo_publish / "api" / "v1"
    link = read(api, "index.json")["links"]["coverage"]
    assert link == "https://magazin.auenwerk.example/api/v1/hubs/coverage.json"
    assert "hubs" in read(api, "hubs/coverage.json")
    site.article("ohne-hubs")  # without the hubs plugin: no report, no link
    plugins = [p for p in read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"] if p != "hubs"]
    # in its own process: plugins loaded by earlier builds in this one stay connected
    subprocess.run([sys.executable, "-m", "pelican", str(site.content), "-s", "pelicanconf.py",
                    "-o", str(site.output), "-q", "-e", "SEARCH_ENABLED=false",
                    f"PLUGINS={json.dumps(plugins)}"], cwd=ROOT, check=True)
    assert "coverage" not in read(site.output / "api" / "v1", "index.json")["links"]

