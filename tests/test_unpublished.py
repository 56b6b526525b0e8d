"""Drafts and scheduled articles: absent from every file of a production build (pages,
listings, feeds, API, sitemap, search index), shown and marked in the preview."""

from __future__ import annotations

import gzip
import logging
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from corporate_world.publication import CONTEXT_KEY
from pelican import Pelican, signals
from pelican.settings import read_settings
from publication import PublicationSettingsError
from sitebuilder import ROOT, build, soup

ZONE = ZoneInfo("Europe/Berlin")
MONTHS = {"de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                 "September", "Oktober", "November", "Dezember"],
          "en": ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"]}
# A date a month ahead, so the article stays scheduled whenever the suite runs.
SCHEDULED = (datetime.now(ZONE) + timedelta(days=30)).replace(hour=9, minute=5, second=0,
                                                              microsecond=0)
# What no file of a production build may contain (compared case-insensitively).
SECRETS = [
    "geheimentwurf-zebra", "Entwurf Zebrafink", "Quokkafisch",  # the draft
    "geplant-okapi", "Geplant Okapirind", "Wombatkrake",  # the scheduled article
    "en/artikel/oeffentlich", "Public Piece Kiwivogel", "Ibisdachs",  # a scheduled translation
    "seite-tapir", "Seite Tapirschnecke", "Lurchhummel",  # a draft page
]
TOPICS = "content-marketing, social-media-strategie"


def magazine(site) -> None:
    """Two published articles, a draft, a scheduled article and a scheduled translation in
    the same topics (so related articles, hubs, terms and feeds would list them), a draft
    page, and a hub pinning the draft."""
    site.article("oeffentlich", title="Offener Beitrag", topics=TOPICS,
                 body="Ein veröffentlichter Text.")
    site.article("nachbar", title="Nachbarbeitrag", topics=TOPICS, authors="anna-test",
                 body="Noch ein veröffentlichter Text.")
    site.article("geheimentwurf-zebra", title="Entwurf Zebrafink", topics=TOPICS,
                 status="draft", lead="true", body="Das Markerwort ist Quokkafisch.")
    site.article("geplant-okapi", title="Geplant Okapirind", topics=TOPICS,
                 date=SCHEDULED.strftime("%Y-%m-%d %H:%M"), body="Das Markerwort ist Wombatkrake.")
    site.article("oeffentlich", folder="articles/en", lang="en", title="Public Piece Kiwivogel",
                 topics=TOPICS, date=SCHEDULED.strftime("%Y-%m-%d %H:%M"),
                 summary="An English version.", body="The marker word is Ibisdachs.")
    site.write("pages/seite-tapir.md", "Title: Seite Tapirschnecke\nSlug: seite-tapir\n"
               "Status: draft\n\nDas Markerwort ist Lurchhummel.\n")
    site.write("hubs/inhalte.md", "Title: Inhalte, die wirken\nSlug: inhalte\n"
               "Summary: Alles über Inhalte.\nTopics: content-marketing\n"
               "Pinned: geheimentwurf-zebra, oeffentlich\n\nDie Einleitung.\n")


def file_text(path: Path) -> str:
    """A file's text, gzip-compressed files (Pagefind's index and fragments) unpacked."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", errors="replace").casefold()


def mentions(output: Path, words: list[str]) -> dict[str, list[str]]:
    """Word -> the output files (relative) that contain it."""
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        text = file_text(path)
        for word in words:
            if word.casefold() in text:
                found.setdefault(word, []).append(path.relative_to(output).as_posix())
    return found


def preview(site, output: Path | None = None, **overrides) -> Path:
    return build(site.content, output or site.root / "preview", "previewconf.py", **overrides)


@pytest.mark.parametrize("cache", ["off", "warm from a preview build"])
def test_production_build_mentions_no_unpublished_piece(site, caplog, cache):
    magazine(site)
    cache_path = str(site.root / "cache")
    settings = {}
    if cache != "off":  # the preview pickles its pieces as published: they must not leak
        settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": cache_path}
        preview(site, **settings)
    with caplog.at_level(logging.WARNING):
        out = site.build("publishconf.py", **settings)

    leaks = mentions(out, SECRETS)
    assert leaks == {}, leaks
    checked = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"sitemap.xml", "feeds/all.atom.xml", "api/v1/articles/page-1.json",
            "api/v1/hubs/coverage.json", "index.html", "hub/inhalte/index.html"} <= checked
    assert any(re.match(r"pagefind/shard-\d+/fragment/", p) for p in checked)  # the search index
    # the published pieces are all there, and the hub keeps what it can pin
    assert (out / "artikel/oeffentlich/index.html").is_file()
    hub = soup(out / "hub/inhalte/index.html")
    assert [a.get_text(strip=True) for a in hub.select(".hub-pinned .card__title a")] == [
        "Offener Beitrag"]
    assert not soup(out / "artikel/oeffentlich/index.html").select('meta[name="robots"]')
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("inhalte.md" in w and "Pinned: geheimentwurf-zebra" in w
               and "geheimentwurf-zebra.md" in w for w in warnings), warnings


def test_the_same_words_are_found_in_the_preview(site):
    """The search above would see a leak: the preview has every word, search index included."""
    magazine(site)
    found = mentions(preview(site), SECRETS)
    assert set(found) == set(SECRETS)
    for marker in ("Quokkafisch", "Wombatkrake", "Ibisdachs"):
        assert any(re.match(r"pagefind/shard-\d+/fragment/", p) for p in found[marker]), marker


def test_preview_shows_unpublished_pieces_at_their_address_bannered_and_noindex(site):
    magazine(site)
    out = preview(site, MENU_PAGES=["seite-tapir"])

    def banner(relative: str) -> str:
        page = soup(out / relative)
        assert page.select_one('meta[name="robots"]')["content"] == "noindex", relative
        assert page.select_one("link[rel=canonical]")["href"].endswith(
            relative.removesuffix("index.html")), relative
        return page.select_one(".publication-banner__state").get_text(strip=True)

    day, month, year = SCHEDULED.day, SCHEDULED.month, SCHEDULED.year
    assert banner("artikel/geheimentwurf-zebra/index.html") == "Entwurf"
    assert banner("artikel/geplant-okapi/index.html") == (
        f"Geplant für {day}. {MONTHS['de'][month - 1]} {year}, 9:05")
    assert banner("en/artikel/oeffentlich/index.html") == (
        f"Scheduled for {day} {MONTHS['en'][month - 1]} {year}, 9:05")
    page = soup(out / "seite-tapir/index.html")
    assert page.select_one(".publication-banner__state").get_text(strip=True) == "Entwurf"
    assert not (out / "entwuerfe").exists()
    footer = soup(out / "index.html").select_one(".site-footer__links li")
    assert footer.get_text(" ", strip=True) == "Entwurf Seite Tapirschnecke"

    published = soup(out / "artikel/oeffentlich/index.html")
    assert published.select(".publication-banner") == []
    assert published.select_one('meta[name="robots"]')["content"] == "noindex"  # all preview
    (english,) = [a["href"] for a in published.select('link[rel=alternate][hreflang="en"]')]
    assert english.startswith("http") and english.endswith("/en/artikel/oeffentlich/")


def labels(page, selector: str) -> dict[str, str]:
    """Title -> its label ("" when none) for every entry matched by ``selector``."""
    found = {}
    for entry in page.select(selector):
        label = entry.select_one(".status-label")
        title = entry.select_one("a[href*='artikel/']").get_text(strip=True)
        found[title] = label.get_text(strip=True) if label else ""
    return found


@pytest.mark.parametrize("cache", ["off", "warm from a production build"])
def test_preview_lists_them_where_they_will_appear_with_a_label(site, cache):
    magazine(site)
    settings = {}
    if cache != "off":  # the production build pickles its pieces as Pelican drafts
        settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
                    "CACHE_PATH": str(site.root / "cache")}
        site.build("publishconf.py", **settings)
    out = preview(site, **settings)
    front = soup(out / "index.html")
    lead = labels(front, ".lead-story .card")  # Lead: true makes the draft the cover story
    assert lead == {"Entwurf Zebrafink": "Entwurf"}, lead
    assert labels(front, ".card")["Geplant Okapirind"] == "Geplant"
    term = labels(soup(out / "thema/content-marketing/index.html"), ".card")
    assert term == {"Entwurf Zebrafink": "Entwurf", "Geplant Okapirind": "Geplant",
                    "Offener Beitrag": "", "Nachbarbeitrag": ""}
    hub = soup(out / "hub/inhalte/index.html")
    assert labels(hub, ".hub-pinned .card") == {"Entwurf Zebrafink": "Entwurf",
                                                "Offener Beitrag": ""}
    author = labels(soup(out / "autor/anna-test/index.html"), ".card")
    assert author["Geplant Okapirind"] == "Geplant"
    related = labels(soup(out / "artikel/nachbar/index.html"), ".related .card")
    assert related.get("Entwurf Zebrafink") == "Entwurf", related


def test_a_scheduled_article_goes_live_once_its_time_has_come_cache_on(site):
    """Pelican's cache keeps the draft status it gave a future-dated file; the decision is
    made again in every build."""
    magazine(site)
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
             "CACHE_PATH": str(site.root / "cache")}
    out = site.build("publishconf.py", **cache)
    assert not (out / "artikel/geplant-okapi").exists()
    later = (SCHEDULED + timedelta(minutes=1)).isoformat()
    out = build(site.content, site.root / "later", "publishconf.py", PUBLICATION_NOW=later,
                **cache)
    page = soup(out / "artikel/geplant-okapi/index.html")
    assert page.select(".publication-banner") == []
    assert "Geplant Okapirind" in (out / "feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "geheimentwurf-zebra" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_the_context_lists_every_unpublished_piece(site):
    """``context["unpublished_articles"]``, for the link check: source path, state, URL, title."""
    magazine(site)
    seen = {}
    settings = read_settings(str(ROOT / "publishconf.py"), override={
        "PATH": str(site.content), "OUTPUT_PATH": str(site.output),
        "CACHE_PATH": str(site.root / "cache"), "SEARCH_ENABLED": False})
    pelican = Pelican(settings)

    def grab(generators):
        seen.update(generators[0].context[CONTEXT_KEY])

    signals.all_generators_finalized.connect(grab)
    try:
        pelican.run()
    finally:
        signals.all_generators_finalized.disconnect(grab)
    records = {Path(source).relative_to(site.content).as_posix(): (r.kind, r.state, r.url, r.title)
               for source, r in seen.items()}
    assert records == {
        "articles/geheimentwurf-zebra.md": ("article", "draft", "artikel/geheimentwurf-zebra/",
                                            "Entwurf Zebrafink"),
        "articles/geplant-okapi.md": ("article", "scheduled", "artikel/geplant-okapi/",
                                      "Geplant Okapirind"),
        "articles/en/oeffentlich.md": ("article", "scheduled", "en/artikel/oeffentlich/",
                                       "Public Piece Kiwivogel"),
        "pages/seite-tapir.md": ("page", "draft", "seite-tapir/", "Seite Tapirschnecke"),
    }


def test_a_draft_save_as_setting_is_refused(site):
    site.article("eins")
    with pytest.raises(PublicationSettingsError, match="DRAFT_SAVE_AS"):
        site.build(DRAFT_SAVE_AS="entwuerfe/{slug}/index.html")


def test_the_preview_task_builds_previewconf_into_its_own_folder(site, tmp_path):
    import inspect

    from invoke import Context

    import tasks

    magazine(site)
    target = tmp_path / "preview"
    tasks.preview(Context(), output=str(target), content=str(site.content))
    page = soup(target / "artikel/geheimentwurf-zebra/index.html")
    assert page.select_one(".publication-banner__state").get_text(strip=True) == "Entwurf"
    default = inspect.signature(tasks.preview.body).parameters["output"].default
    assert Path(default) == ROOT / "preview" != ROOT / "output"
    assert "/preview/" in (ROOT / ".gitignore").read_text().split()
