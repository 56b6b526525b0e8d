"""Language editions: /en/ listings with English articles only, reciprocal hreflang sets on
every page with a counterpart, a sitemap with alternates and lastmod, a third language."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from corporate_world.errors import ContentErrors
from sitebuilder import soup

BASE = "https://mag.example"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def fill(site) -> None:
    """Two German articles (one translated into English), one English-only article."""
    site.article("uebersetzt", title="Ein übersetzter Beitrag", topics="social-selling")
    site.article("uebersetzt", folder="articles/en", lang="en", title="A translated piece",
                 topics="social-selling", summary="An English summary.")
    site.article("nur-deutsch", title="Nur auf Deutsch", department="vertrieb",
                 authors="bert-test")
    site.article("only-english", lang="en", title="Only in English", topics="video",
                 summary="Written in English.")


def file_of(out: Path, url: str) -> Path:
    assert url.startswith(BASE + "/"), url
    path = url[len(BASE) + 1:]
    return out / path / "index.html" if path.endswith("/") or not path else out / path


def url_of(out: Path, file: Path) -> str:
    relative = file.relative_to(out).as_posix()
    return f"{BASE}/{relative.removesuffix('index.html')}"


def hreflang_sets(out: Path) -> dict[str, dict[str, str]]:
    """Every built page's head: its URL -> {hreflang: href}, for pages that have any."""
    found = {}
    for file in sorted(out.rglob("*.html")):
        head = soup(file).head
        if head is None:
            continue
        links = head.find_all("link", rel="alternate", hreflang=True)
        if links:
            pairs = [(link["hreflang"], link["href"]) for link in links]
            assert len(pairs) == len(dict(pairs)), f"{file}: a language twice: {pairs}"
            found[url_of(out, file)] = dict(pairs)
    return found


def test_hreflang_sets_are_reciprocal_with_self_and_x_default(site):
    fill(site)
    out = site.build(PUBLIC_URL=BASE)
    sets = hreflang_sets(out)
    for url, links in sets.items():
        lang = soup(file_of(out, url)).html["lang"]
        assert links.get(lang) == url, f"{url}: no self-reference in {links}"
        assert "x-default" in links and links["x-default"] == links["de"], url
        for other in links.values():
            assert file_of(out, other).is_file(), f"{url} names {other}, which is not built"
            assert sets.get(other) == links, f"{url} -> {other} is not reciprocal"
    article = f"{BASE}/artikel/uebersetzt/"
    assert sets[article] == {"de": article, "en": f"{BASE}/en/artikel/uebersetzt/",
                             "x-default": article}
    for listing in ("", "thema/social-selling/", "abteilung/marketing/", "autor/anna-test/",
                    "autoren/", "archiv/", "thema/", "format/nachricht/"):
        assert sets[f"{BASE}/{listing}"]["en"] == f"{BASE}/en/{listing}", listing
    # no counterpart, no alternates: the German-only and the English-only article, page 2 …
    assert f"{BASE}/artikel/nur-deutsch/" not in sets
    assert f"{BASE}/en/artikel/only-english/" not in sets
    assert f"{BASE}/404.html" not in sets


def test_english_edition_lists_english_articles_only_with_english_navigation(site):
    fill(site)
    out = site.build()
    english = {"en/artikel/uebersetzt/", "en/artikel/only-english/"}

    def listed(relative: str) -> set[str]:
        page = site.page(relative)
        links = {a["href"] for a in page.select("main a[href]")}
        base = (out / relative).parent
        return {(base / href).resolve().relative_to(out.resolve()).as_posix() + "/"
                for href in links if "artikel/" in href and "#" not in href}

    assert listed("en/index.html") == english
    assert listed("en/archiv/index.html") == english
    assert listed("en/thema/social-selling/index.html") == {"en/artikel/uebersetzt/"}
    assert listed("en/thema/video/index.html") == {"en/artikel/only-english/"}
    assert listed("en/autor/bert-test/index.html") == set()
    assert listed("en/autor/anna-test/index.html") == english
    assert listed("en/abteilung/vertrieb/index.html") == set()
    # the German edition keeps its originals, English-only articles included (documented)
    assert listed("archiv/index.html") == {"artikel/uebersetzt/", "artikel/nur-deutsch/",
                                           "en/artikel/only-english/"}
    for page in ("en/index.html", "en/thema/video/index.html", "en/artikel/uebersetzt/index.html",
                 "en/artikel/only-english/index.html", "en/autoren/index.html"):
        html = site.page(page)
        assert html.html["lang"] == "en", page
        nav = html.select_one("nav.site-nav")
        base = (out / page).parent
        targets = [(base / a["href"]).resolve().relative_to(out.resolve()).as_posix()
                   for a in nav.find_all("a")]
        search = [t for t in targets if t.startswith("suche")]  # one search for both languages
        assert all(t.startswith("en") for t in targets if t not in search), (page, targets)
        assert [a.get_text() for a in nav.find_all("a")][:3] == ["Home", "Departments", "Topics"]
        assert html.select_one(".site-footer__about").get_text().startswith("A magazine")
        for target in targets:
            assert (out / target / "index.html").is_file(), (page, target)
    assert site.page("en/thema/index.html").select_one("h1").get_text() == "Topics"
    assert site.page("en/index.html").select_one("link[rel=canonical]")["href"].endswith("en/")


