"""An old post's body to clean Markdown: shortcodes, embeds, images, links, hostile markup.

WordPress bodies are HTML without paragraphs (WordPress adds them when it shows a post), with
shortcodes in square brackets. What has a Markdown equivalent is converted; what has not is
kept visibly and reported. Scripts, styles, event handlers and iframes never reach the file
(an iframe of a known video or social provider becomes our consent-gated embed: its URL
alone on a line). markdownify turns the cleaned HTML into Markdown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment
from dialog.embeds import PROVIDERS, NotEmbeddable, recognise
from markdownify import MarkdownConverter

BLOCK = re.compile(r"^\s*<(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul"
                   r"|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr"
                   r"|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure"
                   r"|figcaption|details|menu|summary|!--)"
                   r"|^\s*\[(?:caption|wp_caption|gallery|embed|video|audio|playlist)\b", re.I)
ENCLOSING = re.compile(r"\[(caption|wp_caption|embed|video|audio)\b([^\]]*)\](.*?)\[/\1\]",
                       re.S | re.I)
SINGLE = re.compile(r"\[(gallery|video|audio|embed|playlist)\b([^\]]*?)/?\]", re.I)
UNKNOWN = re.compile(r"\[/?[a-z][a-z0-9_-]*(?:\s[^\]\n]*)?/?\]", re.I)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
HUGO = re.compile(r"\{\{[<%]\s*(/?)([\w-]+)\s*(.*?)\s*[>%]\}\}", re.S)
LIQUID = re.compile(r"\{%-?\s*(\w+)[^%]*-?%\}|\{\{[^}]*\}\}")
TOKEN = "IMPORTKEEP{}X"
DROPPED = ("script", "style", "noscript", "template", "object", "embed", "applet", "form",
           "input", "button", "select", "textarea", "link", "meta", "base", "frameset",
           "frame", "svg", "math")
IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif")
VIDEO_KEYS = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "wav", "m4a")


@dataclass
class Hooks:
    """What the conversion asks the import: link targets, image targets, attachments."""

    link: Callable[[str], str | None]  # old URL -> new reference, "" to unlink, None to keep
    image: Callable[[str], str]  # old image URL -> what the Markdown points at
    attachments: dict[str, tuple[str, str, str]]  # id -> (url, alt, parent id)
    item_id: str = ""  # the post's own id, for [gallery] without ids


@dataclass
class Converted:
    markdown: str
    notes: list[str] = field(default_factory=list)


def attributes(text: str) -> dict[str, str]:
    found = {}
    for match in ATTRIBUTE.finditer(html.unescape(text or "")):
        found[match.group(1).lower()] = next(g for g in match.groups()[1:] if g is not None)
    return found


def embeddable(url: str) -> bool:
    try:
        return recognise(url, tuple(PROVIDERS)) is not None
    except NotEmbeddable:
        return False


def autop(text: str) -> str:
    """WordPress's wpautop, simplified: blank lines separate paragraphs, newlines are breaks."""
    if re.search(r"<p[\s>]", text, re.I) or "<!-- wp:" in text:
        return text
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n"))
    out = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


