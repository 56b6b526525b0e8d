"""An article's place in the corporate world, parsed from its metadata in one place.

Pelican hands custom metadata over as lower-cased keys with raw string values;
this module is the only code that turns them into terms, people and flags.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path, PurePosixPath

from corporate_world.errors import ErrorReport, display_path
from corporate_world.front_matter import FrontMatterError, split_front_matter
from corporate_world.images import LeadImage, measure_image
from corporate_world.people import Author
from corporate_world.publication import publication_state
from corporate_world.taxonomy import SLUG, STAGES, Facet, Series, Taxonomy, Term

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

# the fields that say where an article is filed: its terms, and whether it leads the front
# page or is featured on its department's page
FILING_FIELDS = frozenset({*TERM_FIELDS, "lead", "featured"})

KNOWN_FIELDS: tuple[str, ...] = (
    "Title", "Date", "Modified", "Slug", "Department", "Topics", "Industries", "Audiences",
    "Format", "Authors", "Summary", "Image", "Image_alt", "Image_caption", "Lang", "Lead",
    "Stage", "Hubs", "Dialog", "Uid", "Status", "Translation", "Review_by", "Series",
    "Series_part", "Featured",
)
"""Every header field an article or page may have, spelled as editors write it.

The README's field table ("Writing an article") plus the Pelican fields we allow: ``Status``
(``draft``, ``hidden``), ``Translation`` (``true`` marks a translation) and ``Review_by`` (a
date after which the article should be reviewed; the content check warns once it passed).
Any other key in a header is an error with a "did you mean"; this tuple is the only list.
"""
DATE_FIELDS = ("date", "modified", "review_by")  # checked by parse_date, never by dateutil
DATE_FORM = "YYYY-MM-DD HH:MM"
PLACEHOLDER_DATE = datetime(1970, 1, 1)  # keeps a file with a broken Date readable; it errs anyway
HEADER_LINES_KEY = "metadata_lines"  # metadata key: lower-case field -> its line in the file
HEADER_PROBLEMS_KEY = "header_problems"  # metadata key: problems found reading the header

# The scaffold text of `./magazine new` (tasks.py); left in a published article it is an error.
SCAFFOLD_SUMMARY = "Ein bis zwei Sätze, die sagen, worum es geht."
SCAFFOLD_HEADING = "Erste Überschrift"
SCAFFOLD_TEXT = "Text …"

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?"
                  r"(Z|[+-]\d{2}:?\d{2})?")
_GERMAN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s+(\d{1,2})[:.](\d{2})(?:\s*Uhr)?)?")


def parse_date(raw: str) -> tuple[datetime | None, str]:
    """A header date: ``(datetime, "")`` when valid, else ``(best guess or None, fix)``.

    Accepted: ``YYYY-MM-DD HH:MM``, ``YYYY-MM-DD HH:MM:SS``, and ISO 8601 with ``T`` and an
    offset (``2026-04-03T10:00+02:00``, ``…Z``). A German order (``3.4.2026 10:00``) is
    recognised and explained; its guess is the date it means, so a scheduled draft stays one.
    """
    value = " ".join(str(raw).split())
    iso = _ISO.fullmatch(value)
    if iso:
        text = value.replace("Z", "+00:00")
        try:
            return datetime.fromisoformat(text), ""
        except ValueError:
            return None, (f"there is no such date or time; expected {DATE_FORM}, "
                          f"e.g. {example_date(iso.group(1), iso.group(2))}")
    german = _GERMAN.fullmatch(value)
    if german:
        day, month, year, hour, minute = german.groups()
        try:
            guess = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
        except ValueError:
            return None, f"there is no such date; expected {DATE_FORM}"
        if hour is None:
            return guess, (f"day.month.year and no time: write {guess:%Y-%m-%d} HH:MM, "
                           f"e.g. {guess:%Y-%m-%d} 09:00 ({DATE_FORM})")
        return guess, f"day.month.year: write {guess:%Y-%m-%d %H:%M} ({DATE_FORM})"
    day_only = _ISO_DATE.fullmatch(value)
    if day_only:
        try:
            guess = datetime(*(int(g) for g in day_only.groups()))
        except ValueError:
            return None, (f"there is no such date; expected {DATE_FORM}, "
                          f"e.g. {example_date(*day_only.groups()[:2])}")
        return guess, (f"the time is missing: write {guess:%Y-%m-%d} HH:MM, "
                       f"e.g. {guess:%Y-%m-%d} 09:00")
    return None, f"expected {DATE_FORM}, e.g. 2026-04-03 10:00"


def example_date(year: str, month: str) -> str:
    """The last day of a month the editor meant, as an example of a valid date."""
    try:
        first = datetime(int(year), min(max(int(month), 1), 12), 1)
    except ValueError:
        return "2026-04-03 10:00"
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return f"{last:%Y-%m-%d} 09:00"


# ---- the header: `Key: value` lines up to the first blank line --------------------------------

_KEY_LINE = re.compile(r"^[ ]{0,3}(?P<key>[^:\s][^:]*?)\s*:(?:\s+|$)(?P<value>.*)$")
_VALID_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_MORE = re.compile(r"^(?: {4,}|\t)(?P<value>.*)$")
_COLONLESS = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z][\w-]*)\s+(?P<value>\S.*)$")
_BEGIN = re.compile(r"^-{3}(\s.*)?$")
_END = re.compile(r"^(-{3}|\.{3})(\s.*)?$")
_KNOWN = {name.lower(): name for name in KNOWN_FIELDS}


def known_field(key: str) -> str:
    """The known field ``key`` means (exact, any case, or a close spelling), else ""."""
    wanted = key.strip().lower().replace(" ", "_")
    if wanted in _KNOWN:
        return _KNOWN[wanted]
    close = difflib.get_close_matches(wanted, list(_KNOWN), n=1, cutoff=0.75)
    return _KNOWN[close[0]] if close else ""


@dataclass
class Header:
    """One file's header as read from the source text, with every problem and its line."""

    fields: dict[str, list[str]] = field(default_factory=dict)  # as Markdown's meta gives them
    lines: dict[str, int] = field(default_factory=dict)  # lower-case key -> line number
    problems: list[tuple] = field(default_factory=list)  # see problem()
    body: str = ""  # the text after the header, from its closing blank line on

    def problem(self, line: int, name: str, rule: str, message: str, value: str = "") -> None:
        """Plain tuples: they travel through Pelican's content cache and the press pool."""
        self.problems.append((line, name, rule, message, value))


