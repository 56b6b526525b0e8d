"""YAML front matter read into the same raw metadata as the ``Key: value`` header.

A Markdown file may start with a header of ``Key: value`` lines (what editors type) or with
YAML front matter between two ``---`` lines (what the web editor, Decap CMS, writes). Both
end up as the same raw metadata: lower-cased keys and string values, lists joined with
``", "``. Scalars keep the text as written, so ``dialog: off`` stays ``off`` (YAML 1.1 would
make it ``False``) and ``date: 2026-05-04 09:30`` stays that string. From there on
``corporate_world.profile`` validates both alike: one parser, the same error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

FENCE = "---"
CLOSING = ("---", "...")
NULL_TAG = "tag:yaml.org,2002:null"
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser, where built


def load_yaml(text: str):
    """``yaml.safe_load`` with libyaml's parser when PyYAML has it (the taxonomy, author
    profiles and interface strings are read in every build and every live preview pass: ten
    times faster). A text it rejects is parsed again by PyYAML's own parser, so an editor
    reads the same error message on every machine."""
    try:
        return yaml.load(text, Loader=FAST_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return yaml.safe_load(text)


class FrontMatterError(ValueError):
    """Front matter that is not a mapping of keys to values or lists of values."""

    rule = "front-matter"  # the content check's rule name

    def __init__(self, message: str, line: int):
        super().__init__(f"line {line}: {message}")
        self.message = message
        self.line = line


@dataclass
class FrontMatter:
    metadata: dict[str, str] = field(default_factory=dict)  # key -> raw value, as the header
    lines: dict[str, int] = field(default_factory=dict)  # key -> its line in the file (1-based)
    body: str = ""  # the Markdown after the closing fence
    body_line: int = 1  # the body's first line in the file


def _value(node: yaml.Node, key: str, line: int) -> str:
    if isinstance(node, yaml.ScalarNode):
        return "" if node.tag == NULL_TAG else str(node.value)
    if isinstance(node, yaml.SequenceNode):
        items = []
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode):
                raise FrontMatterError(f"{key}: a list may hold plain values only",
                                       item.start_mark.line + 2)
            if item.tag != NULL_TAG and str(item.value).strip():
                items.append(str(item.value).strip())
        return ", ".join(items)
    raise FrontMatterError(f"{key}: expected a value or a list of values", line)


def split_front_matter(text: str) -> FrontMatter | None:
    """The front matter and body of ``text``; None when it does not start with ``---``.

    Raises :class:`FrontMatterError` (with the file's line number) for front matter
    that is not closed, not valid YAML, or not a mapping of keys to values or lists.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in CLOSING), None)
    if end is None:
        raise FrontMatterError("the front matter has no closing '---' line", 1)
    try:
        root = yaml.compose("".join(lines[1:end]), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise FrontMatterError(f"not valid YAML: {error.problem or error.context}",
                               (mark.line if mark else 0) + 2) from None
    found = FrontMatter(body="".join(lines[end + 1:]), body_line=end + 2)
    if root is None:
        return found
    if not isinstance(root, yaml.MappingNode):
        raise FrontMatterError("front matter must be 'key: value' lines", 2)
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 2
        if not isinstance(key_node, yaml.ScalarNode) or not str(key_node.value).strip():
            raise FrontMatterError("a key must be a plain name", line)
        key = str(key_node.value).strip().lower()
        if key in found.metadata:
            raise FrontMatterError(f"{key} is named twice (first on line {found.lines[key]})",
                                   line)
        found.metadata[key] = _value(value_node, key, line)
        found.lines[key] = line
    return found


def markdown_with_meta(markdown: Markdown, text: str) -> tuple[str, dict[str, list[str]]]:
    """HTML and raw header ({key: [value]}, as Python-Markdown's meta step gives it) of a
    Markdown file with either kind of header."""
    front = split_front_matter(text)
    if front is None:
        html = markdown.convert(text)
        return html, dict(getattr(markdown, "Meta", {}))
    # A blank first line ends the meta step at once: the body's first line stays text.
    html = markdown.convert("\n" + front.body)
    return html, {key: [value] for key, value in front.metadata.items()}


class FrontMatterMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, reading YAML front matter as well as ``Key: value`` lines."""

    def read(self, source_path):
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        with pelican_open(source_path) as text:
            content, meta = markdown_with_meta(self._md, text)
        return content, self._parse_metadata(meta)
