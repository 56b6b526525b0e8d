"""Teaser cards are rendered once per article and reused, in the language of each page."""

from __future__ import annotations


def card_of(page, title: str):
    return next(card for card in page.select("article.card")
                if card.select_one(".card__title").get_text(strip=True) == title)


def test_a_card_is_the_same_in_every_listing_of_one_language(site):
    site.article("geteilt", topics="video, storytelling", authors="anna-test")
    site.article("nachbar", topics="video, storytelling", authors="anna-test")
    site.build(PRESS_WORKERS=1)  # one process: one cache
    pages = [site.page("thema/video/index.html"), site.page("thema/storytelling/index.html"),
             site.page("abteilung/marketing/index.html")]
    cards = {str(card_of(page, "Artikel geteilt")) for page in pages}
    assert len(cards) == 1  # one rendering, reused
    assert "Abteilung:" in cards.pop()
    author_card = card_of(site.page("autor/anna-test/index.html"), "Artikel geteilt")
    assert author_card.select_one("h3.card__title")  # other arguments: its own rendering


def test_the_same_card_speaks_the_language_of_the_page_it_is_on(site):
    site.article("deutsch", topics="video, storytelling")
    site.article("english", lang="en", title="An English piece", topics="video, storytelling")
    # one SITEURL for every page (only the language differs), one process (one cache)
    site.build("publishconf.py", PRESS_WORKERS=1)
    # the same card (h3) in the German front page's latest list and the English related list
    front = card_of(site.page("index.html"), "Artikel deutsch")
    related = card_of(site.page("en/artikel/english/index.html").select_one(".related"),
                      "Artikel deutsch")
    assert front.select_one("h3") and related.select_one("h3")
    assert front.select_one(".card__kicker .visually-hidden").get_text(strip=True) == (
        "Abteilung:")
    assert "Min. Lesezeit" in front.select_one(".card__meta").text
    assert related.select_one(".card__kicker .visually-hidden").get_text(strip=True) == (
        "Department:")
    assert "min read" in related.select_one(".card__meta").text
