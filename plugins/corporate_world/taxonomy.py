"""The controlled vocabulary: facets and their terms, loaded from taxonomy.yml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import yaml

from corporate_world.errors import ErrorReport
from corporate_world.front_matter import load_yaml

LANGS = ("de", "en")  # the magazine's languages unless the build names others (LANGUAGES)
FACETS = ("department", "topic", "industry", "audience", "format")
STAGES = ("awareness", "consideration", "decision")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(eq=False)
class Term:
    """One entry of a facet, such as the department ``marketing``."""

    # its article lists say which articles belong where (press/fingerprint.py)
    indexes_articles: ClassVar[bool] = True

    facet: str
    slug: str
    labels: dict[str, str]
    descriptions: dict[str, str]
    url: str
    save_as: str
    parent: Term | None = None
    children: list[Term] = field(default_factory=list)
    stage: str | None = None
    articles: list = field(default_factory=list, repr=False)
    facet_labels: dict[str, str] = field(default_factory=dict)  # the facet's name per language

    def label(self, lang: str = "de") -> str:
        return self.labels.get(lang) or self.labels["de"]

    def facet_label(self, lang: str = "de") -> str:
        """The name of the term's facet ("Thema", "Topic")."""
        return self.facet_labels.get(lang) or self.facet_labels.get("de") or self.facet

    def description(self, lang: str = "de") -> str:
        return self.descriptions.get(lang) or self.descriptions["de"]

    def family(self) -> list[Term]:
        """The term and its children: a parent topic gathers its children."""
        return [self, *self.children]

    def __repr__(self) -> str:
        return f"Term({self.facet}:{self.slug})"


@dataclass(eq=False)
class Facet:
    """A dimension of the taxonomy (department, topic, …) with its terms."""

    # which articles its terms hold is read through the corporate world (listings, counts),
    # never through a facet: a page naming a facet shows its labels and terms, so it does
    # not depend on their members (press/fingerprint.py)
    indexes_articles: ClassVar[bool] = True

    name: str
    path: str
    labels: dict[str, str]
    plurals: dict[str, str]
    terms: dict[str, Term]
    url: str
    save_as: str

    def label(self, lang: str = "de") -> str:
        return self.labels.get(lang) or self.labels["de"]

    def plural(self, lang: str = "de") -> str:
        return self.plurals.get(lang) or self.plurals["de"]

    def roots(self) -> list[Term]:
        return [t for t in self.terms.values() if t.parent is None]

    def allowed(self) -> tuple[str, ...]:
        return tuple(self.terms)


@dataclass(eq=False)
class Series:
    """A series of articles published in parts, from the ``series:`` section of taxonomy.yml.

    Articles join it with ``Series: <slug>`` and ``Series_part: <n>``; the series plugin
    arranges the parts and writes a page per series and language.
    """

    slug: str
    titles: dict[str, str]
    descriptions: dict[str, str]

    def label(self, lang: str = "de") -> str:
        return self.titles.get(lang) or self.titles["de"]

    def description(self, lang: str = "de") -> str:
        return self.descriptions.get(lang) or self.descriptions["de"]

    def __repr__(self) -> str:
        return f"Series({self.slug})"


@dataclass
class Taxonomy:
    facets: dict[str, Facet]
    stages: dict[str, dict[str, str]]
    series: dict[str, Series] = field(default_factory=dict)
    langs: tuple[str, ...] = LANGS  # the magazine's languages: labels in each

    def __getitem__(self, facet: str) -> Facet:
        return self.facets[facet]

    def stage_label(self, stage: str, lang: str = "de") -> str:
        labels = self.stages.get(stage, {})
        return labels.get(lang) or labels.get("de") or stage


def _labels(raw: object, langs: tuple[str, ...] = LANGS) -> dict[str, str]:
    if not isinstance(raw, dict):
        return {}
    return {lang: str(raw[lang]).strip() for lang in langs if raw.get(lang)}


