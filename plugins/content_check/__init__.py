"""content_check — the editor's content check behind ``./magazine check`` (not a Pelican plugin).

It runs the real build in-process (``build.run_build``) so every rule of the build counts,
then adds the check-only rules (``rules``) and the company's writing guidelines
(``guidelines``). See README.md beside this file.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from corporate_world.errors import ContentError, display_path

from content_check.build import run_build
from content_check.findings import BUILD, FORMATS, Finding, counts, from_error, ordered, render
from content_check.guidelines import check_profile, check_text, load_guidelines
from content_check.rules import DEFAULTS, author_images, authors, check_documents, documents
from content_check.source import read_source

__all__ = ["FORMATS", "Finding", "changed_files", "counts", "only_changed", "render",
           "run_check"]


def _line_of_field(error: ContentError) -> int | None:
    """The line of the field an error names, when the build did not say (line 1 when the field
    is missing, where a header starts)."""
    path = Path(error.file)
    if error.line is not None or not error.field or not path.is_file():
        return None
    if path.suffix == ".md":
        return read_source(path).line_of(error.field) or 1
    key = error.field.lower()
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text.split(":")[0].strip().lower() == key:
            return number
    return 1


def run_check(settings_file: Path, content: Path, today: date | None = None) -> list[Finding]:
    """Every finding for ``content``: the build's errors and warnings, the check-only rules
    and the guidelines, sorted."""
    content = Path(content).resolve()
    build = run_build(settings_file, content)
    settings = {**DEFAULTS, **{k: v for k, v in build.settings.items() if k in DEFAULTS}}
    if today is None:
        today = datetime.now(ZoneInfo(build.settings.get("TIMEZONE") or "UTC")).date()
    found = [from_error(e, "error", _line_of_field(e)) for e in build.errors]
    found += [from_error(w, "warning", _line_of_field(w)) for w in build.warnings]
    if build.failure:
        print(build.details, end="", file=sys.stderr)
        found.append(Finding(BUILD, None, "build-failed", "error", "",
                             " ".join(build.failure.split())[-2000:]))
    docs = documents(build, content)
    rules, problems = load_guidelines(content / settings["CHECK_GUIDELINES_FILE"])
    own = check_documents(docs, settings, content, today)
    for doc in docs:
        if doc.lang in rules:
            own += check_text(doc.source, doc.lang, rules[doc.lang], display_path(str(doc.path)))
    if not build.settings.get("SHOW_UNPUBLISHED", True):
        # as in the build: where drafts are not shown, their problems are warnings
        unpublished = {display_path(str(d.path)) for d in docs if not d.published}
        own = [replace(f, severity="warning") if f.file in unpublished else f for f in own]
    found += own + author_images(build, content, settings)
    found += [Finding(display_path(p.file), p.line, p.rule, p.severity, p.field, p.message)
              for p in problems]
    for author in authors(build):
        found += check_profile(author, rules, display_path(str(author)))
    return ordered(found)


def changed_files(ref: str, folder: Path) -> set[Path]:
    """Files changed against ``ref`` (since the common ancestor with HEAD, committed or not)
    plus untracked files, as absolute paths; raises ValueError for an unknown ref."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)
        if done.returncode != 0:
            raise ValueError(done.stderr.strip() or f"git {' '.join(args)} failed")
        return done.stdout

    top = Path(git("rev-parse", "--show-toplevel").strip())
    try:
        base = git("merge-base", ref, "HEAD").strip()
    except ValueError:
        base = ref
    names = git("diff", "--name-only", base, "--").splitlines()
    names += git("ls-files", "--others", "--exclude-standard", "--full-name", ":/").splitlines()
    return {(top / name).resolve() for name in names if name}


def only_changed(findings: list[Finding], files: set[Path]) -> list[Finding]:
    """The findings in ``files``; findings about the build as a whole are always kept."""
    return [f for f in findings if f.file == BUILD or Path(f.file).resolve() in files]
