"""Link previews: Open Graph and Twitter tags, social cards, JSON-LD, the RSS image."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
import sharing
from bs4 import BeautifulSoup
from PIL import Image

BASE = "https://magazin.auenwerk.example"
OG_ARTICLE = ("og:type", "og:site_name", "og:title", "og:description", "og:url", "og:locale",
              "og:image", "og:image:width", "og:image:height", "og:image:alt",
              "article:published_time", "article:modified_time", "article:section",
              "article:tag")
TWITTER = ("twitter:card", "twitter:title", "twitter:description", "twitter:image",
           "twitter:image:alt")


def head_tags(page: BeautifulSoup) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for meta in page.head.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key and key.startswith(("og:", "article:", "twitter:")):
            tags.setdefault(key, []).append(meta["content"])
    return tags


def json_ld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in page.head.find_all("script", type="application/ld+json")]


def local_file(out: Path, url: str) -> Path:
    assert url.startswith(BASE + "/"), url
    return out / url[len(BASE) + 1:]


def article_pages(out: Path) -> list[Path]:
    return sorted([*out.glob("artikel/*/index.html"), *out.glob("en/artikel/*/index.html")])


def test_every_article_has_complete_open_graph_and_twitter_tags(demo_publish):
    pages = article_pages(demo_publish)
    assert len(pages) >= 40
    for file in pages:
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        tags = head_tags(page)
        name = file.relative_to(demo_publish)
        assert all(key in tags for key in OG_ARTICLE + TWITTER), (name, sorted(tags))
        assert tags["og:type"] == ["article"] and tags["twitter:card"] == ["summary_large_image"]
        assert tags["og:title"] == [page.h1.get_text()]
        assert tags["og:url"][0] == f"{BASE}/{file.parent.relative_to(demo_publish)}/"
        assert tags["og:locale"][0] in ("de_DE", "en_GB")
        assert tags["twitter:image"] == tags["og:image"]
        image = local_file(demo_publish, tags["og:image"][0])
        assert image.is_file(), name
        with Image.open(image) as picture:
            assert picture.format in ("PNG", "JPEG"), name
            assert picture.size == (1200, 630), name
        assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["630"])


def test_translations_name_each_other_as_alternate_locales(demo_publish):
    page = BeautifulSoup((demo_publish / "en/artikel/social-media-strategie-unternehmensziele/"
                          "index.html").read_text(encoding="utf-8"), "html.parser")
    tags = head_tags(page)
    assert tags["og:locale"] == ["en_GB"] and tags["og:locale:alternate"] == ["de_DE"]


@pytest.mark.parametrize("relative, kind", [
    ("index.html", "website"), ("hub/social-selling-b2b/index.html", "website"),
    ("abteilung/vertrieb/index.html", "website"), ("autor/lena-hartmann/index.html", "profile"),
    ("impressum/index.html", "website")])
def test_hub_term_author_static_and_front_pages_share_a_raster_card(demo_publish, relative,
                                                                   kind):
    page = BeautifulSoup((demo_publish / relative).read_text(encoding="utf-8"), "html.parser")
    tags = head_tags(page)
    assert tags["og:type"] == [kind] and tags["og:title"][0] and tags["og:description"][0]
    with Image.open(local_file(demo_publish, tags["og:image"][0])) as picture:
        assert picture.format in ("PNG", "JPEG") and picture.size == (1200, 630)


def test_json_ld_of_articles_carries_the_required_properties(demo_publish):
    for file in article_pages(demo_publish):
        (data,) = json_ld(BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser"))
        for key in ("headline", "datePublished", "author", "publisher", "image"):
            assert data.get(key), (file, key)
        assert local_file(demo_publish, data["image"]["url"]).suffix in (".png", ".jpg")
        crumbs = data["mainEntityOfPage"]["breadcrumb"]
        assert crumbs["@type"] == "BreadcrumbList"
        items = crumbs["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        home = f"{BASE}/" if data["inLanguage"] == "de" else f"{BASE}/{data['inLanguage']}/"
        assert items[0]["item"] == home and items[-1]["name"] == data["headline"]  # its edition


def test_hub_and_term_pages_are_collection_pages_with_breadcrumbs(demo_publish):
    for relative in ("hub/social-selling-b2b/index.html", "thema/social-selling/index.html"):
        (data,) = json_ld(BeautifulSoup((demo_publish / relative).read_text(encoding="utf-8"),
                                        "html.parser"))
        assert data["@type"] == "CollectionPage"
        assert data["breadcrumb"]["itemListElement"][-1]["item"] == data["url"]
        assert data["name"] and data["isPartOf"]["@type"] == "WebSite"
        assert local_file(demo_publish, data["image"]["url"]).is_file()


def test_cards_are_drawn_once_and_reused_by_the_next_build(site, tmp_path):
    site.article("eins", title="Ein Titel, der auf die Karte kommt", department="vertrieb")
    site.article("zwei")
    site.build()
    assert sharing.STATS["drawn"] >= 3  # two articles and the site
    cache = sorted((site.output.parent / ".output-cache" / "sharing").iterdir())
    times = {file: file.stat().st_mtime_ns for file in cache}
    tags = head_tags(site.page("artikel/eins/index.html"))
    card = site.output / tags["og:image"][0].split("/", 3)[3]
    with Image.open(card) as picture:
        assert picture.size == (1200, 630) and picture.format == "PNG"

    site.build()
    assert {"drawn": 0, "reused": len(cache)} == sharing.STATS
    assert {file: file.stat().st_mtime_ns for file in cache} == times
    assert head_tags(site.page("artikel/eins/index.html"))["og:image"] == tags["og:image"]

    site.article("eins", title="Ein neuer Titel", department="vertrieb")
    site.counter -= 1
    site.build()
    assert sharing.STATS["drawn"] == 1
    assert head_tags(site.page("artikel/eins/index.html"))["og:image"] != tags["og:image"]


def test_a_raster_lead_image_is_cropped_to_the_card(site):
    Image.new("RGB", (2400, 1600), "#1f6f8b").save(site.content / "images/articles/foto.jpg")
    site.article("foto", image="images/articles/foto.jpg", image_alt="Ein Foto")
    site.build()
    tags = head_tags(site.page("artikel/foto/index.html"))
    assert tags["og:image:alt"] == ["Ein Foto"] and tags["og:image"][0].endswith(".jpg")
    with Image.open(site.output / tags["og:image"][0].split("/", 3)[3]) as picture:
        assert picture.format == "JPEG" and picture.size == (1200, 630)


def test_hostile_titles_stay_inside_their_attributes(site):
    title = 'Kunden "zitiert" <script>alert(1)</script> & mehr'
    site.article("boese", title=title)
    site.build()
    raw = (site.output / "artikel/boese/index.html").read_text(encoding="utf-8")
    assert head_tags(site.page("artikel/boese/index.html"))["og:title"] == [title]
    assert "<script>alert(1)" not in raw and raw.count('content="Kunden &#34;zitiert&#34; '
                                                      '&lt;script&gt;alert(1)') >= 2


def test_rss_feeds_use_a_png_logo_within_the_rss_limits(demo_publish):
    for feed_file in sorted((demo_publish / "feeds").rglob("*.rss.xml")):
        feed = feedparser.parse(feed_file.read_bytes())
        assert not feed.bozo, feed_file
        href = feed.feed.image.href
        with Image.open(local_file(demo_publish, href)) as logo:
            assert logo.format == "PNG" and logo.width <= 144 and logo.height <= 400, href
