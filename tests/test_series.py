"""Series (plugins/series), previous/next in a department and featured articles
(plugins/departments): real builds of small sites, parsed output, every error message."""

from __future__ import annotations

import logging

import pytest
import yaml
from corporate_world.errors import ContentErrors
from sitebuilder import build, soup

SERIES = """
series:
  messe-digital:
    title: {de: Die Messe digital verlängern, en: Extending the trade fair online}
    description:
      de: In drei Teilen vom Plan über den Stand bis zur Nachbereitung.
      en: In three parts from the plan to the stand to the follow-up.
  leer:
    title: {de: Noch leer, en: Still empty}
    description: {de: Eine Serie ohne Teile., en: A series without parts.}
"""


@pytest.fixture
def series_site(site):
    """The fixture site with two series in its taxonomy."""
    taxonomy = site.content / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + SERIES, encoding="utf-8")
    return site


def part(site, slug: str, number: object, series: str = "messe-digital", **meta):
    return site.article(slug, series=series, series_part=str(number), **meta)


def texts(page, selector: str) -> list[str]:
    return [" ".join(element.get_text(" ").split()) for element in page.select(selector)]


def links(page, selector: str) -> list[str]:
    return [a["href"] for a in page.select(f"{selector} a[href]")]


# --- part navigation and the series page -----------------------------------------------------

@pytest.mark.parametrize("cache", [False, True])
def test_parts_navigate_in_order_and_link_the_series_page(series_site, cache):
    site = series_site
    part(site, "plan", 1, date="2026-03-01 09:00", department="events")
    part(site, "stand", 2, date="2026-03-08 09:00")
    part(site, "nachbereitung", 3, date="2026-03-15 09:00", department="vertrieb")
    site.article("ohne-serie", date="2026-03-09 09:00")
    settings = {"CACHE_CONTENT": cache, "LOAD_CONTENT_CACHE": cache}
    site.build(**settings)
    if cache:
        site.build(**settings)  # the second build reads every article from the cache

    middle = site.page("artikel/stand/index.html")
    assert texts(middle, ".article__series") == [
        "Serie „Die Messe digital verlängern“ · Teil 2 von 3"]
    assert links(middle, ".article__series") == ["../../serie/messe-digital/"]
    [box] = middle.select(".series-nav")
    assert "Teil 2 von 3" in box.h2.get_text()
    assert [li["value"] for li in box.select("ol li")] == ["1", "2", "3"]
    assert [a["href"] for a in box.select("ol a")] == ["../../artikel/plan/",
                                                       "../../artikel/nachbereitung/"]
    assert box.select_one("ol [aria-current=page]").get_text() == "Artikel stand"
    assert box.select_one("a[rel=prev]")["href"] == "../../artikel/plan/"
    assert box.select_one("a[rel=next]")["href"] == "../../artikel/nachbereitung/"
    assert "Vorheriger Teil (1)" in box.get_text() and "Nächster Teil (3)" in box.get_text()

    first = site.page("artikel/plan/index.html")
    assert first.select_one(".series-nav a[rel=prev]") is None
    assert first.select_one(".series-nav a[rel=next]")["href"] == "../../artikel/stand/"
    assert not site.page("artikel/ohne-serie/index.html").select(".series-nav, .article__series")

    page = site.page("serie/messe-digital/index.html")
    assert page.h1.get_text() == "Die Messe digital verlängern"
    assert "In drei Teilen" in page.select_one(".page-header__intro").get_text()
    assert [li["value"] for li in page.select(".series-parts > li")] == ["1", "2", "3"]
    assert [h.get_text(strip=True) for h in page.select(".series-parts .card__title")] == [
        "Artikel plan", "Artikel stand", "Artikel nachbereitung"]
    assert texts(page, ".series-parts__number") == ["Teil 1", "Teil 2", "Teil 3"]
    assert page.find("link", rel="canonical")["href"] == "../../serie/messe-digital/"
    assert not (site.output / "serie/leer").exists()  # a series without parts has no page
    assert "serie/messe-digital/" in (site.output / "sitemap.xml").read_text()


