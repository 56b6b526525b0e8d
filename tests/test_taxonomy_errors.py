"""Validation: every content error names file, field, value and what is allowed."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT
from corporate_world.errors import ContentErrors


def test_three_bad_files_fail_once_listing_all_three(site):
    site.article("eins", department="marketting")
    site.article("zwei", format=None)
    site.article("drei", topics="social-media, sozial-selling")
    with pytest.raises(ContentErrors) as failure:
        site.build()
    text = failure.value.text
    errors = {(e.file.rsplit("/", 1)[-1], e.field): e for e in failure.value.errors}
    assert set(errors) == {("eins.md", "Department"), ("zwei.md", "Format"),
                           ("drei.md", "Topics")}
    assert errors[("eins.md", "Department")].value == "marketting"
    assert "did you mean 'marketing'" in text
    assert "did you mean 'social-selling'" in text
    assert "allowed: nachricht, interview, fallstudie" in text  # the format list for zwei.md
    assert "kundenservice" in text  # the department list for eins.md
    assert not site.output.exists(), "nothing may be written when validation fails"


@pytest.mark.parametrize(("meta", "field", "message"), [
    ({"topics": "social-media, a1"}, "Topics", "unknown topic"),
    ({"topics": ""}, "Topics", "needs at least 1"),
    ({"topics": "social-media, video, recruiting, webinare, messen-events, technik"},
     "Topics", "at most 5"),
    ({"department": "marketing, vertrieb"}, "Department", "at most 1"),
    ({"authors": "niemand"}, "Authors", "unknown author"),
    ({"summary": None}, "Summary", "summary is required"),
    ({"image": "images/articles/fehlt.svg"}, "Image", "image file not found"),
    ({"image_alt": None}, "Image_alt", "text alternative"),
    ({"industries": "baeckerei"}, "Industries", "unknown industry"),
    ({"audiences": "kunden, kunden"}, "Audiences", "named twice"),
    ({"lang": "fr"}, "Lang", "unsupported language"),
    ({"stage": "kaufen"}, "Stage", "unknown buyer-journey stage"),
    ({"lead": "vielleicht"}, "Lead", "expected true or false"),
])
def test_each_field_rule(site, meta, field, message):
    site.article("gut")
    site.article("schlecht", **meta)
    with pytest.raises(ContentErrors) as failure:
        site.build()
    [error] = failure.value.errors
    assert error.file.endswith("schlecht.md")
    assert error.field == field
    assert message in str(error)


def test_duplicate_slug_names_both_files(site):
    site.article("doppelt")
    site.article("doppelt", folder="articles/zweiter-ordner")
    with pytest.raises(ContentErrors) as failure:
        site.build()
    [error] = failure.value.errors
    assert error.field == "Slug" and error.value == "doppelt"
    assert error.file.endswith("zweiter-ordner/doppelt.md")  # the newer one (later date)
    assert "articles/doppelt.md" in error.message


def test_malformed_article_is_an_error_naming_the_file(site):
    site.article("kaputt", date="im Frühjahr")
    site.article("ohne-titel", title=None)
    with pytest.raises(ContentErrors) as failure:
        site.build()
    files = {e.file.rsplit("/", 1)[-1] for e in failure.value.errors}
    assert files == {"kaputt.md", "ohne-titel.md"}


def test_unknown_term_in_taxonomy_structure(site):
    text = (site.content / "taxonomy.yml").read_text()
    site.write("taxonomy.yml", text.replace("parent: social-media\n", "parent: sozial\n", 1))
    site.article("eins")
    with pytest.raises(ContentErrors) as failure:
        site.build()
    assert any(e.field.endswith(".parent") and e.value == "sozial"
               for e in failure.value.errors)


def test_cli_exits_non_zero_and_keeps_previous_output(site):
    """The editor's build command: the old output stays untouched when a build fails."""
    site.article("eins")
    script = ("import sys, tasks; from pathlib import Path; "
              "tasks.build_site(output=Path(sys.argv[1]), content=Path(sys.argv[2]))")
    ok = subprocess.run([sys.executable, "-c", script, str(site.output), str(site.content)],
                        cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    before = (site.output / "artikel/eins/index.html").read_bytes()
    site.article("zwei", department="nirgendwo")
    failed = subprocess.run([sys.executable, "-c", script, str(site.output), str(site.content)],
                            cwd=ROOT, capture_output=True, text=True)
    assert failed.returncode != 0
    assert "zwei.md:4: Department: unknown department (got 'nirgendwo')" in failed.stderr
    assert (site.output / "artikel/eins/index.html").read_bytes() == before
    assert not (site.output / "artikel/zwei").exists()
    # no half-written build is left beside the one build output/ points to
    assert [p.name for p in (site.root / "output.builds").iterdir() if p.is_dir()] == [
        site.output.resolve().name]


def test_yaml_is_read_as_pyyaml_reads_it_and_fails_with_its_message():
    """The taxonomy, profiles, interface strings and redirects go through libyaml's parser
    when PyYAML has it: the same data, and a broken file names the same line and problem."""
    import yaml
    from corporate_world.front_matter import load_yaml

    files = [*(ROOT / "content").rglob("*.yml"), *(ROOT / "theme" / "translations").glob("*.yml")]
    assert len(files) > 10
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), file
    broken = "facets:\n  topic:\n    label: {de: Thema\n  format: [\n"
    with pytest.raises(yaml.YAMLError) as ours:
        load_yaml(broken)
    with pytest.raises(yaml.YAMLError) as theirs:
        yaml.safe_load(broken)
    assert str(ours.value) == str(theirs.value)
