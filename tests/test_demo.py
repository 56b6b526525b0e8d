"""The demo magazine: complete, linked, self-hosted, and as rich as the product promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml
from conftest import ROOT
from linkcheck import broken_links, foreign_resources
from sitebuilder import soup

SITEURL = "https://magazin.auenwerk.example"
TAXONOMY = yaml.safe_load((ROOT / "content/taxonomy.yml").read_text())["facets"]


# JSON-LD and the loader's configuration (plugins/dialog/loader.py): data, never executed
DATA_BLOCKS = ("application/ld+json", "application/json")


def demo_articles() -> list[dict]:
    found = []
    for path in sorted((ROOT / "content/articles").rglob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        meta = {k.strip().lower(): v.strip() for k, v in
                (line.split(":", 1) for line in head.splitlines())}
        meta["path"] = path
        found.append(meta)
    return found


def test_demo_content_is_as_rich_as_promised():
    articles = demo_articles()
    originals = [a for a in articles if not a["path"].stem.endswith("-en")]
    assert len(originals) >= 36
    assert len({a["department"] for a in articles}) >= 6
    assert {a["format"] for a in articles} == set(TAXONOMY["format"]["terms"])
    assert sum(a.get("lang") == "en" for a in articles) >= 3
    authors = list((ROOT / "content/authors").glob("*.yml"))
    assert len(authors) >= 8
    for file in authors:
        profile = yaml.safe_load(file.read_text())
        assert profile["bio"]["de"] and profile["bio"]["en"] and profile["role"]["de"]
    assert sum(a.get("lead") == "true" for a in articles) == 1
    kinds = [Path(ROOT / "content" / a["image"]).suffix for a in articles]
    assert set(kinds) == {".svg", ".jpg"}  # illustrations, and raster images for phones
    assert kinds.count(".jpg") >= 5 and all((ROOT / "content" / a["image"]).is_file()
                                             for a in articles)


def test_production_build_has_every_article_and_term_page(demo_publish):
    for article in demo_articles():
        prefix = "" if article.get("lang", "de") == "de" else f"{article['lang']}/"
        page = demo_publish / f"{prefix}artikel/{article['slug']}/index.html"
        assert page.is_file(), article["path"]
        assert soup(page).h1.get_text(strip=True) == article["title"]
    for facet in TAXONOMY.values():
        for slug in facet["terms"]:
            assert (demo_publish / facet["path"] / slug / "index.html").is_file()
    for page in ("impressum", "datenschutz"):
        assert soup(demo_publish / page / "index.html").h1.get_text(strip=True)
    assert (demo_publish / "404.html").is_file()


def test_production_build_has_no_broken_internal_links(demo_publish):
    assert broken_links(demo_publish, SITEURL) == []


def test_local_build_has_no_broken_relative_links(demo_build):
    assert broken_links(demo_build) == []


def test_no_resource_comes_from_another_host(demo_publish):
    assert foreign_resources(demo_publish, SITEURL) == []


def test_no_inline_scripts_or_styles_anywhere(demo_publish):
    for file in demo_publish.rglob("*.html"):
        page = soup(file)
        for script in page.find_all("script"):
            assert script.get("src") or script.get("type") in DATA_BLOCKS, file
        assert page.find(attrs={"style": True}) is None, file
        assert page.find("style") is None, file
        handlers = [a for tag in page.find_all(True) for a in tag.attrs if a.startswith("on")]
        assert handlers == [], file


def test_every_article_links_its_terms_and_authors(demo_publish):
    counts: Counter = Counter()
    for article in demo_articles():
        prefix = "" if article.get("lang", "de") == "de" else f"{article['lang']}/"
        page = soup(demo_publish / f"{prefix}artikel/{article['slug']}/index.html")
        chips = {a["href"] for a in page.select(".article__footer .chips a")}
        # an English article links the English edition's listings
        assert f"{SITEURL}/{prefix}abteilung/{article['department']}/" in chips
        for topic in article["topics"].split(","):
            assert f"{SITEURL}/{prefix}thema/{topic.strip()}/" in chips
        names = [a["href"] for a in page.select(".article__meta .byline__name")]
        assert names == [f"{SITEURL}/{prefix}autor/{s.strip()}/"
                         for s in article["authors"].split(",")]
        counts[bool(page.select("nav.toc li"))] += 1
        assert page.select(".related .card"), article["path"]
    assert counts[True] >= 5, "long demo articles should get a table of contents"