def read_header(text: str) -> Header:
    """Parse the header by line, as Markdown's meta extension would, but keep going past a
    broken line and note each problem with its line; a misspelled field keeps its value
    under the field it means, so one mistake gives one error."""
    header = Header()
    try:
        front = split_front_matter(text)  # YAML front matter, as the web editor writes it
    except FrontMatterError as error:
        header.problem(error.line, "Header", error.rule, error.message)
        return header
    if front is not None:
        header.body = "\n" + front.body
        for key, value in front.metadata.items():
            _field_line(header, front.lines[key], key, value)
        _check_dates(header)
        return header
    lines = text.split("\n")
    start = 1 if lines and _BEGIN.fullmatch(lines[0]) else 0
    end = start
    while end < len(lines) and lines[end].strip() and not _END.fullmatch(lines[end]):
        end += 1
    block = lines[start:end]
    if block and not any(_KEY_LINE.match(line) for line in block):
        header.problem(start + 1, "Header", "header-syntax",
                       "the file has no header: start with 'Key: value' lines (Title, Date, …), "
                       "then a blank line, then the text")
        header.body = "\n" + "\n".join(lines[start:])
        return header
    header.body = "\n".join(lines[end:]) if end < len(lines) else ""
    if not header.body.startswith("\n"):
        header.body = "\n" + header.body  # the meta step then sees no header in the body
    key = ""
    for number, line in enumerate(block, start=start + 1):
        if _MORE.match(line) and key:
            header.fields[key].append(line.strip())
            continue
        match = _KEY_LINE.match(line)
        if match:
            key = _field_line(header, number, match.group("key"), match.group("value").strip())
            continue
        loose = _COLONLESS.match(line)
        meant = known_field(loose.group("key")) if loose else ""
        if meant:
            value = loose.group("value").strip()
            header.problem(number, meant, "header-syntax",
                           f"the colon is missing: write '{meant}: {value}'", line.strip())
            key = _store(header, number, meant.lower(), value)
        else:
            header.problem(number, "Header", "header-syntax",
                           "a header line needs the form 'Key: value'; if this line belongs to "
                           "the text, leave a blank line before it", line.strip())
            key = ""
    _check_dates(header)
    return header


