"""Clean one piece of HTML with nh3 (ammonia) and the allowlist; say what was removed.

nh3 parses the fragment as a browser does (html5ever), keeps only what
:mod:`sanitize.allowlist` names and serialises the tree again, so the browser reads
exactly the tree that was checked. It has no removal callback, so the removals are found
by comparing the elements and attribute names of the input with those of the output
(two regular-expression passes; the detailed walk runs only when they differ), plus what
the attribute filter below changed itself (class names, style values).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import nh3

from sanitize.allowlist import (
    ATTRIBUTES,
    CLASSES,
    ELEMENTS,
    ID_PREFIX,
    REASONS,
    REMOVED_WITH_CONTENT,
    STYLE_PROPERTIES,
    URL_SCHEMES,
)

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# A start tag, leniently (quoted values may hold ">"): good for Markdown's output and for
# nh3's, which quotes every value and escapes "<" in text.
START_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
# The tags of a fragment with their attribute values left out: equal on both sides when
# nothing was removed (Markdown and nh3 both write tags as <name attr="value">).
TAGS = re.compile(r"<[a-zA-Z][^>]*>")
VALUES = re.compile(r'="[^"]*"')
ID_VALUE = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
STYLE = re.compile(r"\s*([a-z-]+)\s*:\s*(left|right|center|justify|start|end)\s*;?\s*", re.I)
URL_ATTRIBUTES = frozenset({"href", "src", "srcset"})
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these from URLs
CLEANED_KEPT = 40_000  # bodies whose cleaned HTML clean_kept holds (the live preview: one each)
FILTERED = ("class", "style")  # where allowed, _filter reports what it removes itself


@dataclass(frozen=True)
class Cleaned:
    html: str
    removals: tuple[str, ...] = ()  # one line per removal, for the log


def excerpt(text: str, limit: int = 80) -> str:
    """A short, printable piece of what was removed, for editors reading the build log."""
    text = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", " ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Body:
    """What the attribute filter needs from the body being cleaned, and what it changed."""

    ids: frozenset[str] = frozenset()
    prefix: str = ID_PREFIX
    schemes: tuple[str, ...] = URL_SCHEMES
    changed: list[str] = []


_body = _Body()


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: class names and style values; same-body fragment links."""
    if attribute == "class":
        pattern = CLASSES.get(tag)
        kept = [name for name in value.split() if pattern and pattern.fullmatch(name)]
        if len(kept) != len(value.split()):
            gone = " ".join(name for name in value.split() if name not in kept)
            _body.changed.append(f'class "{excerpt(gone, 60)}" on <{tag}> ({REASONS["class"]})')
        return " ".join(kept) or None
    if attribute == "style":
        found = STYLE.fullmatch(value)
        if found is None or found.group(1).lower() not in STYLE_PROPERTIES:
            _body.changed.append(f'style="{excerpt(value, 60)}" on <{tag}> ({REASONS["style"]})')
            return None
        return value
    if attribute == "srcset":  # nh3 checks href and src only: every candidate here
        urls = [part.split()[0] for part in value.split(",") if part.split()]
        if any(_scheme(url) not in (None, *_body.schemes) for url in urls):
            return None
        attribute = "src"  # and, like src, for clients that decode twice
    if attribute in URL_ATTRIBUTES:
        if "&" in value and _scheme(html.unescape(value)) not in (None, *_body.schemes):
            return None  # nh3 checked the decoded value; this is for clients decoding twice
        if value.startswith("#"):
            target = value[1:]
            if target in _body.ids and not target.startswith(_body.prefix):
                return f"#{_body.prefix}{target}"
    return value


def _scheme(url: str) -> str | None:
    """The scheme a browser would read (lower-case), None for a relative URL."""
    found = SCHEME.match(URL_NOISE.sub("", url).lower())
    return found.group(1) if found else None


@lru_cache(maxsize=8)
def cleaner(schemes: tuple[str, ...], prefix: str) -> nh3.Cleaner:
    """One nh3 cleaner per scheme list and id prefix, built from the allowlist."""
    return nh3.Cleaner(
        tags=set(ELEMENTS), clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_filter, strip_comments=True, link_rel=None,
        url_schemes=set(schemes), id_prefix=prefix or None)


