"""A Markdown source file as an editor sees it: header lines and prose, with line numbers.

The build knows what an article says; only the source knows on which line. This module
reads the ``Key: value`` header (the lines up to the first blank line), the body's
prose blocks (paragraphs, headings, list items, table rows; fenced code, HTML comments
and link definitions skipped) with Markdown markup removed, and the images the body
names, each with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_BLOCK_START = re.compile(r"^\s{0,3}(#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|>|\|)")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc=[\"']([^\"']+)[\"']", re.I)
_INLINE = [
    (re.compile(r"`[^`]*`"), " "),  # code spans
    (_IMAGE, r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<https?://[^>]*>|https?://\S+"), " "),  # addresses
    (re.compile(r"<[^>]+>"), " "),  # HTML tags
    (re.compile(r"\{[a-z]+\}\S*"), " "),  # {filename}/… left over
    (re.compile(r"(\*\*|__|\*|(?<!\w)_|_(?!\w))"), ""),  # emphasis
    (re.compile(r"^\s{0,3}(#{1,6}\s+|[-*+]\s+|\d{1,3}[.)]\s+|>\s?)"), ""),  # block markers
    (re.compile(r"\|"), " "),  # table cells
]


@dataclass
class Source:
    path: Path
    lines: list[str]
    header: dict[str, tuple[int, str]] = field(default_factory=dict)  # key -> (line, value)
    body_start: int = 1  # the first line after the header's blank line

    def line_of(self, key: str) -> int | None:
        found = self.header.get(key.lower())
        return found[0] if found else None

    def value(self, key: str) -> str:
        found = self.header.get(key.lower())
        return found[1] if found else ""


def read_source(path: Path) -> Source:
    lines = path.read_text(encoding="utf-8").splitlines()
    source = Source(path=path, lines=lines)
    last = None
    for number, text in enumerate(lines, 1):
        if not text.strip():
            source.body_start = number + 1
            return source
        match = _HEADER.match(text)
        if match:
            last = match.group(1).lower()
            source.header[last] = (number, match.group(2).strip())
        elif last and text.startswith((" ", "\t")):  # a continued value
            line, value = source.header[last]
            source.header[last] = (line, f"{value} {text.strip()}")
        else:  # no header at all
            source.body_start = 1
            return source
    source.body_start = len(lines) + 1
    return source


def plain(text: str) -> str:
    """One line of Markdown as the reader sees its words."""
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def body_lines(source: Source):
    """(line, raw text) of the body outside code fences and HTML comments."""
    fence = None
    in_comment = False
    for number in range(source.body_start, len(source.lines) + 1):
        text = source.lines[number - 1]
        if fence:
            if text.strip().startswith(fence):
                fence = None
            continue
        opening = _FENCE.match(text)
        if opening:
            fence = opening.group(1)
            continue
        if in_comment or text.lstrip().startswith("<!--"):
            in_comment = "-->" not in text
            continue
        yield number, text


def blocks(source: Source) -> list[list[tuple[int, str]]]:
    """The body's prose blocks, each a list of (line, plain text); headings, list items and
    table rows start blocks of their own, so they never run into the next sentence."""
    found: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, text in body_lines(source):
        starts = _BLOCK_START.match(text) or text.lstrip().startswith("#")
        if not text.strip() or _LINK_DEFINITION.match(text) or starts:
            if current:
                found.append(current)
            current = []
            if not text.strip() or _LINK_DEFINITION.match(text):
                continue
        current.append((number, plain(text)))
        if text.lstrip().startswith(("#", "|")):  # one line each
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def body_images(source: Source) -> list[tuple[int, str]]:
    """(line, src) of every image the body names, Markdown or HTML."""
    found = []
    for number, text in body_lines(source):
        found += [(number, m.group(2)) for m in _IMAGE.finditer(text)]
        found += [(number, m.group(1)) for m in _HTML_IMAGE.finditer(text)]
    return found


def image_file(src: str, source: Path, content: Path) -> Path | None:
    """The content file an image reference names, or None for an external address."""
    if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src):
        return None
    src = src.split("#")[0].split("?")[0]
    for marker in ("{static}", "{filename}", "{attach}"):
        if src.startswith(marker):
            rest = src[len(marker):]
            return (content / rest.lstrip("/")) if rest.startswith("/") else \
                (source.parent / rest)
    return content / src.lstrip("/") if src.startswith("/") else source.parent / src
