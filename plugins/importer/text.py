"""Small text helpers: slugs, plain-text titles and summaries, safe file names."""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import PurePosixPath

from bs4 import BeautifulSoup

TITLE_MAX = 120  # characters; longer titles are cut at a word and reported
SUMMARY_MAX = 300
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
ABBREVIATIONS = {"bzw", "ca", "dr", "nr", "usw", "vgl", "etc", "prof", "st", "mio", "mrd",
                 "inkl", "ggf", "evtl", "z.b", "d.h", "u.a", "e.g", "i.e", "mr", "mrs", "ms",
                 "vs", "no", "abs", "bspw", "sog", "allg"}
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe",
                         "Ü": "ue"})


def slugify(text: str, limit: int = 80) -> str:
    """Lower-case ASCII words joined by '-' (German umlauts transliterated)."""
    text = str(text).translate(UMLAUTS).lower()
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    return "-".join(words)[:limit].strip("-")


def plain(markup: str) -> str:
    """Text of an HTML fragment: scripts and styles dropped, entities decoded, one line."""
    if not markup:
        return ""
    soup = BeautifulSoup(markup, "html.parser")
    for element in soup(["script", "style", "iframe", "noscript", "template"]):
        element.decompose()
    text = html.unescape(soup.get_text(" "))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in " \t\n")
    return " ".join(text.split())


def cut(text: str, limit: int) -> str:
    """``text`` shortened at a word boundary to at most ``limit`` characters (with '…')."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return head + "…"


def plain_title(markup: str) -> tuple[str, str]:
    """(title, problem): the title as plain text, at most TITLE_MAX characters."""
    title = plain(markup)
    if not title:
        return "", "empty title"
    if len(title) > TITLE_MAX:
        return cut(title, TITLE_MAX), f"title longer than {TITLE_MAX} characters, shortened"
    if title != " ".join(html.unescape(markup or "").split()):
        return title, "HTML removed from the title"
    return title, ""


def sentences(text: str) -> list[str]:
    """Sentences of plain text; abbreviations (z. B., ca., Dr.) and single letters end none."""
    found, current = [], ""
    for part in SENTENCE_END.split(text):
        current = f"{current} {part}" if current else part
        last = current.rsplit(" ", 1)[-1].rstrip(".!?")
        if len(last) <= 1 or last.lower() in ABBREVIATIONS:
            continue
        found.append(current)
        current = ""
    return found + [current] * bool(current)


def summary_of(markup: str) -> str:
    """At most two sentences of plain text (at most SUMMARY_MAX characters)."""
    text = plain(markup)
    text = re.sub(r"\[/?[a-z][\w-]*[^\]]*\]", " ", text)  # leftover shortcodes
    text = " ".join(text.replace("[…]", "").replace("[...]", "").split())
    return cut(" ".join(sentences(text)[:2]), SUMMARY_MAX)


def first_paragraph(markdown_text: str) -> str:
    """The first paragraph of prose in a Markdown body (no heading, image, list or URL)."""
    for block in re.split(r"\n\s*\n", markdown_text):
        block = block.strip()
        if not block or block[0] in "#!|>-*[<`" or re.fullmatch(r"https?://\S+", block):
            continue
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", block)
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"[*_`\\]", "", text)
        if len(text.split()) >= 3:
            return text
    return ""


def safe_file_name(url_path: str) -> str:
    """A file name without spaces or umlauts: ``Große Halle 1.JPG`` -> ``grosse-halle-1.jpg``."""
    name = PurePosixPath(url_path).name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = slugify(stem) or "bild"
    ext = re.sub(r"[^a-z0-9]", "", ext.lower())
    return f"{stem}.{ext}" if ext else stem
