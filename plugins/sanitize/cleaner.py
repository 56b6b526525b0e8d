"""Make one body of HTML safe: a quick scan, and a repair only for bodies that need one.

The scan tokenises the body once with the standard library's HTMLParser (the tokenizer
BeautifulSoup's html.parser builder uses too) and stops at the first thing the rules in
:mod:`sanitize.rules` object to, or at anything whose reading could differ between
html.parser and a browser (comments and declarations, a "<" read as text, a start tag not
written the canonical way Markdown writes it). Bodies that pass come back byte for byte;
that is nearly every body, so the build pays one tokenizer pass per article.

The repair parses with BeautifulSoup, removes what the rules name and serialises the tree
again: every tag well-formed, every attribute quoted, text escaped, so the browser reads the
same tree the rules were applied to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from bs4 import BeautifulSoup
from bs4.dammit import EntitySubstitution
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction
from bs4.formatter import HTMLFormatter

from sanitize.rules import DEFAULT_SCHEMES, REMOVED_ELEMENTS, attribute_problems

# <name attr="value" flag>, double quotes, no "<" or ">" inside values: how Python-Markdown
# writes tags; anything else goes through the repair, which writes it this way.
CANONICAL_START_TAG = re.compile(
    r'<[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\s+[a-z_:][a-z0-9_:.\-]*(?:="[^"<>]*")?)*\s*/?>')
# HTML5 serialisation with minimal escaping: <br>, bare boolean attributes, &amp; &lt; &gt;
FORMATTER = HTMLFormatter(entity_substitution=EntitySubstitution.substitute_xml,
                          void_element_close_prefix="", empty_attributes_are_booleans=True)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
OTHER_MARKUP = (Comment, CData, Declaration, Doctype, ProcessingInstruction)


@dataclass
class Cleaned:
    html: str
    removals: list[str] = field(default_factory=list)  # one line per removal, for the log
    changed: bool = False  # the body was rewritten (removals, or only re-serialised)


class _Unsafe(Exception):  # noqa: N818 - control flow inside the scan, never escapes it
    pass


class _Scan(HTMLParser):
    def __init__(self, schemes: tuple[str, ...]):
        super().__init__(convert_charrefs=False)  # raw text: a "<" in it is a tag misread
        self.schemes = schemes

    def handle_starttag(self, tag, attrs):
        if tag in REMOVED_ELEMENTS or not CANONICAL_START_TAG.fullmatch(
                self.get_starttag_text() or ""):
            raise _Unsafe
        values = {name: value or "" for name, value in attrs}
        if len(values) != len(attrs) or attribute_problems(tag, values, self.schemes):
            raise _Unsafe

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag in REMOVED_ELEMENTS:
            raise _Unsafe

    def handle_data(self, data):
        if "<" in data:
            raise _Unsafe

    def handle_comment(self, data):
        raise _Unsafe

    handle_decl = handle_pi = unknown_decl = handle_comment


def needs_repair(body: str, schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> bool:
    """True when the rules would change ``body`` or when it is not written canonically."""
    if "<!" in body or "<?" in body:
        return True
    scan = _Scan(schemes)
    try:
        scan.feed(body)
        scan.close()
    except _Unsafe:
        return True
    return False


def excerpt(text: str, limit: int = 80) -> str:
    """A short, printable piece of what was removed, for editors reading the build log."""
    text = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def repair(body: str, schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> Cleaned:
    """Remove what the rules name; returns the serialised tree and what went."""
    soup = BeautifulSoup(body, "html.parser", multi_valued_attributes=None)
    removals: list[str] = []
    for node in soup.find_all(string=lambda s: isinstance(s, OTHER_MARKUP)):
        removals.append(f"{type(node).__name__.lower()}: {excerpt(node.output_ready())}")
        node.extract()
    for tag in soup.find_all(True):
        if tag.decomposed:  # inside an element removed before
            continue
        if tag.name in REMOVED_ELEMENTS:
            removals.append(f"<{tag.name}> element: {excerpt(str(tag))}")
            tag.decompose()
            continue
        attrs = {name: value if isinstance(value, str) else "" for name, value in
                 tag.attrs.items()}
        for name, reason in attribute_problems(tag.name, attrs, schemes):
            removals.append(f'{name}="{excerpt(attrs[name], 60)}" on <{tag.name}> ({reason})')
            del tag[name]
    return Cleaned(soup.decode(formatter=FORMATTER), removals, changed=True)


def clean(body: str, schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> Cleaned:
    """``body`` unchanged when it is safe as written, else repaired.

    A body that is only written unusually (single quotes, upper-case tags) is serialised
    again too, without removals: the browser then reads exactly what the rules checked.
    """
    if not body or not needs_repair(body, schemes):
        return Cleaned(body)
    return repair(body, schemes)