def load_taxonomy(path: Path, report: ErrorReport, url_prefix: str = "",
                  langs: tuple[str, ...] = LANGS) -> Taxonomy:
    """Read and check taxonomy.yml; problems go to ``report``, naming the field. Every term
    needs a label and a description in each of ``langs`` (the magazine's languages)."""
    name = str(path)
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        data = load_yaml(text) or {}
    except FileNotFoundError:
        report.add(name, "taxonomy file is missing; every content folder needs one")
        data = {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        report.add(name, f"not valid YAML: {exc}", line=mark.line + 1 if mark else None)
        data = {}
    raw_facets = data.get("facets") or {}
    facets: dict[str, Facet] = {}
    for facet_name in FACETS:
        raw = raw_facets.get(facet_name)
        if not isinstance(raw, dict):
            report.add(name, "facet is missing", field=f"facets.{facet_name}")
            raw = {}
        facets[facet_name] = _facet(facet_name, raw, name, report, url_prefix, langs)
    for extra in set(raw_facets) - set(FACETS):
        report.add(name, "unknown facet", field="facets", value=extra, allowed=FACETS)
    stages = {s: _labels((data.get("stages") or {}).get(s), langs) or {"de": s} for s in STAGES}
    for term in facets["format"].terms.values():
        if term.stage not in STAGES:
            report.add(name, "every format needs a buyer-journey stage",
                       field=f"facets.format.{term.slug}.stage", value=str(term.stage or ""),
                       allowed=STAGES)
    return Taxonomy(facets=facets, stages=stages, langs=tuple(langs),
                    series=_series(data.get("series"), name, report,
                                   _section_lines(text, "series")))


def _section_lines(text: str, section: str) -> dict[str, int]:
    """The line of each key directly under a top-level ``section:`` of a YAML text."""
    lines: dict[str, int] = {}
    inside = False
    for number, line in enumerate(text.split("\n"), start=1):
        if line and not line[0].isspace() and not line.startswith("#"):
            inside = line.split(":", 1)[0].strip() == section
            if inside:
                lines[""] = number
            continue
        key = re.match(r"^  ([^\s#:][^:]*):", line)
        if inside and key:
            lines.setdefault(key.group(1).strip().strip("'\""), number)
    return lines


def _series(raw: object, name: str, report: ErrorReport,
            lines: dict[str, int]) -> dict[str, Series]:
    """The ``series:`` section: slug -> title and description in every language."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        report.add(name, "must map series slugs to their title and description",
                   field="series", line=lines.get(""), rule="series-definition")
        return {}
    found: dict[str, Series] = {}
    for slug, spec in raw.items():
        slug, where = str(slug), f"series.{slug}"
        line = lines.get(slug, lines.get(""))
        spec = spec if isinstance(spec, dict) else {}
        if not SLUG.match(slug):
            report.add(name, "a slug is lower-case ASCII words joined by '-'", field=where,
                       value=slug, line=line, rule="series-definition")
        titles, descriptions = _labels(spec.get("title")), _labels(spec.get("description"))
        for lang in LANGS:
            if lang not in titles:
                report.add(name, f"missing the {lang} title: add 'title: {{de: …, en: …}}'",
                           field=f"{where}.title.{lang}", line=line, rule="series-definition")
            if lang not in descriptions:
                report.add(name, f"missing the {lang} description: add one sentence",
                           field=f"{where}.description.{lang}", line=line,
                           rule="series-definition")
        found[slug] = Series(slug=slug, titles=titles or {"de": slug},
                             descriptions=descriptions or {"de": ""})
    return found


def _facet(facet_name: str, raw: dict, name: str, report: ErrorReport, prefix: str,
           langs: tuple[str, ...]) -> Facet:
    path = str(raw.get("path") or facet_name)
    for key in ("label", "plural"):
        given = raw.get(key) if isinstance(raw.get(key), dict) else {}
        for lang in langs:
            if raw and not given.get(lang):
                report.add(name, f"missing the {lang} {key} of the facet",
                           field=f"facets.{facet_name}.{key}.{lang}", rule="taxonomy-label")
    facet = Facet(
        name=facet_name,
        path=path,
        labels=_labels(raw.get("label"), langs) or {"de": facet_name},
        plurals=(_labels(raw.get("plural"), langs) or _labels(raw.get("label"), langs)
                 or {"de": facet_name}),
        terms={},
        url=f"{prefix}{path}/",
        save_as=f"{prefix}{path}/index.html",
    )
    parents: dict[str, str] = {}
    for slug, spec in (raw.get("terms") or {}).items():
        slug = str(slug)
        where = f"facets.{facet_name}.terms.{slug}"
        spec = spec if isinstance(spec, dict) else {}
        if not SLUG.match(slug):
            report.add(name, "a slug is lower-case ASCII words joined by '-'",
                       field=where, value=slug)
        labels = {lang: str(spec[lang]).strip() for lang in langs if spec.get(lang)}
        descriptions = _labels(spec.get("description"), langs)
        for lang in langs:
            if lang not in labels:
                report.add(name, f"missing the {lang} label", field=f"{where}.{lang}")
            if lang not in descriptions:
                report.add(name, f"missing the {lang} description",
                           field=f"{where}.description.{lang}")
        labels = labels or {"de": slug}
        descriptions = descriptions or {"de": ""}
        facet.terms[slug] = Term(
            facet=facet_name, slug=slug, labels=labels, descriptions=descriptions,
            url=f"{prefix}{path}/{slug}/", save_as=f"{prefix}{path}/{slug}/index.html",
            stage=spec.get("stage"), facet_labels=facet.labels,
        )
        if spec.get("parent"):
            parents[slug] = str(spec["parent"])
    for slug, parent_slug in parents.items():
        parent = facet.terms.get(parent_slug)
        where = f"facets.{facet_name}.terms.{slug}.parent"
        if parent is None:
            report.add(name, "unknown parent term", field=where, value=parent_slug,
                       allowed=facet.allowed())
        elif parent.slug in parents:
            report.add(name, "only one level of parent terms is allowed",
                       field=where, value=parent_slug)
        else:
            facet.terms[slug].parent = parent
            parent.children.append(facet.terms[slug])
    return facet
