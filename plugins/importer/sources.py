"""Feeds (RSS/Atom, read with feedparser) and Hugo, Jekyll or Pelican folders as a Source."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from importer.model import ImportFailure, Item, Person, Source, Term
from importer.text import slugify
from importer.wordpress import old_path


def _local(moment) -> datetime | None:
    """A feed's or front matter's time as naive local time (Europe/Berlin is the site's)."""
    if moment is None:
        return None
    if isinstance(moment, tuple):  # feedparser's struct_time, UTC
        moment = datetime(*moment[:6], tzinfo=UTC)
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(moment, datetime):  # a date
        moment = datetime(moment.year, moment.month, moment.day)
    if moment.tzinfo is not None:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo("Europe/Berlin")).replace(tzinfo=None)
    return moment


def read_feed(location: str) -> Source:
    import feedparser

    if not re.match(r"https?://", location) and not Path(location).is_file():
        raise ImportFailure(f"{location}: no such file (or give an http(s) URL)")
    parsed = feedparser.parse(location, sanitize_html=False)  # our cleaner keeps embeds
    if parsed.bozo and not parsed.entries:
        problem = parsed.get("bozo_exception")
        line = getattr(problem, "getLineNumber", lambda: None)()
        where = f"{location}:{line}" if line else location
        raise ImportFailure(f"{where}: not a readable feed: {problem}; nothing was written")
    feed = parsed.feed
    base = feed.get("link", "") or (location if location.startswith("http") else "")
    parts = urlsplit(base)
    lang = (feed.get("language") or "de")[:2].lower()
    source = Source(kind="feed", name=location,
                    base_url=f"{parts.scheme}://{parts.netloc}" if parts.netloc else "",
                    lang=lang if lang in ("de", "en") else "de")
    self_link = next((link.get("href") for link in feed.get("links", [])
                      if link.get("rel") == "self"), "")
    if self_link or location.startswith("http"):
        source.feed_paths.append(old_path(self_link or location))
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link", "")
        key = entry.get("id") or link or f"entry-{number}"
        body = (entry.get("content") or [{}])[0].get("value") or entry.get("summary", "")
        updated = entry.get("updated_parsed") if "updated" in entry else None
        date = _local(entry.get("published_parsed") or updated)
        item = Item(key=f"entry:{key}", kind="article", title_markup=entry.get("title", ""),
                    slug=slugify(urlsplit(link).path.rstrip("/").rsplit("/", 1)[-1].rsplit(
                        ".", 1)[0]) if link else "",
                    date=date, modified=_local(updated),
                    excerpt=entry.get("summary", "") if entry.get("content") else "",
                    body=body, old_paths=[old_path(link)] if link else [])
        for author in entry.get("authors", []) or ([{"name": entry["author"]}]
                                                   if entry.get("author") else []):
            name = (author.get("name") or "").strip()
            if name:
                source.people.setdefault(name, Person(key=name, name=name))
                item.authors.append(name)
        for tag in entry.get("tags", []):
            label = (tag.get("label") or tag.get("term") or "").strip()
            slug = slugify(tag.get("term") or label)
            if slug:
                source.terms.setdefault(("category", slug), Term("category", slug, label or slug))
                item.terms.append(("category", slug))
        for enclosure in entry.get("enclosures", []):
            if str(enclosure.get("type", "")).startswith("image/"):
                item.image_url, item.image_alt = enclosure.get("href", ""), ""
                break
        source.items.append(item)
    return source


FRONT = re.compile(r"\A(---|\+\+\+)\s*\n(.*?)\n\1\s*\n?(.*)\Z", re.S)


def front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = FRONT.match(text)
    if not match:
        return {}, text
    fence, head, body = match.groups()
    try:
        meta = tomllib.loads(head) if fence == "+++" else yaml.safe_load(head) or {}
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as problem:
        mark = getattr(problem, "problem_mark", None)
        line = f":{mark.line + 2}" if mark else ""
        raise ImportFailure(f"{path}{line}: front matter is not valid "
                            f"{'TOML' if fence == '+++' else 'YAML'}: {problem}; "
                            "nothing was written") from None
    return (meta if isinstance(meta, dict) else {}), body


