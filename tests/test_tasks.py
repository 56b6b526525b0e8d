"""The editor's tasks: scaffolding a new article, and the staged build."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT
from corporate_world.errors import ContentErrors
from corporate_world.profile import SCAFFOLD_HEADING, SCAFFOLD_SUMMARY, SCAFFOLD_TEXT

INVOKE = [sys.executable, "-m", "invoke"]


def run_new(*args: str, cwd=ROOT):
    return subprocess.run([*INVOKE, "new", *args], cwd=cwd, capture_output=True, text=True)


def test_new_rejects_unknown_terms_and_lists_allowed_ones():
    result = run_new("--title", "Test", "--department", "marketting", "--topics", "video",
                     "--format", "ratgeber", "--authors", "lena-hartmann")
    assert result.returncode == 2
    assert "Department: unknown department (got 'marketting'); did you mean 'marketing'?" in (
        result.stderr)
    assert "choose from: marketing, kommunikation, events" in result.stderr
    assert not (ROOT / "content/articles/marketting").exists()


def test_new_writes_a_draft_that_builds(tmp_path, site):
    import tasks

    tasks.CONTENT = site.content
    try:
        from invoke import Context

        tasks.new(Context(), title="Messe-Checkliste für Ausstellende", department="events",
                  topics="messen-events", format="ratgeber", authors="anna-test")
    finally:
        tasks.CONTENT = ROOT / "content"
    written = site.content / "articles/events/messe-checkliste-fuer-ausstellende.md"
    text = written.read_text()
    assert "Status: draft" in text and "Format: ratgeber" in text
    site.build(SEARCH_ENABLED=False)  # the fresh draft builds (no page to index: no search)
    written.write_text(text.replace("Status: draft\n", ""))
    with pytest.raises(ContentErrors) as failure:  # published with the scaffold text left in
        site.build()
    assert {e.rule for e in failure.value.errors} == {"placeholder"}
    written.write_text(text.replace("Status: draft\n", "").replace(SCAFFOLD_SUMMARY, "Kurz.")
                       .replace(SCAFFOLD_HEADING, "Vorher").replace(SCAFFOLD_TEXT, "Ein Text."))
    site.build()
    page = site.page("artikel/messe-checkliste-fuer-ausstellende/index.html")
    assert page.h1.get_text(strip=True) == "Messe-Checkliste für Ausstellende"