def _field_line(header: Header, number: int, written: str, value: str) -> str:
    """One `Key: value` line; returns the lower-case key its continuation lines belong to."""
    key = written.lower()
    if key in _KNOWN and _VALID_KEY.match(written):
        return _store(header, number, key, value)
    meant = known_field(written)
    if meant and meant.lower() not in header.lines:
        header.problem(number, written, "unknown-field",
                       f"unknown field; did you mean '{meant}'? write '{meant}: {value}'")
        return _store(header, number, meant.lower(), value)
    header.problem(number, written, "unknown-field",
                   "unknown field; the header knows " + ", ".join(KNOWN_FIELDS))
    return _store(header, number, key, value) if _VALID_KEY.match(written) else ""


def _store(header: Header, number: int, key: str, value: str) -> str:
    if key in header.lines and key in _KNOWN:
        header.problem(number, _KNOWN[key], "duplicate-field",
                       f"given twice (first on line {header.lines[key]}); keep one line", value)
        return ""
    header.lines.setdefault(key, number)
    header.fields.setdefault(key, []).append(value)
    return key


def parse_review_day(raw: str) -> tuple[date | None, str]:
    """``Review_by``: a day, ``YYYY-MM-DD`` (a time is allowed and ignored); else the fix."""
    value = " ".join(str(raw).split())
    day_only = _ISO_DATE.fullmatch(value)
    if day_only:
        try:
            return date(*(int(g) for g in day_only.groups())), ""
        except ValueError:
            return None, "there is no such day; expected YYYY-MM-DD, e.g. 2027-03-31"
    parsed, fix = parse_date(value)
    if parsed is not None and not fix:
        return parsed.date(), ""
    if parsed is not None:
        return None, f"write {parsed:%Y-%m-%d} (YYYY-MM-DD)"
    return None, "expected YYYY-MM-DD, e.g. 2027-03-31"


def _check_dates(header: Header) -> None:
    for key in DATE_FIELDS:
        if key in header.fields:
            raw = " ".join(header.fields[key])
            fix = parse_review_day(raw)[1] if key == "review_by" else parse_date(raw)[1]
            if fix:
                header.problem(header.lines[key], _KNOWN[key], "date-format", fix, raw)


def header_notes(header: Header) -> dict:
    """What the reader keeps in an article's metadata (and so in Pelican's cache)."""
    return {HEADER_LINES_KEY: dict(header.lines), HEADER_PROBLEMS_KEY: list(header.problems)}


def field_line(metadata: dict, key: str) -> int | None:
    """The line of a header field in its source file (None when unknown, e.g. another reader)."""
    return (metadata.get(HEADER_LINES_KEY) or {}).get(key.lower())


def header_unreadable(metadata: dict) -> bool:
    """The header could not be read at all (broken YAML front matter): its one error says so,
    and no field is reported missing because of it."""
    return any(problem[2] == "front-matter" for problem in metadata.get(HEADER_PROBLEMS_KEY) or ())


