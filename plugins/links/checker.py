"""Links and images in one final body, checked against the URLs the build writes.

Pure functions: the plugin gathers the URLs, this module reads one body in one pass.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urlsplit

# an <a> or <img> tag, and the attributes we read from it
TAG = re.compile(r"<(a|img)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""\b(href|src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
                       re.IGNORECASE)
PAGINATION = re.compile(r"^(.*/)page/\d+/$")
NOT_CHECKED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "#")


@dataclass(frozen=True)
class Reference:
    """One link or image of a body: which tag, where it points, its alt text (images)."""

    index: int  # position among the body's references (the same before links resolve)
    tag: str  # "a" or "img"
    target: str  # href or src, HTML-unescaped
    alt: str | None  # None: no alt attribute


def references(html: str) -> list[Reference]:
    """Every <a href> and <img src> of a body, in order, in one pass."""
    found = []
    for match in TAG.finditer(html):
        tag = match.group(1).lower()
        attributes = {}
        for attribute in ATTRIBUTE.finditer(match.group(2)):
            value = next(v for v in attribute.groups()[1:] if v is not None)
            attributes.setdefault(attribute.group(1).lower(), unescape(value))
        target = attributes.get("href" if tag == "a" else "src")
        if target is not None:
            found.append(Reference(len(found), tag, target, attributes.get("alt")))
    return found


@dataclass
class Site:
    """What the build writes: site-relative URLs (``artikel/x/``, ``images/a.svg``)."""

    urls: set[str]
    unchecked: tuple[str, ...]  # URL prefixes other plugins fill (feeds, API, theme, …)
    bases: tuple[str, ...]  # absolute site addresses (SITEURL, PUBLIC_URL), no trailing slash
    root: str  # the path of the site's root ("" or e.g. "/magazin")

    def path_of(self, target: str, page_url: str) -> str | None:
        """The site-relative path ``target`` leads to from ``page_url``; None when it leaves
        the site or is not a page address at all."""
        if target.startswith(NOT_CHECKED_SCHEMES) or not target.strip():
            return None
        for base in self.bases:
            if target == base or target.startswith(base + "/"):
                target = target[len(base):] or "/"
                break
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            return None
        path = unquote(parts.path)
        if not path:
            return None
        if path.startswith("/"):
            if self.root and (path == self.root or path.startswith(self.root + "/")):
                path = path[len(self.root):]
            joined = path
        else:
            joined = posixpath.join("/" + posixpath.dirname(page_url.rstrip("/") + "/x"), path)
        normal = posixpath.normpath(joined)
        if joined.endswith("/") and not normal.endswith("/"):
            normal += "/"
        return normal.lstrip("/")

    def writes(self, path: str) -> bool:
        if path.endswith("index.html"):
            path = path[: -len("index.html")]
        if path in self.urls or path + "/" in self.urls:
            return True
        if path.startswith(self.unchecked):
            return True
        paged = PAGINATION.match(path)
        return bool(paged) and paged.group(1) in self.urls

    def nearest(self, path: str, among: list[str]) -> str:
        close = difflib.get_close_matches(path, among, n=1, cutoff=0.7)
        return close[0] if close else ""


def line_in_source(text: str, *needles: str) -> int | None:
    """The first line of ``text`` holding one of ``needles`` (tried in order), else None."""
    for needle in needles:
        if needle:
            index = text.find(needle)
            if index >= 0:
                return text.count("\n", 0, index) + 1
    return None
