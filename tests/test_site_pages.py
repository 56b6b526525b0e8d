"""Built fixture sites: term, author, article and front pages show what the model holds."""

from __future__ import annotations

import yaml
from conftest import ROOT
from linkcheck import broken_links

TAXONOMY = yaml.safe_load((ROOT / "content/taxonomy.yml").read_text())["facets"]
LONG_BODY = "\n\n".join(
    f"## Abschnitt {n}\n\n" + " ".join(["Wort"] * 160) for n in range(1, 5))


def test_every_term_of_every_facet_has_a_page_and_facets_have_indexes(site):
    site.article("eins")
    out = site.build()
    for facet in TAXONOMY.values():
        assert (out / facet["path"] / "index.html").is_file()
        for slug in facet["terms"]:
            page = site.page(f"{facet['path']}/{slug}/index.html")
            assert page.h1.get_text(strip=True) == facet["terms"][slug]["de"]
            intro = page.select_one(".page-header__intro").get_text(strip=True)
            assert intro == facet["terms"][slug]["description"]["de"]
    assert broken_links(out) == []


def test_term_pages_paginate_under_page_n(site):
    for n in range(30):
        site.article(f"a{n:02d}", topics="video")
    site.build(DEFAULT_PAGINATION=12)
    first = site.page("thema/video/index.html")
    assert len(first.select(".card")) == 12
    assert first.select_one('a[rel="next"]')["href"].endswith("thema/video/page/2/")
    third = site.page("thema/video/page/3/index.html")
    assert len(third.select(".card")) == 6
    assert not (site.output / "thema/video/page/4").exists()
    titles = set()
    for page in ("thema/video/index.html", "thema/video/page/2/index.html",
                 "thema/video/page/3/index.html"):
        titles |= {h.get_text(strip=True) for h in site.page(page).select(".card__title")}
    assert len(titles) == 30
    assert broken_links(site.output) == []


def test_parent_topic_gathers_children_once(site):
    site.article("kind", topics="social-selling")
    site.article("beide", topics="social-media, social-selling")
    site.article("fremd", topics="video")
    site.build()
    titles = [h.get_text(strip=True) for h in site.page(
        "thema/social-media/index.html").select(".card__title")]
    assert sorted(titles) == ["Artikel beide", "Artikel kind"]
    child = site.page("thema/social-selling/index.html")
    assert child.select_one(".breadcrumb").get_text(" ", strip=True).count("Social Media") == 1


def test_article_page_shows_image_people_dates_chips_and_toc(site):
    site.article("lang", body=LONG_BODY, authors="anna-test, bert-test",
                 image_caption="Bildunterschrift", industries="energie", audiences="partner",
                 modified="2026-03-01 10:00")
    site.article("kurz")
    site.build()
    page = site.page("artikel/lang/index.html")
    figure = page.select_one("figure.article__image")
    img = figure.img
    assert (img["alt"], img["width"], img["height"]) == ("Testbild", "1200", "675")
    assert figure.figcaption.get_text(strip=True) == "Bildunterschrift"
    people = page.select(".article__meta .byline__person")
    assert [p.select_one(".byline__name").get_text(strip=True) for p in people] == [
        "Anna Test", "Bert Test"]
    assert "Redakteurin, Marketing" in people[0].get_text(" ", strip=True)
    assert "Vertrieb & Social Selling" in people[1].get_text(" ", strip=True)
    times = [t["datetime"] for t in page.select(".article__dates time")]
    assert times[0].startswith("2026-01-") and times[1].startswith("2026-03-01T10:00")
    words = 4 * 161 + 4  # body words plus heading words
    assert f"{round(words / 200)} Min. Lesezeit" in page.select_one(".article__dates").text
    chips = {a["href"].split("/")[-3] + "/" + a["href"].split("/")[-2]
             for a in page.select(".article__footer .chips a")}
    assert chips == {"abteilung/marketing", "thema/social-media-strategie", "branche/energie",
                     "zielgruppe/partner", "format/nachricht"}
    toc = [a["href"] for a in page.select("nav.toc a")]
    assert toc == [f"#user-content-abschnitt-{n}" for n in range(1, 5)]  # prefixed: sanitize
    assert all(page.find(id=anchor[1:]) for anchor in toc)
    assert site.page("artikel/kurz/index.html").select_one("nav.toc") is None
    assert broken_links(site.output) == []


def test_related_articles_rank_by_shared_topics(site):
    site.article("start", topics="video, storytelling, recruiting")
    site.article("zwei-gemeinsam", topics="video, storytelling")
    site.article("eins-gemeinsam", topics="recruiting, webinare")
    site.article("drei-gemeinsam", topics="video, storytelling, recruiting, technik")
    site.article("nichts-gemeinsam", topics="technik")
    site.build()
    related = [h.get_text(strip=True) for h in site.page(
        "artikel/start/index.html").select(".related .card__title")]
    assert related == ["Artikel drei-gemeinsam", "Artikel zwei-gemeinsam",
                       "Artikel eins-gemeinsam"]