def pelican_header(path: Path) -> tuple[dict, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    meta: dict = {}
    for number, line in enumerate(lines):
        if not line.strip():
            return meta, "\n".join(lines[number + 1:])
        key, sep, value = line.partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z_]+", key.strip()):
            return meta, "\n".join(lines[number:])
        meta[key.strip().lower()] = value.strip()
    return meta, ""


def _list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def read_folder(folder: Path, flavour: str) -> Source:
    folder = Path(folder)
    if flavour not in ("hugo", "jekyll", "pelican"):
        raise ImportFailure(f"--from must be hugo, jekyll or pelican (got {flavour!r})")
    if not folder.is_dir():
        raise ImportFailure(f"{folder}: no such folder")
    source = Source(kind=flavour, name=str(folder))
    config = {}
    for name in ("hugo.toml", "config.toml", "hugo.yaml", "config.yaml", "_config.yml"):
        if (folder / name).is_file():
            text = (folder / name).read_text(encoding="utf-8")
            try:
                config = tomllib.loads(text) if name.endswith(".toml") else (
                    yaml.safe_load(text) or {})
            except (tomllib.TOMLDecodeError, yaml.YAMLError) as problem:
                raise ImportFailure(f"{folder / name}: not readable: {problem}") from None
            break
    base = str(config.get("baseURL") or config.get("url") or "").rstrip("/")
    source.base_url = base
    lang = str(config.get("languageCode") or config.get("lang") or "de")[:2].lower()
    source.lang = lang if lang in ("de", "en") else "de"
    if flavour == "hugo":
        read_hugo(folder, source)
    elif flavour == "jekyll":
        read_jekyll(folder, source, str(config.get("permalink") or "date"))
    else:
        read_pelican(folder, source)
    return source


def add_terms(source: Source, item: Item, kind: str, values: list[str], path_pattern: str):
    for value in values:
        slug = slugify(value)
        if slug:
            old = path_pattern.format(slug=slug) if path_pattern else ""
            feed = old + "index.xml" if old.endswith("/") else ""
            source.terms.setdefault((kind, slug), Term(kind, slug, value, old, feed))
            item.terms.append((kind, slug))


def add_authors(source: Source, item: Item, values: list[str]) -> None:
    for name in values:
        source.people.setdefault(name, Person(key=name, name=name))
        item.authors.append(name)


def read_hugo(folder: Path, source: Source) -> None:
    content = folder / "content"
    if not content.is_dir():
        raise ImportFailure(f"{folder}: no content/ folder (is this a Hugo site?)")
    source.feed_paths = ["/index.xml"]
    for file in sorted(content.rglob("*.md")):
        relative = file.relative_to(content)
        if file.name == "_index.md":
            continue
        meta, body = front_matter(file)
        bundle = file.name == "index.md"
        name = relative.parent.name if bundle else file.stem
        section = relative.parts[0] if len(relative.parts) > 1 + bundle else ""
        slug = slugify(str(meta.get("slug") or name))
        path = str(meta.get("url") or "")
        if not path:
            path = f"/{section}/{meta.get('slug') or name}/" if section else f"/{name}/"
        item = Item(key=f"file:{relative.as_posix()}",
                    kind="article" if section else "page",
                    title_markup=str(meta.get("title") or ""), slug=slug,
                    date=_local(meta.get("date") or meta.get("publishDate")),
                    modified=_local(meta.get("lastmod")),
                    draft_reason="draft" if meta.get("draft") else "",
                    excerpt=str(meta.get("summary") or meta.get("description") or ""),
                    body=body, body_format="markdown", origin=str(file),
                    old_paths=[path, *[str(a) for a in _list(meta.get("aliases"))]],
                    lang=str(meta.get("lang") or meta.get("language") or "")[:2])
        images = _list(meta.get("images")) or _list(meta.get("featured_image") or meta.get(
            "image"))
        if images:
            item.image_url = images[0]
        add_terms(source, item, "category", _list(meta.get("categories")), "/categories/{slug}/")
        add_terms(source, item, "tag", _list(meta.get("tags")), "/tags/{slug}/")
        add_authors(source, item, _list(meta.get("authors") or meta.get("author")))
        source.items.append(item)


JEKYLL_PERMALINKS = {"date": "/:categories/:year/:month/:day/:title:output_ext",
                     "pretty": "/:categories/:year/:month/:day/:title/",
                     "ordinal": "/:categories/:year/:y_day/:title:output_ext",
                     "none": "/:categories/:title:output_ext"}


