"""Search: the build writes a Pagefind index of the articles; the page finds them in Chromium."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import watched_page
from search import DEFAULTS
from search.shards import article_pages, plan
from servers import static_server
from sitebuilder import build


def search_site(site):
    site.article("getriebe", title="Alles über Getriebemotoren",
                 body="Der Stirnradgetriebemotor ist robust.")
    site.article("messe", title="Unser Messestand", body="Die Hannover Messe war voll.")
    site.article("englisch", title="Inverters explained", lang="en",
                 body="An inverter controls the motor speed.")
    return site.build()


def test_build_writes_index_and_search_page(site):
    out = search_site(site)
    [shard] = json.loads((out / "pagefind/shards.json").read_text())["shards"]
    entry = json.loads((out / "pagefind" / shard["path"] / "pagefind-entry.json").read_text())
    # articles only, each in its own language's index (stemmed as German or English)
    assert {lang: v["page_count"] for lang, v in entry["languages"].items()} == {"de": 2, "en": 1}
    page = site.page("suche/index.html")
    search = json.loads(page.head.find("script", id="magazine-config").string)["search"]
    assert shard["languages"] == ["de", "en"]
    assert search["base"] == "/" and search["index"] == "../pagefind/"
    form = page.select_one("form.search-form")
    assert form.select_one("input[type=search]#search-input")["name"] == "q"


def test_search_disabled_writes_nothing(site):
    site.article("eins")
    out = site.build(SEARCH_ENABLED=False)
    assert not (out / "pagefind").exists() and not (out / "suche").exists()


@pytest.mark.browser
def test_search_page_finds_an_article(site, chromium_path):
    out = search_site(site)
    with static_server(out) as base, watched_page(
            chromium_path, {urlsplit(base).netloc}) as (page, watch):
        page.goto(f"{base}/suche/?q=Stirnradgetriebemotor", wait_until="load")
        page.wait_for_selector("#search-results li", timeout=10_000)
        titles = page.locator("#search-results li h2").all_inner_texts()
        assert titles == ["Alles über Getriebemotoren"]
        page.fill("#search-input", "inverter")
        page.press("#search-input", "Enter")
        page.wait_for_function(
            "document.querySelector('#search-results li h2')?.textContent === "
            "'Inverters explained'", timeout=10_000)
        page.click("#search-results li a")
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == "Inverters explained"
        assert watch.console_errors == [] and watch.page_errors == []
        assert watch.foreign_requests == []


@pytest.mark.browser
def test_an_incremental_build_reindexes_only_the_changed_shard(site, tmp_path, chromium_path):
    """At most one page per shard: one edit re-indexes one shard, the others are the previous
    build's files; the search page merges every shard and finds words from all of them."""
    words = ["Quarzuhr", "Lindwurm", "Ozelot", "Kranich", "Zypresse", "Walross", "Mohnblume"]
    for number, word in enumerate(words):
        site.article(f"wort-{number}", title=f"Artikel über {word}", body=f"Hier steht {word}.")
    cached = {"SEARCH_SHARD_SIZE": 1, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
              "CACHE_PATH": str(tmp_path / "cache")}
    first = build(site.content, tmp_path / "first", **cached)
    edited = site.content / "articles" / "wort-3.md"
    edited.write_text(edited.read_text().replace("Kranich.", "Kranich und Pelikan."))
    second = build(site.content, tmp_path / "second", PRESS_PREVIOUS_OUTPUT=str(first),
                   **cached)

    def files(out):
        index = out / "pagefind"
        return {p.relative_to(index): p.stat().st_ino for p in index.rglob("*")
                if p.is_file() and p.parent != index}

    listing = json.loads((second / "pagefind/shards.json").read_text())["shards"]
    assert len(listing) >= 3
    before, after = files(first), files(second)
    linked = {path.parts[0] for path, inode in after.items() if before.get(path) == inode}
    fresh = {path.parts[0] for path, inode in after.items() if before.get(path) != inode}
    assert len(fresh) == 1 and linked == {s["path"].rstrip("/") for s in listing} - fresh
    with static_server(second) as base, watched_page(
            chromium_path, {urlsplit(base).netloc}) as (page, watch):
        for word, title in [("Pelikan", "Artikel über Kranich"),
                            *((w, f"Artikel über {w}") for w in words if w != "Kranich")]:
            page.goto(f"{base}/suche/?q={word}", wait_until="load")
            page.wait_for_selector("#search-results li", timeout=10_000)
            assert page.locator("#search-results li h2").all_inner_texts() == [title], word
        assert watch.console_errors == [] and watch.page_errors == []


def test_a_shard_whose_pages_changed_outside_the_index_is_not_indexed_again(site, tmp_path):
    """A title edit changes other articles' pages too (their related lists, their department
    navigation), outside what Pagefind reads: only the edited article's shard is indexed again,
    and a shard linked over is what indexing it anew gives."""
    for number, word in enumerate(["Quarzuhr", "Lindwurm", "Ozelot", "Kranich", "Zypresse"]):
        site.article(f"wort-{number}", title=f"Artikel über {word}", body=f"Hier steht {word}.")
    cached = {"SEARCH_SHARD_SIZE": 1, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
              "CACHE_PATH": str(tmp_path / "cache")}
    first = build(site.content, tmp_path / "first", **cached)
    edited = site.content / "articles" / "wort-3.md"
    edited.write_text(edited.read_text().replace("Title: Artikel über Kranich",
                                                 "Title: Artikel über den Kranich"))
    second = build(site.content, tmp_path / "second", PRESS_PREVIOUS_OUTPUT=str(first),
                   **cached)
    cold = build(site.content, tmp_path / "cold", CACHE_PATH=str(tmp_path / "cold-cache"),
                 SEARCH_SHARD_SIZE=1)
    shards = plan(article_pages(second, DEFAULTS["SEARCH_GLOB"]), 1)
    changed = {page for pages in shards.values() for page in pages
               if (second / page).stat().st_ino != (first / page).stat().st_ino}
    assert "artikel/wort-3/index.html" in changed and len(changed) > 1  # others' pages too
    for name, pages in shards.items():
        entry = Path("pagefind") / name / "pagefind-entry.json"
        linked = (second / entry).stat().st_ino == (first / entry).stat().st_ino
        assert linked == ("artikel/wort-3/index.html" not in pages), name
        fragments = {p.name for p in (second / "pagefind" / name / "fragment").iterdir()}
        assert fragments == {p.name for p in (cold / "pagefind" / name / "fragment").iterdir()}