def report_header(metadata: dict, source: str, report: ErrorReport,
                  required: Iterable[str] = ("title",)) -> None:
    """The problems the reader found in the header, and required fields it lacks."""
    for line, name, rule, message, value in metadata.get(HEADER_PROBLEMS_KEY) or ():
        report.add(source, message, field=name, value=value, line=line, rule=rule)
    lines = metadata.get(HEADER_LINES_KEY)
    if lines is None or header_unreadable(metadata):
        return
    for key in required:
        if key not in lines:
            report.add(source, f"is required; add a '{_KNOWN[key]}:' line to the header",
                       field=_KNOWN[key], line=1, rule="missing-field")


# ---- file names, summaries, scaffold text ----------------------------------------------------

_SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


def safe_file_name(path: str) -> str:
    """``path`` with its file name made safe for URLs, feeds and the API; "" when it is safe."""
    pure = PurePosixPath(path)
    if _SAFE_NAME.match(pure.name):
        return ""
    stem = pure.stem.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        stem = stem.replace(umlaut, plain)
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = "-".join("".join(c if c.isalnum() else " " for c in stem).split()) or "bild"
    return str(pure.with_name(stem + pure.suffix.lower()))


_MARKUP = (("**", re.compile(r"\*\*|__")), ("a link", re.compile(r"\[[^\]]*\]\([^)]*\)")),
           ("HTML", re.compile(r"<[A-Za-z/!][^>]*>")), ("#", re.compile(r"#")),
           ("`", re.compile(r"`")))
_ABBREVIATIONS = ("z. B.", "z.B.", "d. h.", "d.h.", "u. a.", "u.a.", "bzw.", "ca.", "Dr.",
                  "Prof.", "Nr.", "Abs.", "Mio.", "Mrd.", "etc.", "usw.", "vgl.", "inkl.",
                  "e.g.", "i.e.", "vs.", "Mr.", "Ms.", "St.", "Co.")
_SENTENCE_END = re.compile(r"(?<!\b\d)(?<!\b\d\d)[.!?…]+[\"“”‘’»«)]*(?=\s+\S|$)")


def sentence_count(text: str) -> int:
    """Sentences in plain text; abbreviations and ordinals ("1. September") end none."""
    for abbreviation in _ABBREVIATIONS:
        text = text.replace(abbreviation, abbreviation.replace(".", ""))
    return len(_SENTENCE_END.findall(text.strip())) or (1 if text.strip() else 0)


def summary_problem(summary: str, most: int = 2) -> str:
    """What is wrong with a summary ("" when it is plain text of at most ``most`` sentences)."""
    found = [name for name, pattern in _MARKUP if pattern.search(summary)]
    count = sentence_count(summary)
    parts = []
    if found:
        parts.append("must be plain text: remove the markup (" + ", ".join(found) + ")")
    if count > most:
        parts.append(f"has {count} sentences: shorten it to one or two")
    return "; ".join(parts)


def _check_summary_and_scaffold(metadata: dict, source: str, report: ErrorReport,
                                published: bool) -> None:
    summary = str(metadata.get("summary") or "").strip()
    line = field_line(metadata, "summary")
    if published and summary == SCAFFOLD_SUMMARY:
        report.add(source, "still the scaffold text of ./magazine new: say in one or two "
                   "sentences what the article is about", field="Summary", value=summary,
                   line=line, rule="placeholder")
    elif summary and summary_problem(summary):
        report.add(source, summary_problem(summary), field="Summary", line=line,
                   rule="summary-format")


def report_scaffold_text(article, report: ErrorReport) -> None:
    """Scaffold headings and text of ``./magazine new`` left in a published article's body."""
    body = getattr(article, "_content", "") or ""
    leftovers = [text for text in (SCAFFOLD_HEADING, SCAFFOLD_TEXT)
                 if f">{text}</" in body]
    if not leftovers:
        return
    source_text = Path(article.source_path).read_text(encoding="utf-8")
    for text in leftovers:
        report.add(article.source_path, "still the scaffold text of ./magazine new: replace it "
                   "with your own", field="Body", value=text,
                   line=line_of(source_text, text), rule="placeholder")