def read_jekyll(folder: Path, source: Source, permalink: str) -> None:
    pattern = JEKYLL_PERMALINKS.get(permalink, permalink)
    source.feed_paths = ["/feed.xml"]
    files = [(f, "") for f in sorted((folder / "_posts").rglob("*.md"))]
    files += [(f, "draft") for f in sorted((folder / "_drafts").rglob("*.md"))]
    files += [(f, "page") for f in sorted(folder.glob("*.md")) if f.stem.lower() not in (
        "readme", "index", "license", "changelog")]
    for file, role in files:
        meta, body = front_matter(file)
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})-(.+)", file.stem)
        title_slug = slugify(meta.get("slug") or (match.group(4) if match else file.stem))
        date = _local(meta.get("date")) or (datetime(*map(int, match.groups()[:3]))
                                            if match else None)
        categories = _list(meta.get("categories") or meta.get("category"))
        if role == "page":
            path = str(meta.get("permalink") or f"/{file.stem}.html")
        elif meta.get("permalink"):
            path = str(meta["permalink"])
        else:
            path = pattern
            values = {":categories": "/".join(slugify(c) for c in categories),
                      ":year": f"{date:%Y}" if date else "", ":month": f"{date:%m}" if date else "",
                      ":day": f"{date:%d}" if date else "",
                      ":y_day": f"{date:%j}" if date else "", ":title": title_slug,
                      ":slug": title_slug, ":output_ext": ".html"}
            for key in sorted(values, key=len, reverse=True):
                path = path.replace(key, values[key])
            path = re.sub(r"/+", "/", path)
        item = Item(key=f"file:{file.relative_to(folder).as_posix()}",
                    kind="page" if role == "page" else "article",
                    title_markup=str(meta.get("title") or ""), slug=title_slug, date=date,
                    modified=_local(meta.get("last_modified_at")),
                    draft_reason="draft" if role == "draft" or meta.get("published") is False
                    else "", excerpt=str(meta.get("excerpt") or meta.get("description") or ""),
                    body=body, body_format="markdown", origin=str(file), old_paths=[path],
                    lang=str(meta.get("lang") or "")[:2])
        if meta.get("image"):
            image = meta["image"]
            item.image_url = str(image.get("path") if isinstance(image, dict) else image)
        add_terms(source, item, "category", categories, "")
        add_terms(source, item, "tag", _list(meta.get("tags")), "")
        add_authors(source, item, _list(meta.get("authors") or meta.get("author")))
        source.items.append(item)


def read_pelican(folder: Path, source: Source) -> None:
    content = folder / "content" if (folder / "content").is_dir() else folder
    source.feed_paths = ["/feeds/all.atom.xml"]
    for file in sorted(content.rglob("*.md")) + sorted(content.rglob("*.markdown")):
        meta, body = pelican_header(file)
        if not meta.get("title"):
            meta, body = front_matter(file)
        relative = file.relative_to(content)
        is_page = "pages" in relative.parts[:-1]
        slug = slugify(str(meta.get("slug") or file.stem))
        path = f"/pages/{slug}.html" if is_page else f"/{slug}.html"
        item = Item(key=f"file:{relative.as_posix()}", kind="page" if is_page else "article",
                    title_markup=str(meta.get("title") or ""), slug=slug,
                    date=_local(str(meta.get("date") or "").replace(" ", "T") or None),
                    modified=_local(str(meta.get("modified") or "").replace(" ", "T") or None),
                    draft_reason="draft" if str(meta.get("status", "")).lower() in (
                        "draft", "hidden") else "",
                    excerpt=str(meta.get("summary") or ""), body=body, body_format="markdown",
                    origin=str(file), old_paths=[path], lang=str(meta.get("lang") or "")[:2])
        category = meta.get("category") or (relative.parts[0] if len(relative.parts) > 1
                                            and not is_page else "")
        add_terms(source, item, "category", _list(category), "/category/{slug}.html")
        add_terms(source, item, "tag", _list(meta.get("tags")), "/tag/{slug}.html")
        add_authors(source, item, _list(meta.get("authors") or meta.get("author")))
        for key, person in source.people.items():
            person.old_path = person.old_path or f"/author/{slugify(key)}.html"
        source.items.append(item)
