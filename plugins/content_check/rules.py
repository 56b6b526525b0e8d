"""The check-only rules: what a build may publish but an editor should still hear about.

They read the model the build made (articles, pages, hubs, authors) and the source files
(for line numbers); none of them repeats a rule of the build. Settings (in pelicanconf.py,
defaults in ``DEFAULTS``):

CHECK_SUMMARY_CHARS     (fewest, most) characters of a summary: social previews cut longer
                        ones, shorter ones say too little (default 50, 200)
CHECK_TITLE_MAX_CHARS   longest title (default 90)
CHECK_IMAGE_MAX_KB      size budget of every image file: lead, inline, hub, portrait (500)
CHECK_GUIDELINES_FILE   the writing guidelines, inside the content folder (guidelines.yml)
CHECK_SEVERITY          rule -> "error" or "warning", to change a rule's default severity
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from corporate_world.errors import display_path
from corporate_world.profile import parse_review_day

from content_check.findings import Finding
from content_check.source import Source, body_images, image_file, read_source

DEFAULTS = {
    "CHECK_SUMMARY_CHARS": (50, 200),
    "CHECK_TITLE_MAX_CHARS": 90,
    "CHECK_IMAGE_MAX_KB": 500,
    "CHECK_GUIDELINES_FILE": "guidelines.yml",
    "CHECK_SEVERITY": {},
}
SEVERITY = {
    "summary-length": "warning",
    "title-length": "warning",
    "image-size": "error",
    "translation-counterpart": "warning",
    "review-overdue": "warning",
}
_TRANSLATION_NAME = re.compile(r"[-_.]en$")


@dataclass
class Document:
    """One Markdown file of the magazine as the build read it."""

    path: Path
    kind: str  # article | page | hub
    lang: str
    slug: str
    title: str
    summary: str
    source: Source
    counterpart: bool = True  # has a version in the site's default language
    published: bool = True  # False for drafts and scheduled articles (and hidden pages)


def documents(build, content: Path) -> list[Document]:
    """Articles and pages (every status) and hubs, from the generators the build left."""
    from corporate_world import every_article, world_of

    default_lang = build.settings.get("DEFAULT_LANG", "de")
    found: list[Document] = []
    kinds = []
    if build.articles is not None:
        kinds.append(("article", every_article(build.articles)))
    if build.pages is not None:
        pages = build.pages
        kinds.append(("page", [*pages.pages, *pages.translations, *pages.hidden_pages,
                               *pages.hidden_translations, *pages.draft_pages,
                               *pages.draft_translations]))
    for kind, items in kinds:
        in_default = {i.slug for i in items if getattr(i, "lang", default_lang) == default_lang}
        for item in items:
            path = Path(item.source_path)
            found.append(Document(
                path=path, kind=kind, lang=item.lang, slug=item.slug,
                title=str(item.metadata.get("title") or ""),
                summary=str(item.metadata.get("summary") or ""), source=read_source(path),
                counterpart=item.lang == default_lang or item.slug in in_default,
                published=getattr(item, "status", "published") == "published"))
    world = world_of(build.context)
    for hub in (world.hubs.values() if world is not None else ()):
        path = Path(hub.source)
        if not path.is_absolute():
            path = Path.cwd() / path
        found.append(Document(path=path, kind="hub", lang=hub.lang, slug=hub.slug,
                              title=hub.title, summary=hub.summary, source=read_source(path)))
    return sorted(found, key=lambda d: str(d.path))


def check_documents(docs: list[Document], settings: dict, content: Path,
                    today: date) -> list[Finding]:
    severity = {**SEVERITY, **settings["CHECK_SEVERITY"]}
    fewest, most = settings["CHECK_SUMMARY_CHARS"]
    longest_title = int(settings["CHECK_TITLE_MAX_CHARS"])
    budget = int(settings["CHECK_IMAGE_MAX_KB"])
    default_lang = settings.get("DEFAULT_LANG", "de")
    found: list[Finding] = []

    def add(doc: Document, key: str, rule: str, message: str, line: int | None = None):
        found.append(Finding(display_path(str(doc.path)), line or doc.source.line_of(key) or 1,
                             rule, severity[rule], key.capitalize() if key else "", message))

    by_slug = {(d.kind, d.slug): d for d in docs if d.lang == default_lang}
    for doc in docs:
        summary = " ".join(doc.summary.split())
        if summary and not fewest <= len(summary) <= most:
            add(doc, "summary", "summary-length",
                f"{len(summary)} characters; social previews show {fewest} to {most}: "
                + ("shorten it" if len(summary) > most else "say a little more"))
        title = " ".join(doc.title.split())
        if len(title) > longest_title:
            add(doc, "title", "title-length",
                f"{len(title)} characters (at most {longest_title}): shorten it")
        for line, file in _images(doc, content):
            size = file.stat().st_size
            if size > budget * 1024:
                add(doc, "image", "image-size",
                    f"{display_path(str(file))} is {size // 1024} KB (budget {budget} KB): "
                    "scale it down or compress it", line)
        if doc.kind != "hub" and not doc.counterpart:
            _counterpart(doc, by_slug, add)
        raw = doc.source.value("review_by")
        if raw:
            _review(doc, raw, today, add)
    return found


def _images(doc: Document, content: Path):
    """(line, file) of the images a document shows that exist (missing ones: the build)."""
    named = []
    lead = doc.source.value("image")
    if lead:
        named.append((doc.source.line_of("image"), content / lead.lstrip("/")))
    for line, src in body_images(doc.source):
        file = image_file(src, doc.path, content)
        if file is not None:
            named.append((line, file))
    return [(line, file) for line, file in named if file.is_file()]


def _counterpart(doc: Document, by_slug: dict, add) -> None:
    """A version in another language whose original is missing: a translation that lost its
    counterpart (its file is named ``…-en.md`` or its slug is close to an original's).
    An article written only in English, with a slug of its own, is fine."""
    originals = [slug for kind, slug in by_slug if kind == doc.kind]
    close = difflib.get_close_matches(doc.slug, originals, n=1, cutoff=0.8)
    if not close and not _TRANSLATION_NAME.search(doc.path.stem):
        return
    hint = ""
    if close:
        original = display_path(str(by_slug[(doc.kind, close[0])].path))
        hint = f"; did you mean {close[0]!r} ({original})?"
    add(doc, "slug", "translation-counterpart",
        f"no {doc.kind} in the site's language has the slug {doc.slug!r}, so this "
        f"{doc.lang} version stands alone{hint or '.'} A translation takes its original's "
        "Slug.")


def _review(doc: Document, raw: str, today: date, add) -> None:
    """A passed ``Review_by`` day (its form is the header reader's rule, ``date-format``)."""
    due, _fix = parse_review_day(raw)
    if due is not None and due < today:
        add(doc, "review_by", "review-overdue",
            f"the review was due on {due.isoformat()} ({(today - due).days} days ago): check "
            "that the text is still right, then set the next Review_by date")


def authors(build) -> list[Path]:
    """The author profiles the build read."""
    from corporate_world import world_of

    world = world_of(build.context)
    return sorted(Path(a.source).resolve() for a in (world.authors.values() if world else ()))


def author_images(build, content: Path, settings: dict) -> list[Finding]:
    """Portraits over the size budget, at the line of ``photo:`` in the profile."""
    from corporate_world import world_of

    world = world_of(build.context)
    budget = int(settings["CHECK_IMAGE_MAX_KB"])
    severity = {**SEVERITY, **settings["CHECK_SEVERITY"]}["image-size"]
    found = []
    for author in (world.authors.values() if world is not None else ()):
        file = content / author.photo.path if author.photo else None
        if file is None or not file.is_file() or file.stat().st_size <= budget * 1024:
            continue
        source = Path(author.source)
        lines = source.read_text(encoding="utf-8").splitlines() if source.is_file() else []
        line = next((n for n, text in enumerate(lines, 1) if text.startswith("photo:")), 1)
        found.append(Finding(display_path(str(source)), line, "image-size", severity, "Photo",
                             f"{display_path(str(file))} is {file.stat().st_size // 1024} KB "
                             f"(budget {budget} KB): scale it down or compress it"))
    return found