def test_english_article_gets_english_interface(site):
    site.article("englisch", lang="en", title="An English piece", format="fallstudie")
    site.article("deutsch")
    site.build()
    page = site.page("en/artikel/englisch/index.html")
    assert page.html["lang"] == "en"
    assert "min read" in page.select_one(".article__dates").text
    assert page.select_one(".skip-link").get_text(strip=True) == "Skip to content"
    chip = page.select_one(".article__kicker .chip--format")
    assert chip.select_one(".visually-hidden").get_text(strip=True) == "Format:"
    assert chip.get_text(strip=True).removeprefix("Format:") == "Case Study"
    german = site.page("artikel/deutsch/index.html")
    assert german.html["lang"] == "de"
    assert german.select_one(".skip-link").get_text(strip=True) == "Zum Inhalt springen"


def test_author_pages_show_profile_contacts_and_articles(site):
    site.article("von-bert", authors="bert-test", department="vertrieb")
    site.build()
    page = site.page("autor/bert-test/index.html")
    assert page.h1.get_text(strip=True) == "Bert Test"
    assert "Verkauft Tests." in page.select_one(".profile__bio").text
    assert page.select_one(".profile__role a")["href"].endswith("abteilung/vertrieb/")
    hrefs = [a["href"] for a in page.select(".profile__contacts a")]
    assert hrefs == ["mailto:bert@example.org", "https://www.linkedin.com/in/b"]
    assert [h.get_text(strip=True) for h in page.select(".card__title")] == ["Artikel von-bert"]
    # an author without articles still has a profile page
    assert site.page("autor/anna-test/index.html").select_one(".empty") is not None
    index = site.page("autoren/index.html")
    assert [a.get_text(strip=True) for a in index.select(".people__name a")] == [
        "Anna Test", "Bert Test"]


def test_front_page_lead_department_and_format_blocks(site):
    site.article("aufmacher", lead="true", date="2025-01-01 08:00")
    site.article("neu-marketing", date="2026-05-01 08:00")
    site.article("neu-vertrieb", department="vertrieb", format="interview",
                 date="2026-05-02 08:00")
    site.build()
    page = site.page("index.html")
    assert page.select_one(".lead-story .card__title").get_text(strip=True) == "Artikel aufmacher"
    departments = {s["aria-labelledby"] for s in page.select(".dept-block")}
    assert departments == {"dept-marketing", "dept-vertrieb"}
    formats = {s.h3.get_text(strip=True): [a.get_text(strip=True) for a in s.select("li a")]
               for s in page.select(".format-block")}
    assert formats == {"Nachricht": ["Artikel neu-marketing"],
                       "Interview": ["Artikel neu-vertrieb"]}
    assert (site.output / "404.html").is_file()
    archive = [a.get_text(strip=True) for a in site.page("archiv/index.html").select(
        ".archive-list a")]
    assert archive == ["Artikel neu-vertrieb", "Artikel neu-marketing", "Artikel aufmacher"]


def test_cache_on_and_off_give_the_same_pages(site):
    site.article("eins", topics="video")
    site.article("zwei", topics="video, recruiting")
    site.build(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)
    first = (site.output / "artikel/eins/index.html").read_text()
    site.build(CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True)  # now from the warm cache
    assert (site.output / "artikel/eins/index.html").read_text() == first
    assert "Artikel zwei" in site.page("artikel/eins/index.html").select_one(".related").text


def test_term_and_author_pages_offer_their_feed(site):
    site.article("eins", topics="video")
    site.build()
    term = site.page("thema/video/index.html").select_one(".follow__feed")
    author = site.page("autor/anna-test/index.html").select_one(".follow__feed")
    assert term["href"].endswith("feeds/thema/video.atom.xml")
    assert author["href"].endswith("feeds/autor/anna-test.atom.xml")
    assert (site.output / "feeds/thema/video.atom.xml").is_file()
    assert (site.output / "feeds/autor/anna-test.atom.xml").is_file()


def test_the_archive_is_paginated_newest_first(site):
    for n in range(5):
        site.article(f"stueck-{n}", date=f"2025-0{n + 1}-10 09:00")
    site.build(PAGINATED_TEMPLATES={"term": None, "author": None, "archives": 2})

    def titles(relative: str) -> list[str]:
        return [a.get_text(strip=True) for a in site.page(relative).select(".archive-list a")]

    assert titles("archiv/index.html") == ["Artikel stueck-4", "Artikel stueck-3"]
    assert titles("archiv/page/2/index.html") == ["Artikel stueck-2", "Artikel stueck-1"]
    assert titles("archiv/page/3/index.html") == ["Artikel stueck-0"]
    second = site.page("archiv/page/2/index.html")
    assert second.select_one('.pagination a[rel="prev"]')["href"].endswith("archiv/")
    assert second.select_one('.pagination a[rel="next"]')["href"].endswith("archiv/page/3/")
    assert second.select_one('link[rel="canonical"]')["href"].endswith("archiv/page/2/")