def line_of(text: str, needle: str) -> int | None:
    """The line of ``needle``'s first occurrence in ``text`` (1-based), None when absent."""
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1


# ---- published or not: the one test -----------------------------------------------------------

def is_unpublished(item) -> bool:
    """A draft or a scheduled article. The publication plugin decides it once per build
    (``item.unpublished``); without the plugin, the same rule at this moment."""
    if hasattr(item, "unpublished"):
        return item.unpublished is not None
    return publication_state(item, datetime.now().astimezone()) is not None


def unpublished_articles(context: dict, articles_generator=None) -> list:
    """Every unpublished article of the build (drafts and scheduled, translations too), from
    Pelican's articles generator (or, without it, the context's ``drafts`` and ``articles``)."""
    source = articles_generator
    candidates = ([*source.drafts, *source.drafts_translations, *source.articles,
                   *source.translations] if source is not None
                  else [*context.get("drafts", ()), *context.get("articles", ())])
    return [article for article in candidates if is_unpublished(article)]


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
    featured: bool = False  # shown at the top of its department's page
    series: Series | None = None
    series_part: int = 0  # its place in the series, from 1
    hub_slugs: list[str] = field(default_factory=list)
    dialog: str = "open"
    uid: str = ""  # stable identity: see stable_uid()
    url: str = ""  # the article's URL, computed once (Pelican recomputes article.url per access)
    # (PUBLIC_URL, body), filled on first use by absolute_content(): a cache, not state
    absolute_html: tuple[str, str] = field(default=("", ""), metadata={"cache": True})

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
    return path_uid(source, content)


@lru_cache(maxsize=100_000)
def path_uid(source: str, content: Path) -> str:
    """The UUID-5 of ``source``'s path inside ``content`` (kept: the live preview's process
    asks again for every article on every save)."""
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
                report: ErrorReport, line: int | None = None) -> list[Term]:
    """Look up slugs in one facet; unknown or repeated slugs go to ``report``."""
    found: list[Term] = []
    for value in values:
        term = facet.terms.get(value)
        if term is None:
            report.add(source, f"unknown {facet.name}", field=display_field(key), value=value,
                       allowed=facet.allowed(), line=line, rule="unknown-term")
        elif term in found:
            report.add(source, "named twice", field=display_field(key), value=value,
                       line=line, rule="unknown-term")
        else:
            found.append(term)
    return found


def _flag(raw: object, key: str, source: str, report: ErrorReport,
          line: int | None = None) -> bool:
    value = str(raw if raw is not None else "").strip().lower()
    if value in TRUE_WORDS:
        return True
    if value not in FALSE_WORDS:
        report.add(source, "expected true or false", field=display_field(key), value=value,
                   allowed=("true", "false"), line=line, rule="invalid-value")
    return False