class Conversion:
    def __init__(self, hooks: Hooks):
        self.hooks = hooks
        self.notes: list[str] = []
        self.kept: list[str] = []  # text shown literally (shortcodes we cannot convert)
        self.embeds: list[str] = []

    def keep(self, text: str) -> str:
        self.kept.append(text)
        return TOKEN.format(len(self.kept) - 1)

    def embed(self, url: str) -> str:
        self.embeds.append(url.strip())
        return f"<p>IMPORTEMBED{len(self.embeds) - 1}X</p>"

    def media(self, attrs: dict[str, str], what: str) -> str:
        url = next((attrs[k] for k in VIDEO_KEYS if attrs.get(k)), "")
        if not url:
            self.notes.append(f"[{what}] without a file: removed")
            return ""
        if embeddable(url):
            return self.embed(url)
        self.notes.append(f"[{what}] {url}: a self-hosted file, now a link (check it)")
        name = url.rstrip("/").rsplit("/", 1)[-1]
        label = "Video" if what == "video" else "Audio"
        return f'<p><a href="{html.escape(url)}">{label}: {html.escape(name)}</a></p>'

    def image_tag(self, url: str, alt: str) -> str:
        return f'<img src="{html.escape(url)}" alt="{html.escape(alt or "")}">'

    def enclosing(self, match: re.Match) -> str:
        name, attrs, inner = match.group(1).lower(), attributes(match.group(2)), match.group(3)
        if name in ("caption", "wp_caption"):
            soup = BeautifulSoup(inner, "html.parser")
            image = soup.find("img")
            caption = attrs.get("caption") or ""
            if image is not None:
                holder = image.parent if image.parent.name == "a" else image
                holder.extract()
                caption = caption or soup.get_text(" ").strip()
                return f"<p>{holder}</p>\n<p><em>{html.escape(caption)}</em></p>"
            return f"<p>{inner}</p>"
        if name == "embed":
            return self.embed(html.unescape(inner))
        return self.media({**attrs, "src": attrs.get("src") or inner.strip()}, name)

    def single(self, match: re.Match) -> str:
        name, attrs = match.group(1).lower(), attributes(match.group(2))
        if name == "gallery":
            ids = [i.strip() for i in attrs.get("ids", "").split(",") if i.strip()]
            if not ids:
                ids = sorted((key for key, (_url, _alt, parent) in self.hooks.attachments.items()
                              if parent == self.hooks.item_id), key=lambda k: int(k or 0))
            images = [self.hooks.attachments[i] for i in ids if i in self.hooks.attachments]
            missing = [i for i in ids if i not in self.hooks.attachments]
            if missing:
                self.notes.append(f"[gallery]: attachment(s) {', '.join(missing)} not in "
                                  "the export, left out")
            if not images:
                return self.keep(match.group(0))
            return "\n".join(f"<p>{self.image_tag(url, alt)}</p>" for url, alt, _p in images)
        if name == "embed":
            return self.embed(attrs.get("src") or attrs.get("url") or "") if (
                attrs.get("src") or attrs.get("url")) else self.keep(match.group(0))
        if name == "playlist":
            self.notes.append(f"{match.group(0)}: kept as text (no Markdown equivalent)")
            return self.keep(match.group(0))
        return self.media(attrs, name)

    def unknown(self, match: re.Match) -> str:
        self.notes.append(f"unknown shortcode {match.group(0)[:60]}: kept as text")
        return self.keep(match.group(0))

    def hugo(self, match: re.Match) -> str:
        closing, name, args = match.groups()
        values = attributes(args)
        positional = [a.strip("\"'") for a in re.findall(r'"[^"]*"|\'[^\']*\'|[^\s=]+(?=\s|$)',
                                                         ATTRIBUTE.sub("", args))]
        if not closing and name in ("youtube", "vimeo", "x", "tweet", "instagram"):
            ident = values.get("id") or (positional[0] if positional else "")
            user = values.get("user", "")
            url = {"youtube": f"https://www.youtube.com/watch?v={ident}",
                   "vimeo": f"https://vimeo.com/{ident}",
                   "x": f"https://x.com/{user}/status/{ident}",
                   "tweet": f"https://x.com/{user}/status/{ident}",
                   "instagram": f"https://www.instagram.com/p/{ident}/"}[name]
            return self.embed(url)
        if not closing and name == "figure" and values.get("src"):
            caption = values.get("caption") or values.get("title") or ""
            alt = " ".join(values.get("alt", caption).split()).replace("]", "")
            return f"\n\n![{alt}]({values['src']})\n\n" + (f"*{caption}*\n\n" if caption
                                                              else "")
        self.notes.append(f"Hugo shortcode {match.group(0)[:60]}: kept as text")
        return self.keep(match.group(0))

    def liquid(self, match: re.Match) -> str:
        self.notes.append(f"Liquid tag {match.group(0)[:60]}: kept as text")
        return self.keep(match.group(0))