def test_english_parts_get_their_own_navigation_and_series_page(series_site):
    site = series_site
    part(site, "plan", 1, date="2026-03-01 09:00")
    part(site, "stand", 2, date="2026-03-08 09:00")
    part(site, "plan", 1, folder="articles/en", lang="en", title="The plan",
         date="2026-03-02 09:00")
    site.build()
    english = site.page("en/artikel/plan/index.html")
    assert texts(english, ".article__series") == [
        "Series “Extending the trade fair online” · Part 1 of 1"]
    assert links(english, ".article__series") == ["../../../en/serie/messe-digital/"]
    assert texts(site.page("artikel/plan/index.html"), ".article__series") == [
        "Serie „Die Messe digital verlängern“ · Teil 1 von 2"]

    page = site.page("en/serie/messe-digital/index.html")
    assert page.html["lang"] == "en"
    assert page.h1.get_text() == "Extending the trade fair online"
    assert texts(page, ".series-parts__number") == ["Part 1"]
    assert {(link["hreflang"], link["href"]) for link in page.find_all(
        "link", rel="alternate", hreflang=True)} == {
        ("en", "../../../en/serie/messe-digital/"), ("de", "../../../serie/messe-digital/")}
    german = site.page("serie/messe-digital/index.html")
    assert german.select_one(".series__meta a[hreflang=en]")["href"] == (
        "../../en/serie/messe-digital/")


def test_a_draft_part_appears_nowhere_in_production_and_in_the_preview(series_site, tmp_path):
    site = series_site
    part(site, "plan", 1, date="2026-03-01 09:00")
    part(site, "stand", 2, date="2026-03-08 09:00")
    part(site, "geheimteil-drei", 3, date="2026-03-15 09:00", title="Geheimer dritter Teil",
         status="draft")
    part(site, "zukunftsteil-vier", 4, date="2099-01-01 09:00", title="Teil aus der Zukunft")
    out = site.build("publishconf.py")
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(encoding="utf-8")
            for secret in ("geheimteil-drei", "Geheimer dritter", "zukunftsteil", "Zukunft"):
                assert secret not in text, (path, secret)
    middle = site.page("artikel/stand/index.html")
    assert texts(middle, ".article__series") == [
        "Serie „Die Messe digital verlängern“ · Teil 2 von 2"]
    assert middle.select_one(".series-nav a[rel=next]") is None
    assert len(site.page("serie/messe-digital/index.html").select(".series-parts > li")) == 2

    preview = build(site.content, tmp_path / "preview", "previewconf.py")
    shown = soup(preview / "artikel/stand/index.html")
    assert "Teil 2 von 4" in texts(shown, ".article__series")[0]
    assert shown.select_one(".series-nav a[rel=next]")["href"].endswith(
        "/artikel/geheimteil-drei/")
    assert len(soup(preview / "serie/messe-digital/index.html").select(".series-parts > li")) == 4


# --- every mistake: one error naming file, line, field, fix and rule ----------------------------

@pytest.mark.parametrize(("meta", "field", "line", "rule", "message"), [
    ({"series": "messe-analog", "series_part": "1"}, "Series", 11, "unknown-series",
     "unknown series: define it in the series section of taxonomy.yml"),
    ({"series": "messe-digital"}, "Series_part", 11, "series-part",
     "add 'Series_part: 1' (2, 3, … in reading order) below 'Series: messe-digital'"),
    ({"series": "messe-digital", "series_part": "0"}, "Series_part", 12, "series-part",
     "a whole number from 1"),
    ({"series": "messe-digital", "series_part": "zwei"}, "Series_part", 12, "series-part",
     "a whole number from 1 (1, 2, 3, … in reading order), e.g. 'Series_part: 2'"),
    ({"series": "messe-digital", "series_part": "-1"}, "Series_part", 12, "series-part",
     "a whole number from 1"),
    ({"series": "messe-digital", "series_part": "1.5"}, "Series_part", 12, "series-part",
     "a whole number from 1"),
    ({"series_part": "2"}, "Series_part", 11, "series-part",
     "a part number needs its series: add 'Series: <slug>'"),
    ({"featured": "vielleicht"}, "Featured", 11, "invalid-value", "expected true or false"),
])
def test_each_series_mistake_is_one_error(series_site, meta, field, line, rule, message):
    series_site.article("gut")
    series_site.article("schlecht", **meta)
    with pytest.raises(ContentErrors) as failure:
        series_site.build()
    [error] = failure.value.errors
    assert (error.file.rsplit("/", 1)[-1], error.field, error.line, error.rule) == (
        "schlecht.md", field, line, rule)
    assert message in str(error)
    assert not series_site.output.exists()