def parse_profile(metadata: dict, source: str, content: Path, taxonomy: Taxonomy,
                  authors: dict[str, Author], report: ErrorReport,
                  published: bool = True) -> ArticleProfile:
    """Validate one article's metadata; each problem goes to ``report`` with file, line and
    field. ``published`` False (a draft or a scheduled article) skips the scaffold-text rule."""
    report_header(metadata, source, report, required=("title", "date"))
    if header_unreadable(metadata):
        return ArticleProfile(department=None, topics=[], industries=[], audiences=[],
                              format=None, authors=[], image=None, stage="",
                              uid=stable_uid(metadata, source, content))

    def line(key: str) -> int | None:
        return field_line(metadata, key)

    terms: dict[str, list[Term]] = {}
    for key, (facet_name, fewest, most) in TERM_FIELDS.items():
        facet = taxonomy[facet_name]
        values = split_list(metadata.get(key))
        found = parse_terms(values, key, facet, source, report, line(key))
        if len(values) < fewest:
            what = "is required" if fewest == 1 and most == 1 else f"needs at least {fewest}"
            report.add(source, f"{what} ({facet.label('en').lower()} slug)",
                       field=display_field(key), allowed=facet.allowed(),
                       line=line(key) or 1, rule="missing-field")
        elif most is not None and len(values) > most:
            report.add(source, f"allows at most {most} value(s), found {len(values)}",
                       field=display_field(key), value=", ".join(values), line=line(key),
                       rule="term-count")
        terms[key] = found

    people = []
    raw_authors = metadata.get("authors") or metadata.get("author") or []
    names = [getattr(a, "name", str(a)) for a in (raw_authors if isinstance(raw_authors, list)
                                                   else [raw_authors])]
    names = [n.strip() for name in names for n in name.split(",") if n.strip()]
    if not names:
        report.add(source, "at least one author slug is required", field="Authors",
                   allowed=tuple(authors), line=line("authors") or 1, rule="missing-field")
    for name in names:
        if name in authors:
            people.append(authors[name])
        else:
            report.add(source, "unknown author", field="Authors", value=name,
                       allowed=tuple(authors), line=line("authors"), rule="unknown-author")

    if not str(metadata.get("summary") or "").strip():
        report.add(source, "a one- or two-sentence summary is required", field="Summary",
                   line=line("summary") or 1, rule="missing-field")
    _check_summary_and_scaffold(metadata, source, report, published)

    lang = str(metadata.get("lang") or "de").strip()
    if lang not in taxonomy.langs:
        report.add(source, "unsupported language", field="Lang", value=lang,
                   allowed=taxonomy.langs, line=line("lang"), rule="invalid-value")

    image = None
    if metadata.get("image"):
        path = str(metadata["image"]).strip().lstrip("/")
        alt = str(metadata.get("image_alt") or "").strip()
        file = content / path
        if not alt:
            report.add(source, "an image needs a text alternative", field="Image_alt",
                       line=line("image_alt") or line("image"), rule="image-alt")
        if safe_file_name(path):
            report.add(source, "the file name has spaces or special characters, which break "
                       f"links, feeds and the API: rename the file to {safe_file_name(path)}",
                       field="Image", value=path, line=line("image"), rule="image-name")
        elif not file.is_file():
            report.add(source, "image file not found in the content folder", field="Image",
                       value=path, line=line("image"), rule="image-missing")
        else:
            width, height = measure_image(file)
            image = LeadImage(path=path, alt=alt,
                              caption=str(metadata.get("image_caption") or "").strip(),
                              width=width, height=height, length=file.stat().st_size)

    fmt = terms["format"][0] if terms["format"] else None
    stage = str(metadata.get("stage") or "").strip().lower() or (fmt.stage if fmt else "") or ""
    if stage and stage not in STAGES:
        report.add(source, "unknown buyer-journey stage", field="Stage", value=stage,
                   allowed=STAGES, line=line("stage"), rule="invalid-value")

    hub_slugs = split_list(metadata.get("hubs"))
    for slug in hub_slugs:
        if not SLUG.match(slug):
            report.add(source, "a hub is named by its slug", field="Hubs", value=slug,
                       line=line("hubs"), rule="invalid-value")

    dialog = str(metadata.get("dialog") or "open").strip().lower()
    if dialog not in DIALOG_STATES:
        report.add(source, "unknown dialog state", field="Dialog", value=dialog,
                   allowed=DIALOG_STATES, line=line("dialog"), rule="invalid-value")

    series, series_part = parse_series(metadata, taxonomy, source, report)
    return ArticleProfile(
        department=terms["department"][0] if terms["department"] else None,
        topics=terms["topics"], industries=terms["industries"], audiences=terms["audiences"],
        format=fmt, authors=people, image=image, stage=stage,
        lead=_flag(metadata.get("lead"), "lead", source, report, line("lead")),
        featured=_flag(metadata.get("featured"), "featured", source, report, line("featured")),
        series=series, series_part=series_part,
        hub_slugs=hub_slugs, dialog=dialog, uid=stable_uid(metadata, source, content),
    )


