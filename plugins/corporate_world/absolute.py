"""Make every URL in an HTML fragment absolute, for feeds, the API and e-mail digests."""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup

URL_ATTRS = {"a": ("href",), "img": ("src", "srcset"), "source": ("src", "srcset"),
             "video": ("src", "poster"), "audio": ("src",), "iframe": ("src",),
             "link": ("href",), "track": ("src",), "blockquote": ("cite",), "q": ("cite",)}


def _srcset(value: str, base: str) -> str:
    parts = []
    for candidate in value.split(","):
        bits = candidate.strip().split(maxsplit=1)
        if bits:
            bits[0] = urljoin(base, bits[0])
            parts.append(" ".join(bits))
    return ", ".join(parts)


def absolutize(html: str, base_url: str) -> str:
    """Resolve href, src, srcset (and friends) against ``base_url`` (the page's own URL)."""
    if not html:
        return html
    doc = BeautifulSoup(html, "html.parser")
    for tag, attrs in URL_ATTRS.items():
        for element in doc.find_all(tag):
            for attr in attrs:
                value = element.get(attr)
                if not value or value.startswith(("#", "mailto:", "tel:", "data:")):
                    if value and value.startswith("#"):
                        element[attr] = urljoin(base_url, value)
                    continue
                element[attr] = _srcset(value, base_url) if attr == "srcset" else urljoin(
                    base_url, value)
    return str(doc)
