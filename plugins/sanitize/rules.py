"""What makes body HTML unsafe: elements, attributes and URLs.

One set of rules serves both passes of :mod:`sanitize.cleaner` (the quick scan and the
repair), so that a body the scan lets through verbatim is one the repair would not change.
Attribute names arrive lower-cased and values entity-decoded, as html.parser delivers them.
"""

from __future__ import annotations

import html
import re

# Removed with everything inside. Scripts, frames, plugins, document-level elements
# (base, meta, link) and elements whose content browsers parse differently from
# html.parser (raw-text elements, inline SVG/MathML: the root of "mutation XSS"). No
# iframe belongs in a body: embeds are placeholders, the loader adds the iframe on consent.
# <style>: blocked by the site's CSP anyway; in feed readers and mail it would restyle the
# reader's whole view. <title>/<textarea>: raw text in browsers, markup to html.parser.
REMOVED_ELEMENTS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "param",
    "base", "meta", "link", "noscript", "noembed", "noframes", "xmp", "plaintext",
    "template", "svg", "math", "title", "textarea", "portal",
    # SVG parts met outside an <svg> (Markdown may split one across paragraphs)
    "animate", "animatemotion", "animatetransform", "set", "use", "foreignobject",
})
# Attributes holding a URL a browser may navigate to, load or submit to.
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite",
    "longdesc", "data", "codebase", "dynsrc", "lowsrc", "ping", "manifest", "icon", "usemap",
    "profile", "classid", "archive", "xml:base",
})
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
# Instructions for the theme's loader (theme/static/js/magazine.js) that content must not
# give: which script to load and which globals to set (comment widgets), Isso's endpoint.
LOADER_DATA_PREFIXES = ("data-load-", "data-dialog-", "data-isso", "data-search", "data-copy-")
# <img name="currentScript"> shadows document.currentScript (DOM clobbering).
NAMED_ELEMENTS = frozenset({"img", "form", "embed", "object", "iframe", "frame"})
# The only inline style Python-Markdown writes itself: table column alignment.
TABLE_ALIGN = re.compile(r"text-align:\s*(?:left|right|center);?")
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Browsers drop leading/trailing C0 controls and spaces and every tab/newline in a URL;
# removing all of them (and DEL) can only make more URLs look like they have a scheme.
URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
DEFAULT_SCHEMES = ("http", "https", "mailto", "tel")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see (lower-case), None for a relative URL."""
    found = SCHEME.match(URL_NOISE.sub("", url).lower())
    return found.group(1) if found else None


def url_problem(tag: str, attribute: str, url: str, schemes: tuple[str, ...]) -> str | None:
    """Why ``url`` may not stay, or None. Decoded twice: a feed reader or mail client that
    unescapes once more must not find a script URL either."""
    for candidate in (url, html.unescape(url)):
        scheme = scheme_of(candidate)
        if scheme is None or scheme in schemes:
            continue
        if (scheme == "data" and tag in ("img", "source") and attribute in ("src", "srcset")
                and URL_NOISE.sub("", candidate).lower().startswith("data:image/")):
            continue  # inline images: an image can't run script
        return f"{scheme}: URL"
    return None


def srcset_urls(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.split()]


def attribute_problems(tag: str, attrs: dict[str, str], schemes: tuple[str, ...]
                       ) -> list[tuple[str, str]]:
    """(attribute, reason) for every attribute of one element that has to go."""
    problems = []
    for name, value in attrs.items():
        reason = None
        if name.startswith("on"):
            reason = "event handler"
        elif name == "style" and not TABLE_ALIGN.fullmatch(value.strip()):
            reason = "inline style"
        elif name in ("srcdoc", "http-equiv"):
            reason = "document in an attribute"
        elif name in URL_ATTRIBUTES:
            reason = url_problem(tag, name, value, schemes)
        elif name in SRCSET_ATTRIBUTES:
            reason = next(filter(None, (url_problem(tag, "srcset", url, schemes)
                                        for url in srcset_urls(value))), None)
        elif name == "data-embed-src":  # the loader makes it an iframe's address
            if not URL_NOISE.sub("", value).lower().startswith("https://"):
                reason = "embed address that is not https://"
        elif name == "data-consent":  # only embed placeholders ask for consent in a body
            embed_src = attrs.get("data-embed-src", "")
            if value != "embed" or not URL_NOISE.sub("", embed_src).lower().startswith(
                    "https://"):
                reason = "consent gate without a valid embed"
        elif name.startswith(LOADER_DATA_PREFIXES):
            reason = "instruction for the page's loader script"
        elif name == "name" and tag in NAMED_ELEMENTS:
            reason = "name that can shadow document properties"
        if reason:
            problems.append((name, reason))
    return problems