def test_unknown_series_lists_the_allowed_ones_and_suggests_the_closest(series_site):
    part(series_site, "eins", 1, series="mese-digital")
    with pytest.raises(ContentErrors) as failure:
        series_site.build()
    [error] = failure.value.errors
    assert error.allowed == ("messe-digital", "leer")
    assert "did you mean 'messe-digital'?" in str(error)


def test_a_part_number_twice_is_an_error_of_the_newer_file(series_site):
    part(series_site, "alt", 2, date="2026-03-01 09:00")
    part(series_site, "neu", 2, date="2026-03-08 09:00")
    part(series_site, "eins", 1, date="2026-02-01 09:00")
    with pytest.raises(ContentErrors) as failure:
        series_site.build()
    [error] = failure.value.errors
    assert (error.file.rsplit("/", 1)[-1], error.field, error.line, error.rule) == (
        "neu.md", "Series_part", 12, "series-duplicate-part")
    assert "part 2 of series 'messe-digital' (de) is" in error.message
    assert "alt.md already" in error.message
    assert "'Series_part: 3'" in error.message
    # a translation's part 2 is another language's part 2, not a duplicate
    (series_site.content / "articles/neu.md").unlink()
    part(series_site, "alt", 2, folder="articles/en", lang="en", title="Old")
    series_site.build()


def test_a_gap_in_the_parts_is_a_warning_and_the_build_goes_on(series_site, caplog):
    part(series_site, "eins", 1, date="2026-03-01 09:00")
    part(series_site, "drei", 3, date="2026-03-15 09:00")
    with caplog.at_level(logging.WARNING):
        series_site.build()
    [gap] = [r.content_error for r in caplog.records if hasattr(r, "content_error")
             and r.content_error.rule == "series-gap"]
    assert (gap.file.rsplit("/", 1)[-1], gap.field, gap.line) == ("drei.md", "Series_part", 12)
    assert "has no part 2: number the parts 1, 2, 3, … without gaps" in gap.message
    assert texts(series_site.page("artikel/drei/index.html"), ".article__series") == [
        "Serie „Die Messe digital verlängern“ · Teil 3 von 3"]


def test_a_series_definition_needs_titles_and_descriptions_in_both_languages(site):
    taxonomy = site.content / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "\nseries:\n  Halb_Fertig:\n"
                        "    title: {de: Nur deutsch}\n", encoding="utf-8")
    line = taxonomy.read_text(encoding="utf-8").split("\n").index("  Halb_Fertig:") + 1
    site.article("eins")
    with pytest.raises(ContentErrors) as failure:
        site.build()
    found = {(e.field, e.line, e.rule) for e in failure.value.errors}
    assert found == {(field, line, "series-definition") for field in (
        "series.Halb_Fertig", "series.Halb_Fertig.title.en",
        "series.Halb_Fertig.description.de", "series.Halb_Fertig.description.en")}
    assert all(e.file.endswith("taxonomy.yml") for e in failure.value.errors)


# --- previous/next in the department, featured articles -----------------------------------------