def clean_tree(soup: BeautifulSoup, conversion: Conversion) -> None:
    hooks = conversion.hooks
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for element in soup.find_all(DROPPED):
        if element.name in ("script", "object", "embed", "form", "applet"):
            conversion.notes.append(f"<{element.name}> removed")
        element.decompose()
    for frame in soup.find_all("iframe"):
        src = frame.get("src", "")
        if src and embeddable(src):
            frame.replace_with(BeautifulSoup(conversion.embed(src), "html.parser"))
        else:
            conversion.notes.append(f"<iframe> {src[:80]} removed (not a known provider)")
            frame.decompose()
    for element in soup.find_all(True):
        for name in list(element.attrs):
            if name.startswith("on") or name in ("style", "class", "id", "srcset", "sizes"):
                del element.attrs[name]
    for image in soup.find_all("img"):
        src = image.get("src", "").strip()
        if not src.startswith(("http://", "https://", "/", "{static}")):
            conversion.notes.append(f"image with the address {src[:60]!r} removed")
            image.decompose()
            continue
        image["src"] = hooks.image(src)
    for link in soup.find_all("a"):
        href = link.get("href", "").strip()
        if link.find("img") is not None and href.lower().split("?")[0].endswith(IMAGE_TYPES):
            link.unwrap()  # a thumbnail linking to its full size: the image alone
            continue
        if href.lower().startswith(("javascript:", "vbscript:", "data:")):
            conversion.notes.append("a script link removed")
            link.unwrap()
            continue
        target = hooks.link(href) if href else None
        if target == "":
            link.unwrap()
        elif target is not None:
            link["href"] = target
    for figure in soup.find_all(["figure", "figcaption"]):
        if figure.name == "figcaption":
            figure.name = "p"
            figure.string = f"*{figure.get_text(' ').strip()}*" if figure.get_text().strip() else ""
        else:
            figure.unwrap()
    for wrapper in soup.find_all(["div", "section", "article", "span", "font", "center"]):
        wrapper.unwrap()
    for heading in soup.find_all("h1"):
        heading.name = "h2"  # the article's title is the page's only h1


class Writer(MarkdownConverter):
    def convert_img(self, el, text, parent_tags):
        alt = " ".join((el.get("alt") or "").split()).replace("]", "")
        return f"![{alt}]({el.get('src', '')})"


def to_markdown(body: str, body_format: str, hooks: Hooks) -> Converted:
    conversion = Conversion(hooks)
    if body_format == "markdown":
        text = HUGO.sub(conversion.hugo, body)
        text = LIQUID.sub(conversion.liquid, text)
        text = sanitize_markdown(text, conversion)
    else:
        text = autop(body or "")
        text = ENCLOSING.sub(conversion.enclosing, text)
        text = SINGLE.sub(conversion.single, text)
        text = UNKNOWN.sub(conversion.unknown, text)
        # a URL alone on a line is WordPress's auto-embed
        text = re.sub(r"<p>\s*(https?://[^\s<]+)\s*</p>",
                      lambda m: conversion.embed(html.unescape(m.group(1)))
                      if embeddable(html.unescape(m.group(1))) else m.group(0), text)
        soup = BeautifulSoup(text, "html.parser")
        clean_tree(soup, conversion)
        text = Writer(heading_style="ATX", bullets="-", escape_misc=False).convert_soup(soup)
    for number, url in enumerate(conversion.embeds):
        for token in (f"<p>IMPORTEMBED{number}X</p>", f"IMPORTEMBED{number}X"):
            text = text.replace(token, f"\n\n{url}\n\n")
    for number, kept in enumerate(conversion.kept):
        shown = kept if body_format == "markdown" else kept.replace("*", r"\*").replace("_", r"\_")
        text = text.replace(TOKEN.format(number), shown)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return Converted(markdown=text, notes=list(dict.fromkeys(conversion.notes)))


RAW_HTML = re.compile(r"<(script|style|iframe|object|embed|form|noscript)\b[^>]*>.*?</\1\s*>"
                      r"|<(script|style|iframe|object|embed)\b[^>]*/?>", re.S | re.I)


def sanitize_markdown(text: str, conversion: Conversion) -> str:
    """Raw HTML inside a Markdown body: the same removals as for HTML bodies."""
    def replace(match: re.Match) -> str:
        tag = (match.group(1) or match.group(2)).lower()
        if tag == "iframe":
            src = re.search(r"""src\s*=\s*["']([^"']+)""", match.group(0))
            if src and embeddable(src.group(1)):
                return f"\n\n{src.group(1)}\n\n"
        conversion.notes.append(f"<{tag}> removed")
        return ""

    text = RAW_HTML.sub(replace, text)
    text = re.sub(r"""\s(?:on\w+|style)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", "", text)

    def link(match: re.Match) -> str:
        bang, label, url, title = match.groups()
        if url.lower().startswith(("javascript:", "vbscript:", "data:")):
            conversion.notes.append("a script link removed")
            return label if not bang else ""
        if bang:
            return f"![{label}]({conversion.hooks.image(url)}{title or ''})"
        target = conversion.hooks.link(url)
        if target == "":
            return label
        return f"[{label}]({target if target is not None else url}{title or ''})"

    return MD_LINK.sub(link, text)


MD_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*([^)\s]+)(\s+\"[^\"]*\")?\s*\)")
