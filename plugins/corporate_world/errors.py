"""Content errors, collected over a whole build and reported together."""

from __future__ import annotations

import difflib
import logging
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

CONTEXT_KEY = "content_errors"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ContentError:
    """One problem in one source file, phrased so an editor can fix it."""

    file: str
    message: str
    field: str = ""
    value: str = ""
    allowed: tuple[str, ...] = ()
    line: int | None = None
    rule: str = ""  # the content check's rule name (README: "The content check")

    def suggestion(self) -> str:
        matches = difflib.get_close_matches(self.value, self.allowed, n=1, cutoff=0.6)
        return matches[0] if matches else ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        head = f"{where}: {self.field}: " if self.field else f"{where}: "
        text = head + self.message
        if self.value:
            text += f" (got {self.value!r})"
        hint = self.suggestion()
        if hint:
            text += f"; did you mean {hint!r}?"
        if self.allowed:
            shown = ", ".join(self.allowed[:40])
            more = "" if len(self.allowed) <= 40 else f", … ({len(self.allowed)} in all)"
            text += f"\n    allowed: {shown}{more}"
        return text


class ContentErrors(SystemExit):
    """Raised once, before anything is written, when a build found errors.

    A SystemExit, so that Pelican's command line ends with exit code 2 and the
    editor sees our list rather than a traceback; callers in Python can catch it.
    """

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(set(errors), key=lambda e: (e.file, e.line or 0, e.field, e.message))
        lines = [f"{len(self.errors)} content error(s); nothing was written:"]
        lines += [f"  - {e}" for e in self.errors]
        self.text = "\n".join(lines)
        super().__init__(2)

    def __reduce__(self):  # travels from a press helper to the lead intact
        return type(self), (self.errors,)


def display_path(path: str) -> str:
    """A path as an editor would type it: relative to the working folder when inside it."""
    if not os.path.isabs(path):
        return path
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


@dataclass
class ErrorReport:
    """The build's error collector; plugins add, the taxonomy plugin raises.

    Errors in an unpublished file (a draft or a scheduled article) are *held* when the build
    does not show unpublished articles (``SHOW_UNPUBLISHED = False``): they are reported as
    warnings, because nothing of that file is published, and do not stop the build. With
    ``SHOW_UNPUBLISHED = True`` (the preview) they are errors like any other. Errors of a rule
    named in the setting ``CONTENT_RULES_AS_WARNINGS`` (e.g. ``("summary-format",)``) are held
    the same way, in every file.
    """

    errors: list[ContentError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    held: list[ContentError] = field(default_factory=list)  # errors of unpublished files
    unpublished: set[str] = field(default_factory=set)  # their display paths
    hold_unpublished: bool = False
    warning_rules: frozenset[str] = frozenset()  # CONTENT_RULES_AS_WARNINGS
    _warned: int = 0  # how many of ``held`` are logged already

    def add(self, file: str, message: str, **details: Any) -> None:
        if "allowed" in details:
            details["allowed"] = tuple(details["allowed"])
        self.add_error(ContentError(file=display_path(file), message=message, **details))

    def add_error(self, error: ContentError) -> None:
        """One error, held when its file is unpublished and the build does not show it."""
        if error.rule in self.warning_rules or (self.hold_unpublished
                                                and error.file in self.unpublished):
            self.held.append(error)
        else:
            self.errors.append(error)

    def warn(self, file: str, message: str, **details: Any) -> None:
        """A problem that does not stop this build (it would stop another one): logged at
        once, carrying the error itself so the content check keeps its line and rule."""
        error = ContentError(file=display_path(file), message=message, **details)
        logger.warning("%s", error, extra={"content_error": error})

    def mark_unpublished(self, files: Iterable[str], show_unpublished: bool) -> None:
        """Name the unpublished source files (the test is ``profile.is_unpublished``);
        errors added for them so far or later are held unless ``show_unpublished``."""
        self.unpublished.update(display_path(f) for f in files)
        self.hold_unpublished = not show_unpublished
        errors, self.errors = self.errors, []
        for error in errors:
            self.add_error(error)

    def raise_if_any(self) -> None:
        """Log held errors as warnings, print every error plainly (no log wrapping), then
        stop the build."""
        for error in self.held[self._warned:]:
            why = ("a warning by CONTENT_RULES_AS_WARNINGS" if error.rule in self.warning_rules
                   else "unpublished, so not stopping this build")
            logger.warning("%s (%s)", error, why, extra={"content_error": error})
        self._warned = len(self.held)
        if self.errors:
            failure = ContentErrors(self.errors)
            print(failure.text, file=sys.stderr, flush=True)
            raise failure


def error_report(context: dict) -> ErrorReport:
    """The error collector of this build (one per Pelican context)."""
    report = context.get(CONTEXT_KEY)
    if report is None:
        report = context[CONTEXT_KEY] = ErrorReport(warning_rules=frozenset(
            context.get("CONTENT_RULES_AS_WARNINGS") or ()))
    return report
