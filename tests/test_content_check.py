"""./magazine check: one violation per rule in a fixture folder, in text, GitHub and JSON form;
the guidelines in German and English; --changed; the demo passes; the CI workflows lint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from content_check import changed_files, only_changed, render, run_check
from content_check.prose import is_passive, split_sentences

PREVIEW = ROOT / "previewconf.py"
TODAY = date(2026, 11, 27)
SUMMARY = "Eine Zusammenfassung mit genug Worten, damit die Vorschau in sozialen Netzen passt."
SUMMARY_EN = "A summary with enough words to fill the preview card that social networks show."
GUIDELINES = """\
de:
  wording:
    - prefer: Mitarbeitende
      avoid: [Mitarbeiter, Mitarbeitern]
      allow: [Mitarbeiterinnen und Mitarbeiter]
      reason: Wir schreiben geschlechtergerecht.
    - prefer: Kundinnen und Kunden
      avoid: [Kunden]
      severity: warning
    - prefer: Auenwerk
      avoid: [AuenWerk]
      case_sensitive: true
  sentence_length: {max_words: 25, severity: warning}
  passive_voice: {max_share: 0.3, min_sentences: 6, severity: error}
en:
  wording:
    - prefer: chair
      avoid: [chairman]
      reason: Gender-neutral job titles.
  sentence_length: {max_words: 25, severity: error}
  passive_voice: {max_share: 0.3, min_sentences: 6, severity: warning}
fr:
  wording:
    - prefer: collaborateurs
      avoid: [employés]
      severity: fatal
