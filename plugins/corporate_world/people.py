"""Author profiles from content/authors/*.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import yaml

from corporate_world.errors import ErrorReport
from corporate_world.front_matter import load_yaml
from corporate_world.images import LeadImage, measure_image
from corporate_world.taxonomy import SLUG, Taxonomy, Term

CONTACT_KINDS = {  # kind: (label, href prefix)
    "email": ("E-Mail", "mailto:"),
    "phone": ("Telefon", "tel:"),
    "linkedin": ("LinkedIn", ""),
    "xing": ("Xing", ""),
    "mastodon": ("Mastodon", ""),
    "website": ("Website", ""),
}


@dataclass(frozen=True)
class ContactLink:
    kind: str
    label: str
    href: str


@dataclass(eq=False)
class Author:
    """A person who writes for the magazine or answers readers' questions."""

    # its article lists say which articles belong where (press/fingerprint.py)
    indexes_articles: ClassVar[bool] = True

    slug: str
    name: str
    roles: dict[str, str]
    department: Term | None
    bios: dict[str, str]
    photo: LeadImage | None
    contacts: list[ContactLink]
    url: str
    save_as: str
    source: str
    articles: list = field(default_factory=list, repr=False)

    def role(self, lang: str = "de") -> str:
        return self.roles.get(lang) or self.roles.get("de", "")

    def bio(self, lang: str = "de") -> str:
        return self.bios.get(lang) or self.bios.get("de", "")

    @property
    def email(self) -> str:
        return next((c.href[len("mailto:"):] for c in self.contacts if c.kind == "email"), "")


def _text(raw: object) -> dict[str, str]:
    if isinstance(raw, str):
        return {"de": raw.strip()}
    if isinstance(raw, dict):
        return {str(lang): str(text).strip() for lang, text in raw.items() if text}
    return {}


def _contacts(raw: object, source: str, report: ErrorReport) -> list[ContactLink]:
    links = []
    for kind, value in (raw or {}).items() if isinstance(raw, dict) else ():
        if kind not in CONTACT_KINDS:
            report.add(source, "unknown contact kind", field=f"contact.{kind}", value=str(kind),
                       allowed=tuple(CONTACT_KINDS))
            continue
        label, prefix = CONTACT_KINDS[kind]
        value = str(value).strip()
        if not prefix and not value.startswith("https://"):
            report.add(source, "a profile link must be an https:// URL",
                       field=f"contact.{kind}", value=value)
            continue
        links.append(ContactLink(kind=kind, label=label, href=prefix + value))
    return links


def load_authors(folder: Path, content: Path, taxonomy: Taxonomy, report: ErrorReport,
                 url_pattern: str, save_pattern: str) -> dict[str, Author]:
    """Read every profile; the file name (without .yml) is the author's slug."""
    authors: dict[str, Author] = {}
    for file in sorted(folder.glob("*.yml")) if folder.is_dir() else ():
        source = str(file)
        slug = file.stem
        try:
            raw = load_yaml(file.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            report.add(source, f"not valid YAML: {exc}", line=mark.line + 1 if mark else None)
            continue
        if not SLUG.match(slug):
            report.add(source, "the file name is the author's slug: lower-case words joined by '-'",
                       value=slug)
        if not raw.get("name"):
            report.add(source, "every author needs a name", field="name")
        departments = taxonomy["department"].terms
        department = departments.get(str(raw.get("department", "")))
        if raw.get("department") and department is None:
            report.add(source, "unknown department", field="department",
                       value=str(raw["department"]), allowed=tuple(departments))
        photo = None
        if raw.get("photo"):
            file_path = content / str(raw["photo"])
            if file_path.is_file():
                width, height = measure_image(file_path)
                alt = str(raw.get("photo_alt") or raw.get("name", ""))
                photo = LeadImage(path=str(raw["photo"]), alt=alt, width=width, height=height)
            else:
                report.add(source, "photo file not found in the content folder", field="photo",
                           value=str(raw["photo"]))
        authors[slug] = Author(
            slug=slug, name=str(raw.get("name") or slug), roles=_text(raw.get("role")),
            department=department, bios=_text(raw.get("bio")), photo=photo,
            contacts=_contacts(raw.get("contact"), source, report),
            url=url_pattern.format(slug=slug), save_as=save_pattern.format(slug=slug),
            source=source,
        )
    return authors