def test_sitemap_lists_alternates_and_a_lastmod_for_every_url(site):
    fill(site)
    site.article("neu", date="2026-03-05 10:00", modified="2026-04-01 08:00",
                 topics="video")
    out = site.build(PUBLIC_URL=BASE)
    root = ET.parse(out / "sitemap.xml").getroot()
    entries = {}
    for url in root.findall("s:url", NS):
        links = {x.get("hreflang"): x.get("href") for x in url.findall("x:link", NS)}
        assert all(x.get("rel") == "alternate" for x in url.findall("x:link", NS))
        entries[url.findtext("s:loc", None, NS)] = (url.findtext("s:lastmod", None, NS), links)
    assert all(lastmod for lastmod, _links in entries.values()), [
        loc for loc, (lastmod, _links) in entries.items() if not lastmod]
    assert entries[f"{BASE}/artikel/neu/"][0] == "2026-04-01"  # Modified
    assert entries[f"{BASE}/thema/video/"][0] == "2026-04-01"  # its newest article
    assert entries[f"{BASE}/"][0] == "2026-04-01"
    assert entries[f"{BASE}/en/thema/video/"][0] == entries[
        f"{BASE}/en/artikel/only-english/"][0]
    heads = hreflang_sets(out)
    for loc, (_lastmod, links) in entries.items():
        assert links == heads.get(loc, {}), loc  # the same set as the page's head
    assert entries[f"{BASE}/en/"][1] == {"de": f"{BASE}/", "en": f"{BASE}/en/",
                                         "x-default": f"{BASE}/"}


def french(site) -> Path:
    """A third language as strings and labels only: fr.yml and French taxonomy labels."""
    strings = yaml.safe_load((ROOT / "theme/translations/en.yml").read_text(encoding="utf-8"))
    strings.update(language_name="Français", home="Accueil", departments="Services",
                   topics="Thèmes", latest="Derniers articles", date_format="{day} {month} {year}",
                   months="janvier février mars avril mai juin juillet août septembre octobre "
                          "novembre décembre", embed_load="Charger le contenu")
    folder = site.root / "strings"
    folder.mkdir()
    (folder / "fr.yml").write_text(yaml.safe_dump(strings, allow_unicode=True), encoding="utf-8")
    taxonomy = yaml.safe_load((site.content / "taxonomy.yml").read_text(encoding="utf-8"))
    for facet in taxonomy["facets"].values():
        facet["label"]["fr"] = f"{facet['label']['en']} (fr)"
        facet["plural"]["fr"] = f"{facet['plural']['en']} (fr)"
        for term in facet["terms"].values():
            term["fr"] = f"{term['en']} (fr)"
            term["description"]["fr"] = f"{term['description']['en']} (fr)"
    (site.content / "taxonomy.yml").write_text(yaml.safe_dump(taxonomy, allow_unicode=True),
                                               encoding="utf-8")
    return folder


