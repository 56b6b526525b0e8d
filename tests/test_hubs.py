"""Topic hubs: membership, page arrangement, validation, coverage report, demo hubs."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from conftest import ROOT
from corporate_world.errors import ContentErrors
from linkcheck import broken_links
from sitebuilder import soup

FORMATS = ["nachricht", "interview", "fallstudie", "ratgeber", "meinung", "reportage"]


def hub(site, name: str, body: str = "Eine **kurze** Einleitung.", **fields):
    """Write content/hubs/<name>.md with valid defaults; pass field=None to leave one out."""
    values = {"title": f"Hub {name}", "summary": f"Alles zu {name}.", "topics": "social-media"}
    values.update(fields)
    header = "\n".join(f"{key.capitalize()}: {value}" for key, value in values.items()
                       if value is not None)
    return site.write(f"hubs/{name}.md", f"{header}\n\n{body}\n")


def build(site, **overrides):
    return site.build(SEARCH_ENABLED=False, **overrides)


def article_slugs(node) -> list[str]:
    """Slugs of every article linked inside ``node``, in page order."""
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in node.select('a[href*="artikel/"]')]


def listed(site, slug: str) -> list[str]:
    return article_slugs(site.page(f"hub/{slug}/index.html").select_one(".hub"))


def in_stage(page, stage: str) -> list[str]:
    return [a["href"].rstrip("/").rsplit("/", 1)[-1]
            for a in page.select(f"#stage-{stage} .hub-item h5 a")]


def days_ago(days: int) -> str:
    return (datetime.now() - timedelta(days=days)).strftime("%Y-%m-%d %H:%M")


# -- membership ------------------------------------------------------------------------------

def test_members_by_topic_parent_topic_and_hubs_metadata(site):
    site.article("eltern", topics="social-media")
    site.article("kind", topics="social-selling")
    site.article("enkel-fremd", topics="video")
    site.article("selbst-gemeldet", topics="video", hubs="netz")
    site.article("fremd", topics="recruiting")
    hub(site, "netz", topics="social-media")
    hub(site, "nur-kind", topics="social-selling")
    build(site)
    assert sorted(listed(site, "netz")) == ["eltern", "kind", "selbst-gemeldet"]
    assert listed(site, "nur-kind") == ["kind"]
    coverage = json.loads((site.output / "api/v1/hubs/coverage.json").read_text())
    assert sorted(o["slug"] for o in coverage["orphans"]) == ["enkel-fremd", "fremd"]


def test_filters_narrow_topic_members_but_not_an_articles_own_choice(site):
    site.article("passt", topics="social-selling", department="vertrieb", industries="energie",
                 audiences="partner")
    site.article("falsche-abteilung", topics="social-selling", department="marketing",
                 industries="energie", audiences="partner")
    site.article("falsche-branche", topics="social-selling", department="vertrieb",
                 industries="automobil", audiences="partner")
    site.article("falsche-zielgruppe", topics="social-selling", department="vertrieb",
                 industries="energie", audiences="kunden")
    site.article("ohne-branche", topics="social-selling", department="vertrieb",
                 audiences="partner")
    site.article("meldet-sich", topics="video", department="events", hubs="gefiltert")
    hub(site, "gefiltert", topics="social-selling", departments="vertrieb, kundenservice",
        industries="energie, intralogistik", audiences="partner")
    build(site)
    assert sorted(listed(site, "gefiltert")) == ["meldet-sich", "passt"]


def test_pinned_first_in_editors_order_and_no_article_twice(site):
    for n in range(8):
        site.article(f"a{n}", topics="social-selling",
                     format=["nachricht", "interview", "fallstudie", "ratgeber"][n % 4])
    site.article("leitfaden", topics="social-selling", format="ratgeber", hubs="netz")
    hub(site, "netz", topics="social-media", pinned="a2, a7, leitfaden")
    build(site)
    page = site.page("hub/netz/index.html")
    pinned = article_slugs(page.select_one(".hub-pinned"))
    assert pinned == ["a2", "a7", "leitfaden"]
    everything = listed(site, "netz")
    assert len(everything) == len(set(everything)) == 9
    latest = article_slugs(page.select_one(".hub-latest"))
    assert len(latest) == 3 and not set(latest) & set(pinned)
    in_sections = article_slugs(page.select_one(".hub-journey"))
    assert set(in_sections) == set(everything) - set(pinned) - set(latest)


def test_latest_never_takes_the_last_piece_of_a_stage(site):
    site.article("neu-entscheidung", topics="social-selling", format="fallstudie",
                 date="2026-03-01 10:00")
    site.article("neu-orientierung", topics="social-selling", format="nachricht",
                 date="2026-02-01 10:00")
    site.article("alt-orientierung", topics="social-selling", format="meinung",
                 date="2025-10-01 10:00")
    site.article("abwaegung", topics="social-selling", format="ratgeber",
                 date="2025-09-01 10:00")
    hub(site, "netz")
    build(site, HUB_LATEST_COUNT=3)
    page = site.page("hub/netz/index.html")
    assert article_slugs(page.select_one(".hub-latest")) == ["neu-orientierung"]
    assert in_stage(page, "decision") == ["neu-entscheidung"]
    assert in_stage(page, "awareness") == ["alt-orientierung"]
    assert in_stage(page, "consideration") == ["abwaegung"]


def test_a_hub_page_stays_bounded_however_many_members_it_has(site):
    for n in range(9):
        site.article(f"ratgeber-{n}", topics="social-selling", format="ratgeber",
                     date=f"2026-01-{n + 1:02d} 10:00")
    hub(site, "netz")
    out = build(site, HUB_LATEST_COUNT=0, HUB_GROUP_LIMIT=4)
    page = site.page("hub/netz/index.html")
    assert in_stage(page, "consideration") == [f"ratgeber-{n}" for n in (8, 7, 6, 5)]
    more = page.select_one("#stage-consideration .hub-items__more")
    assert more.get_text(" ", strip=True).startswith("5 weitere")
    assert more.a["href"].endswith("thema/social-media/")
    document = json.loads((out / "api/v1/hubs/netz.json").read_text())
    [section] = document["sections"]
    [group] = section["groups"]
    assert (group["total"], len(group["articles"])) == (9, 4)
    assert document["article_count"] == 9


def test_stage_from_metadata_and_from_the_format_map(site):
    site.article("ratgeber", topics="social-selling", format="ratgeber")
    site.article("meinung", topics="social-selling", format="meinung")
    site.article("fall", topics="social-selling", format="fallstudie")
    site.article("nachricht-zur-entscheidung", topics="social-selling", format="nachricht",
                 stage="decision")
    hub(site, "netz")
    build(site, HUB_LATEST_COUNT=0)
    page = site.page("hub/netz/index.html")
    assert in_stage(page, "awareness") == ["meinung"]
    assert in_stage(page, "consideration") == ["ratgeber"]
    assert sorted(in_stage(page, "decision")) == ["fall", "nachricht-zur-entscheidung"]
    labels = [h.get_text(strip=True) for h in page.select(".hub-stage-section h3")]
    assert labels == ["Orientierung", "Abwägung", "Entscheidung"]  # taxonomy stage labels
    groups = [h.get_text(strip=True) for h in page.select("#stage-decision h4")]
    assert groups == ["Nachricht", "Fallstudie"]  # format order of the taxonomy


# -- the page and its surroundings -----------------------------------------------------------

def test_hub_page_shows_intro_experts_cta_related_and_links_resolve(site):
    site.article("eins", topics="social-selling")
    site.article("zwei", topics="recruiting", lang="en")
    hub(site, "netz", body="Siehe [den ersten Beitrag]({filename}/articles/eins.md) und **mehr**.",
        experts="bert-test, anna-test", related="leute", image="images/articles/test.svg",
        image_alt="Ein Testbild", cta="Leitfaden laden | /images/articles/test.svg | download")
    hub(site, "leute", title="Menschen & <Arbeit>", topics="employer-branding",
        cta="Kontakt | https://auenwerk.example/kontakt")
    out = build(site)
    page = site.page("hub/netz/index.html")
    intro = page.select_one(".hub__intro")
    assert intro.strong.get_text() == "mehr"
    assert intro.a["href"] == "../../artikel/eins/"
    experts = page.select(".hub-expert")
    assert [e.select_one(".hub-expert__name").get_text(strip=True) for e in experts] == [
        "Bert Test", "Anna Test"]
    ask = experts[0].select_one(".hub-expert__ask a")["href"]
    assert ask.startswith("mailto:bert@example.org?subject=")
    assert "Hub%20netz" in ask and " " not in ask
    assert experts[0].select_one(".hub-expert__name a")["href"] == "../../autor/bert-test/"
    assert "Vertriebler" in experts[0].select_one(".author-box__role").get_text()
    assert experts[0].select_one(".contact--linkedin")
    assert page.select_one(".hub__image img")["alt"] == "Ein Testbild"
    cta = page.select_one(".hub-cta a")
    assert cta["href"] == "../../images/articles/test.svg" and cta.has_attr("download")
    related = page.select_one(".hub-related .card__title a")
    assert related.get_text() == "Menschen & <Arbeit>" and related["href"] == "../../hub/leute/"
    other = site.page("hub/leute/index.html")
    assert other.h1.get_text() == "Menschen & <Arbeit>" and other.h1.find("arbeit") is None
    assert other.select_one(".hub-cta a")["href"] == "https://auenwerk.example/kontakt"
    assert not other.select_one(".hub-cta a").has_attr("download")
    ours = ("hub/", "hubs/", "artikel/", "index.html")  # search is off; feeds are not ours
    assert [p for p in broken_links(out) if p.startswith(ours) and "suche/" not in p] == []


def test_feed_link_appears_once_the_feeds_plugin_sets_feed_url(site):
    from corporate_world import Hub

    assert Hub("x", "X", "", "", "", "hub/x/", "hub/x/index.html").feed_url is None
    site.article("eins", topics="social-selling")
    hub(site, "netz")
    build(site)
    feed = site.page("hub/netz/index.html").select_one(".hub__feed")
    assert feed["href"] == "../../feeds/hub/netz.atom.xml"
    assert (site.output / "feeds/hub/netz.atom.xml").is_file()


def test_index_nav_front_page_and_article_callouts(site):
    site.article("eins", topics="social-selling")
    site.article("two", topics="recruiting", lang="en")
    site.article("ohne", topics="video")
    hub(site, "netz", title="Netzwerken", topics="social-media")
    hub(site, "leute", title="Leute", topics="employer-branding", related="netz")
    build(site)
    index = site.page("hubs/index.html")
    titles = [a.get_text() for a in index.select(".hub-teaser .card__title a")]
    assert titles == ["Leute", "Netzwerken"]
    front = site.page("index.html")
    assert front.select_one('.site-nav a[href="./hubs/"]').get_text() == "Themen-Hubs"
    chips = front.select(".front-hubs .chip")
    assert {(a.contents[0].strip(), a["href"]) for a in chips} == {
        ("Leute", "./hub/leute/"), ("Netzwerken", "./hub/netz/")}
    callout = site.page("artikel/eins/index.html").select_one(".hub-callout")
    assert "Teil des Themen-Hubs" in callout.get_text()
    assert callout.a["href"] == "../../hub/netz/" and callout.a.get_text() == "Netzwerken"
    english = site.page("en/artikel/two/index.html").select_one(".hub-callout")
    assert "Part of the topic hub" in english.get_text() and english.a["lang"] == "de"
    assert site.page("artikel/ohne/index.html").select_one(".hub-callout") is None


def test_a_site_without_hubs_has_no_hub_navigation(site):
    site.article("eins")
    out = build(site)
    assert not (out / "hubs").exists()
    assert "Themen-Hubs" not in site.page("index.html").select_one(".site-nav").get_text()
    coverage = json.loads((out / "api/v1/hubs/coverage.json").read_text())
    assert coverage["hubs"] == [] and [o["slug"] for o in coverage["orphans"]] == ["eins"]


# -- validation ------------------------------------------------------------------------------

@pytest.mark.parametrize(("fields", "field", "value", "message", "allowed"), [
    ({"topics": "social-media, sozial-selling"}, "Topics", "sozial-selling", "unknown topic",
     "social-selling"),
    ({"pinned": "eins, zwei"}, "Pinned", "zwei", "unknown article", "eins"),
    ({"related": "fehlt"}, "Related", "fehlt", "unknown related hub", "andere"),
    ({"experts": "anna-test, carla"}, "Experts", "carla", "unknown expert", "bert-test"),
    ({"departments": "vertrieb, verkauf"}, "Departments", "verkauf", "unknown department",
     "kundenservice"),
    ({"audiences": "kunde"}, "Audiences", "kunde", "unknown audience", "kunden"),
    ({"cta": "Nur ein Text"}, "Cta", "Nur ein Text", "Label | target | kind", ""),
    ({"cta": "Laden | javascript:alert(1) | download"}, "Cta", "javascript:alert(1)",
     "https:// address", ""),
    ({"cta": "Laden | https://auenwerk.example/x.pdf | flyer"}, "Cta", "flyer",
     "unknown call-to-action kind", "download"),
    ({"image": "images/hubs/fehlt.svg", "image_alt": "x"}, "Image", "images/hubs/fehlt.svg",
     "image file not found", ""),
    ({"summary": None}, "Summary", "", "summary is required", ""),
    ({"expert": "anna-test"}, "Expert", "", "unknown field", "Experts"),
])
def test_each_hub_field_rule_names_file_field_value_and_allowed(site, fields, field, value,
                                                                message, allowed):
    site.article("eins", topics="social-selling")
    hub(site, "andere")
    hub(site, "kaputt", **fields)
    with pytest.raises(ContentErrors) as failure:
        build(site)
    [error] = failure.value.errors
    assert error.file.endswith("hubs/kaputt.md")
    assert error.field == field and error.value == value
    assert message in str(error)
    if allowed:
        assert allowed in error.allowed
    assert not site.output.exists(), "nothing may be written when validation fails"


def test_unknown_hub_in_an_articles_metadata_names_the_article(site):
    site.article("eins", topics="social-selling", hubs="netz, netzz")
    hub(site, "netz")
    with pytest.raises(ContentErrors) as failure:
        build(site)
    [error] = failure.value.errors
    assert error.file.endswith("articles/eins.md")
    assert (error.field, error.value, error.allowed) == ("Hubs", "netzz", ("netz",))
    assert "did you mean 'netz'" in failure.value.text


def test_broken_article_metadata_is_reported_not_a_crash_of_the_hubs(site):
    site.article("ohne-format", topics="social-selling", format=None, stage=None)
    site.article("ohne-thema", topics=None)
    hub(site, "netz", pinned="ohne-format")
    with pytest.raises(ContentErrors) as failure:
        build(site)
    assert {e.field for e in failure.value.errors} == {"Format", "Topics"}


def test_related_to_itself_and_duplicate_slugs_are_errors(site):
    site.article("eins")
    hub(site, "netz", related="netz")
    hub(site, "zweit", slug="netz")
    with pytest.raises(ContentErrors) as failure:
        build(site)
    messages = {(e.file.rsplit("/", 1)[-1], e.field): str(e) for e in failure.value.errors}
    assert "duplicate hub slug" in messages[("zweit.md", "Slug")]
    assert "related to itself" in messages[("netz.md", "Related")]


def test_a_pinned_article_that_no_longer_matches_is_a_warning(site, caplog):
    site.article("passt", topics="social-selling")
    site.article("abgewandert", topics="video")
    hub(site, "netz", pinned="abgewandert, passt")
    with caplog.at_level(logging.WARNING):
        out = build(site)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING
                and "abgewandert" in r.getMessage()]
    assert len(warnings) == 1 and "hubs/netz.md" in warnings[0] and "Pinned" in warnings[0]
    assert "no longer matches" in warnings[0]
    page = site.page("hub/netz/index.html")
    assert article_slugs(page.select_one(".hub-pinned")) == ["abgewandert", "passt"]
    coverage = json.loads((out / "api/v1/hubs/coverage.json").read_text())
    [recorded] = coverage["hubs"][0]["warnings"]
    assert recorded == {"file": "hubs/netz.md", "field": "Pinned", "value": "abgewandert",
                        "message": "pinned article no longer matches the hub's topics or filters"}


# -- coverage report -------------------------------------------------------------------------

@pytest.fixture
def gappy_site(site):
    """Hub ``verkauf`` covers every stage but has gaps; ``karriere`` has two empty stages."""
    site.article("s1", topics="social-selling", format="nachricht", date=days_ago(5))
    site.article("s2", topics="social-selling", format="interview", date=days_ago(30))
    site.article("s3", topics="social-selling", format="ratgeber", date=days_ago(40))
    site.article("s4", topics="social-selling", format="nachricht", stage="decision",
                 date=days_ago(50))
    site.article("r1", topics="recruiting", format="meinung", date="2025-09-01 10:00")
    site.article("o1", topics="video", format="reportage", date=days_ago(3))
    hub(site, "verkauf", title="Verkauf", topics="social-selling", pinned="s3")
    hub(site, "karriere", title="Karriere", topics="recruiting")
    return site


def test_coverage_json_counts_gaps_staleness_and_orphans(gappy_site):
    out = build(gappy_site, HUB_STALE_DAYS=60)
    report = json.loads((out / "api/v1/hubs/coverage.json").read_text(encoding="utf-8"))
    hubs = {h["slug"]: h for h in report["hubs"]}
    assert list(hubs) == ["karriere", "verkauf"]
    verkauf = hubs["verkauf"]
    assert verkauf["articles"] == 4 and verkauf["pinned"] == 1
    assert verkauf["stages"]["awareness"] == {"total": 1, "formats": {
        "nachricht": 1, "interview": 0, "fallstudie": 0, "ratgeber": 0, "meinung": 0,
        "reportage": 0}}
    assert verkauf["stages"]["consideration"]["total"] == 2
    assert verkauf["stages"]["decision"]["formats"]["nachricht"] == 1
    assert verkauf["gaps"] == [{"stage": "decision", "format": "fallstudie"},
                               {"stage": "awareness", "format": "meinung"},
                               {"stage": "awareness", "format": "reportage"}]
    assert verkauf["empty_stages"] == [] and verkauf["stale"] is False
    assert verkauf["age_days"] == 5 and verkauf["url"].endswith("/hub/verkauf/")
    karriere = hubs["karriere"]
    assert karriere["empty_stages"] == ["consideration", "decision"]
    assert karriere["stale"] is True and karriere["newest"] == "2025-09-01"
    assert [(o["slug"], o["source"]) for o in report["orphans"]] == [("o1", "articles/o1.md")]
    assert report["stale_days"] == 60 and report["formats"] == FORMATS


def run_task(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", "hubs", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def table(output: str, slug: str) -> dict[str, list[str]]:
    """The rows of one hub's table in the task's output: stage -> cells (formats, total)."""
    block = output.split(f"[{slug}]", 1)[1].split("\n\n", 1)[0]
    rows = {}
    for line in block.splitlines():
        cells = line.split()
        if cells and cells[0] in ("stage", "awareness", "consideration", "decision"):
            rows[cells[0]] = cells[1:]
    return rows


def test_coverage_task_prints_the_same_numbers_and_strict_fails_on_empty_stages(gappy_site):
    content = str(gappy_site.content)
    result = run_task("--content", content)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    verkauf = table(text, "verkauf")
    assert verkauf["stage"] == [*FORMATS, "total"]
    assert verkauf["awareness"] == ["1", "·", "·", "·", "0", "0", "1"]
    assert verkauf["consideration"] == ["·", "1", "·", "1", "·", "·", "2"]
    assert verkauf["decision"] == ["1", "·", "0", "·", "·", "·", "1"]
    karriere = table(text, "karriere")
    assert karriere["consideration"] == ["·", "0", "·", "0", "·", "·", "0"]
    block = text.split("[karriere]", 1)[1].split("\n\n", 1)[0]
    assert "EMPTY STAGE: consideration" in block and "EMPTY STAGE: decision" in block
    assert "STALE" in block and "STALE" not in text.split("[verkauf]", 1)[1].split("\n\n")[0]
    assert "gaps: decision × fallstudie, awareness × meinung, awareness × reportage" in text
    assert re.search(r"Articles in no hub \(1\):\n  articles/o1\.md  Artikel o1\n", text)

    as_json = json.loads(run_task("--content", content, "--json").stdout)
    assert [h["articles"] for h in as_json["hubs"]] == [1, 4]

    strict = run_task("--content", content, "--strict")
    assert strict.returncode == 1
    assert "karriere consideration" in strict.stderr
    (gappy_site.content / "hubs/karriere.md").unlink()
    assert run_task("--content", content, "--strict").returncode == 0


def test_coverage_task_stops_on_content_errors(site):
    site.article("eins", hubs="gibtsnicht")
    result = run_task("--content", str(site.content))
    assert result.returncode == 2
    assert "Hubs: unknown hub (got 'gibtsnicht')" in result.stderr


# -- the demo --------------------------------------------------------------------------------

def test_demo_hubs_show_pinned_stages_experts_related_and_cta(demo_build):
    files = [f for f in sorted((ROOT / "content/hubs").glob("*.md"))
             if "\nLang: en\n" not in f.read_text(encoding="utf-8")]  # the German hubs
    assert len(files) >= 5
    index = soup(demo_build / "hubs/index.html")
    assert len(index.select(".hub-teaser")) == len(files)
    for file in files:
        page = soup(demo_build / "hub" / file.stem / "index.html")
        name = file.stem
        assert page.select(".hub-pinned .card"), name
        for stage in ("awareness", "consideration", "decision"):
            assert page.select(f"#stage-{stage} .hub-item"), f"{name}: no {stage} piece"
        assert page.select(".hub-expert .hub-expert__ask a[href^='mailto:']"), name
        assert page.select(".hub-related .hub-teaser"), name
        assert page.select_one(".hub-cta a")["href"], name
        assert page.select_one(".hub__image img")["alt"], name
        slugs = article_slugs(page.select_one(".hub"))
        assert len(slugs) == len(set(slugs)), f"{name} lists an article twice"
    coverage = json.loads((demo_build / "api/v1/hubs/coverage.json").read_text())
    assert all(not h["empty_stages"] and not h["warnings"] for h in coverage["hubs"])


def test_an_article_names_its_closest_hubs_however_many_it_belongs_to(site):
    site.article("viele", topics="social-selling, video", hubs="eigen")
    for n in range(4):
        hub(site, f"breit-{n}", topics="social-media")  # the parent topic: counts, but broad
    hub(site, "eigen", topics="recruiting")  # named by the article itself
    hub(site, "genau", topics="social-selling, video")  # shares both topics
    hub(site, "angeheftet", topics="storytelling", pinned="viele")
    out = build(site, HUB_ARTICLE_LIMIT=3)
    callout = site.page("artikel/viele/index.html").select_one(".hub-callout")
    named = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in callout.select("a")]
    assert named == ["eigen", "angeheftet", "genau"]
    document = json.loads((out / "api/v1/articles/viele.json").read_text())
    assert [h["slug"] for h in document["hubs"]] == named
    for slug in ("breit-0", "breit-3", "genau"):  # still a member of every hub
        assert listed(site, slug) == ["viele"]
