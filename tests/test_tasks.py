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


def group_states(group: int) -> dict[int, str]:
    """pid -> state letter (``T``: stopped) of every process in process group ``group``."""
    from pathlib import Path

    states = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:
            states[int(stat.parent.name)] = fields[0]
    return states


def test_a_background_build_is_paused_whole_and_goes_on(site, tmp_path):
    """The live preview's full build runs in a process group of its own; while the quick
    preview passes over the content (tasks.builds_paused) every process of it is stopped,
    and afterwards it continues and finishes as if nothing happened."""
    import threading
    import time

    import tasks

    for number in range(40):
        site.article(f"text-{number}", body="Ein Absatz. " * 200)
    failures: list[BaseException] = []

    def build() -> None:
        try:
            tasks.run_build("pelicanconf.py", tmp_path / "out", site.content, background=True)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            failures.append(error)

    worker = threading.Thread(target=build)
    worker.start()
    deadline = time.monotonic() + 30
    while not tasks._GROUPED and time.monotonic() < deadline:
        time.sleep(0.01)
    group = next(iter(tasks._GROUPED))
    with tasks.builds_paused():
        time.sleep(0.2)  # (a stop is delivered at once; the states show it)
        paused = group_states(group)
    running = group_states(group)
    worker.join(120)
    assert paused and set(paused.values()) == {"T"}, paused
    assert "T" not in running.values(), running
    assert not failures and (tmp_path / "out" / "index.html").is_file()
