"""Search: the build writes a Pagefind index of the articles; the page finds them in Chromium."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from browser import watched_page
from servers import static_server


def search_site(site):
    site.article("getriebe", title="Alles über Getriebemotoren",
                 body="Der Stirnradgetriebemotor ist robust.")
    site.article("messe", title="Unser Messestand", body="Die Hannover Messe war voll.")
    site.article("englisch", title="Inverters explained", lang="en",
                 body="An inverter controls the motor speed.")
    return site.build()


def test_build_writes_index_and_search_page(site):
    out = search_site(site)
    entry = json.loads((out / "pagefind/pagefind-entry.json").read_text())
    # articles only, each in its own language's index (stemmed as German or English)
    assert {lang: v["page_count"] for lang, v in entry["languages"].items()} == {"de": 2, "en": 1}
    page = site.page("suche/index.html")
    search = json.loads(page.head.find("script", id="magazine-config").string)["search"]
    assert search["base"] == "/" and search["pagefind"] == "../pagefind/pagefind.js"
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
