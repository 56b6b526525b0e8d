"""Make every URL in an HTML fragment absolute, for feeds, the API and e-mail digests.

Only the URL attributes of start tags are touched; everything else is copied as it is.
A tokenizer of regular expressions instead of a full parse (BeautifulSoup), because this
runs for every article body in feeds and the API: it was a tenth of a 1,000-article build.
Comments and the contents of script and style elements are skipped, as a parser would.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

URL_ATTRS = {"a": ("href",), "img": ("src", "srcset"), "source": ("src", "srcset"),
             "video": ("src", "poster"), "audio": ("src",), "iframe": ("src",),
             "link": ("href",), "track": ("src",), "blockquote": ("cite",), "q": ("cite",)}
KEEP = ("mailto:", "tel:", "data:")

_NAME = r"[^\s\"'>/=]+"
_VALUE = r"\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+"
_TOKEN = re.compile(
    r"<!--.*?-->"  # a comment: nothing inside counts
    r"|<(script|style)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>"  # raw text elements
    rf"|<([a-zA-Z][a-zA-Z0-9]*)((?:\s+{_NAME}(?:\s*=\s*(?:{_VALUE}))?)*)(\s*/?>)",
    re.S | re.I)
_ATTR = re.compile(rf"(\s+)({_NAME})(?:(\s*=\s*)({_VALUE}))?")


def _srcset(value: str, base: str) -> str:
    parts = []
    for candidate in value.split(","):
        bits = candidate.strip().split(maxsplit=1)
        if bits:
            bits[0] = urljoin(base, bits[0])
            parts.append(" ".join(bits))
    return ", ".join(parts)


def _absolute(attr: str, value: str, base_url: str) -> str | None:
    """The new value, or None to keep the attribute as written."""
    if not value or value.startswith(KEEP):
        return None
    return _srcset(value, base_url) if attr == "srcset" else urljoin(base_url, value)


def _rewrite_tag(match: re.Match, base_url: str) -> str:
    name = match.group(2)
    wanted = URL_ATTRS.get(name.lower()) if name else None
    if not wanted:
        return match.group(0)
    changed = False

    def attribute(attr: re.Match) -> str:
        nonlocal changed
        space, key, equals, raw = attr.groups()
        if raw is None or key.lower() not in wanted:
            return attr.group(0)
        value = html.unescape(raw[1:-1] if raw[:1] in "\"'" else raw)
        new = _absolute(key.lower(), value, base_url)
        if new is None:
            return attr.group(0)
        changed = True
        return f'{space}{key}="{html.escape(new, quote=True)}"'

    attrs = _ATTR.sub(attribute, match.group(3))
    return f"<{name}{attrs}{match.group(4)}" if changed else match.group(0)


def absolutize(fragment: str, base_url: str) -> str:
    """Resolve href, src, srcset (and friends) against ``base_url`` (the page's own URL)."""
    if not fragment:
        return fragment
    return _TOKEN.sub(lambda match: _rewrite_tag(match, base_url), fragment)


def absolute_content(article, public_url: str) -> str:
    """The article body with {filename} links resolved and every URL absolute.

    Feeds and the API both need it; it is worked out once per article and build and
    kept on the article's profile (profiles are made anew each build).
    """
    public_url = public_url.rstrip("/")
    profile = getattr(article, "profile", None)
    if profile is not None and profile.absolute_html[0] == public_url:
        return profile.absolute_html[1]
    html = absolutize(article.get_content(public_url), f"{public_url}/{article.url.lstrip('/')}")
    if profile is not None:
        profile.absolute_html = (public_url, html)
    return html
