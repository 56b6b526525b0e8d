"""Walk a built site and resolve every internal link and resource to a file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

LINK_ATTRS = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
              ("source", "srcset"), ("img", "srcset"), ("iframe", "src"))


def page_url(output: Path, file: Path, siteurl: str) -> str:
    relative = file.relative_to(output).as_posix()
    return f"{siteurl}/{relative}"


def target_file(output: Path, url: str, siteurl: str) -> Path | None:
    """The output file an absolute URL of this site points at, or None if it is external."""
    if not url.startswith(siteurl + "/"):
        return None
    path = unquote(urlsplit(url).path[len(urlsplit(siteurl).path):].lstrip("/"))
    target = output / path
    return target / "index.html" if url.split("#")[0].split("?")[0].endswith("/") else target


def urls_in(html: BeautifulSoup) -> list[tuple[str, str]]:
    found = []
    for tag, attr in LINK_ATTRS:
        for element in html.find_all(tag):
            value = element.get(attr)
            if not value:
                continue
            candidates = [v.strip().split(" ")[0] for v in value.split(",")] if (
                attr == "srcset") else [value]
            found += [(tag, v) for v in candidates if v]
    return found


def broken_links(output: Path, siteurl: str = "https://site.invalid") -> list[str]:
    """Every internal href/src that resolves to no file (or to a missing #anchor)."""
    problems = []
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(file: Path) -> set[str]:
        if file not in ids_cache:
            doc = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
            ids_cache[file] = {e["id"] for e in doc.find_all(id=True)}
        return ids_cache[file]

    for file in sorted(output.rglob("*.html")):
        base = page_url(output, file, siteurl)
        doc = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for tag, value in urls_in(doc):
            if value.startswith(("mailto:", "tel:", "data:")):
                continue
            absolute = urljoin(base, value)
            target = target_file(output, absolute, siteurl)
            if target is None:
                continue
            if not target.is_file():
                problems.append(f"{file.relative_to(output)}: <{tag}> {value} -> missing")
                continue
            fragment = urlsplit(absolute).fragment
            if fragment and target.suffix == ".html" and unquote(fragment) not in ids_of(target):
                problems.append(f"{file.relative_to(output)}: <{tag}> {value} -> no #{fragment}")
    return problems


def foreign_resources(output: Path, siteurl: str) -> list[str]:
    """CSS, JS, fonts and images that would load from another host."""
    problems = []
    for file in sorted(output.rglob("*.html")):
        doc = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for tag, value in urls_in(doc):
            if tag in ("a", "iframe"):
                continue
            if tag == "link":
                continue
            url = urljoin(page_url(output, file, siteurl), value)
            if not url.startswith(siteurl + "/") and not url.startswith("data:"):
                problems.append(f"{file.relative_to(output)}: <{tag}> {value}")
        for link in doc.find_all("link", href=True):
            rel = set(link.get("rel") or [])
            if rel & {"stylesheet", "icon", "preload", "modulepreload", "manifest"}:
                url = urljoin(page_url(output, file, siteurl), link["href"])
                if not url.startswith(siteurl + "/"):
                    problems.append(f"{file.relative_to(output)}: <link> {link['href']}")
    for css in output.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        if "@import" in text or "url(http" in text or "url(//" in text:
            problems.append(f"{css.relative_to(output)}: external url() or @import")
    return problems
