"""redirects — old addresses keep working: HTML redirect pages, an nginx map, Netlify's _redirects.

Reads ``REDIRECTS_FILE`` (``content/import/redirects.yml``, written by ``./magazine import``;
editors may add lines): old site-relative path (``/2024/03/x/``, ``/?p=12``) -> target, one of
``source`` (a content file), ``term`` (``facet/slug``), ``author`` (slug) or ``url``
(site-relative; ``""`` is the front page). Targets are resolved after the pages are read; an
unknown target is a content error (rule ``redirect-target``). At ``finalized`` (the lead
process, after every page is written) it writes a redirect page per old path (meta refresh,
canonical, ``noindex``; no script or style, so the site's CSP holds), skipping any path a real
page occupies, plus ``_redirects`` and ``redirects/nginx-map.conf`` / ``nginx-server.conf``.
Query addresses (WordPress's ``?p=``, ``?page_id=``) exist only in the server files.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import yaml
from corporate_world.errors import error_report
from corporate_world.front_matter import load_yaml
from corporate_world.world import world_of
from pelican import signals

log = logging.getLogger(__name__)

DEFAULTS = {
    "REDIRECTS_FILE": "import/redirects.yml",  # inside the content folder
    "REDIRECTS_DIR": "redirects",  # output folder of the nginx snippets
}
_resolved: dict[str, str] = {}  # old path (with query) -> site-relative target URL
RULE = "redirect-target"


def on_initialized(pelican) -> None:
    _resolved.clear()
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def _line_of(text: str, old: str) -> int | None:
    key = re.compile(rf"""^\s*(['"]?){re.escape(old)}\1\s*:""")
    return next((number for number, line in enumerate(text.splitlines(), start=1)
                 if key.match(line)), None)


def _contents(context: dict) -> dict[str, object]:
    """Every article, translation, draft and page by its path inside the content folder."""
    found = {}
    groups = ("articles", "drafts", "pages", "hidden_pages", "draft_pages")
    for group in groups:
        for item in context.get(group) or []:
            for obj in [item, *getattr(item, "translations", [])]:
                found[obj.relative_source_path.replace(os.sep, "/")] = obj
    return found


def on_pages_finalized(generator) -> None:
    """Resolve every target before anything is written (errors stop the build)."""
    settings, context = generator.settings, generator.context
    path = Path(settings["PATH"]) / settings["REDIRECTS_FILE"]
    _resolved.clear()
    if not path.is_file():
        return
    report = error_report(context)
    text = path.read_text(encoding="utf-8")
    try:
        raw = (load_yaml(text) or {}).get("redirects") or {}
    except (yaml.YAMLError, AttributeError) as problem:
        report.add(str(path), f"not a valid redirect map: {problem}", rule=RULE)
        return
    world = world_of(context)
    contents = _contents(context)
    for old, target in raw.items():
        old = str(old)
        line = _line_of(text, old)
        target = target if isinstance(target, dict) else {"url": target}
        url = _target_url(target, contents, world)
        if isinstance(url, tuple):  # (message, allowed)
            message, value = url
            report.add(str(path), message, field="redirects", value=f"{old}: {value}",
                       line=line, rule=RULE)
        elif url is not None and old.lstrip("/") != url:
            _resolved[old if old.startswith("/") else f"/{old}"] = url


def _target_url(target: dict, contents: dict, world) -> str | tuple[str, str] | None:
    if "source" in target:
        obj = contents.get(str(target["source"]).lstrip("/"))
        if obj is None:
            return ("the target file is not in the content folder: point the line elsewhere "
                    "or remove it", str(target["source"]))
        if getattr(obj, "status", "published") != "published":
            return None  # a draft: nothing to redirect to (yet)
        return obj.url
    if "term" in target:
        facet, _, slug = str(target["term"]).partition("/")
        term = world.taxonomy.facets.get(facet).terms.get(slug) if (
            world and facet in world.taxonomy.facets) else None
        return term.url if term else ("unknown term (write facet/slug)", str(target["term"]))
    if "author" in target:
        author = world.authors.get(str(target["author"])) if world else None
        return author.url if author else ("unknown author", str(target["author"]))
    if "url" in target:
        return str(target["url"] or "").lstrip("/")
    return ("a target needs source, term, author or url", str(target))


def output_file(old: str) -> str:
    """Where the redirect page for an old path goes, relative to the output folder."""
    path = old.split("?", 1)[0].lstrip("/")
    if not path or path.endswith("/") or "." not in path.rsplit("/", 1)[-1]:
        return f"{path.rstrip('/')}/index.html".lstrip("/")
    return path


def page(target_href: str, canonical: str, lang: str) -> str:
    href, absolute = html.escape(target_href, quote=True), html.escape(canonical, quote=True)
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>Weitergeleitet</title>\n<meta name="robots" content="noindex">\n'
            f'<link rel="canonical" href="{absolute}">\n'
            f'<meta http-equiv="refresh" content="0; url={href}">\n</head>\n<body>\n'
            f'<p>Diese Seite ist umgezogen: <a href="{href}">{absolute}</a></p>\n'
            '</body>\n</html>\n')


def on_finalized(pelican) -> None:
    if not _resolved:
        return
    settings = pelican.settings
    output = Path(pelican.output_path)
    siteurl = settings.get("SITEURL") or ""
    public = (siteurl if siteurl.startswith("http") else settings.get("PUBLIC_URL")
              or "").rstrip("/")
    prefix = urlsplit(public).path.rstrip("/")
    served: dict[str, str] = {}  # old -> absolute path on the server
    for old, url in sorted(_resolved.items()):
        if not _exists(output, url):
            log.warning("redirects: %s -> %s: the target is not in the output, left out", old, url)
            continue
        if "?" not in old:
            relative = output_file(old)
            file = output / relative
            if file.exists():
                log.warning("redirects: %s is a page of the new site; no redirect written", old)
                continue
            if settings.get("RELATIVE_URLS"):
                href = os.path.relpath(url or ".", os.path.dirname(relative) or ".")
                href = href + "/" if url.endswith("/") or not url else href
            else:
                href = f"{siteurl}/{url}"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(page(href, f"{public}/{url}", settings.get("DEFAULT_LANG", "de")),
                            encoding="utf-8")
        served[old] = f"{prefix}/{url}"
    write_server_files(output, settings["REDIRECTS_DIR"].strip("/"), served)


def _exists(output: Path, url: str) -> bool:
    path = output / url.split("#")[0]
    return path.is_file() or (path / "index.html").is_file()


def write_server_files(output: Path, folder: str, served: dict[str, str]) -> None:
    netlify, paths, queries = [], [], []
    for old, target in sorted(served.items()):
        path, _, query = old.partition("?")
        if query:
            pairs = " ".join(f"{k}={v}" for k, v in parse_qsl(query, keep_blank_values=True))
            netlify.append(f"{path or '/'}  {pairs}  {target}  301!")
            if path in ("", "/"):
                netlify.append(f"/index.php  {pairs}  {target}  301!")
            conditions = "".join(f"(?=(.*&)?{re.escape(k)}={re.escape(v)}(&|$))"
                                 for k, v in parse_qsl(query, keep_blank_values=True))
            base = "/(index\\.php)?" if path in ("", "/") else re.escape(path)
            queries.append(f'    "~^{base}\\?{conditions}" "{target}";')
        else:
            netlify.append(f"{path}  {target}  301")
            paths.append(f'    "{path}" "{target}";')
            if path.endswith("/") and len(path) > 1:
                paths.append(f'    "{path.rstrip("/")}" "{target}";')
    (output / "_redirects").write_text("# old addresses of the imported blog (Netlify, "
                                       "Cloudflare Pages)\n" + "\n".join(netlify) + "\n",
                                       encoding="utf-8")
    target_dir = output / folder
    target_dir.mkdir(parents=True, exist_ok=True)
    (target_dir / "nginx-map.conf").write_text(
        "# include in http { }; then include nginx-server.conf in the site's server { }\n"
        "map $uri $magazine_redirect_path {\n    default \"\";\n" + "\n".join(paths)
        + "\n}\nmap $uri?$args $magazine_redirect_query {\n    default \"\";\n"
        + "\n".join(queries) + "\n}\n", encoding="utf-8")
    (target_dir / "nginx-server.conf").write_text(
        "# include in the site's server { } (the maps: nginx-map.conf in http { })\n"
        "if ($magazine_redirect_path) {\n    return 301 $magazine_redirect_path;\n}\n"
        "if ($magazine_redirect_query) {\n    return 301 $magazine_redirect_query;\n}\n",
        encoding="utf-8")


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.page_generator_finalized.connect(on_pages_finalized)
    signals.finalized.connect(on_finalized)
