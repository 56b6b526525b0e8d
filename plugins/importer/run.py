"""One import: plan every file in memory, then write what is new, never what an editor changed.

Bookkeeping lives in ``<content>/import/``: ``mapping.yml`` (the editor's), ``redirects.yml``
(read by the redirects plugin), ``downloads.tsv`` (images and their target paths),
``manifest.json`` (which file came from which old item, with the hash written).
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from http.client import HTTPException
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import yaml
from corporate_world.errors import ErrorReport
from corporate_world.taxonomy import load_taxonomy

from importer import mapping as mapping_file
from importer.comments import Thread, write_threads
from importer.convert import IMAGE_TYPES, Hooks, to_markdown
from importer.model import ImportFailure, Item, Source
from importer.text import first_paragraph, plain, plain_title, safe_file_name, slugify, summary_of

IMPORT_DIR = "import"
DATE = "%Y-%m-%d %H:%M"
DRAFT_NOTES = {"draft": "", "pending": "pending review in WordPress",
               "private": "private in WordPress: imported as a draft, check before publishing",
               "future": "scheduled in WordPress: a draft with its date",
               "password": "password-protected in WordPress: imported as a draft, check "
                           "before publishing"}
RESERVED_PAGE_SLUGS = {"artikel", "autor", "hub", "feeds", "api", "suche", "archiv", "en",
                       "entwuerfe", "images", "theme", "dialog", "comments", "import"}


@dataclass
class Options:
    content: Path
    mapping: Path | None = None
    auto_map: bool = False
    comments_db: Path | None = None
    update: bool = False
    download: bool = False
    settings: dict = field(default_factory=dict)


@dataclass
class Result:
    lines: list[str] = field(default_factory=list)  # the report for the editor
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def existing_slugs(content: Path, owned: set[str]) -> set[str]:
    """Slugs (and page slugs) already used in the content folder, apart from our own files."""
    taken = set()
    for folder in ("articles", "pages"):
        for file in (content / folder).rglob("*.md") if (content / folder).is_dir() else ():
            relative = file.relative_to(content).as_posix()
            if relative in owned:
                continue
            match = re.search(r"^Slug:\s*(\S+)", file.read_text(encoding="utf-8",
                                                                errors="replace")[:2000], re.M)
            taken.add(f"{folder}:{match.group(1) if match else file.stem}")
    return taken


class Importer:
    def __init__(self, source: Source, options: Options):
        self.source, self.options = source, options
        self.content = Path(options.content)
        self.folder = self.content / IMPORT_DIR
        self.mapping_path = Path(options.mapping or self.folder / "mapping.yml")
        self.result = Result()
        self.planned: dict[str, bytes] = {}  # content-relative path -> bytes
        self.images: dict[str, tuple[str, str]] = {}  # url -> (target, state)
        self.pending_images: dict[str, bytes] = {}
        self.notes: dict[str, list[str]] = {}
        self.current_notes: list[str] = []
        self.current_file: Path | None = None
        host = urlsplit(source.base_url).hostname or ""
        self.hosts = {host, host.removeprefix("www."), "www." + host.removeprefix("www.")} - {
            "", "www."}
        report = ErrorReport()
        taxonomy_file = self.content / "taxonomy.yml"
        if not taxonomy_file.is_file():
            raise ImportFailure(f"{taxonomy_file}: missing: the content folder needs its "
                                "taxonomy before an import")
        self.taxonomy = load_taxonomy(taxonomy_file, report)
        if report.errors:
            raise ImportFailure("\n".join(str(e) for e in report.errors))
        manifest_file = self.folder / "manifest.json"
        self.manifest = (json.loads(manifest_file.read_text(encoding="utf-8"))
                         if manifest_file.is_file() else {"files": {}, "items": {}})

    # --- naming ---------------------------------------------------------------------------
    def item_id(self, item: Item) -> str:
        return f"{self.source.kind}:{self.source.base_url or Path(self.source.name).name}:" \
               f"{item.key}"

    def author_suggestions(self) -> dict[str, str]:
        found = {}
        for key, person in self.source.people.items():
            slug = slugify(person.name) or slugify(key) or "autorin"
            found[key] = slug
        return found

    # --- URLs on the old site -------------------------------------------------------------
    def old_key(self, url: str) -> str | None:
        """A link's path (and query) on the old site; None for another site."""
        parts = urlsplit(url.strip())
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        if parts.netloc and (parts.hostname or "") not in self.hosts:
            return None
        if not parts.netloc and not parts.path.startswith("/") and not parts.query:
            return None
        return unquote(parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def index_old_paths(self) -> None:
        self.by_old: dict[str, Item] = {}
        for item in self.source.items:
            for path in item.old_paths:
                self.by_old[unquote(path)] = item
                if not path.endswith("/") and "?" not in path and "." not in path.rsplit(
                        "/", 1)[-1]:
                    self.by_old[unquote(path) + "/"] = item

    def link(self, url: str) -> str | None:
        key = self.old_key(url)
        if key is None:
            return None
        fragment = urlsplit(url).fragment
        target = self.by_old.get(key) or self.by_old.get(key.split("#")[0] + "/")
        if target is None and "?" in key:  # ?p=12&foo=bar
            query = dict(part.split("=", 1) for part in key.split("?", 1)[1].split("&")
                         if "=" in part)
            for name in ("p", "page_id"):
                if name in query:
                    target = self.by_old.get(f"{key.split('?')[0]}?{name}={query[name]}")
        if target is None:
            return None
        if target.draft_reason:
            self.current_notes.append(f"link to the unpublished {target.key} removed "
                                      "(text kept)")
            return ""
        return f"{{filename}}/{self.paths[target.key]}" + (f"#{fragment}" if fragment else "")

    # --- images ---------------------------------------------------------------------------
    def image_target(self, url: str, local: Path | None = None) -> str:
        parts = urlsplit(url)
        path = unquote(parts.path)
        if local is not None:  # a file of the old folder: keep its place, so names stay apart
            tail = list(local.resolve().relative_to(Path(self.source.name).resolve()).parts)
            if tail[0] in ("static", "content") and len(tail) > 1:
                tail = tail[1:]
        elif "/uploads/" in path:
            tail = path.split("/uploads/", 1)[1].split("/")
        else:
            tail = [p for p in path.split("/") if p][-1:]
        folders = [slugify(p) or "bilder" for p in tail[:-1]]
        return "/".join(["images", "import", *folders, safe_file_name(tail[-1] if tail else
                                                                       "bild")])

    def local_file(self, url: str) -> Path | None:
        """An image of a Hugo/Jekyll/Pelican folder, found in the folder itself."""
        if self.source.kind in ("wordpress", "feed") or urlsplit(url).netloc:
            return None
        root = Path(self.source.name)
        relative = unquote(urlsplit(url).path)
        for prefix in ("{static}", "{attach}", "{filename}"):
            relative = relative.removeprefix(prefix)
        candidates = [root / "static" / relative.lstrip("/"), root / relative.lstrip("/"),
                      root / "content" / relative.lstrip("/")]
        if self.current_file is not None:
            candidates.append(self.current_file.parent / relative)
        inside = root.resolve()
        return next((c for c in candidates if c.is_file()
                     and c.resolve().is_relative_to(inside)), None)  # nothing from outside

    def image(self, url: str) -> str:
        if not url or url.startswith("{static}/images/"):
            return url
        is_old_site = bool(self.old_key(url) is not None or self.local_file(url))
        if not is_old_site or not url.lower().split("?")[0].endswith(IMAGE_TYPES):
            return url
        local = self.local_file(url)
        target = self.image_target(url, local)
        file = self.content / target
        if file.is_file() or target in self.pending_images:
            state = "present"
        elif local is not None:
            self.pending_images[target] = local.read_bytes()
            state = "copied"
        elif self.options.download and urlsplit(url).netloc:
            state = self.fetch(url, target)
        else:
            state = "missing"
        self.images[url] = (target, state)
        return f"{{static}}/{target}" if state != "missing" and not state.startswith(
            "failed") else url

    def fetch(self, url: str, target: str) -> str:
        parts = urlsplit(url)
        address = parts._replace(path=quote(parts.path, safe="/%+@:,;=")).geturl()
        try:
            with urllib.request.urlopen(address, timeout=20) as response:
                kind = response.headers.get_content_type()
                if not kind.startswith("image/"):
                    return f"failed: the server sent {kind}, not an image"
                self.pending_images[target] = response.read()
            return "downloaded"
        except (urllib.error.URLError, OSError, ValueError, HTTPException) as problem:
            return f"failed: {problem}"

    # --- the run --------------------------------------------------------------------------
    def run(self) -> Result:
        source = self.source
        existing = mapping_file.load(self.mapping_path)
        authors_suggested = self.author_suggestions()
        data = mapping_file.merged(existing, source, self.taxonomy, authors_suggested)
        problems = mapping_file.check(data, self.taxonomy, self.mapping_path)
        if problems:
            raise ImportFailure("\n".join(problems) + "\nnothing was written")
        missing = mapping_file.unmapped(data, source, self.options.auto_map)
        if missing and not self.options.auto_map:
            self.write_bookkeeping_file(self.mapping_path, mapping_file.render(data).encode())
            raise ImportFailure(
                f"{len(missing)} old term(s) are not mapped yet: " + ", ".join(missing[:12])
                + ("…" if len(missing) > 12 else "") + f".\nComplete `use` in "
                f"{self.mapping_path} (suggestions are filled in) and run again, or run with "
                "--auto-map to apply the suggestions and defaults. No article was written.")
        self.data = data
        self.assign_paths()
        self.index_old_paths()
        authors_used: dict[str, str] = {}  # slug -> name
        threads: list[Thread] = []
        for item in source.items:
            self.current_notes = []
            self.current_file = Path(item.origin) if item.origin else None
            text, slugs = self.render_item(item)
            path = self.paths[item.key]
            self.planned[path] = text.encode("utf-8")
            authors_used.update(slugs)
            if self.current_notes:
                self.notes[path] = list(dict.fromkeys(self.current_notes))
            if item.kind == "article":
                threads.append(Thread(self.thread_uri(item), plain_title(item.title_markup)[0]
                                      or "Ohne Titel", item.comments))
        for slug, name in sorted(authors_used.items()):
            self.plan_author(slug, name)
        for target, data_bytes in self.pending_images.items():
            self.planned[target] = data_bytes
        self.write_all()
        self.write_redirects()
        self.write_downloads()
        self.write_bookkeeping_file(self.mapping_path, mapping_file.render(data).encode())
        self.write_manifest()
        self.comments(threads, source)
        self.summarise(missing)
        return self.result

    def assign_paths(self) -> None:
        items_manifest = self.manifest.setdefault("items", {})
        owned = {entry["path"] for entry in items_manifest.values()}
        taken = existing_slugs(self.content, owned)
        self.paths: dict[str, str] = {}
        self.slugs: dict[str, str] = {}
        self.classes = {}
        for number, item in enumerate(self.source.items, start=1):
            classified = mapping_file.classify(item.terms, self.data, self.options.auto_map)
            self.classes[item.key] = classified
            known = items_manifest.get(self.item_id(item))
            if known:
                self.paths[item.key], self.slugs[item.key] = known["path"], known["slug"]
                continue
            folder = "pages" if item.kind == "page" else "articles"
            title = plain_title(item.title_markup)[0]
            base = item.slug or slugify(title) or f"beitrag-{slugify(item.key)[-20:] or number}"
            slug, counter = base, 2
            while f"{folder}:{slug}" in taken or (folder == "pages"
                                                  and slug in RESERVED_PAGE_SLUGS):
                slug, counter = f"{base}-{counter}", counter + 1
            taken.add(f"{folder}:{slug}")
            sub = "" if folder == "pages" else f"{classified.department or 'import'}/"
            self.paths[item.key] = f"{folder}/{sub}{slug}.md"
            self.slugs[item.key] = slug

    def thread_uri(self, item: Item) -> str:
        settings = self.options.settings
        lang = item.lang or self.source.lang
        slug = self.slugs[item.key]
        if lang != settings.get("DEFAULT_LANG", "de"):
            return "/" + settings.get("ARTICLE_LANG_URL", "{lang}/artikel/{slug}/").format(
                lang=lang, slug=slug)
        return "/" + settings.get("ARTICLE_URL", "artikel/{slug}/").format(slug=slug)

    def author_slug(self, key: str) -> str:
        entry = (self.data.get("authors") or {}).get(key) or {}
        return str(entry.get("use") or entry.get("suggestion") or slugify(key))

    def render_item(self, item: Item) -> tuple[str, dict[str, str]]:
        notes = self.current_notes
        hooks = Hooks(link=self.link, image=self.image, attachments=self.source.attachments,
                      item_id=item.key.split(":", 1)[1])
        converted = to_markdown(item.body, item.body_format, hooks)
        notes.extend(converted.notes)
        title, problem = plain_title(item.title_markup)
        if problem == "empty title":
            title = f"Ohne Titel ({self.slugs[item.key]})"
            notes.append("the old post had no title: a placeholder title was set")
        elif problem:
            notes.append(problem)
        date = item.date or item.modified or self.source.fallback_date
        if date is None and item.kind == "article":
            date = datetime(2000, 1, 1)
            notes.append("no date in the source: 2000-01-01 set, correct it")
        summary = summary_of(item.excerpt) if plain(item.excerpt) else ""
        if not summary:
            summary = summary_of(first_paragraph(converted.markdown)) or title
        lang = item.lang if item.lang in ("de", "en") else self.source.lang
        lines = [f"Title: {title}"]
        authors: dict[str, str] = {}
        if item.kind == "article":
            classified = self.classes[item.key]
            notes.extend(classified.notes)
            if classified.unmapped:
                notes.append("unmapped (defaults used): " + ", ".join(classified.unmapped))
            for key in item.authors or ["redaktion"]:
                person = self.source.people.get(key)
                authors[self.author_slug(key)] = person.name if person else "Redaktion"
            lines += [f"Date: {date:{DATE}}"]
            if item.modified and item.modified > date and f"{item.modified:{DATE}}" != \
                    f"{date:{DATE}}":
                lines.append(f"Modified: {item.modified:{DATE}}")
            lines += [f"Slug: {self.slugs[item.key]}", f"Department: {classified.department}",
                      f"Topics: {', '.join(classified.topics)}"]
            lines += [f"Industries: {', '.join(classified.industries)}"] * bool(
                classified.industries)
            lines += [f"Audiences: {', '.join(classified.audiences)}"] * bool(
                classified.audiences)
            lines += [f"Format: {classified.format}", f"Authors: {', '.join(authors)}"]
        else:
            lines.append(f"Slug: {self.slugs[item.key]}")
        lines.append(f"Summary: {summary}")
        if item.image_url and item.kind == "article":
            reference = self.image(item.image_url)
            if reference.startswith("{static}/"):
                alt = plain(item.image_alt) or title
                lines += [f"Image: {reference.removeprefix('{static}/')}", f"Image_alt: {alt}"]
            else:
                notes.append(f"lead image {item.image_url} not in the content folder yet: "
                             "import again with --download (and --update)")
        lines.append(f"Lang: {lang}")
        if item.draft_reason:
            lines.append("Status: draft")
            if DRAFT_NOTES[item.draft_reason]:
                notes.append(DRAFT_NOTES[item.draft_reason])
        return "\n".join(lines) + "\n\n" + converted.markdown, authors

    def plan_author(self, slug: str, name: str) -> None:
        path = f"authors/{slug}.yml"
        if (self.content / path).is_file() and path not in self.manifest.get("files", {}):
            return  # an existing profile: the magazine's author
        profile = {"name": name or slug,
                   "bio": {"de": f"{name} hat im früheren Blog geschrieben.",
                           "en": f"{name} wrote for the former blog."}}
        person = next((p for k, p in self.source.people.items()
                       if self.author_slug(k) == slug), None)
        if person is not None and person.email and self.options.settings.get(
                "IMPORT_KEEP_EMAILS"):
            profile["contact"] = {"email": person.email}
        self.planned[path] = ("# imported from the old blog; complete role, department, photo\n"
                              + yaml.safe_dump(profile, allow_unicode=True, sort_keys=False)
                              ).encode("utf-8")

    # --- writing --------------------------------------------------------------------------
    def write_all(self) -> None:
        recorded = self.manifest.setdefault("files", {})
        for relative, data in sorted(self.planned.items()):
            file = self.content / relative
            digest = sha(data)
            if file.is_file():
                current = file.read_bytes()
                if current == data:
                    self.result.unchanged += 1
                    recorded[relative] = digest
                    continue
                untouched = recorded.get(relative) == sha(current)
                if not (self.options.update and untouched):
                    why = ("changed since the import" if relative in recorded and not untouched
                           else "differs from the new import (use --update)" if untouched
                           else "exists and was not written by the import")
                    self.result.kept.append(f"{relative}: kept, {why}")
                    continue
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(data)
            recorded[relative] = digest
            self.result.written.append(relative)
        items = self.manifest.setdefault("items", {})
        for item in self.source.items:
            items[self.item_id(item)] = {"path": self.paths[item.key],
                                         "slug": self.slugs[item.key]}

    def write_bookkeeping_file(self, path: Path, data: bytes) -> None:
        if path.is_file() and path.read_bytes() == data:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def term_target(self, kind: str, slug: str) -> tuple[dict, dict]:
        """(page target, feed target) for an old category or tag."""
        entry = self.data["categories" if kind == "category" else "tags"].get(slug) or {}
        chosen = [v for v in mapping_file.targets(entry.get("use") or (
            entry.get("suggestion") if self.options.auto_map else "")) if v != "drop"]
        feeds = self.options.settings.get("FEEDS_DIR", "feeds").strip("/")
        if not chosen:
            return {"url": ""}, {"url": f"{feeds}/all.atom.xml"}
        facet, _, term = chosen[0].partition("/")
        feed = (f"{feeds}/{self.taxonomy[facet].path}/{term}.atom.xml"
                if facet in ("topic", "department") else f"{feeds}/all.atom.xml")
        return {"term": chosen[0]}, {"url": feed}

    def write_redirects(self) -> None:
        path = self.folder / "redirects.yml"
        current = {}
        if path.is_file():
            current = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = dict(current.get("redirects") or {})
        for item in self.source.items:
            if item.draft_reason:
                continue
            for old in item.old_paths:
                entries[old] = {"source": self.paths[item.key]}
        used_terms = {term for item in self.source.items if not item.draft_reason
                      for term in item.terms}
        for (kind, slug), term in self.source.terms.items():
            if (kind, slug) not in used_terms:
                continue
            page, feed = self.term_target(kind, slug)
            if term.old_path:
                entries[term.old_path] = page
            if term.feed_path:
                entries[term.feed_path] = feed
        published_authors = {a for item in self.source.items if not item.draft_reason
                             and item.kind == "article" for a in item.authors}
        for key, person in self.source.people.items():
            if person.old_path and key in published_authors:
                entries[person.old_path] = {"author": self.author_slug(key)}
        feeds = self.options.settings.get("FEEDS_DIR", "feeds").strip("/")
        for feed in self.source.feed_paths:
            entries[feed] = {"url": f"{feeds}/all.atom.xml"}
        data = {"redirects": dict(sorted(entries.items()))}
        header = ("# Old addresses -> new targets, written by ./magazine import and read by the\n"
                  "# redirects plugin: source (a content file), term (facet/slug), author\n"
                  "# (slug) or url (site-relative; \"\" is the front page).\n")
        self.write_bookkeeping_file(path, (header + yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, width=200)).encode("utf-8"))

    def write_downloads(self) -> None:
        path = self.folder / "downloads.tsv"
        rows = {}
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines()[1:]:
                parts = line.split("\t")
                if len(parts) == 3:
                    rows[parts[0]] = parts
        for url, (target, state) in self.images.items():
            present = (self.content / target).is_file()
            rows[url] = [url, target, "present" if present else "missing"]
            if state.startswith("failed"):
                self.result.lines.append(f"download {url}: {state}")
        if not rows:
            return
        lines = ["url\ttarget\tstate", *("\t".join(rows[url]) for url in sorted(rows))]
        self.write_bookkeeping_file(path, ("\n".join(lines) + "\n").encode("utf-8"))

    def write_manifest(self) -> None:
        self.manifest["files"] = dict(sorted(self.manifest.get("files", {}).items()))
        self.manifest["items"] = dict(sorted(self.manifest.get("items", {}).items()))
        self.write_bookkeeping_file(self.folder / "manifest.json", (json.dumps(
            self.manifest, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))

    def comments(self, threads: list[Thread], source: Source) -> None:
        page_comments = sum(len(i.comments) for i in source.items if i.kind == "page")
        if not any(t.comments for t in threads):
            return
        db = self.options.comments_db
        if db is None:
            self.result.lines.append("comments: no database given, not imported")
            return
        report = write_threads(Path(db), threads,
                               bool(self.options.settings.get("IMPORT_KEEP_EMAILS")))
        skipped = ", ".join(f"{n} {kind}" for kind, n in sorted(report.skipped.items()))
        self.result.lines.append(
            f"comments: {report.added} added, {report.present} already there"
            + (f", skipped: {skipped}" if skipped else "")
            + (f", {page_comments} on pages not imported" if page_comments else "")
            + f" ({db})")

    def summarise(self, missing: list[str]) -> None:
        result = self.result
        kinds = Counter("page" if p.startswith("pages/") else "author" if p.startswith(
            "authors/") else "image" if p.startswith("images/") else "article"
            for p in result.written)
        drafts = sum(1 for i in self.source.items if i.draft_reason)
        result.lines.insert(0, f"{self.source.kind} {self.source.name}: {len(self.source.items)} "
                               f"item(s), {drafts} as drafts; written: "
                               + (", ".join(f"{n} {k}(s)" for k, n in sorted(kinds.items()))
                                  or "nothing") + f"; unchanged: {result.unchanged}")
        result.lines += result.kept
        if missing:
            result.lines.append("unmapped terms (the defaults were used): " + ", ".join(missing))
        missing_images = sum(1 for _t, s in self.images.values() if s == "missing")
        if missing_images:
            result.lines.append(f"{missing_images} image(s) not downloaded: see "
                                f"{self.folder / 'downloads.tsv'} (--download fetches them)")
        for path, notes in sorted(self.notes.items()):
            result.lines.append(f"{path}: needs an editor's look:")
            result.lines += [f"  - {note}" for note in notes]
        result.lines += self.source.notes


def run_import(source: Source, options: Options) -> Result:
    return Importer(source, options).run()
