"""Run the real build in-process and keep what it found and what it read.

The check has no rules of its own for what the build validates: it runs Pelican with
the given settings (``previewconf.py``: drafts and scheduled articles count) into a
scratch folder, and collects

- the build's ``ContentError``s (``ContentErrors``, raised by the taxonomy plugin once
  every generator is done, or later by a plugin that checks the written pages),
- the build's warnings (``ErrorReport.warnings`` and every logged warning),
- the generators, so the check-only rules read the same model the build made.

Nothing reaches the terminal: the build's own printing is kept and shown only when the
build broke for a reason that is not a content error.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from corporate_world.errors import CONTEXT_KEY, ContentError, ContentErrors, display_path
from pelican import Pelican, signals
from pelican.log import LimitFilter
from pelican.settings import read_settings

from content_check.findings import BUILD

_captured: dict = {}
_PLACE = re.compile(r"^(?P<file>[^\s:]+\.(?:md|markdown|html|rst|yml|yaml))(?::(?P<line>\d+))?"
                    r"\s*:\s*(?P<message>.*)$", re.S)
_NAMED = re.compile(r"/[^\s:\"']+\.(?:md|markdown|html|rst|yml|yaml)\b")


@dataclass
class BuildResult:
    settings: dict
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    articles: object = None  # Pelican's ArticlesGenerator, as the build left it
    pages: object = None  # Pelican's PagesGenerator
    failure: str = ""  # the build broke (not a content error): what it said
    details: str = ""  # and its traceback

    @property
    def context(self) -> dict:
        generator = self.articles or self.pages
        return generator.context if generator is not None else {}


class _Warnings(logging.Handler):
    """Every warning logged while the build runs (errors of Pelican's own logger are
    already content errors: the taxonomy plugin turns them into ``ContentError``s)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR and record.name.startswith("pelican"):
            return
        self.records.append(record)


def as_error(text: str, rule: str = "build-warning") -> ContentError:
    """A warning the build logged or noted as text, placed by its leading ``file[:line]:``."""
    text = " ".join(str(text).split())
    match = _PLACE.match(text)
    if match:
        return ContentError(file=display_path(match["file"]), message=match["message"],
                            line=int(match["line"]) if match["line"] else None, rule=rule)
    named = sorted(_NAMED.findall(text))  # Pelican names the files somewhere in its message
    file = display_path(named[0]) if named else BUILD
    in_order = iter(named)  # Pelican's order of them varies with the hash seed: sort them
    text = _NAMED.sub(lambda _path: display_path(next(in_order)), text)
    return ContentError(file=file, message=text, rule=rule)


def _on_articles(generator) -> None:
    _captured["articles"] = generator


def _on_pages(generator) -> None:
    _captured["pages"] = generator


def run_build(settings_file: Path, content: Path, **overrides) -> BuildResult:
    """Build ``content`` with ``settings_file`` into a scratch folder; never raises for
    content: every problem ends up in the result."""
    _captured.clear()
    # Pelican drops a warning it logged before in this process (LimitFilter): a second check
    # in one process must see the same warnings as the first
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    handler = _Warnings()
    root = logging.getLogger()
    result = BuildResult(settings={})
    with tempfile.TemporaryDirectory(prefix="content-check-") as scratch:
        signals.article_generator_finalized.connect(_on_articles)
        signals.page_generator_finalized.connect(_on_pages)
        root.addHandler(handler)
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
                result.settings = read_settings(str(settings_file), override={
                    "PATH": str(content), "OUTPUT_PATH": str(Path(scratch) / "output"),
                    "CACHE_PATH": str(Path(scratch) / "cache"), "CACHE_CONTENT": False,
                    "LOAD_CONTENT_CACHE": False, **overrides})
                Pelican(result.settings).run()
        except ContentErrors as failure:
            result.errors = list(failure.errors)
        except SystemExit as failure:  # another stop the build words itself (API schema)
            text = str(failure)
            result.failure = (text if text and text != str(failure.code) else
                              printed.getvalue() or f"the build stopped (exit {failure.code})")
        except Exception as failure:  # noqa: BLE001 - a bug or a broken setting, not content
            result.failure = f"{type(failure).__name__}: {failure}"
            result.details = printed.getvalue() + traceback.format_exc()
        finally:
            root.removeHandler(handler)
            signals.article_generator_finalized.disconnect(_on_articles)
            signals.page_generator_finalized.disconnect(_on_pages)
    result.articles, result.pages = _captured.get("articles"), _captured.get("pages")
    _captured.clear()
    report = result.context.get(CONTEXT_KEY)
    noted = list(report.warnings) if report is not None else []
    result.warnings = [w if isinstance(w, ContentError) else as_error(w) for w in noted]
    result.warnings += [getattr(record, "content_error", None) or as_error(_message(record))
                        for record in handler.records]
    result.warnings = list(dict.fromkeys(result.warnings))  # said twice, in another order
    return result


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except (TypeError, ValueError):
        return str(record.msg)
