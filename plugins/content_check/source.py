"""A Markdown source file as an editor sees it: header lines and prose, with line numbers.

The build knows what an article says; only the source knows on which line. This module
reads the header with the build's reader (``corporate_world.profile.read_header``), the body's
prose blocks (paragraphs, headings, list items, table rows; fenced code, HTML comments
and link definitions skipped) with Markdown markup removed, and the images the body
names, each with its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from corporate_world.profile import read_header

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
    """The file's header read by the build's own reader (``Key: value`` lines or YAML front
    matter, the same fields and lines), and where its body starts."""
    text = path.read_text(encoding="utf-8")
    header = read_header(text)
    source = Source(path=path, lines=text.splitlines())
    for key, values in header.fields.items():
        source.header[key] = (header.lines.get(key, 1), " ".join(values).strip())
    # header.body is the file's tail from the blank line (or fence) after the header on
    source.body_start = len(text.split("\n")) - len(header.body.split("\n")) + 2
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
