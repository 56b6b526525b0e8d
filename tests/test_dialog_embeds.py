"""Consent-gated embeds: each provider's placeholder in real builds, unknown and broken URLs."""

from __future__ import annotations

import logging

import pytest
from sitebuilder import SiteFixture

PROVIDER_CASES = {
    # slug: (paragraph, provider key, shown name, iframe src, privacy URL prefix)
    "youtube": ("[Unser Film zur Messe](https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=1m5s)",
                "youtube", "YouTube",
                "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?start=65",
                "https://policies.google.com/"),
    "youtu-be": ("https://youtu.be/aqz-KE-bpKQ", "youtube", "YouTube",
                 "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
                 "https://policies.google.com/"),
    "vimeo": ("<https://vimeo.com/76979871>", "vimeo", "Vimeo",
              "https://player.vimeo.com/video/76979871?dnt=1", "https://vimeo.com/privacy"),
    "instagram": ("https://www.instagram.com/p/C0ffeeAuen1/", "instagram", "Instagram",
                  "https://www.instagram.com/p/C0ffeeAuen1/embed",
                  "https://privacycenter.instagram.com/"),
    "linkedin": ("https://www.linkedin.com/posts/auenwerk-example_ausbildung-activity-"
                 "7123456789012345678-abcd", "linkedin", "LinkedIn",
                 "https://www.linkedin.com/embed/feed/update/urn:li:activity:7123456789012345678",
                 "https://www.linkedin.com/legal/"),
    "mastodon": ("[Unsere Antwort](https://social.example/@auenwerk/111222333444555666)",
                 "mastodon", "Mastodon (social.example)",
                 "https://social.example/@auenwerk/111222333444555666/embed",
                 "https://social.example/privacy-policy"),
    "x-post": ("https://x.com/auenwerk/status/1790000000000000000", "x", "X",
               "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000&dnt=true",
               "https://x.com/privacy"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build holding every case, plus the log records it produced."""
    site = SiteFixture(tmp_path_factory.mktemp("embeds"))
    for slug, (paragraph, *_rest) in PROVIDER_CASES.items():
        site.article(slug, body=f"Davor ein Absatz.\n\n{paragraph}\n\nDanach ein Absatz.")
    site.article("unbekannt", body="Text.\n\nhttps://example.org/video/123\n\n"
                 "[Ein Link](https://auenwerk.example/downloads/)\n")
    site.article("kaputt", body="Text.\n\nhttps://www.youtube.com/watch?feature=share\n\n"
                 "Mitten im Satz https://vimeo.com/76979871 bleibt es ein Link.\n")
    site.article("vorschau", title="Mit Vorschau", body=(
        "[![Standbild aus dem Film]({static}/images/articles/test.svg) Der Film zum Kundentag]"
        "(https://vimeo.com/76979871)\n\n"
        "[![Fremdes Bild](https://cdn.example.org/x.jpg) Fremd](https://youtu.be/aqz-KE-bpKQ)\n"))
    site.article("englisch", lang="en", title="An English piece",
                 body="Intro.\n\nhttps://vimeo.com/76979871\n")
    handler = _Records()
    logging.getLogger().addHandler(handler)
    try:
        site.build()
    finally:
        logging.getLogger().removeHandler(handler)
    return site, handler.messages


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.mark.parametrize("slug", list(PROVIDER_CASES))
def test_each_provider_gets_a_consent_placeholder(built, slug):
    site, _ = built
    paragraph, key, name, src, privacy = PROVIDER_CASES[slug]
    page = site.page(f"artikel/{slug}/index.html")
    figures = page.select("figure.embed")
    assert len(figures) == 1
    figure = figures[0]
    assert figure["data-consent"] == "embed"
    assert figure["data-consent-provider"] == key
    assert figure["data-embed-src"] == src
    assert figure.select_one(".embed__provider").get_text(strip=True) == name
    # the no-JS fallback is a plain link to the editor's URL, titled
    link = figure.select_one("a.embed__link")
    assert link["href"].startswith("https://") and link["href"] in paragraph
    expected_title = paragraph[1:paragraph.index("]")] if paragraph.startswith("[") else (
        f"Artikel {slug}")
    assert link.get_text(strip=True) == expected_title
    assert figure["data-embed-title"] == f"{name}: {expected_title}"
    policy = figure.select_one(".embed__privacy a.embed__policy")
    assert policy["href"].startswith(privacy) and name in policy.get_text()
    assert "IP-Adresse" in figure.select_one(".embed__privacy").get_text()
    consent = figure.select_one(".consent")
    assert consent.has_attr("hidden")  # revealed by the loader; without JS only the link
    button = consent.select_one("button[data-consent-load]")
    assert button["type"] == "button" and button.get_text(strip=True) == "Inhalt laden"
    assert button["aria-describedby"] == figure.select_one(".embed__privacy")["id"]
    always = consent.select_one("input[type=checkbox][data-consent-always]")
    assert always is not None and f"{name} immer erlauben" in consent.get_text(" ", strip=True)
    # nothing is loaded from the provider by the page itself
    assert page.select("iframe") == []
    assert [p.get_text() for p in page.select(".article__body > p")] == [
        "Davor ein Absatz.", "Danach ein Absatz."]


def test_unknown_urls_stay_plain_links(built):
    site, messages = built
    page = site.page("artikel/unbekannt/index.html")
    assert page.select("figure.embed") == []
    assert "https://example.org/video/123" in page.select_one(".article__body").get_text()
    assert page.select_one('.article__body a[href="https://auenwerk.example/downloads/"]')
    assert not any("unbekannt" in m for m in messages)


def test_malformed_provider_url_warns_with_the_file_and_stays_a_link(built):
    site, messages = built
    page = site.page("artikel/kaputt/index.html")
    assert page.select("figure.embed") == []
    body = page.select_one(".article__body").get_text()
    assert "https://www.youtube.com/watch?feature=share" in body
    assert "https://vimeo.com/76979871 bleibt" in body  # not alone in its paragraph
    warnings = [m for m in messages if "cannot embed" in m]
    assert len(warnings) == 1
    assert "kaputt.md" in warnings[0] and "watch?feature=share" in warnings[0]
    assert "video id" in warnings[0]


def test_editor_preview_image_is_kept_local(built):
    site, messages = built
    page = site.page("artikel/vorschau/index.html")
    first, second = page.select("figure.embed")
    preview = first.select_one(".embed__stage img.embed__preview")
    assert preview["src"] == "../../images/articles/test.svg"  # {static} resolved
    assert preview["alt"] == "Standbild aus dem Film"
    assert first.select_one("a.embed__link").get_text(strip=True) == "Der Film zum Kundentag"
    assert second.select("img") == []  # a foreign preview is dropped ...
    assert any("vorschau.md" in m and "cdn.example.org" in m for m in messages)  # ... loudly


def test_placeholder_speaks_the_articles_language(built):
    site, _ = built
    page = site.page("en/artikel/englisch/index.html")
    figure = page.select_one("figure.embed")
    assert figure.select_one("button").get_text(strip=True) == "Load content"
    assert "Always allow Vimeo" in figure.get_text(" ", strip=True)
    assert "Vimeo's privacy policy" in figure.select_one(".embed__policy").get_text()


def test_disabled_provider_stays_a_link_and_leaves_frame_src(site):
    site.article("nur-youtube", body="https://youtu.be/aqz-KE-bpKQ\n\nhttps://vimeo.com/76979871\n")
    site.build(DIALOG_EMBED_PROVIDERS=("youtube",))
    page = site.page("artikel/nur-youtube/index.html")
    assert [f["data-consent-provider"] for f in page.select("figure.embed")] == ["youtube"]
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    frame_src = next(d for d in policy.split("; ") if d.startswith("frame-src"))
    assert frame_src == "frame-src https://www.youtube-nocookie.com"


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_embeds_survive_the_content_cache(site, layer):
    """The transformation runs after Pelican pickled its cache, on every build."""
    site.article("gecacht", body="Text.\n\nhttps://youtu.be/aqz-KE-bpKQ\n")
    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
                "CONTENT_CACHING_LAYER": layer}
    site.build(**settings)
    first = site.page("artikel/gecacht/index.html").select("figure.embed")
    cache = site.output.parent / f".{site.output.name}-cache"
    assert any(cache.rglob("*")), "the cache was not written"
    site.build(**settings)  # now from the cache
    second = site.page("artikel/gecacht/index.html").select("figure.embed")
    assert len(first) == len(second) == 1
    assert second[0]["data-embed-src"] == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
    assert site.page("artikel/gecacht/index.html").select(".article__body figure figure") == []


def test_mastodon_host_must_be_a_plain_host_name(site):
    site.article("tricky", body="https://h$host;sandbox/@u/123\n\nhttps://social.example/@u/456\n")
    out = site.build()
    page = site.page("artikel/tricky/index.html")
    assert len(page.select("[data-consent]")) == 1  # only the well-formed host is embedded
    for path in ("_headers", "dialog/csp.conf"):
        text = (out / path).read_text()
        assert "sandbox" not in text and "$host" not in text
    assert "social.example" in (out / "_headers").read_text()
