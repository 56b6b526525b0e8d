"""Hub files (content/hubs/*.md): read with Pelican's Markdown reader, checked field by field.

A hub file is not an article: Pelican never sees it. We read it with the same
MarkdownReader (so the MARKDOWN settings apply) and turn its header into a
:class:`Hub`. References to articles and other hubs are resolved in a second
step, once every hub and every article is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from corporate_world import (
    Author,
    CallToAction,
    ErrorReport,
    Hub,
    LeadImage,
    Taxonomy,
    measure_image,
    split_list,
)
from corporate_world.front_matter import FrontMatterMarkdownReader as MarkdownReader
from corporate_world.profile import display_field, parse_terms
from corporate_world.taxonomy import SLUG, Term
from pelican.contents import Page

KNOWN_FIELDS = ("title", "slug", "summary", "topics", "departments", "industries", "audiences",
                "pinned", "experts", "related", "cta", "image", "image_alt", "lang")
FILTER_FIELDS = {"departments": "department", "industries": "industry", "audiences": "audience"}
CTA_KINDS = ("download", "contact", "event")
CTA_TARGETS = ("https://", "/")  # the JSON API publishes the target as an http(s) URL
RESERVED_SLUG = "coverage"


@dataclass(eq=False)
class HubFile:
    """A hub as read from its file, with the slugs it names still unresolved."""

    hub: Hub
    intro: Page  # the Markdown body as Pelican content, so {filename} links resolve later
    pinned_slugs: list[str] = field(default_factory=list)
    related_slugs: list[str] = field(default_factory=list)


def _text(metadata: dict, key: str) -> str:
    value = metadata.get(key)
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return " ".join(str(value or "").split())


def _terms(metadata: dict, key: str, facet_name: str, taxonomy: Taxonomy, source: str,
           report: ErrorReport) -> list[Term]:
    return parse_terms(split_list(metadata.get(key)), key, taxonomy[facet_name], source, report)


def parse_cta(raw: object, source: str, report: ErrorReport) -> CallToAction | None:
    """``Cta: label | target | kind`` — kind is download, contact (default) or event."""
    text = _text({"cta": raw}, "cta")
    if not text:
        return None
    parts = [part.strip() for part in text.split("|")]
    if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
        report.add(source, "write 'Label | target | kind' (kind: download, contact or event)",
                   field="Cta", value=text)
        return None
    label, target = parts[0], parts[1]
    kind = parts[2].lower() if len(parts) == 3 and parts[2] else "contact"
    if kind not in CTA_KINDS:
        report.add(source, "unknown call-to-action kind", field="Cta", value=kind,
                   allowed=CTA_KINDS)
        return None
    if not target.startswith(CTA_TARGETS) or target.startswith("//"):
        report.add(source, "the target must be an https:// address or a path on this site "
                   "starting with /", field="Cta", value=target)
        return None
    return CallToAction(label=label, url=target, kind=kind)


def _image(metadata: dict, content: Path, source: str, report: ErrorReport) -> LeadImage | None:
    path = _text(metadata, "image").lstrip("/")
    if not path:
        return None
    alt = _text(metadata, "image_alt")
    if not alt:
        report.add(source, "an image needs a text alternative", field="Image_alt")
    file = content / path
    if not file.is_file():
        report.add(source, "image file not found in the content folder", field="Image",
                   value=path)
        return None
    width, height = measure_image(file)
    return LeadImage(path=path, alt=alt, width=width, height=height,
                     length=file.stat().st_size)


def _experts(metadata: dict, authors: dict[str, Author], source: str,
             report: ErrorReport) -> list[Author]:
    experts: list[Author] = []
    for slug in split_list(metadata.get("experts")):
        if slug not in authors:
            report.add(source, "unknown expert (an author slug)", field="Experts", value=slug,
                       allowed=tuple(authors))
        elif authors[slug] in experts:
            report.add(source, "named twice", field="Experts", value=slug)
        else:
            experts.append(authors[slug])
    return experts


def read_hub_file(path: Path, settings: dict, context: dict, taxonomy: Taxonomy,
                  authors: dict[str, Author], report: ErrorReport) -> HubFile | None:
    """Read one hub file; every problem goes to ``report`` naming the file and the field."""
    source = str(path)
    try:
        intro_html, metadata = MarkdownReader(settings).read(source)
    except Exception as exc:  # a broken file must name itself, not end the build with a trace
        report.add(source, f"could not be read: {exc}")
        return None
    for key in metadata:
        if key not in KNOWN_FIELDS:
            report.add(source, "unknown field in a hub file", field=display_field(key),
                       allowed=tuple(display_field(k) for k in KNOWN_FIELDS))
    slug = _text(metadata, "slug") or path.stem
    if not SLUG.match(slug):
        report.add(source, "a slug is lower-case ASCII words joined by '-'", field="Slug",
                   value=slug)
    elif slug == RESERVED_SLUG:
        report.add(source, "this slug is reserved for the coverage report "
                   "(api/v1/hubs/coverage.json)", field="Slug", value=slug)
    title = _text(metadata, "title")
    if not title:
        report.add(source, "every hub needs a title", field="Title")
    summary = _text(metadata, "summary")
    if not summary:
        report.add(source, "a one- or two-sentence summary is required", field="Summary")
    topics = _terms(metadata, "topics", "topic", taxonomy, source, report)
    if not metadata.get("topics"):
        report.add(source, "name at least one topic the hub gathers", field="Topics",
                   allowed=taxonomy["topic"].allowed())
    filters = {key: _terms(metadata, key, facet, taxonomy, source, report)
               for key, facet in FILTER_FIELDS.items()}
    default_lang = settings.get("DEFAULT_LANG", "de")
    lang = _text(metadata, "lang") or default_lang
    languages = tuple(settings.get("LANGUAGES") or (default_lang,))
    if lang not in languages:
        report.add(source, "unsupported language", field="Lang", value=lang, allowed=languages,
                   rule="invalid-value")
    prefix = "" if lang == default_lang else f"{lang}/"  # the edition's listings
    url = prefix + settings["HUB_URL"].format(slug=slug)
    save_as = prefix + settings["HUB_SAVE_AS"].format(slug=slug)
    hub = Hub(
        slug=slug, title=title or slug, summary=summary, intro_html=intro_html, source=source,
        url=url, save_as=save_as, topics=topics, departments=filters["departments"],
        industries=filters["industries"], audiences=filters["audiences"],
        experts=_experts(metadata, authors, source, report),
        cta=parse_cta(metadata.get("cta"), source, report),
        image=_image(metadata, Path(settings["PATH"]), source, report),
        lang=lang, edition_prefix=prefix,
    )
    intro = Page(intro_html, metadata={"title": hub.title, "slug": slug, "url": url,
                                       "save_as": save_as},
                 settings=settings, source_path=source, context=context)
    return HubFile(hub=hub, intro=intro, pinned_slugs=split_list(metadata.get("pinned")),
                   related_slugs=split_list(metadata.get("related")))


def read_hub_files(folder: Path, settings: dict, context: dict, taxonomy: Taxonomy,
                   authors: dict[str, Author], report: ErrorReport) -> list[HubFile]:
    """Every hub file of the folder, sorted by file name; a slug used twice in one language
    is an error (a hub's translation has its slug and its own ``Lang``)."""
    files: list[HubFile] = []
    seen: dict[tuple[str, str], str] = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        read = read_hub_file(path, settings, context, taxonomy, authors, report)
        if read is None:
            continue
        slug = read.hub.slug
        if (slug, read.hub.lang) in seen:
            report.add(str(path), f"duplicate hub slug: {seen[slug, read.hub.lang]} uses it "
                       "already", field="Slug", value=slug)
            continue
        seen[slug, read.hub.lang] = str(path)
        files.append(read)
    return files


def resolve_related(files: list[HubFile], report: ErrorReport) -> None:
    """Turn ``Related`` slugs into hubs; unknown ones and the hub itself are errors."""
    hubs = {f.hub.slug: f.hub for f in files}
    for hub_file in files:
        hub = hub_file.hub
        for slug in hub_file.related_slugs:
            other = hubs.get(slug)
            if other is None:
                report.add(hub.source, "unknown related hub", field="Related", value=slug,
                           allowed=tuple(hubs))
            elif other is hub:
                report.add(hub.source, "a hub cannot be related to itself", field="Related",
                           value=slug)
            elif other in hub.related:
                report.add(hub.source, "named twice", field="Related", value=slug)
            else:
                hub.related.append(other)
