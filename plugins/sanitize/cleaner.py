"""Make one body of HTML safe: a quick scan, and a repair only for bodies that need one.

The scan walks the body's tags with regular expressions and stops at the first thing the
rules in :mod:`sanitize.rules` object to, or at anything whose reading could differ between
html.parser and a browser (comments and declarations, a "<" read as text, a tag not written
the canonical way Markdown writes it). Bodies that pass come back byte for byte; that is
nearly every body, so the build pays one quick pass per article (a tenth of what
html.parser's tokenizer took).

The repair parses with BeautifulSoup, removes what the rules name and serialises the tree
again: every tag well-formed, every attribute quoted, text escaped, so the browser reads the
same tree the rules were applied to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from bs4 import BeautifulSoup
from bs4.dammit import EntitySubstitution
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction
from bs4.formatter import HTMLFormatter

from sanitize.rules import DEFAULT_SCHEMES, REMOVED_ELEMENTS, attribute_problems

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


# <name attr="value" flag>, double quotes, no "<" or ">" inside values: how Python-Markdown
# writes tags; anything else that starts with "<" goes through the repair, which writes it so.
START_TAG = re.compile(r'<([a-z][a-z0-9]*(?:-[a-z0-9]+)*)((?:\s+[a-z_:][a-z0-9_:.\-]*'
                       r'(?:="[^"<>]*")?)*)\s*/?>')
END_TAG = re.compile(r"</([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\s*>")
ATTRIBUTE = re.compile(r'\s+([a-z_:][a-z0-9_:.\-]*)(?:="([^"<>]*)")?')


def needs_repair(body: str, schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> bool:
    """True when the rules would change ``body`` or when it is not written canonically.

    Every "<" must open a canonical start or end tag (so text never holds one, as in
    Markdown's output, where it is "&lt;"); comments, declarations and processing
    instructions always go to the repair. Attribute values are entity-decoded before the
    rules see them, as html.parser and browsers decode them.
    """
    if "<!" in body or "<?" in body:
        return True
    position = body.find("<")
    while position != -1:
        if body.startswith("</", position):
            tag = END_TAG.match(body, position)
            if tag is None or tag.group(1) in REMOVED_ELEMENTS:
                return True
        else:
            tag = START_TAG.match(body, position)
            if tag is None or tag.group(1) in REMOVED_ELEMENTS:
                return True
            if tag.group(2) and attributes_unsafe(tag.group(1), tag.group(2), schemes):
                return True
        position = body.find("<", tag.end())
    return False


def attributes_unsafe(name: str, written: str, schemes: tuple[str, ...]) -> bool:
    found = ATTRIBUTE.findall(written)
    values = {key: unescape(value) if "&" in value else value for key, value in found}
    return len(values) != len(found) or bool(attribute_problems(name, values, schemes))


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
