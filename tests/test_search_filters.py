"""Search filters: department, format, topic and language, each page indexed in its language."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from browser import watched_page
from servers import static_server

pytestmark = pytest.mark.browser


def filter_site(site):
    site.article("vertrieb-de", title="Vertrieb auf LinkedIn", department="vertrieb",
                 body="Der Getriebemotor im Gespräch mit Kunden.")
    site.article("marketing-de", title="Marketing im Netz", department="marketing",
                 body="Der Getriebemotor in der Kampagne.")
    site.article("sales-en", title="Selling gear motors", department="vertrieb", lang="en",
                 body="The Getriebemotor explained for buyers.")
    return site.build()


def test_article_pages_carry_their_filters_and_english_is_indexed_as_english(site):
    out = filter_site(site)
    spans = site.page("en/artikel/sales-en/index.html").select("[data-pagefind-filter]")
    filters = {(s["data-pagefind-filter"].split("[")[0], s["data-value"]) for s in spans}
    assert ("language", "English") in filters and ("department", "Vertrieb & Social Selling"
                                                   ) in filters
    assert {name for name, _ in filters} == {"department", "format", "topic", "language"}
    listing = json.loads((out / "pagefind/shards.json").read_text())["shards"]
    assert {lang for shard in listing for lang in shard["languages"]} == {"de", "en"}


def results(page) -> list[str]:
    page.wait_for_timeout(300)
    page.wait_for_function("!document.querySelector('#search-status').textContent.includes("
                           "'…')")
    return sorted(urlsplit(h).path for h in page.eval_on_selector_all(
        "#search-results a", "links => links.map(a => a.href)"))


def test_filters_by_department_and_language_give_only_matching_results(site, chromium_path):
    out = filter_site(site)
    with static_server(out) as base, watched_page(
            chromium_path, {urlsplit(base).netloc}) as (page, watch):
        page.goto(f"{base}/suche/?q=Getriebemotor", wait_until="networkidle")
        page.wait_for_selector("#search-results li")
        assert results(page) == ["/artikel/marketing-de/", "/artikel/vertrieb-de/",
                                 "/en/artikel/sales-en/"]
        assert page.locator("fieldset.search-filters").is_visible()
        page.select_option("#search-filter-department", label="Vertrieb & Social Selling (2)")
        page.wait_for_function("document.querySelectorAll('#search-results li').length === 2")
        assert results(page) == ["/artikel/vertrieb-de/", "/en/artikel/sales-en/"]
        page.select_option("#search-filter-language", value="English")
        page.wait_for_function("document.querySelectorAll('#search-results li').length === 1")
        assert results(page) == ["/en/artikel/sales-en/"]
        assert "department=" in page.url and "language=English" in page.url
        page.select_option("#search-filter-department", value="")
        page.select_option("#search-filter-language", value="Deutsch")
        page.wait_for_function("document.querySelectorAll('#search-results li').length === 2")
        assert results(page) == ["/artikel/marketing-de/", "/artikel/vertrieb-de/"]
        page.focus("#search-filter-format")  # the filters are plain labelled form controls
        assert page.evaluate("document.activeElement.labels[0].textContent") == "Format"
        assert watch.console_errors == [] and watch.page_errors == []
        assert watch.foreign_requests == []