def _ids(body: str) -> frozenset[str]:
    found = set()
    for match in ID_VALUE.finditer(body):
        value = next(v for v in match.groups() if v is not None)
        found.add(html.unescape(value) if "&" in value else value)
    return frozenset(found)


def _skeleton(fragment: str) -> str:
    return VALUES.sub("", "".join(TAGS.findall(fragment)))


def _tags(fragment: str) -> list[tuple[str, list[tuple[str, str]], str]]:
    """(element, [(attribute, value)], the tag as written) for every start tag."""
    return [(name.lower(), [(a.lower(), v.strip("\"'")) for a, v in ATTRIBUTE.findall(attrs)],
             match.group(0)) for match in START_TAG.finditer(fragment)
            for name, attrs in [match.groups()]]


def _counts(tags) -> Counter:
    return Counter((name, *sorted(attribute for attribute, _value in attrs))
                   for name, attrs, _raw in tags)


def _written(attribute: str, value: str) -> str:
    return f'{attribute}="{excerpt(value, 60)}"' if value else attribute


def _attribute_reason(tag: str, attribute: str, schemes: tuple[str, ...]) -> str:
    allowed = ATTRIBUTES.get(tag, {}).keys() | ATTRIBUTES["*"].keys()
    if attribute in allowed:
        if attribute in URL_ATTRIBUTES:
            return REASONS["url"].format(schemes=", ".join(schemes))
        return REASONS["value"]
    for start in ("on", "data-"):
        if attribute.startswith(start):
            return REASONS[start]
    return REASONS.get(attribute, REASONS["attribute"])


def _element_reason(tag: str) -> str:
    if tag in REMOVED_WITH_CONTENT:
        return REASONS["content"]
    return REASONS["misplaced"] if tag in ELEMENTS else REASONS["element"]


def removals(before: str, after: str, schemes: tuple[str, ...]) -> list[str]:
    """What cleaning took out of ``before``: elements and attributes, in document order.

    The elements of both sides are aligned by name (nh3 keeps the order of what it keeps);
    an element without a partner was removed, a partner's missing attributes were too.
    """
    found = []
    if "<!" in before or "<?" in before:
        found.append(REASONS["comment"])
    if _skeleton(before) == _skeleton(after):  # nearly every body: done
        return found
    tags_before, tags_after = _tags(before), _tags(after)
    if _counts(tags_before) == _counts(tags_after):
        return found
    matcher = SequenceMatcher(None, [t[0] for t in tags_before], [t[0] for t in tags_after],
                              autojunk=False)
    for operation, start, end, other, _other_end in matcher.get_opcodes():
        for index in range(start, end):
            name, attrs, raw = tags_before[index]
            if operation != "equal":
                found.append(f"<{name}> ({_element_reason(name)}): {excerpt(raw)}")
                continue
            kept = {attribute for attribute, _value in tags_after[other + index - start][1]}
            found += [f"{_written(attribute, value)} on <{name}> "
                      f"({_attribute_reason(name, attribute, schemes)})"
                      for attribute, value in attrs if attribute not in kept
                      and (attribute not in FILTERED or attribute not in ATTRIBUTES.get(name, {}))]
    return found


def clean(body: str, schemes: tuple[str, ...] = URL_SCHEMES, prefix: str = ID_PREFIX
          ) -> Cleaned:
    """``body`` as the allowlist lets it stay, and what was removed.

    Every id gets ``prefix``; a link to an id of the same body is rewritten to match.
    """
    if not body:
        return Cleaned(body)
    fragments = prefix and ('="#' in body or "='#" in body or "=#" in body)
    _body.ids = _ids(body) if fragments else frozenset()
    _body.prefix, _body.schemes, _body.changed = prefix, tuple(schemes), []
    result = cleaner(tuple(schemes), prefix).clean(body)
    return Cleaned(result, (*removals(body, result, tuple(schemes)), *_body.changed))


# the same, its results kept: for a long-lived process that cleans the same unchanged bodies
# again on every save (the live preview); a one-off build would only hold them longer
clean_kept = lru_cache(maxsize=CLEANED_KEPT)(clean)
