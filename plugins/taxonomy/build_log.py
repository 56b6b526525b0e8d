"""Turn Pelican's logged content errors (unreadable files, missing title) into build errors.

Pelican logs a file it cannot read and goes on; for a magazine that silently
drops an article. We listen to Pelican's log during the run and fail instead.
"""

from __future__ import annotations

import logging
import sys

from corporate_world.errors import ContentError, display_path


class BuildLogErrors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.errors: list[ContentError] = []

    def start(self) -> None:
        self.errors = []
        logger = logging.getLogger("pelican")
        if self not in logger.handlers:
            logger.addHandler(self)

    def stop(self) -> None:
        logging.getLogger("pelican").removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        first = str(args[0]) if args else ""
        file = first if first.endswith((".md", ".markdown", ".html", ".rst", ".yml")) else "(build)"
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        if file != "(build)":
            message = message.replace(first, "").strip(" :\n") or message
        # Pelican logs a reader's exception without its text (unless DEBUG): name it here.
        reading = file != "(build)" and str(record.msg).startswith("Could not process")
        failure = sys.exc_info()[1] if reading else None
        if failure is not None:
            message = str(getattr(failure, "message", "") or f"could not be read: {failure}")
        self.errors.append(ContentError(file=display_path(file), message=" ".join(message.split()),
                                        field="File", line=getattr(failure, "line", None),
                                        rule=getattr(failure, "rule", "") or "unreadable-file"))

    def take(self) -> list[ContentError]:
        errors, self.errors = self.errors, []
        return errors
