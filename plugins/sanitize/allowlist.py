"""The allowlist: every element, attribute, class and URL scheme a body may keep, and why.

Everything not listed here is removed from article bodies, pages, hub intros and
formatted metadata (README.md). The list holds what Python-Markdown writes with the
extensions pelicanconf.py enables (``extra``: tables, footnotes, abbreviations,
definition lists, fenced code, attribute lists; ``toc``) and the few harmless
elements editors write as raw HTML. What the theme's script acts on (``data-*``
attributes, the theme's class names, ``name``, forms, frames, scripts) is never
taken from content: only plugins add such markup, after cleaning.
"""

from __future__ import annotations

import re

# Elements kept (with their text). Anything else is unwrapped: its tags go, its text stays,
# except for the elements in REMOVED_WITH_CONTENT.
ELEMENTS: dict[str, str] = {
    **dict.fromkeys(("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                     "ul", "ol", "li", "em", "strong", "a", "img", "pre", "code"),
                    "Markdown's basic syntax"),
    **dict.fromkeys(("table", "thead", "tbody", "tr", "th", "td"), "Markdown tables"),
    **dict.fromkeys(("dl", "dt", "dd"), "Markdown definition lists"),
    "abbr": "Markdown abbreviations (*[HTML]: …)",
    "sup": "Markdown footnote references",
    "div": "Markdown footnotes and [TOC]; raw HTML blocks",
    "span": "raw HTML: inline wrapper for lang or a title",
    **dict.fromkeys(("b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "kbd", "samp",
                     "var", "q", "cite", "dfn", "time", "bdi", "bdo", "wbr"),
                    "raw HTML: text-level semantics"),
    **dict.fromkeys(("figure", "figcaption", "details", "summary", "caption", "colgroup",
                     "col", "tfoot"), "raw HTML: structure without script or styling"),
}

# Elements removed together with everything inside them: their content is script, styles,
# another document, or text browsers parse differently from a plain element (raw text,
# foreign SVG/MathML content), which would otherwise surface as stray text.
REMOVED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "applet", "noscript",
    "noembed", "noframes", "template", "textarea", "title", "xmp", "svg", "math", "select",
})

# Attributes per element ("*": on every kept element), each with the reason it may stay.
ATTRIBUTES: dict[str, dict[str, str]] = {
    "*": {
        "id": "heading anchors (toc), footnotes, {: #anchor }; prefixed with ID_PREFIX",
        "title": "link, image and abbreviation titles; footnote back-links",
        "lang": "a passage in another language (screen readers, hyphenation)",
        "dir": "a passage in a right-to-left script",
    },
    "a": {"href": "the link target; URL_SCHEMES or relative",
          "class": "Markdown's footnote-ref / footnote-backref (CLASSES)"},
    "img": {"src": "the image; URL_SCHEMES or relative", "alt": "the text alternative",
            "srcset": "sharper images on dense screens; every URL checked like src",
            "width": "layout without shifts", "height": "layout without shifts"},
    "th": {"style": "Markdown's column alignment: text-align only (STYLE_PROPERTIES)",
           "colspan": "table structure", "rowspan": "table structure",
           "scope": "table structure for screen readers"},
    "td": {"style": "Markdown's column alignment: text-align only (STYLE_PROPERTIES)",
           "colspan": "table structure", "rowspan": "table structure"},
    "col": {"span": "table structure"},
    "colgroup": {"span": "table structure"},
    "ol": {"start": "a list that continues a numbering"},
    "code": {"class": "fenced code's language-* (CLASSES)"},
    "div": {"class": "Markdown's footnote / toc containers (CLASSES)"},
    "span": {"class": "Markdown's toctitle (CLASSES)"},
    "time": {"datetime": "a machine-readable date"},
    "del": {"datetime": "when it was removed"},
    "ins": {"datetime": "when it was added"},
    "details": {"open": "shown expanded"},
}

# Class names content may carry: only those Python-Markdown writes itself. The theme's
# classes (embed, consent, dialog__thread, share__link--copy, …) are what its script
# selects, so a body never carries them.
CLASSES: dict[str, re.Pattern] = {
    "a": re.compile(r"footnote-ref|footnote-backref"),
    "div": re.compile(r"footnote|toc"),
    "span": re.compile(r"toctitle"),
    "code": re.compile(r"language-[A-Za-z0-9_+#.-]+"),
}

# The only CSS property kept (on th/td): Markdown's table alignment. Our CSP ignores
# style attributes anyway; feed readers and mail clients honour it.
STYLE_PROPERTIES = frozenset({"text-align"})

# URL schemes links and images may use (a setting: SANITIZE_URL_SCHEMES); relative URLs
# always pass. No data: (a document or script in a URL), no javascript: or vbscript:.
URL_SCHEMES = ("http", "https", "mailto", "tel")

# Every id from content starts with this, so that no body can take an id the theme or its
# scripts use (isso-thread, kommentare, toc-title, main, …). Links to an id of the same
# body (#fn:1, a [TOC]) are rewritten to match; the reading plugin's table of contents
# uses the prefix too (SANITIZE_ID_PREFIX).
ID_PREFIX = "user-content-"

# Why something was removed, for the editors' warnings (cleaner.removals).
REASONS = {
    "element": "element not in the allowlist",
    "misplaced": "element the browser would not keep there",
    "content": "element removed with its content (script, style, frame or foreign markup)",
    "on": "event handler",
    "data-": "instruction for the page's scripts: only plugins write data-* attributes",
    "style": "inline style (only text-align in table cells stays)",
    "name": "can shadow the page script's globals (DOM clobbering)",
    "class": "class names belong to the theme: only Markdown's own stay",
    "url": "URL scheme not allowed (allowed: {schemes}, or a relative URL)",
    "value": "value not allowed",
    "attribute": "attribute not in the allowlist for this element",
    "comment": "HTML comment or declaration",
}
