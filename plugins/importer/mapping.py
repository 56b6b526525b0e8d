"""The mapping file: old categories, tags and authors onto the magazine's taxonomy and people.

The first run writes it with a suggestion per term (exact slug, German or English label,
similar spelling) and the number of posts using it; the editor fills in ``use``. A rerun
keeps every value the editor set and only adds terms it has not seen.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from corporate_world.taxonomy import Taxonomy

from importer.model import ImportFailure, Source
from importer.text import slugify

FACETS = ("topic", "department", "format", "industry", "audience")  # suggestion order
HEADER = """\
# Mapping of the old blog's categories, tags and authors onto the magazine (./magazine import).
# For every term set `use` to FACET/SLUG (topic/…, department/…, format/…, industry/…,
# audience/…), several separated by commas, or `drop` to leave it out deliberately.
# `suggestion` is what --auto-map applies when `use` is empty; `posts` counts its posts.
# A category's `department` and `format` are the defaults for its posts; `defaults` apply
# when a post gets none from its terms. Authors: `use` is an author slug in content/authors/
# (an existing profile, or a new one the import creates).
"""


@dataclass
class Classified:
    department: str
    topics: list[str]
    industries: list[str]
    audiences: list[str]
    format: str
    unmapped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def suggest(slug: str, name: str, taxonomy: Taxonomy) -> tuple[str, str]:
    """(facet/slug, why) for one old term; ("", "") when nothing fits."""
    candidates = [slug, slugify(name)]
    for facet in FACETS:
        for candidate in candidates:
            if candidate in taxonomy[facet].terms:
                return f"{facet}/{candidate}", "exact slug"
    wanted = " ".join(name.split()).casefold()
    for facet in FACETS:
        for term in taxonomy[facet].terms.values():
            for lang in ("de", "en"):
                if term.label(lang).casefold() == wanted:
                    return f"{facet}/{term.slug}", f"label ({lang})"
    slugs = {t.slug: f"{f}/{t.slug}" for f in FACETS for t in taxonomy[f].terms.values()}
    labels = {t.label(lang).casefold(): f"{f}/{t.slug}" for f in FACETS
              for t in taxonomy[f].terms.values() for lang in ("de", "en")}
    for candidate in candidates:
        close = difflib.get_close_matches(candidate, list(slugs), n=1, cutoff=0.8)
        if close:
            return slugs[close[0]], "similar spelling"
    close = difflib.get_close_matches(wanted, list(labels), n=1, cutoff=0.8)
    if close:
        return labels[close[0]], "similar spelling"
    return "", ""


def load(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ImportFailure(f"{path}{line}: not valid YAML: {problem}; nothing was written") \
            from None
    if not isinstance(data, dict):
        raise ImportFailure(f"{path}: expected a mapping with categories, tags, authors")
    return data


def merged(existing: dict, source: Source, taxonomy: Taxonomy,
           author_suggestions: dict[str, str]) -> dict:
    """The mapping with this source's terms and authors added, the editor's values kept."""
    counts = Counter(term for item in source.items for term in dict.fromkeys(item.terms))
    author_counts = Counter(a for item in source.items for a in dict.fromkeys(item.authors))
    data = {
        "defaults": {"department": next(iter(taxonomy["department"].terms), ""),
                     "format": next(iter(taxonomy["format"].terms), ""),
                     "topics": next(iter(taxonomy["topic"].terms), ""),
                     **(existing.get("defaults") or {})},
        "categories": dict(existing.get("categories") or {}),
        "tags": dict(existing.get("tags") or {}),
        "authors": dict(existing.get("authors") or {}),
    }
    for (kind, slug), term in sorted(source.terms.items()):
        section = data["categories" if kind == "category" else "tags"]
        entry = dict(section.get(slug) or {})
        suggestion, why = suggest(slug, term.name, taxonomy)
        entry.setdefault("name", term.name)
        entry["posts"] = max(int(entry.get("posts") or 0), counts[(kind, slug)])
        entry["suggestion"] = suggestion
        entry["why"] = why
        entry.setdefault("use", "")
        if kind == "category":
            facet = suggestion.split("/", 1)[0]
            entry.setdefault("department", suggestion.split("/", 1)[1]
                             if facet == "department" else "")
            entry.setdefault("format", suggestion.split("/", 1)[1] if facet == "format" else "")
        section[slug] = entry
    for key, person in sorted(source.people.items()):
        if not author_counts[key]:
            continue
        entry = dict(data["authors"].get(key) or {})
        entry.setdefault("name", person.name)
        entry["posts"] = max(int(entry.get("posts") or 0), author_counts[key])
        entry["suggestion"] = author_suggestions[key]
        entry.setdefault("use", "")
        data["authors"][key] = entry
    for section in ("categories", "tags", "authors"):
        data[section] = dict(sorted(data[section].items()))
    return data


def render(data: dict) -> str:
    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def check(data: dict, taxonomy: Taxonomy, path: Path) -> list[str]:
    """Problems in values the editor wrote (unknown facet or term)."""
    problems = []
    for section in ("categories", "tags"):
        for slug, entry in (data.get(section) or {}).items():
            for value in targets((entry or {}).get("use")):
                if value == "drop":
                    continue
                facet, _, term = value.partition("/")
                if facet not in FACETS or term not in taxonomy[facet].terms:
                    problems.append(f"{path}: {section}.{slug}.use: unknown term {value!r} "
                                    "(write facet/slug, e.g. topic/social-media, or drop)")
            for key, facet in (("department", "department"), ("format", "format")):
                value = str((entry or {}).get(key) or "")
                if value and value not in taxonomy[facet].terms:
                    problems.append(f"{path}: {section}.{slug}.{key}: unknown {facet} {value!r}")
    for key, facet in (("department", "department"), ("format", "format"), ("topics", "topic")):
        value = str((data.get("defaults") or {}).get(key) or "")
        if value and value not in taxonomy[facet].terms:
            problems.append(f"{path}: defaults.{key}: unknown {facet} {value!r}")
    return problems


def targets(raw: object) -> list[str]:
    return [part.strip() for part in str(raw or "").split(",") if part.strip()]


def unmapped(data: dict, source: Source, auto: bool) -> list[str]:
    """Terms of this source without `use` (and, with --auto-map, without a suggestion)."""
    missing = []
    for kind, slug in sorted(source.terms):
        entry = data["categories" if kind == "category" else "tags"].get(slug) or {}
        if not str(entry.get("use") or "").strip() and not (auto and entry.get("suggestion")):
            missing.append(f"{kind} {slug!r} ({entry.get('posts', 0)} post(s))")
    return missing


def classify(terms: list[tuple[str, str]], data: dict, auto: bool) -> Classified:
    """An item's old terms as the magazine's department, topics, industries, audiences, format."""
    found: dict[str, list[str]] = {facet: [] for facet in FACETS}
    department = fmt = ""
    result = Classified("", [], [], [], "")
    for kind, slug in terms:
        entry = data["categories" if kind == "category" else "tags"].get(slug) or {}
        chosen = targets(entry.get("use")) or (targets(entry.get("suggestion")) if auto else [])
        if not chosen:
            result.unmapped.append(f"{kind} {slug}")
        for value in chosen:
            if value == "drop":
                continue
            facet, _, term = value.partition("/")
            if term not in found[facet]:
                found[facet].append(term)
        if kind == "category":
            department = department or str(entry.get("department") or "")
            fmt = fmt or str(entry.get("format") or "")
    defaults = data.get("defaults") or {}
    result.department = (found["department"] or [department or defaults.get("department", "")])[0]
    result.format = (found["format"] or [fmt or defaults.get("format", "")])[0]
    if len(found["department"]) > 1 or len(found["format"]) > 1:
        result.notes.append("several departments or formats mapped; the first is used")
    result.topics = found["topic"][:5] or targets(defaults.get("topics"))[:5]
    if len(found["topic"]) > 5:
        result.notes.append(f"{len(found['topic'])} topics mapped; the first five are used")
    result.industries, result.audiences = found["industry"], found["audience"]
    return result
