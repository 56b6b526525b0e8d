"""Content mistakes editors really make: each gives ONE error naming file, line, field and the
fix, the build fails (exit code 2) and the output of the previous build stays as it was."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from corporate_world.errors import ContentErrors
from corporate_world.profile import SCAFFOLD_HEADING, SCAFFOLD_SUMMARY, SCAFFOLD_TEXT

HEADER = {  # a valid article, field by field, in this order (line numbers follow from it)
    "Title": "Ein Artikel",
    "Date": "2026-01-05 10:00",
    "Slug": "ein-artikel",
    "Department": "personal",
    "Topics": "ausbildung, employer-branding",
    "Format": "nachricht",
    "Authors": "anna-test",
    "Summary": "Ein Satz über den Artikel.",
}


def header(**changes: str | None) -> str:
    fields = {**HEADER, **{key.capitalize(): value for key, value in changes.items()}}
    return "\n".join(f"{key}: {value}" for key, value in fields.items() if value is not None)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def built(site):
    """A site that built once: the output a failed build must leave untouched."""
    site.article("bestand", body="Ein Text mit [Link zum Thema](/thema/ausbildung/).")
    site.build()
    return site


def only_error(site, **overrides) -> str:
    """Build, expect exactly one content error; return it with the content folder cut off."""
    before = snapshot(site.output)
    with pytest.raises(ContentErrors) as failure:
        site.build(**overrides)
    assert failure.value.code == 2
    assert snapshot(site.output) == before, "a failed build must not touch the output"
    texts = [str(e).replace(f"{site.content}/", "") for e in failure.value.errors]
    assert len(texts) == 1, texts
    [error] = failure.value.errors
    assert error.line and error.field and error.rule, error
    return texts[0]


# ---- dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "expected"), [
    ("03.04.2026 10:00", "day.month.year: write 2026-04-03 10:00 (YYYY-MM-DD HH:MM)"),
    ("3.4.2026 10:00", "day.month.year: write 2026-04-03 10:00 (YYYY-MM-DD HH:MM)"),
    ("27.11.2026", "day.month.year and no time: write 2026-11-27 HH:MM, e.g. 2026-11-27 09:00 "
                   "(YYYY-MM-DD HH:MM)"),
    ("2026-01-27", "the time is missing: write 2026-01-27 HH:MM, e.g. 2026-01-27 09:00"),
    ("2026-11-31", "there is no such date; expected YYYY-MM-DD HH:MM, e.g. 2026-11-30 09:00"),
    ("2026-02-30 10:00", "there is no such date or time; expected YYYY-MM-DD HH:MM, "
                         "e.g. 2026-02-28 09:00"),
    ("im Frühjahr", "expected YYYY-MM-DD HH:MM, e.g. 2026-04-03 10:00"),
])
def test_date_not_in_the_accepted_form(built, written, expected):
    built.write("articles/x.md", header(date=written) + "\n\nText.\n")
    assert only_error(built) == f"articles/x.md:2: Date: {expected} (got '{written}')"


def test_modified_date_is_checked_too(built):
    built.write("articles/x.md", header() + "\nModified: 31.12.2025\n\nText.\n")
    assert only_error(built) == ("articles/x.md:9: Modified: day.month.year and no time: write "
                                 "2025-12-31 HH:MM, e.g. 2025-12-31 09:00 (YYYY-MM-DD HH:MM) "
                                 "(got '31.12.2025')")


def test_review_by_is_a_day_in_iso_order(built):
    built.write("articles/x.md", header() + "\nReview_by: 01.01.2027\n\nText.\n")
    assert only_error(built).startswith("articles/x.md:9: Review_by: write 2027-01-01 (YYYY-MM-DD)")
    built.write("articles/x.md", header() + "\nReview_by: 2027-01-01\n\nText.\n")
    built.build()  # a day is all it needs


@pytest.mark.parametrize(("written", "iso"), [
    ("2026-01-05 10:00", "2026-01-05T10:00:00+01:00"),
    ("2026-01-05 10:00:30", "2026-01-05T10:00:30+01:00"),
    ("2026-01-05T10:00+02:00", "2026-01-05T10:00:00+02:00"),
])
def test_accepted_date_forms(site, written, iso):
    site.write("articles/x.md", header(date=written) + "\n\nText.\n")
    site.build()
    assert site.page("artikel/ein-artikel/index.html").find("time")["datetime"] == iso


def test_missing_date_names_the_field(built):
    built.write("articles/x.md", header(date=None) + "\n\nText.\n")
    assert only_error(built) == ("articles/x.md:1: Date: is required; add a 'Date:' line to "
                                 "the header")


# ---- the header ----------------------------------------------------------------------------

def test_header_line_without_colon(built):
    text = header().replace("Topics: ausbildung", "Topics ausbildung")
    built.write("articles/x.md", text + "\n\nText.\n")
    assert only_error(built) == (
        "articles/x.md:5: Topics: the colon is missing: write 'Topics: ausbildung, "
        "employer-branding' (got 'Topics ausbildung, employer-branding')")


def test_header_without_colon_on_the_first_line(built):
    text = "Topics ausbildung, employer-branding\n" + header(topics=None)
    built.write("articles/x.md", text + "\n\nText.\n")
    assert only_error(built).startswith("articles/x.md:1: Topics: the colon is missing")


def test_text_right_after_the_header_is_not_published_as_header_or_body(built):
    built.write("articles/x.md", header() + "\nHier beginnt der Text ohne Leerzeile.\n\nMehr.\n")
    assert only_error(built) == (
        "articles/x.md:9: Header: a header line needs the form 'Key: value'; if this line "
        "belongs to the text, leave a blank line before it "
        "(got 'Hier beginnt der Text ohne Leerzeile.')")


@pytest.mark.parametrize(("line", "expected"), [
    ("Tilte: Ein Artikel", "articles/x.md:1: Tilte: unknown field; did you mean 'Title'? "
                           "write 'Title: Ein Artikel'"),
    ("Audience: kunden", "articles/x.md:9: Audience: unknown field; did you mean 'Audiences'? "
                         "write 'Audiences: kunden'"),
    ("Image alt: Ein Bild", "articles/x.md:9: Image alt: unknown field; did you mean "
                            "'Image_alt'? write 'Image_alt: Ein Bild'"),
])
def test_unknown_field_with_did_you_mean(built, line, expected):
    text = header(title=None) if line.startswith("Tilte") else header()
    text = f"{line}\n{text}" if line.startswith("Tilte") else f"{text}\n{line}"
    built.write("articles/x.md", text + "\n\nText.\n")
    assert only_error(built) == expected


def test_unknown_field_lists_the_known_ones(built):
    built.write("articles/x.md", header() + "\nSponsor: Acme\n\nText.\n")
    assert only_error(built).startswith("articles/x.md:9: Sponsor: unknown field; the header "
                                        "knows Title, Date, Modified, Slug, Department,")


def test_field_given_twice(built):
    built.write("articles/x.md", header() + "\nTitle: Noch ein Titel\n\nText.\n")
    assert only_error(built) == ("articles/x.md:9: Title: given twice (first on line 1); keep "
                                 "one line (got 'Noch ein Titel')")


def test_page_header_problems_are_errors_too(built):
    built.write("pages/hilfe.md", "Title: Hilfe\nSlgu: hilfe\n\nText.\n")
    assert only_error(built) == ("pages/hilfe.md:2: Slgu: unknown field; did you mean 'Slug'? "
                                 "write 'Slug: hilfe'")


def test_header_errors_keep_their_lines_with_pelicans_cache(site):
    site.article("bestand")
    site.write("articles/x.md", header(date="03.04.2026 10:00") + "\n\nText.\n")
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    texts = []
    for _ in range(2):  # the second build reads every article from Pelican's cache
        with pytest.raises(ContentErrors) as failure:
            site.build(**cache)
        texts.append([str(e).replace(f"{site.content}/", "") for e in failure.value.errors])
    assert texts[0] == texts[1] == ["articles/x.md:2: Date: day.month.year: write 2026-04-03 "
                                    "10:00 (YYYY-MM-DD HH:MM) (got '03.04.2026 10:00')"]
    assert any((site.root / ".output-cache").iterdir())


# ---- links and images in the body ----------------------------------------------------------

def body_article(site, body: str) -> None:
    site.write("articles/x.md", header() + "\n\nErster Absatz.\n\n" + body + "\n")


def test_broken_filename_link(built):
    body_article(built, "Mehr im [Leitfaden]({filename}leitfaden.md).")
    assert only_error(built) == (
        "articles/x.md:12: Body: the link {filename}leitfaden.md names a file that is not in the "
        "content folder (got '{filename}leitfaden.md')")


def test_link_to_an_article_url_that_is_not_written(built):
    body_article(built, "Siehe [den Bestand](/artikel/bestant/).")
    assert only_error(built) == (
        "articles/x.md:12: Body: links to /artikel/bestant/, which this build does not write; "
        "did you mean /artikel/bestand/? (got '/artikel/bestant/')")


def test_missing_body_image(built):
    body_article(built, "![Zwei Monteure](/images/articles/fehlt.png)")
    assert only_error(built) == (
        "articles/x.md:12: Body: the image /images/articles/fehlt.png does not exist in the "
        "content folder (got '/images/articles/fehlt.png')")


def test_missing_static_image(built):
    body_article(built, "![Zwei Monteure]({static}/images/articles/fehlt.png)")
    assert only_error(built) == (
        "articles/x.md:12: Body: the image /images/articles/fehlt.png does not exist in the "
        "content folder (got '../../images/articles/fehlt.png')")


def test_body_image_without_alt_text(built):
    body_article(built, "![]({static}/images/articles/test.svg)")
    assert only_error(built).startswith(
        "articles/x.md:12: Body: the image /images/articles/test.svg has no alt text: describe "
        "what it shows")


def test_body_image_name_with_spaces(built):
    built.write("images/articles/Büro Foto.svg", (built.content / "images/articles/test.svg")
                .read_text())
    body_article(built, "![Das Büro](</images/articles/Büro Foto.svg>)")
    assert only_error(built) == (
        "articles/x.md:12: Body: the image file name has spaces or special characters: rename "
        "it to buero-foto.svg (got '/images/articles/Büro Foto.svg')")


def test_lead_image_name_with_umlaut(built):
    built.write("images/articles/büro.svg", (built.content / "images/articles/test.svg")
                .read_text())
    built.write("articles/x.md", header() + "\nImage: images/articles/büro.svg\n"
                "Image_alt: Das Büro\n\nText.\n")
    assert only_error(built) == (
        "articles/x.md:9: Image: the file name has spaces or special characters, which break "
        "links, feeds and the API: rename the file to images/articles/buero.svg "
        "(got 'images/articles/büro.svg')")


def test_good_links_pass(built):
    built.article("zweiter")
    built.write("pages/hilfe.md", "Title: Hilfe\nSlug: hilfe\n\nText.\n")
    body_article(built, "\n".join([
        "[eins]({filename}zweiter.md) [zwei](/artikel/zweiter/) [drei](../zweiter/)",
        "[Thema](/thema/ausbildung/) [Seite 2](/thema/ausbildung/page/2/) [Hilfe](/hilfe/)",
        "[Feed](/feeds/) [Anker](#oben) [Mail](mailto:a@example.org) [Extern](https://e.org/x)",
        "[Autorin](/autor/anna-test/) [Archiv](/archiv/) [Start](/)",
        "![Bild]({static}/images/articles/test.svg) ![Bild 2](/images/articles/test.svg)",
    ]))
    built.build()
    links = [a["href"] for a in built.page("artikel/ein-artikel/index.html")
             .select("main a[href]")]
    assert "../../artikel/zweiter/" in links


def test_link_to_a_draft_is_an_error_in_production_naming_both_files(built):
    built.article("entwurf", status="draft")
    body_article(built, "Bald: [der Entwurf]({filename}entwurf.md).")
    assert only_error(built) == (
        "articles/x.md:12: Body: links to articles/entwurf.md, which is not published (a draft): "
        "publish it first or remove the link (got '../../artikel/entwurf/')"
        .replace("articles/entwurf.md", f"{built.content}/articles/entwurf.md")
        .replace(f"{built.content}/", ""))


def test_link_to_a_scheduled_article_by_its_future_url(built):
    built.article("geplant", date="2099-12-03 09:00")
    body_article(built, "Bald: [geplant](/artikel/geplant/).")
    assert "which is not published (scheduled for 2099-12-03 09:00)" in only_error(built)


def test_link_to_a_draft_is_a_warning_in_the_preview(built, caplog):
    built.article("entwurf", status="draft")
    body_article(built, "Bald: [der Entwurf]({filename}entwurf.md).")
    with caplog.at_level(logging.WARNING):
        built.build(SHOW_UNPUBLISHED=True)
    assert any("x.md:12: Body: links to" in r.getMessage() and "entwurf.md" in r.getMessage()
               for r in caplog.records)


def test_cli_exits_non_zero_for_a_broken_link_and_keeps_the_output(built):
    script = ("import sys, tasks; from pathlib import Path; "
              "tasks.build_site(output=Path(sys.argv[1]), content=Path(sys.argv[2]))")
    before = snapshot(built.output)
    body_article(built, "Siehe [den Bestand](/artikel/bestant/).")
    failed = subprocess.run([sys.executable, "-c", script, str(built.output),
                             str(built.content)], cwd=ROOT, capture_output=True, text=True)
    assert failed.returncode != 0
    assert "articles/x.md:12: Body: links to /artikel/bestant/" in failed.stderr
    assert snapshot(built.output) == before


# ---- duplicate slugs, scaffold text, summaries ---------------------------------------------

def test_duplicate_slug_names_the_newer_file_and_the_slug(built):
    built.write("articles/a-alt.md", header(date="2026-01-01 09:00") + "\n\nText.\n")
    built.write("articles/b-neu.md", header(date="2026-02-01 09:00") + "\n\nText.\n")
    assert only_error(built) == (
        "articles/b-neu.md:3: Slug: duplicate slug: articles/a-alt.md (dated 2026-01-01 09:00) "
        "uses it already; this file is the newer one (later date, or later path on the same "
        "date): give it its own Slug (got 'ein-artikel')"
        .replace("articles/a-alt.md (", f"{built.content}/articles/a-alt.md (")
        .replace(f"{built.content}/", ""))


def test_scaffold_summary_in_a_published_article(built):
    built.write("articles/x.md", header(summary=SCAFFOLD_SUMMARY) + "\n\nText.\n")
    assert only_error(built) == (
        "articles/x.md:8: Summary: still the scaffold text of ./magazine new: say in one or two "
        f"sentences what the article is about (got '{SCAFFOLD_SUMMARY}')")


@pytest.mark.parametrize(("text", "line"), [(f"## {SCAFFOLD_HEADING}", 12),
                                           (SCAFFOLD_TEXT, 12)])
def test_scaffold_body_in_a_published_article(built, text, line):
    body_article(built, text)
    assert only_error(built) == (
        f"articles/x.md:{line}: Body: still the scaffold text of ./magazine new: replace it "
        f"with your own (got '{text.lstrip('# ')}')")


def test_a_fresh_scaffold_draft_builds(built):
    built.write("articles/x.md", header(summary=SCAFFOLD_SUMMARY) + "\nStatus: draft\n\n"
                f"## {SCAFFOLD_HEADING}\n\n{SCAFFOLD_TEXT}\n")
    built.build()
    built.build(SHOW_UNPUBLISHED=True)


def test_summary_with_markdown_and_six_sentences(built):
    summary = "Das ist **wichtig**. Zwei. Drei. Vier. Fünf. Mehr im [Text](/x/)."
    built.write("articles/x.md", header(summary=summary) + "\n\nText.\n")
    assert only_error(built) == (
        "articles/x.md:8: Summary: must be plain text: remove the markup (**, a link); "
        "has 6 sentences: shorten it to one or two")


def test_summary_with_abbreviations_and_ordinals_is_two_sentences(site):
    summary = ("Am 1. September haben z. B. 34 Auszubildende begonnen. Dr. Claudia Auer "
               "begrüßt sie nach § 5 Abs. 2 der Regeln.")
    site.write("articles/x.md", header(summary=summary) + "\n\nText.\n")
    site.build()


# ---- unpublished articles: warnings in production, errors in the preview --------------------

@pytest.mark.parametrize("unpublished", [{"status": "draft"}, {"date": "2099-01-01 09:00"}])
def test_unpublished_article_errors_are_warnings_in_production(built, unpublished, caplog):
    built.write("articles/x.md", header(topics="ausbildung, gibts-nicht", **unpublished)
                + "\n\nText.\n")
    with caplog.at_level(logging.WARNING):
        built.build()  # the production (and local) build goes on
    assert any("x.md:5: Topics: unknown topic (got 'gibts-nicht')" in r.getMessage()
               for r in caplog.records)
    assert only_error(built, SHOW_UNPUBLISHED=True).startswith(
        "articles/x.md:5: Topics: unknown topic (got 'gibts-nicht')")