def test_a_third_language_is_strings_and_labels_only(site):
    fill(site)
    strings = french(site)
    site.article("uebersetzt", folder="articles/fr", lang="fr", title="Un article traduit",
                 topics="social-selling", summary="Un résumé.",
                 body="Texte.\n\nhttps://youtu.be/aqz-KE-bpKQ\n")
    out = site.build(PUBLIC_URL=BASE, INTERFACE_STRINGS=[str(strings)])
    # the embed placeholder speaks the added language too (its strings, not German ones)
    buttons = site.page("fr/artikel/uebersetzt/index.html").select("figure button")
    assert [b.get_text(strip=True) for b in buttons] == ["Charger le contenu"]
    sets = hreflang_sets(out)
    article = {"de": f"{BASE}/artikel/uebersetzt/", "en": f"{BASE}/en/artikel/uebersetzt/",
               "fr": f"{BASE}/fr/artikel/uebersetzt/", "x-default": f"{BASE}/artikel/uebersetzt/"}
    for url in list(article.values()):
        assert sets[url] == article
    assert sets[f"{BASE}/fr/thema/social-selling/"] == {
        lang: f"{BASE}/{prefix}thema/social-selling/"
        for lang, prefix in (("de", ""), ("en", "en/"), ("fr", "fr/"), ("x-default", ""))}
    front = site.page("fr/index.html")
    assert front.html["lang"] == "fr"
    assert [a.get_text() for a in front.select("nav.site-nav a")][:3] == [
        "Accueil", "Services", "Thèmes"]
    cards = {a["href"] for a in front.select(".card__title a")}
    assert cards == {"../fr/artikel/uebersetzt/"}
    topic = site.page("fr/thema/social-selling/index.html")
    assert topic.select_one("h1").get_text() == "Social Selling (fr)"
    assert [a.get_text() for a in topic.select(".card__title a")] == ["Un article traduit"]
    assert "Français" in site.page("artikel/uebersetzt/index.html").select_one(
        ".site-footer").get_text()


def test_a_language_missing_interface_strings_is_one_error_naming_the_file(site):
    fill(site)
    french(site)
    folder = site.root / "strings"
    (folder / "fr.yml").write_text("language_name: Français\nhome: Accueil\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as failure:
        site.build(INTERFACE_STRINGS=[str(folder)])
    errors = [e for e in failure.value.errors if e.rule == "interface-string"]
    assert len(errors) == 1
    assert errors[0].file.endswith("strings/fr.yml")
    assert "interface string(s) missing" in errors[0].message
    assert "translated from de.yml" in errors[0].message
    assert not site.output.exists()


def test_a_language_missing_taxonomy_labels_names_each_field(site):
    fill(site)
    strings = french(site)
    taxonomy = yaml.safe_load((site.content / "taxonomy.yml").read_text(encoding="utf-8"))
    del taxonomy["facets"]["topic"]["terms"]["video"]["fr"]
    (site.content / "taxonomy.yml").write_text(yaml.safe_dump(taxonomy, allow_unicode=True),
                                               encoding="utf-8")
    with pytest.raises(ContentErrors) as failure:
        site.build(INTERFACE_STRINGS=[str(strings)])
    assert [e.field for e in failure.value.errors] == ["facets.topic.terms.video.fr"]


def test_a_hub_in_english_lists_english_articles_and_pairs_with_the_german_hub(site):
    fill(site)
    site.write("hubs/verkauf.md", "Title: Verkaufen\nSummary: Alles zum Verkaufen.\n"
               "Topics: social-selling\n\nEinleitung.\n")
    site.write("hubs/verkauf-en.md", "Title: Selling\nSlug: verkauf\nLang: en\n"
               "Summary: All about selling.\nTopics: social-selling, video\n\nIntro.\n")
    out = site.build(PUBLIC_URL=BASE)
    page = site.page("en/hub/verkauf/index.html")
    assert page.html["lang"] == "en" and page.select_one("h1").get_text() == "Selling"
    linked = {a["href"] for a in page.select("main a[href*='artikel/']") if "#" not in a["href"]}
    assert linked == {"../../../en/artikel/uebersetzt/", "../../../en/artikel/only-english/"}
    assert [a.get_text() for a in site.page("en/hubs/index.html").select(
        ".hub-teaser .card__title a")] == ["Selling"]
    assert [a.get_text() for a in site.page("hubs/index.html").select(
        ".hub-teaser .card__title a")] == ["Verkaufen"]
    sets = hreflang_sets(out)
    assert sets[f"{BASE}/hub/verkauf/"] == sets[f"{BASE}/en/hub/verkauf/"] == {
        "de": f"{BASE}/hub/verkauf/", "en": f"{BASE}/en/hub/verkauf/",
        "x-default": f"{BASE}/hub/verkauf/"}
    callout = site.page("en/artikel/uebersetzt/index.html").select_one(".hub-callout a")
    assert callout["href"] == "../../../en/hub/verkauf/"
    nav = site.page("en/thema/video/index.html").select_one("nav.site-nav")
    assert "../../../en/hubs/" in {a["href"] for a in nav.find_all("a")}