def test_previous_and_next_stay_in_the_department_and_language(site):
    site.article("m1", date="2026-01-01 09:00")
    site.article("v1", date="2026-01-02 09:00", department="vertrieb")
    site.article("m2", date="2026-01-03 09:00")
    site.article("m-entwurf", date="2026-01-04 09:00", status="draft")
    site.article("m3", date="2026-01-05 09:00")
    site.article("m-en", date="2026-01-04 10:00", lang="en", title="English only")
    site.article("m2", folder="articles/en", lang="en", title="Two in English",
                 date="2026-01-03 10:00")
    site.build("publishconf.py")

    def pager(relative: str) -> tuple[str | None, str | None]:
        nav = site.page(relative).select_one(".department-nav")
        if nav is None:
            return None, None
        previous, following = (nav.select_one(f".department-nav__{kind}")
                               for kind in ("previous", "next"))
        return (previous["href"].rsplit("/", 2)[-2] if previous else None,
                following["href"].rsplit("/", 2)[-2] if following else None)

    assert pager("artikel/m1/index.html") == (None, "m2")
    assert pager("artikel/m2/index.html") == ("m1", "m3")
    assert pager("artikel/m3/index.html") == ("m2", None)
    assert pager("artikel/v1/index.html") == (None, None)  # alone in its department
    assert pager("en/artikel/m-en/index.html") == ("m2", None)  # English: the translation before
    assert pager("en/artikel/m2/index.html") == (None, "m-en")
    nav = site.page("artikel/m2/index.html").select_one(".department-nav")
    assert nav["aria-label"] == "Weitere Beiträge aus Marketing"
    assert "Vorheriger Beitrag" in nav.get_text() and "Artikel m1" in nav.get_text()
    assert "Two in English" not in site.page("artikel/m3/index.html").get_text()
    assert "Previous article" in site.page("en/artikel/m-en/index.html").select_one(
        ".department-nav").get_text()


def test_featured_articles_lead_their_department_page(site):
    for day in range(1, 6):
        site.article(f"f{day}", date=f"2026-01-0{day} 09:00", featured="true")
    site.article("ohne", date="2026-01-06 09:00", featured="false")
    site.article("entwurf", date="2026-01-07 09:00", featured="ja", status="draft")
    site.article("vertrieb-top", date="2026-01-08 09:00", department="vertrieb", featured="yes")
    site.build("publishconf.py", DEFAULT_PAGINATION=2)

    def featured(relative: str) -> list[str]:
        return [h.get_text(strip=True) for h in site.page(relative).select(
            ".featured .card__title")]

    assert featured("abteilung/marketing/index.html") == ["Artikel f5", "Artikel f4",
                                                          "Artikel f3"]
    assert site.page("abteilung/marketing/index.html").select_one(
        "#featured-title").get_text() == "Empfohlen aus Marketing"
    assert featured("abteilung/marketing/page/2/index.html") == []  # the first page only
    assert featured("abteilung/vertrieb/index.html") == ["Artikel vertrieb-top"]
    assert featured("thema/social-media-strategie/index.html") == []  # departments only
    assert featured("format/nachricht/index.html") == []
    site.build("publishconf.py", DEPARTMENT_FEATURED_COUNT=1)
    assert featured("abteilung/marketing/index.html") == ["Artikel f5"]
    site.build("publishconf.py", DEPARTMENT_FEATURED_COUNT=0)
    assert featured("abteilung/marketing/index.html") == []


def test_the_web_editor_offers_series_part_and_featured(series_site):
    series_site.article("eins")
    series_site.build()
    config = yaml.safe_load((series_site.output / "admin/config.yml").read_text())
    fields = {f["name"]: f for f in next(c for c in config["collections"]
                                         if c["name"] == "articles")["fields"]}
    assert fields["series"]["widget"] == "select" and fields["series"]["required"] is False
    assert {"label": "Die Messe digital verlängern", "value": "messe-digital"} in fields[
        "series"]["options"]
    assert (fields["series_part"]["widget"], fields["series_part"]["min"]) == ("number", 1)
    assert fields["featured"]["widget"] == "boolean"
    admin = series_site.page("admin/index.html")
    assert '"featured"' in admin.find("script", src="editor.js")["data-fields"]


# --- the demo --------------------------------------------------------------------------------

def test_the_demo_series_and_featured_articles(demo_publish):
    page = soup(demo_publish / "serie/social-selling-praxis/index.html")
    assert page.h1.get_text() == "Social Selling in der Praxis"
    assert len(page.select(".series-parts > li")) == 3
    for slug in ("social-selling-leitfaden-key-account", "brueckner-verpackungstechnik-linkedin",
                 "vertrauen-vor-dem-angebot"):
        article = soup(demo_publish / f"artikel/{slug}/index.html")
        assert "von 3" in texts(article, ".article__series")[0]
    for department in ("vertrieb", "marketing", "kundenservice", "personal"):
        term = soup(demo_publish / f"abteilung/{department}/index.html")
        assert term.select(".featured .card"), department
