"""The company's writing guidelines (``content/guidelines.yml``), per language.

```yaml
de:
  wording:
    - prefer: Mitarbeitende
      avoid: [Mitarbeiter, Mitarbeitern, Mitarbeiters]
      reason: Wir schreiben geschlechtergerecht.
      severity: error            # error (default) or warning
      allow: [Mitarbeiterinnen und Mitarbeiter]   # phrases that are fine as they are
      case_sensitive: false      # default; true for product names
  sentence_length: {max_words: 30, severity: warning}
  passive_voice: {max_share: 0.3, min_sentences: 6, severity: warning}
en: …
```

``avoid`` phrases match whole words (a hyphenated compound is a word of its own); a match
inside the preferred wording or an ``allow`` phrase is fine ("Kunden" in "Kundinnen und
Kunden"). The title, summary, image text and body are checked for wording; summary and body
for sentence length; the body for the passive-voice share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from content_check.findings import SEVERITIES, Finding
from content_check.prose import is_passive, split_sentences, words
from content_check.source import Source, blocks, plain

HEADER_TEXT = ("title", "summary", "image_alt", "image_caption")  # wording checked here too


@dataclass
class Wording:
    prefer: str
    avoid: list[str]
    reason: str = ""
    severity: str = "error"
    allow: list[str] = field(default_factory=list)
    case_sensitive: bool = False

    def __post_init__(self) -> None:
        flags = 0 if self.case_sensitive else re.IGNORECASE
        self.pattern = re.compile(r"(?<!\w)(?<!\s-)(?<!^-)(?:" + "|".join(
            re.escape(p) for p in sorted(self.avoid, key=len, reverse=True)) + r")(?![\w-])",
            flags)
        self.fine = re.compile(r"(?<!\w)(?:" + "|".join(
            re.escape(p) for p in [self.prefer, *self.allow]) + r")(?!\w)")

    def matches(self, text: str):
        fine = [m.span() for m in self.fine.finditer(text)]
        for match in self.pattern.finditer(text):
            if not any(start <= match.start() < end for start, end in fine):
                yield match


@dataclass
class Limit:
    value: float
    severity: str = "warning"
    min_sentences: int = 6


@dataclass
class LanguageRules:
    wording: list[Wording] = field(default_factory=list)
    sentence_length: Limit | None = None
    passive_voice: Limit | None = None


class _LineLoader(yaml.SafeLoader):
    """Remembers the line of every mapping, so an error in the file names its line."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def load_guidelines(path: Path) -> tuple[dict[str, LanguageRules], list[Finding]]:
    """The rules per language, and a finding for every mistake in the file itself."""
    problems: list[Finding] = []
    if not path.is_file():
        return {}, problems

    def problem(line, message):
        problems.append(Finding(str(path), line, "guidelines-file", "error", "", message))

    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader) or {}
    except yaml.YAMLError as failure:
        mark = getattr(failure, "problem_mark", None)
        problem(mark.line + 1 if mark else None, f"not valid YAML: {failure}")
        return {}, problems
    if not isinstance(raw, dict):
        problem(1, "expected a language code (de, en) with its rules at the top")
        return {}, problems
    rules: dict[str, LanguageRules] = {}
    for lang, section in raw.items():
        if lang == "__line__":
            continue
        if not isinstance(section, dict):
            problem(raw["__line__"], f"{lang}: expected wording, sentence_length, passive_voice")
            continue
        rules[lang] = _language(section, problem)
    return rules, problems


def _severity(entry: dict, default: str, problem) -> str:
    severity = str(entry.get("severity", default))
    if severity not in SEVERITIES:
        problem(entry["__line__"], f"severity must be error or warning (got {severity!r})")
        return default
    return severity


def _language(section: dict, problem) -> LanguageRules:
    rules = LanguageRules()
    for key in section:
        if key not in ("__line__", "wording", "sentence_length", "passive_voice"):
            problem(section["__line__"], f"unknown key {key!r}; expected wording, "
                    "sentence_length, passive_voice")
    for entry in section.get("wording") or []:
        avoid = entry.get("avoid") if isinstance(entry, dict) else None
        avoid = [avoid] if isinstance(avoid, str) else avoid
        if not isinstance(entry, dict) or not entry.get("prefer") or not avoid:
            problem(entry.get("__line__") if isinstance(entry, dict) else section["__line__"],
                    "a wording rule needs 'prefer' and 'avoid'")
            continue
        rules.wording.append(Wording(
            prefer=str(entry["prefer"]), avoid=[str(a) for a in avoid],
            reason=str(entry.get("reason") or ""), severity=_severity(entry, "error", problem),
            allow=[str(a) for a in entry.get("allow") or []],
            case_sensitive=bool(entry.get("case_sensitive", False))))
    for key, limit_key in (("sentence_length", "max_words"), ("passive_voice", "max_share")):
        entry = section.get(key)
        if entry is None:
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get(limit_key), (int, float)):
            problem(entry.get("__line__") if isinstance(entry, dict) else section["__line__"],
                    f"{key} needs a number '{limit_key}'")
            continue
        setattr(rules, key, Limit(float(entry[limit_key]), _severity(entry, "warning", problem),
                                  int(entry.get("min_sentences", 6))))
    return rules