"""
ACTIVE_DE = ("Wir bauen Antriebe in Auental. Das Team plant jede Messe selbst. Die Lehrlinge "
             "zeigen ihre Projekte. Der Vertrieb beantwortet Fragen am Stand. Unsere Technik "
             "läuft seit Jahren zuverlässig. Am Abend feiern alle gemeinsam.")
PASSIVE_DE = ("Die Halle wurde 2025 umgebaut.\nDie Maschinen werden jede Woche gewartet. "
              "Das Dach wurde neu gedeckt.\nDie Fenster wurden ersetzt. Wir laden Sie ein. "
              "Der Stand steht in Halle 3. Kommen Sie vorbei.")
PASSIVE_EN = ("The line was restarted at night. The drives are built in Auental. The parts were "
              "shipped on Monday. The manual was written by our team. We answer every question. "
              "Our engineers visit the site. You can call us.")


def write_fixture(site) -> Path:
    """Exactly one violation per rule, each in a file of its own."""
    ok = {"summary": SUMMARY}
    site.write("guidelines.yml", GUIDELINES)
    site.write("authors/carla-test.yml", "name: Carla Test\nrole: {de: Technik, en: Tech}\n"
               "department: entwiklung\nbio: {de: Baut Antriebe., en: Builds drives.}\n"
               "contact: {email: carla@example.org}\n")
    site.write("authors/dora-test.yml", "name: Dora Test\nrole: {de: Leitung, en: Head}\n"
               "department: personal\nbio:\n  de: >-\n    Dora Test leitet das Personalteam.\n"
               "    Sie spricht mit allen Mitarbeitern.\n  en: Dora heads HR.\n"
               "contact: {email: dora@example.org}\n")
    site.article("gut", body=ACTIVE_DE, **ok)
    site.article("gut", folder="articles/en", body="We build drives. " * 3, lang="en",
                 summary=SUMMARY_EN)
    # the build's own rules
    site.article("abteilung", department="marketting", **ok)
    site.article("thema", topics="sozial-selling", **ok)
    site.article("format", format="bericht", **ok)
    site.article("autorin", authors="anna-tset", **ok)
    site.article("ohne-summary", summary=None)
    site.article("bild-fehlt", image="images/articles/fehlt.svg", **ok)
    site.article("ohne-alt", image_alt=None, **ok)
    site.article("doppelt", folder="articles/eins", date="2026-01-01 10:00", **ok)
    site.article("doppelt", folder="articles/zwei", date="2026-01-02 10:00", **ok)
    site.write("hubs/netz.md", f"Title: Netz\nSummary: {SUMMARY}\nTopics: social-media\n"
               "Pinned: gibt-es-nicht\n\nAlles über unser Netz.\n")
    site.article("datum", date="03.04.2026 10:00", **ok)
    kopf = site.article("kopf", **ok)
    kopf.write_text(kopf.read_text(encoding="utf-8").replace(
        "Topics: social-media-strategie", "Topics social-media-strategie"), encoding="utf-8")
    site.article("feld", audience="kunden", **ok)
    site.article("viele-themen", topics="social-media, social-media-strategie, social-selling, "
                 "social-media-guidelines, community-management, content-marketing", **ok)
    site.article("gespraech", dialog="vielleicht", **ok)
    site.write("images/articles/Bild Übersicht.svg", (site.content / "images/articles/test.svg")
               .read_text(encoding="utf-8"))
    site.article("bildname", image="images/articles/Bild Übersicht.svg", **ok)
    site.article("kaputter-link", body="Mehr [hier](/artikel/gibt-es-nicht/).", **ok)
    site.article("geheim", status="draft", **ok)
    site.article("verweis", body="Bald mehr [dazu]({filename}geheim.md).", **ok)
    site.article("platzhalter", body="Text …", **ok)
    site.article("fett", summary="Eine **fette** Zusammenfassung mit genug Worten für die "
                 "Vorschau in sozialen Netzen.")
    # the check's own rules
    site.article("kurz", summary="Zu kurz.")
    site.article("titel", title="Ein Titel, der so lang ist, dass ihn keine Suchmaschine und "
                 "kein soziales Netz mehr ganz zeigt, auch nicht auf großen Bildschirmen", **ok)
    site.write("images/articles/gross.png", "x" * 600 * 1024)
    site.article("bild-gross", body="Text.\n\n![Ein Foto]({static}/images/articles/gross.png)\n",
                 **ok)
    site.article("gute-nachricht", **ok)
    site.article("gute-nachrichten", folder="articles/en", lang="en", summary=SUMMARY_EN)
    site.article("pruefen", review_by="2026-01-31", **ok)
    site.article("pruefdatum", review_by="31.01.2027", **ok)
    # the guidelines, German and English
    site.article("wortwahl", body="Unsere Mitarbeiterinnen und Mitarbeiter helfen gern.\n\n"
                 "Alle Mitarbeiter sind eingeladen.\n\n```\nMitarbeiter im Code zählen nicht.\n"
                 "```\n", **ok)
    site.article("kundschaft", body="Wir danken unseren Kundinnen und Kunden und allen Kunden.",
                 **ok)
    site.article("name", title="Neues von AuenWerk", **ok)
    site.article("satz", body="Dieser Satz ist mit voller Absicht viel zu lang geraten, weil er "
                 "immer weiter geht und noch einen Nebensatz anhängt, der wieder einen Nebensatz "
                 "hat, bis niemand mehr weiß, wo er angefangen hat.", **ok)
    site.article("passiv", body=PASSIVE_DE, **ok)
    site.article("chair", lang="en", summary=SUMMARY_EN, title="A word from the chairman")
    site.article("long-sentence", lang="en", summary=SUMMARY_EN, body=(
        "This sentence goes on and on because it keeps adding one more clause and then another "
        "one after that, until nobody who reads it can tell where it started or what it says."))
    site.article("passive-voice", lang="en", summary=SUMMARY_EN, body=PASSIVE_EN)
    return site.content


# file (inside the content folder), line, rule, severity. Build errors without a rule name of
# their own are named after their field (department, topics, ...).
EXPECTED = [
    ("articles/abteilung.md", 4, "unknown-term", "error"),
    ("articles/autorin.md", 7, "unknown-author", "error"),
    ("articles/bild-fehlt.md", 9, "image-missing", "error"),
    ("articles/bild-gross.md", 14, "image-size", "error"),
    ("articles/bildname.md", 9, "image-name", "error"),
    ("articles/chair.md", 1, "wording", "error"),
    ("articles/datum.md", 2, "date-format", "error"),
    # Pelican's own two warnings about the duplicate slug, at the first file they name
    ("articles/eins/doppelt.md", None, "build-warning", "warning"),
    ("articles/eins/doppelt.md", None, "build-warning", "warning"),
    ("articles/en/gute-nachrichten.md", 3, "translation-counterpart", "warning"),
    ("articles/feld.md", 11, "unknown-field", "error"),
    ("articles/fett.md", 8, "summary-format", "error"),
    ("articles/format.md", 6, "unknown-term", "error"),
    ("articles/gespraech.md", 11, "invalid-value", "error"),
    ("articles/kaputter-link.md", 12, "broken-link", "error"),
    ("articles/kopf.md", 5, "header-syntax", "error"),
    ("articles/kundschaft.md", 12, "wording", "warning"),
    ("articles/kurz.md", 8, "summary-length", "warning"),
    ("articles/long-sentence.md", 13, "sentence-length", "error"),
    ("articles/name.md", 1, "wording", "error"),
    ("articles/ohne-alt.md", 9, "image-alt", "error"),
    ("articles/ohne-summary.md", 1, "missing-field", "error"),
    ("articles/passiv.md", 12, "passive-voice", "error"),
    ("articles/passive-voice.md", 13, "passive-voice", "warning"),
    ("articles/platzhalter.md", 12, "placeholder", "error"),
    ("articles/pruefdatum.md", 11, "date-format", "error"),
    ("articles/pruefen.md", 11, "review-overdue", "warning"),
    ("articles/satz.md", 12, "sentence-length", "warning"),
    ("articles/thema.md", 5, "unknown-term", "error"),
    ("articles/titel.md", 1, "title-length", "warning"),
    # a link to a draft: a warning in the preview settings the check uses, an error in production
    ("articles/verweis.md", 12, "unpublished-link", "warning"),
    ("articles/viele-themen.md", 5, "term-count", "error"),
    ("articles/wortwahl.md", 14, "wording", "error"),
    ("articles/zwei/doppelt.md", 3, "duplicate-slug", "error"),  # the newer file
    ("authors/carla-test.yml", 3, "department", "error"),
    ("authors/dora-test.yml", 7, "wording", "error"),  # the guidelines in a profile's bio
    ("guidelines.yml", 24, "guidelines-file", "error"),
    ("hubs/netz.md", 4, "pinned", "error"),
]


def inside(text: str, content: Path) -> str:
    return text.replace(f"{content}/", "")


@pytest.fixture
def checked(site):
    content = write_fixture(site)
    return content, run_check(PREVIEW, content, today=TODAY)


def test_one_finding_per_rule_in_text_form(checked):
    content, findings = checked
    lines = [line for line in inside(render(findings, "text"), content).splitlines()
             if not line.startswith(" ")]
    expected = [f"{file}{'' if line is None else f':{line}'}: {rule}: "
                + ("warning: " if severity == "warning" else "")
                for file, line, rule, severity in EXPECTED]
    assert len(lines) == len(expected)
    assert [line[:len(start)] for line, start in zip(lines, expected, strict=True)] == expected
    text = inside(render(findings, "text"), content)
    assert ("articles/abteilung.md:4: unknown-term: Department: unknown department (got "
            "'marketting'); did you mean 'marketing'?\n    allowed: marketing,") in text
    assert "articles/wortwahl.md:14: wording: write 'Mitarbeitende' instead of 'Mitarbeiter' (" \
        in text  # line 12 says "Mitarbeiterinnen und Mitarbeiter", line 17 is in a code block


def test_one_annotation_per_rule_in_github_form(checked):
    content, findings = checked
    lines = inside(render(findings, "github"), content).splitlines()
    expected = [f"::{severity} file={file}" + (f",line={line}" if line else "")
                + f",title={rule}::" for file, line, rule, severity in EXPECTED]
    assert len(lines) == len(expected)
    assert [line[:len(start)] for line, start in zip(lines, expected, strict=True)] == expected
    department = lines[0]
    assert "%0Aallowed: marketing, kommunikation" in department and "\n" not in department


def test_one_object_per_rule_in_json_form(checked):
    content, findings = checked
    objects = json.loads(inside(render(findings, "json"), content))
    assert [(o["file"], o["line"], o["rule"], o["severity"]) for o in objects] == EXPECTED
    assert set(objects[0]) == {"file", "line", "rule", "severity", "field", "message"}
    assert objects[0]["field"] == "Department"
    review = next(o for o in objects if o["rule"] == "review-overdue")
    assert review["field"] == "Review_by" and "2026-01-31 (300 days ago)" in review["message"]


def test_guidelines_in_german_and_english():
    assert is_passive("Die Halle wurde 2025 umgebaut.", "de")
    assert is_passive("Ob das Angebot angenommen wird, entscheidet der Einkauf.", "de")
    assert is_passive("Die Anlage wurde modernisiert.", "de")
    assert not is_passive("Wir werden die Halle umbauen.", "de")  # future tense
    assert not is_passive("Das Wetter wird besser.", "de")  # werden as "become"
    assert not is_passive("Wie daraus ein Auftrag wurde, erzählt er selbst.", "de")
    assert is_passive("The parts were shipped on Monday.", "en")
    assert is_passive("The manual was not written by us.", "en")
    assert not is_passive("We shipped the parts on Monday.", "en")
    text = "Am 3. Dezember zeigt z. B. Dr. Meier die Anlage. Sie läuft seit 2019. Gut so!"
    assert [text[a:b] for a, b in split_sentences(text, "de")] == [
        "Am 3. Dezember zeigt z. B. Dr. Meier die Anlage.", "Sie läuft seit 2019.", "Gut so!"]
    text = "See e.g. the manual. It helps."
    assert len(split_sentences(text, "en")) == 2


def test_changed_limits_the_findings_to_changed_and_new_files(site):
    content = write_fixture(site)

    def git(*args):
        subprocess.run(["git", "-C", str(site.root), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", ".")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "content")
    kurz = content / "articles/kurz.md"
    kurz.write_text(kurz.read_text().replace("Zu kurz.", "Noch immer zu kurz."))
    site.article("neu", summary="Neu und kurz.")
    files = changed_files("HEAD", content)
    assert files == {kurz.resolve(), (content / "articles/neu.md").resolve()}
    findings = only_changed(run_check(PREVIEW, content, today=TODAY), files)
    assert [(inside(f.file, content), f.rule) for f in findings] == [
        ("articles/kurz.md", "summary-length"), ("articles/neu.md", "summary-length")]
    with pytest.raises(ValueError):
        changed_files("no-such-ref", content)


def test_check_task_runs_as_a_command(site):
    """The real command line: JSON on stdout, exit 1 on errors, 2 on a wrong option."""
    content = write_fixture(site)
    command = [str(ROOT / ".venv/bin/invoke"), "check", "--content", str(content)]
    if not Path(command[0]).exists():
        command[0:1] = [sys.executable, "-m", "invoke"]
    done = subprocess.run([*command, "--format", "json"], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": ""})
    assert done.returncode == 1, done.stderr
    objects = json.loads(inside(done.stdout, content))
    assert [(o["file"], o["line"], o["rule"], o["severity"]) for o in objects] == EXPECTED
    done = subprocess.run([*command, "--format", "yaml"], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 2 and "--format must be one of text, github, json" in done.stderr


def test_warnings_alone_pass(site):
    site.write("guidelines.yml", GUIDELINES.split("fr:")[0])
    site.article("kurz", summary="Zu kurz.")
    findings = run_check(PREVIEW, site.content, today=TODAY)
    assert [(f.rule, f.severity) for f in findings] == [("summary-length", "warning")]


def test_the_demo_content_passes_and_the_build_ignores_the_guidelines(demo_build):
    findings = run_check(PREVIEW, ROOT / "content")
    errors = [f for f in findings if f.severity == "error"]
    assert errors == [], render(errors)
    assert (ROOT / "content/guidelines.yml").is_file()
    assert not [p for p in demo_build.rglob("guidelines*")]


def test_the_ci_workflows_pass_actionlint():
    workflows = sorted((ROOT / ".github/workflows").glob("*.yml"))
    assert len(workflows) >= 2
    actionlint = ROOT / ".venv/bin/actionlint"
    done = subprocess.run([str(actionlint), *map(str, workflows)], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    for workflow in workflows:  # they call the magazine's own tasks, nothing else
        jobs = yaml.safe_load(workflow.read_text())["jobs"].values()
        runs = [step["run"] for job in jobs for step in job["steps"] if "run" in step]
        assert runs and all(run.startswith("./magazine ") for run in runs), runs
    steps = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())["jobs"]
    assert [s.get("uses", "").split("@")[0] for s in steps["deploy"]["steps"]] == [
        "actions/deploy-pages"]


def test_a_broken_build_is_one_error_not_a_traceback(site, tmp_path):
    settings = tmp_path / "broken.py"
    settings.write_text(f"exec(open({str(PREVIEW)!r}).read())\nTHEME = '/no/such/theme'\n")
    site.article("gut", summary=SUMMARY)
    findings = run_check(settings, site.content, today=TODAY)
    assert [(f.file, f.rule, f.severity) for f in findings] == [
        ("(build)", "build-failed", "error")]
    assert "/no/such/theme" in findings[0].message
    assert render(findings, "github").startswith("::error title=build-failed::")


def test_a_drafts_problems_are_errors_in_preview_and_warnings_in_production(site):
    """As in the build: the check with publishconf.py (as before a publish) does not let a
    colleague's draft stop everyone; with previewconf.py (the default) it does."""
    site.write("guidelines.yml", GUIDELINES.split("fr:")[0])
    site.article("entwurf", status="draft", summary=SUMMARY, body="Alle Mitarbeiter kommen.")
    site.article("fertig", summary=SUMMARY, body="Alle Mitarbeiter kommen.")

    def found(settings):
        return [(f.file.rsplit("/", 1)[-1], f.rule, f.severity)
                for f in run_check(ROOT / settings, site.content, today=TODAY)]

    assert found("previewconf.py") == [("entwurf.md", "wording", "error"),
                                       ("fertig.md", "wording", "error")]
    assert found("publishconf.py") == [("entwurf.md", "wording", "warning"),
                                       ("fertig.md", "wording", "error")]
