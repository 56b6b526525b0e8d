"""One finding of the check, and the three ways to print a list of them."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

from corporate_world.errors import ContentError, display_path

SEVERITIES = ("error", "warning")
FORMATS = ("text", "github", "json")
BUILD = "(build)"  # the file of a finding about the build as a whole


@dataclass(frozen=True, order=True)
class Finding:
    """A problem in one file: ``file:line: rule: message``; warnings don't fail the check."""

    file: str
    line: int | None
    rule: str
    severity: str
    field: str
    message: str
    allowed: str = ""  # the allowed values of a build error, shown on a second line

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.rule, self.message)

    @property
    def where(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


def rule_of(error: ContentError) -> str:
    """The error's rule; a build error without a rule name of its own is named by its field."""
    if error.rule:
        return error.rule
    named = re.sub(r"[^a-z0-9]+", "-", error.field.lower()).strip("-")
    return named or "content-error"


def from_error(error: ContentError, severity: str = "error", line: int | None = None) -> Finding:
    """A build's ContentError as a finding: the message as the build words it, minus the place."""
    text = str(error)
    where = error.file if error.line is None else f"{error.file}:{error.line}"
    text = text.removeprefix(f"{where}: ")
    message, _, allowed = text.partition("\n    allowed: ")
    return Finding(file=display_path(error.file), line=error.line or line, rule=rule_of(error),
                   severity=severity, field=error.field, message=message, allowed=allowed)


def ordered(findings) -> list[Finding]:
    return sorted(set(findings), key=lambda f: f.sort_key)


def counts(findings) -> tuple[int, int]:
    errors = sum(f.severity == "error" for f in findings)
    return errors, len(findings) - errors


def _escape(text: str, properties: bool = False) -> str:
    """GitHub's workflow-command escaping (data; properties also escape ':' and ',')."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


def render(findings, form: str = "text") -> str:
    """``text``: one ``file:line: rule: message`` line each (warnings marked, allowed values
    indented below); ``github``: Actions annotations; ``json``: a list of objects."""
    findings = ordered(findings)
    if form == "json":
        return json.dumps([{key: value for key, value in asdict(f).items() if key != "allowed"}
                           | {"message": f.message + (f"; allowed: {f.allowed}" if f.allowed
                                                      else "")}
                           for f in findings], ensure_ascii=False, indent=2) + "\n"
    lines = []
    for f in findings:
        if form == "github":
            place = "" if f.file == BUILD else f"file={_escape(f.file, True)},"
            place += f"line={f.line}," if f.line is not None else ""
            message = f.message + (f"\nallowed: {f.allowed}" if f.allowed else "")
            lines.append(f"::{f.severity} {place}title={_escape(f.rule, True)}::"
                         f"{_escape(message)}")
        else:
            marker = "warning: " if f.severity == "warning" else ""
            lines.append(f"{f.where}: {f.rule}: {marker}{f.message}")
            if f.allowed:
                lines.append(f"    allowed: {f.allowed}")
    return "".join(line + "\n" for line in lines)