def _located(lines: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """Join (line, text) pieces with spaces; remember where each line starts."""
    text, starts = "", []
    for number, piece in lines:
        starts.append((len(text), number))
        text += piece.strip() + " "
    return text, starts


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    line = starts[0][1]
    for start, number in starts:
        if start > offset:
            break
        line = number
    return line


def check_text(source: Source, lang: str, rules: LanguageRules, display: str) -> list[Finding]:
    """Guideline findings for one Markdown file (header text and body prose)."""
    pieces = [(number, plain(value)) for key, (number, value) in source.header.items()
              if key in HEADER_TEXT]
    body = blocks(source)
    summary = source.header.get("summary")
    prose = [[(summary[0], plain(summary[1]))]] if summary else []
    return _apply(display, lang, rules, pieces + [p for block in body for p in block],
                  prose, body)


def check_profile(path: Path, rules: dict[str, LanguageRules], display: str) -> list[Finding]:
    """Wording and sentence length in an author profile's ``role`` and ``bio``, per language,
    at the lines of the YAML file (a profile the build cannot read is the build's error)."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return []
    lines = text.splitlines()
    found: list[Finding] = []
    for key, value in root.value if isinstance(root, yaml.MappingNode) else ():
        if key.value not in ("role", "bio") or not isinstance(value, yaml.MappingNode):
            continue
        for lang_node, node in value.value:
            lang = lang_node.value
            if lang not in rules or not isinstance(node, yaml.ScalarNode):
                continue
            if node.start_mark.line == node.end_mark.line:  # on one line, maybe beside others
                pieces = [(node.start_mark.line + 1, node.value)]
            else:
                first = node.start_mark.line + (node.style in ("|", ">"))
                pieces = [(n + 1, lines[n].strip().strip("'\"")) for n in
                          range(first, min(node.end_mark.line + 1, len(lines)))
                          if n < len(lines) and lines[n].strip()]
            prose = [pieces] if key.value == "bio" else []
            found += _apply(display, lang, rules[lang], pieces, prose, [])
    return found


def _apply(display: str, lang: str, rules: LanguageRules, pieces: list[tuple[int, str]],
           prose: list[list[tuple[int, str]]], body: list[list[tuple[int, str]]]
           ) -> list[Finding]:
    """Wording over ``pieces``; sentence length over ``prose`` and ``body``; the passive share
    over ``body``."""
    found: list[Finding] = []
    for wording in rules.wording:
        for number, text in pieces:
            for match in wording.matches(text):
                reason = f" ({wording.reason.rstrip('.')})" if wording.reason else ""
                found.append(Finding(display, number, "wording", wording.severity, "",
                                     f"write '{wording.prefer}' instead of "
                                     f"'{match.group(0)}'{reason}"))
    sentences: list[tuple[int, str, bool]] = []  # (line, sentence, in the body)
    for index, block in enumerate([*prose, *body]):
        text, starts = _located(block)
        for start, end in split_sentences(text, lang):
            sentences.append((_line_at(starts, start), text[start:end], index >= len(prose)))
    limit = rules.sentence_length
    if limit is not None:
        for number, sentence, _ in sentences:
            count = len(words(sentence))
            if count > limit.value:
                found.append(Finding(display, number, "sentence-length", limit.severity, "",
                                     f"a sentence of {count} words (guideline: at most "
                                     f"{int(limit.value)}); split it"))
    limit = rules.passive_voice
    in_body = [(number, sentence) for number, sentence, body_part in sentences if body_part]
    if limit is not None and len(in_body) >= limit.min_sentences:
        passive = [number for number, sentence in in_body if is_passive(sentence, lang)]
        share = len(passive) / len(in_body)
        if share > limit.value:
            lines = sorted(set(passive))
            shown = ", ".join(str(n) for n in lines[:5]) + (", …" if len(lines) > 5 else "")
            found.append(Finding(display, passive[0], "passive-voice", limit.severity, "",
                                 f"{len(passive)} of {len(in_body)} sentences in the passive "
                                 f"voice ({share:.0%}; guideline: at most {limit.value:.0%}); "
                                 f"say who does what (lines {shown})"))
    return found
