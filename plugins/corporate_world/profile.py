"""An article's place in the corporate world, parsed from its metadata in one place.

Pelican hands custom metadata over as lower-cased keys with raw string values;
this module is the only code that turns them into terms, people and flags.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from corporate_world.errors import ErrorReport
from corporate_world.images import LeadImage, measure_image
from corporate_world.people import Author
from corporate_world.taxonomy import SLUG, STAGES, Facet, Taxonomy, Term

LANGS_ALLOWED = ("de", "en")
DIALOG_STATES = ("open", "closed", "off")
TRUE_WORDS = ("true", "yes", "ja", "1")
FALSE_WORDS = ("false", "no", "nein", "0", "")

# metadata key: (facet, fewest, most) — most=None means no upper bound
TERM_FIELDS: dict[str, tuple[str, int, int | None]] = {
    "department": ("department", 1, 1),
    "topics": ("topic", 1, 5),
    "industries": ("industry", 0, None),
    "audiences": ("audience", 0, None),
    "format": ("format", 1, 1),
}


@dataclass(eq=False)
class ArticleProfile:
    """Everything the theme and the plugins need to know about one article."""

    department: Term | None
    topics: list[Term]
    industries: list[Term]
    audiences: list[Term]
    format: Term | None
    authors: list[Author]
    image: LeadImage | None
    stage: str
    lead: bool = False
    hub_slugs: list[str] = field(default_factory=list)
    dialog: str = "open"
    uid: str = ""  # stable identity: see stable_uid()
    url: str = ""  # the article's URL, computed once (Pelican recomputes article.url per access)
    absolute_html: tuple[str, str] = ("", "")  # (PUBLIC_URL, body): see absolute_content()

    def terms(self) -> list[Term]:
        """All terms in facet order, for chips and feed categories."""
        singles = [t for t in (self.department, self.format) if t is not None]
        return [*singles[:1], *self.topics, *self.industries, *self.audiences, *singles[1:]]


def stable_uid(metadata: dict, source: str, content: Path) -> str:
    """An id that survives changes of title, slug and date.

    ``Uid:`` in the metadata wins (keep it when moving a file); otherwise the id is
    a UUID-5 of the file's path inside the content folder, without its extension.
    """
    if metadata.get("uid"):
        return str(metadata["uid"]).strip()
    # the quick way for a file inside the content folder as given (no symlink resolution)
    relative = os.path.relpath(os.path.abspath(source), os.path.abspath(content))
    if relative.startswith(".."):
        try:
            relative = str(Path(source).resolve().relative_to(content.resolve()))
        except ValueError:
            relative = source
    name = Path(relative).with_suffix("").as_posix()
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"corporate-magazine:{name}"))


def split_list(raw: object) -> list[str]:
    """A comma-separated metadata value (or Pelican's list of lines) as clean items."""
    if raw is None:
        return []
    parts: Iterable[str] = raw if isinstance(raw, list) else [str(raw)]
    items = []
    for part in parts:
        items += [p.strip() for p in str(part).split(",")]
    return [item for item in items if item]


def display_field(key: str) -> str:
    """A metadata key as editors write it (``topics`` -> ``Topics``)."""
    return key[:1].upper() + key[1:]


def parse_terms(values: list[str], key: str, facet: Facet, source: str,
                report: ErrorReport) -> list[Term]:
    """Look up slugs in one facet; unknown or repeated slugs go to ``report``."""
    found: list[Term] = []
    for value in values:
        term = facet.terms.get(value)
        if term is None:
            report.add(source, f"unknown {facet.name}", field=display_field(key), value=value,
                       allowed=facet.allowed())
        elif term in found:
            report.add(source, "named twice", field=display_field(key), value=value)
        else:
            found.append(term)
    return found


def _flag(raw: object, key: str, source: str, report: ErrorReport) -> bool:
    value = str(raw if raw is not None else "").strip().lower()
    if value in TRUE_WORDS:
        return True
    if value not in FALSE_WORDS:
        report.add(source, "expected true or false", field=display_field(key), value=value,
                   allowed=("true", "false"))
    return False


def parse_profile(metadata: dict, source: str, content: Path, taxonomy: Taxonomy,
                  authors: dict[str, Author], report: ErrorReport) -> ArticleProfile:
    """Validate one article's metadata; each problem goes to ``report`` with file and field."""
    terms: dict[str, list[Term]] = {}
    for key, (facet_name, fewest, most) in TERM_FIELDS.items():
        facet = taxonomy[facet_name]
        values = split_list(metadata.get(key))
        found = parse_terms(values, key, facet, source, report)
        if len(values) < fewest:
            what = "is required" if fewest == 1 and most == 1 else f"needs at least {fewest}"
            report.add(source, f"{what} ({facet.label('en').lower()} slug)",
                       field=display_field(key), allowed=facet.allowed())
        elif most is not None and len(values) > most:
            report.add(source, f"allows at most {most} value(s), found {len(values)}",
                       field=display_field(key), value=", ".join(values))
        terms[key] = found

    people = []
    raw_authors = metadata.get("authors") or metadata.get("author") or []
    names = [getattr(a, "name", str(a)) for a in (raw_authors if isinstance(raw_authors, list)
                                                   else [raw_authors])]
    names = [n.strip() for name in names for n in name.split(",") if n.strip()]
    if not names:
        report.add(source, "at least one author slug is required", field="Authors",
                   allowed=tuple(authors))
    for name in names:
        if name in authors:
            people.append(authors[name])
        else:
            report.add(source, "unknown author", field="Authors", value=name,
                       allowed=tuple(authors))

    if not str(metadata.get("summary") or "").strip():
        report.add(source, "a one- or two-sentence summary is required", field="Summary")

    lang = str(metadata.get("lang") or "de").strip()
    if lang not in LANGS_ALLOWED:
        report.add(source, "unsupported language", field="Lang", value=lang,
                   allowed=LANGS_ALLOWED)

    image = None
    if metadata.get("image"):
        path = str(metadata["image"]).strip().lstrip("/")
        alt = str(metadata.get("image_alt") or "").strip()
        file = content / path
        if not alt:
            report.add(source, "an image needs a text alternative", field="Image_alt")
        if not file.is_file():
            report.add(source, "image file not found in the content folder", field="Image",
                       value=path)
        else:
            width, height = measure_image(file)
            image = LeadImage(path=path, alt=alt,
                              caption=str(metadata.get("image_caption") or "").strip(),
                              width=width, height=height, length=file.stat().st_size)

    fmt = terms["format"][0] if terms["format"] else None
    stage = str(metadata.get("stage") or "").strip().lower() or (fmt.stage if fmt else "") or ""
    if stage and stage not in STAGES:
        report.add(source, "unknown buyer-journey stage", field="Stage", value=stage,
                   allowed=STAGES)

    hub_slugs = split_list(metadata.get("hubs"))
    for slug in hub_slugs:
        if not SLUG.match(slug):
            report.add(source, "a hub is named by its slug", field="Hubs", value=slug)

    dialog = str(metadata.get("dialog") or "open").strip().lower()
    if dialog not in DIALOG_STATES:
        report.add(source, "unknown dialog state", field="Dialog", value=dialog,
                   allowed=DIALOG_STATES)

    return ArticleProfile(
        department=terms["department"][0] if terms["department"] else None,
        topics=terms["topics"], industries=terms["industries"], audiences=terms["audiences"],
        format=fmt, authors=people, image=image, stage=stage,
        lead=_flag(metadata.get("lead"), "lead", source, report),
        hub_slugs=hub_slugs, dialog=dialog, uid=stable_uid(metadata, source, content),
    )