# ---- series: `Series: <slug>` and `Series_part: <n>` ------------------------------------------

def parse_series(metadata: dict, taxonomy: Taxonomy, source: str,
                 report: ErrorReport) -> tuple[Series | None, int]:
    """An article's series and its part number; (None, 0) when it is in none (or errs)."""
    slug = str(metadata.get("series") or "").strip()
    raw_part = str(metadata.get("series_part") or "").strip()
    series_line, part_line = field_line(metadata, "series"), field_line(metadata, "series_part")
    if not slug:
        if raw_part:
            report.add(source, "a part number needs its series: add 'Series: <slug>' (see the "
                       "series section of taxonomy.yml) or remove this line", field="Series_part",
                       value=raw_part, allowed=tuple(taxonomy.series), line=part_line,
                       rule="series-part")
        return None, 0
    series = taxonomy.series.get(slug)
    if series is None:
        fix = ("define it in the series section of taxonomy.yml, or name one listed there"
               if taxonomy.series else
               "define it in a 'series:' section of taxonomy.yml (title and description in "
               "de and en)")
        report.add(source, f"unknown series: {fix}", field="Series", value=slug,
                   allowed=tuple(taxonomy.series), line=series_line, rule="unknown-series")
    if not raw_part:
        report.add(source, f"an article in a series needs its part number: add "
                   f"'Series_part: 1' (2, 3, … in reading order) below 'Series: {slug}'",
                   field="Series_part", line=series_line, rule="series-part")
        return None, 0
    if not raw_part.isdigit() or int(raw_part) < 1:
        report.add(source, "the part number is a whole number from 1 (1, 2, 3, … in reading "
                   "order), e.g. 'Series_part: 2'", field="Series_part", value=raw_part,
                   line=part_line, rule="series-part")
        return None, 0
    return series, int(raw_part) if series is not None else 0


def report_series_parts(articles: Iterable, profiles: dict[str, ArticleProfile],
                        report: ErrorReport) -> None:
    """Across the articles of a build (drafts too): a part number given twice in one series and
    language is an error of the newer file; a missing part before the last is a warning."""
    editions: dict[tuple[str, str], dict[int, list]] = {}
    for article in articles:
        profile = profiles.get(article.source_path)
        if profile is None or profile.series is None:
            continue
        key = (profile.series.slug, getattr(article, "lang", "") or "de")
        editions.setdefault(key, {}).setdefault(profile.series_part, []).append(article)
    for (slug, lang), parts in sorted(editions.items()):
        for number, holders in sorted(parts.items()):
            first, *newer = sorted(holders, key=lambda a: (a.date, a.source_path))
            for article in newer:
                report.add(article.source_path,
                           f"part {number} of series '{slug}' ({lang}) is "
                           f"{display_path(first.source_path)} already (the older file keeps "
                           "it): give this article the next free "
                           f"number, 'Series_part: {max(parts) + 1}'", field="Series_part",
                           value=str(number), line=field_line(article.metadata, "series_part"),
                           rule="series-duplicate-part")
        missing = [n for n in range(1, max(parts)) if n not in parts]
        if missing:
            after = min(n for n in parts if n > missing[0])
            article = sorted(parts[after], key=lambda a: (a.date, a.source_path))[0]
            report.warn(article.source_path,
                        f"series '{slug}' ({lang}) has no part "
                        f"{', '.join(str(n) for n in missing)}: number the parts 1, 2, 3, … "
                        "without gaps (or write the missing part)", field="Series_part",
                        value=str(after), line=field_line(article.metadata, "series_part"),
                        rule="series-gap")
