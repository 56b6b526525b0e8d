"""Editors' and CI's entry points (run them through ./magazine, e.g. ./magazine build)."""

from __future__ import annotations

import hashlib
import json
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
PREVIEW = ROOT / "preview"
COMMENTS_DATA = ROOT / "var" / "comments"
CACHE = ROOT / "var" / "cache"  # Pelican's content cache per settings file and content folder
VENV_BIN = Path(sys.executable).parent
PLUGINS = ROOT / "plugins"  # our plugins, importable by the tasks that use them
WEB_EDITOR = PLUGINS / "web_editor"  # package.json: Decap CMS and decap-server
KEEP_BUILDS = 3  # output.builds/ keeps this many (a slow reader may still be in the one before)
KEEP_RELEASES = 5  # ./magazine publish --target DIR keeps this many releases (--keep)
_BUILDS: set[subprocess.Popen] = set()  # running Pelican builds, stopped with the servers


def plugins_importable() -> None:
    """Let the tasks import our plugins (once: some tasks run in long-lived processes)."""
    if str(PLUGINS) not in sys.path:
        sys.path.insert(0, str(PLUGINS))


class BuildFailed(Exit):
    """A build that exited non-zero; ``log`` is what it printed (for the live preview)."""

    def __init__(self, message: str, code: int, log: str = ""):
        super().__init__(message, code=code)
        self.log = log


def incremental_settings(settings: str, content: Path, previous: Path | None) -> dict:
    """Pelican's content cache (one per settings file and content folder, under var/cache/)
    and the previous build to reuse unchanged pages from (plugins/press/README.md)."""
    content = Path(content).absolute()
    key = hashlib.sha256(str(content).encode()).hexdigest()[:12]
    cache = CACHE / f"{Path(settings).stem}-{key}"
    forget_caches_of_missing_content()
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "content-folder").write_text(str(content), encoding="utf-8")
    found = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}
    if previous is not None and previous.is_dir():
        found["PRESS_PREVIOUS_OUTPUT"] = str(previous.resolve())
    return found


def forget_caches_of_missing_content() -> None:
    """Remove the caches of content folders that are gone (a test's, an old checkout's)."""
    for cache in CACHE.glob("*/content-folder") if CACHE.is_dir() else ():
        if not Path(cache.read_text(encoding="utf-8")).is_dir():
            shutil.rmtree(cache.parent, ignore_errors=True)


def with_overrides(extra: list[str], overrides: dict) -> list[str]:
    """``extra`` Pelican arguments with ``overrides`` added to its one ``-e`` (Pelican keeps
    only the last ``-e`` it is given); values given in ``extra`` win."""
    pairs = [f"{key}={json.dumps(value)}" for key, value in overrides.items()]
    if "-e" in extra:
        at = extra.index("-e") + 1
        return [*extra[:at], *pairs, *extra[at:]]
    return [*extra, "-e", *pairs]


def run_build(settings: str, folder: Path, content: Path = CONTENT,
              extra: list[str] | None = None, env: dict[str, str] | None = None,
              capture: bool = False, previous: Path | None = None,
              background: bool = False) -> None:
    """Pelican with ``settings`` into the fresh ``folder``, reusing what it can from the
    finished build ``previous``; on failure the folder is removed and BuildFailed raised.
    ``capture`` keeps the build's output (and echoes it); ``background`` runs it at a
    lower CPU priority (the live preview's full build, behind the quick preview)."""
    extra = with_overrides(list(extra or []), incremental_settings(settings, content, previous))
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / settings),
               "-o", str(folder), *extra]
    if background and shutil.which("nice"):
        command = ["nice", "-n", "10", *command]
    pipe = subprocess.PIPE if capture else None
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})},
                               stdout=pipe, stderr=subprocess.STDOUT if capture else None,
                               text=True, errors="replace")
    _BUILDS.add(process)
    try:
        log, _ = process.communicate()
    finally:
        _BUILDS.discard(process)
    if capture:
        sys.stdout.write(log)
        sys.stdout.flush()
    if process.returncode != 0:
        remove_build(folder)
        raise BuildFailed(f"build failed (exit {process.returncode}); nothing was replaced",
                          code=process.returncode if process.returncode > 0 else 1,
                          log=log or "")


def stop_builds() -> None:
    """Stop the Pelican builds still running (a server was stopped in the middle of one)."""
    for process in list(_BUILDS):
        process.terminate()
    for process in list(_BUILDS):
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def build_site(settings: str = "pelicanconf.py", output: Path = OUTPUT,
               content: Path = CONTENT, extra: list[str] | None = None,
               env: dict[str, str] | None = None, capture: bool = False,
               background: bool = False) -> None:
    """Build into a fresh folder, then switch ``output`` to it in one atomic step: a failed
    build leaves the old output, and a web server never sees a missing or half-written one."""
    output = Path(output).absolute()
    previous = output.resolve() if output.is_symlink() else None
    run_build(settings, staging := fresh_folder(builds_of(output)), content, extra, env,
              capture, previous, background)
    swap_in(staging, output)


def builds_of(output: Path) -> Path:
    """``output`` is a symlink to one of the build folders in ``output.builds/``."""
    return output.with_name(f"{output.name}.builds")


def fresh_folder(parent: Path) -> Path:
    """An empty folder for a build in progress (its name starts with a dot)."""
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".building-", dir=parent))
    folder.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    return folder


def finish(staging: Path) -> Path:
    """Give a finished build its final, sortable name: the UTC time it finished."""
    while True:
        final = staging.with_name(datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ"))
        if not final.exists():
            staging.rename(final)
            if manifest_of(staging).exists():
                manifest_of(staging).rename(manifest_of(final))
            return final


def manifest_of(build: Path) -> Path:
    """What the press recorded about a build (beside it; plugins/press/incremental.py)."""
    plugins_importable()
    from press.incremental import manifest_of as press_manifest

    return press_manifest(build)


def remove_build(build: Path) -> None:
    shutil.rmtree(build, ignore_errors=True)
    manifest_of(build).unlink(missing_ok=True)


def switch_symlink(link: Path, target: Path) -> None:
    """Point ``link`` at ``target`` in one atomic step: a new symlink renamed over the old one
    (rename(2) replaces it; readers see the old or the new target, never nothing)."""
    fresh = link.with_name(f".{link.name}.switch-{os.getpid()}-{threading.get_ident()}")
    fresh.unlink(missing_ok=True)
    os.symlink(os.path.relpath(target, link.parent), fresh)
    os.replace(fresh, link)


def finished_builds(parent: Path) -> list[Path]:
    """The finished builds or releases in ``parent``, oldest first."""
    if not parent.is_dir():
        return []
    return sorted(p for p in parent.iterdir() if p.is_dir() and not p.name.startswith("."))


def prune(parent: Path, keep: int, protect: set[Path]) -> None:
    """Remove all but the newest ``keep`` finished builds, never one in ``protect``."""
    for old in finished_builds(parent)[:-keep or None] if keep > 0 else []:
        if old.resolve() not in protect:
            remove_build(old)


def swap_in(staging: Path, output: Path) -> None:
    """Make the finished build in ``staging`` the ``output``, with no moment without one.

    ``output`` is a symlink into ``output.builds/``, switched atomically; the build it
    pointed to stays as ``output.previous``; builds older than the last
    ``KEEP_BUILDS`` are removed. A real ``output/``
    folder from before is moved into ``output.builds/`` first (once, the only gap).
    """
    output = Path(output).absolute()
    builds = builds_of(output)
    final = finish(staging)
    previous = output.resolve() if output.is_symlink() and output.exists() else None
    if output.is_dir() and not output.is_symlink():
        previous = builds / f"{final.name}-before"
        output.rename(previous)
    switch_symlink(output, final)
    if previous is not None and previous.parent == builds:
        switch_symlink(output.with_name(f"{output.name}.previous"), previous)
    prune(builds, KEEP_BUILDS, {final.resolve(), *([previous.resolve()] if previous else [])})


@task(help={"settings": "settings file (pelicanconf.py or publishconf.py)",
            "output": "output folder", "content": "content folder"})
def build(c, settings="pelicanconf.py", output=str(OUTPUT), content=str(CONTENT)):
    """Build the magazine (into a fresh folder, swapped in only on success)."""
    if settings == "publishconf.py":
        require_siteurl()
    build_site(settings, Path(output), Path(content))


@task
def clean(c, output=str(OUTPUT)):
    """Remove the output folder (the symlink, its builds and output.previous)."""
    output = Path(output).absolute()
    for path in (output, output.with_name(f"{output.name}.previous"), builds_of(output)):
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)


@task(pre=[clean])
def rebuild(c, settings="pelicanconf.py"):
    """Clean, then build."""
    build_site(settings)


@task(help={"output": "output folder (default preview/)", "content": "content folder"})
def preview(c, output=str(PREVIEW), content=str(CONTENT)):
    """Build the site with drafts and scheduled articles, bannered and noindex, into preview/."""
    node_packages()
    build_site("previewconf.py", Path(output), Path(content))


def require_siteurl() -> None:
    """publishconf.py refuses to load without MAGAZINE_SITEURL: ask it before any work."""
    try:
        runpy.run_path(str(ROOT / "publishconf.py"))
    except SystemExit as refusal:
        raise Exit(str(refusal), code=2) from None


def system_packages(mode: str = "test") -> None:
    """What a task needs besides Python (.ci/system-packages: ``test``: Chromium, Java, npm;
    ``node``: npm): there, or installed now (as root with apt), or stop with the one command
    to run. ``./magazine`` checks before it starts Python; here for invoke run directly."""
    if subprocess.run(["sh", str(ROOT / ".ci" / "system-packages"), mode], cwd=ROOT).returncode:
        raise Exit(code=1)


def node_packages() -> None:
    """``npm ci`` for the web editor when node_modules is missing or the lock changed."""
    lock = WEB_EDITOR / "package-lock.json"
    stamp = WEB_EDITOR / "node_modules" / ".lock.sha256"
    want = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.is_file() and stamp.read_text().strip() == want:
        return
    if shutil.which("npm") is None:
        system_packages("node")  # installs nodejs and npm as root, else stops with the command
    npm = shutil.which("npm")
    if npm is None:
        raise Exit("npm is missing (the web editor's packages need it): install Debian's nodejs "
                   "and npm, e.g. `sh .ci/system-packages` as root", code=1)
    print("installing the web editor's Node packages (npm ci) …", flush=True)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=WEB_EDITOR,
                   check=True)
    stamp.write_text(want + "\n")


def watched_folders(content: Path) -> list[Path]:
    """What the live preview watches: content, theme and the plugins (not the web editor's
    30,000 files of node_modules)."""
    plugins = [folder for folder in sorted(PLUGINS.iterdir())
               if folder.is_dir() and folder != WEB_EDITOR]
    return [content, ROOT / "theme", *plugins, WEB_EDITOR / "static"]


def content_check(content: Path) -> None:
    """THE content check before a release: ``./magazine check`` with the production settings,
    so that a colleague's unfinished draft warns but does not block the release."""
    result = subprocess.run([sys.executable, "-m", "invoke", "check", "--content", str(content),
                             "--settings", "publishconf.py"], cwd=ROOT)
    if result.returncode != 0:
        raise Exit("the content check failed; nothing was published", code=result.returncode)


@task(help={"target": "release folder: builds into DIR/releases/<time>/, then switches "
                      "DIR/current (without it: a production build into output/)",
            "content": "content folder", "keep": f"releases to keep (default {KEEP_RELEASES})",
            "output": "output folder when no --target is given"})
def publish(c, target="", content=str(CONTENT), keep=KEEP_RELEASES, output=str(OUTPUT)):
    """Production build: check, build into a new release, switch `current` (or output/)."""
    require_siteurl()
    node_packages()
    content_check(Path(content))
    if not target:
        build_site("publishconf.py", Path(output), Path(content))
        return
    target = Path(target).absolute()
    releases = target / "releases"
    staging = fresh_folder(releases)
    current = target / "current"
    run_build("publishconf.py", staging, Path(content),
              previous=current.resolve() if current.is_symlink() else None)
    release = finish(staging)
    switch_symlink(target / "current", release)
    prune(releases, max(int(keep), 1), {release.resolve()})
    print(f"published {release}; {target / 'current'} -> releases/{release.name}")


@task(help={"target": "the release folder given to publish --target"})
def rollback(c, target):
    """Switch DIR/current back to the release before the one it points to."""
    target = Path(target).absolute()
    current = target / "current"
    releases = finished_builds(target / "releases")
    live = current.resolve() if current.is_symlink() else None
    names = [release.resolve() for release in releases]
    if live not in names:
        raise Exit(f"{current} points to no release in {target / 'releases'}", code=2)
    index = names.index(live)
    if index == 0:
        raise Exit(f"{live.name} is the oldest release kept; nothing to roll back to", code=2)
    switch_symlink(current, releases[index - 1])
    print(f"rolled back: {current} -> releases/{releases[index - 1].name} "
          f"(was {live.name})")


def public_url_env(bind: str, port: int) -> dict[str, str]:
    """Feeds, the API and digests link to the address the site is served at."""
    host = "127.0.0.1" if bind in ("", "0.0.0.0", "::") else bind
    host = f"[{host}]" if ":" in host else host
    return {"MAGAZINE_PUBLIC_URL": f"http://{host}:{port}"}


def free_port_or_exit(bind: str, port: int) -> None:
    plugins_importable()
    from dialog.server import port_problem

    problem = port_problem(bind, int(port))
    if problem:
        raise Exit(problem, code=1)


@task(help={"port": "port for the site (default 8000)", "bind": "address (default 127.0.0.1)",
            "preview": "serve the preview build (previewconf.py, drafts shown) from preview/",
            "content": "content folder", "output": "folder to build into and serve"})
def serve(c, port=8000, bind="127.0.0.1", preview=False, content=str(CONTENT), output=""):
    """Build the magazine and serve it, with working comments, at http://127.0.0.1:8000/."""
    free_port_or_exit(bind, port)
    node_packages()
    settings, folder = ("previewconf.py", PREVIEW) if preview else ("pelicanconf.py", OUTPUT)
    folder = Path(output or folder).absolute()
    build_site(settings, folder, Path(content), env=public_url_env(bind, int(port)))
    from dialog.server import main as serve_site

    serve_site(["--site", str(folder), "--data", str(COMMENTS_DATA), "--port", str(port),
                "--bind", bind])


@task(aliases=["preview-server"],
      help={"port": "port (default 8000)", "bind": "address (default 127.0.0.1)",
            "content": "content folder to build and watch",
            "output": "folder the preview is built into (default preview/)",
            "data": "folder of the comment database (default var/comments)"})
def livereload(c, port=8000, bind="127.0.0.1", content=str(CONTENT), output=str(PREVIEW),
               data=str(COMMENTS_DATA)):
    """Live preview: build with drafts shown, serve with comments, rebuild and reload the
    browser on every change (plugins/live_preview/README.md)."""
    run_live_preview(int(port), bind, Path(content), Path(output), Path(data))


def run_live_preview(port: int, bind: str, content: Path, output: Path, data: Path,
                     overrides: dict | None = None) -> None:
    """The live preview of ``content`` (previewconf.py) in ``output``, served with comments:
    the quick preview in this process, the full build after it in the background."""
    free_port_or_exit(bind, port)
    from live_preview import LivePreview
    from live_preview.resident import ResidentSite

    content, output, env = content.absolute(), output.absolute(), public_url_env(bind, port)
    overrides = dict(overrides or {})
    extra = with_overrides([], overrides) if overrides else None

    def build_preview() -> str | None:
        try:
            build_site("previewconf.py", output, content, extra, env=env, capture=True,
                       background=True)
        except BuildFailed as failure:
            return failure.log or failure.message
        return None

    os.environ.update(env)  # the quick preview reads the settings in this process
    scratch = Path(tempfile.mkdtemp(prefix="quick-preview-"))
    quick = ResidentSite(ROOT / "previewconf.py",
                         {"PATH": str(content), **overrides,
                          **incremental_settings("previewconf.py", content, None)}, scratch)
    try:
        LivePreview(build_preview, site=output, data=data, bind=bind, port=port,
                    folders=watched_folders(content), settings=ROOT, stop=stop_builds,
                    quick=quick, code=[PLUGINS]).run()
    finally:
        stop_builds()
        shutil.rmtree(scratch, ignore_errors=True)


@task(help={"port": "port for the magazine and its editor (default 8000)",
            "proxy_port": "port of decap-server, the editor's local backend (default 8081)"})
def editor(c, port=8000, proxy_port=8081):
    """Write in the browser: the web editor at http://127.0.0.1:8000/admin/ saves into content/.

    Starts decap-server (Decap CMS's local backend, on loopback) on this working copy and runs
    the live preview (drafts included) beside it, rebuilt whenever a file changes.
    """
    node_packages()
    free_port_or_exit("127.0.0.1", port)
    free_port_or_exit("127.0.0.1", proxy_port)
    backend = f"http://127.0.0.1:{int(proxy_port)}/api/v1"
    env = {**os.environ, "PORT": str(int(proxy_port)), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(ROOT), "LOG_LEVEL": "warn"}
    proxy = subprocess.Popen([str(WEB_EDITOR / "node_modules" / ".bin" / "decap-server")],
                             cwd=ROOT, env=env)
    print(f"web editor: http://127.0.0.1:{int(port)}/admin/ (saves go to {CONTENT})", flush=True)
    try:
        run_live_preview(int(port), "127.0.0.1", CONTENT, PREVIEW, COMMENTS_DATA,
                         {"WEB_EDITOR_LOCAL_BACKEND": backend})
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


def slugify(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    return "-".join(words)[:80].strip("-")


@task(help={"title": "the article's title", "department": "department slug",
            "topics": "comma-separated topic slugs (1-5)", "format": "format slug",
            "authors": "comma-separated author slugs", "lang": "de or en",
            "industries": "comma-separated industry slugs", "audiences": "audience slugs"})
def new(c, title="", department="", topics="", format="", authors="", lang="de",
        industries="", audiences=""):
    """Scaffold an article with valid metadata; wrong or missing terms list what is allowed."""
    plugins_importable()
    from corporate_world import ErrorReport, load_authors, load_taxonomy
    from corporate_world.profile import (
        SCAFFOLD_HEADING,
        SCAFFOLD_SUMMARY,
        SCAFFOLD_TEXT,
        parse_profile,
    )

    report = ErrorReport()
    taxonomy = load_taxonomy(CONTENT / "taxonomy.yml", report)
    people = load_authors(CONTENT / "authors", CONTENT, taxonomy, report, "{slug}", "{slug}")
    slug = slugify(title)
    target = CONTENT / "articles" / (department or "unsorted") / f"{slug or 'untitled'}.md"
    metadata = {"department": department, "topics": topics, "format": format,
                "authors": authors, "industries": industries, "audiences": audiences,
                "summary": "TODO", "lang": lang}
    parse_profile(metadata, str(target), CONTENT, taxonomy, people, report, published=False)
    if not title:
        report.add(str(target), "a title is required", field="--title")
    if target.exists():
        report.add(str(target), "an article with this slug exists already", field="--title")
    if report.errors:
        for error in report.errors:
            print(str(error).replace("\n    allowed:", "\n    choose from:"), file=sys.stderr)
        raise Exit("nothing was written", code=2)
    now = datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [f"Title: {title}", f"Date: {now}", f"Slug: {slug}", f"Department: {department}",
             f"Topics: {topics}", f"Format: {format}", f"Authors: {authors}"]
    lines += [f"Industries: {industries}"] * bool(industries)
    lines += [f"Audiences: {audiences}"] * bool(audiences)
    lines += [f"Summary: {SCAFFOLD_SUMMARY}", f"Lang: {lang}",
              "Status: draft", "", f"## {SCAFFOLD_HEADING}", "", SCAFFOLD_TEXT, ""]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {target} (a draft: remove 'Status: draft' to publish)")


@task(help={"content": "content folder (default content/)",
            "format": "text (file:line: rule: message), github (annotations) or json",
            "changed": "only files changed against this git ref (e.g. origin/main), and "
                       "untracked ones",
            "settings": "settings file (default previewconf.py: drafts and scheduled "
                        "articles count)"})
def check(c, content=str(CONTENT), format="text", changed="", settings="previewconf.py"):
    """Content check: the build's errors plus length, image, translation, review and
    guideline rules, as file:line: rule: message; exits 1 on errors (README: "The content
    check")."""
    plugins_importable()
    from content_check import FORMATS, changed_files, counts, only_changed, render, run_check

    if format not in FORMATS:
        raise Exit(f"--format must be one of {', '.join(FORMATS)}", code=2)
    content = Path(content).resolve()
    findings = run_check(ROOT / settings, content)
    if changed:
        try:
            findings = only_changed(findings, changed_files(changed, content))
        except ValueError as problem:
            raise Exit(f"--changed {changed}: {problem}", code=2) from None
    print(render(findings, format), end="", flush=True)
    errors, warnings = counts(findings)
    if format == "text":
        print(f"{errors} error(s), {warnings} warning(s)"
              + (" (warnings do not fail the check)" if warnings and not errors else ""),
              file=sys.stderr)
    if errors:
        raise Exit(code=1)


@task(help={"since": "7d (days back) or an ISO date such as 2026-11-01",
            "api": "a built api/v1 folder (default output/api/v1)",
            "out": "folder for digest.html and digest.txt (default var/digest)",
            "group": "department or hub", "lang": "de or en (default: the site's language)"})
def digest(c, since="7d", api=str(OUTPUT / "api" / "v1"), out=str(ROOT / "var" / "digest"),
           group="department", lang=""):
    """E-mail digest (HTML and text) of the newest articles, made from the built JSON API."""
    plugins_importable()
    from api.digest import DigestError, write_digest

    try:
        made, files = write_digest(Path(api), Path(out), since=since, group=group,
                                   lang=lang or None)
    except DigestError as problem:
        raise Exit(str(problem), code=2) from None
    for file in files:
        print(f"wrote {file} ({made.count} article(s))")


@task(help={"strict": "exit 1 when a hub has a buyer-journey stage without any article",
            "content": "content folder", "settings": "settings file (default pelicanconf.py)",
            "json": "print the report as JSON (as in api/v1/hubs/coverage.json)"})
def hubs(c, strict=False, content=str(CONTENT), settings="pelicanconf.py", json=False):
    """Hub coverage: articles per stage and format, gaps, stale hubs, articles in no hub.

    Reads the content model fresh (nothing is written); see plugins/hubs/README.md.
    """
    import json as json_module

    plugins_importable()
    from corporate_world.errors import ContentErrors
    from hubs.coverage import empty_stages, render_text
    from hubs.dry_run import coverage_of

    try:
        report = coverage_of(ROOT / settings, Path(content).resolve())
    except ContentErrors as failure:  # the errors are printed already
        raise Exit(code=failure.code) from None
    print(json_module.dumps(report, ensure_ascii=False, indent=2) if json
          else render_text(report), end="" if not json else "\n")
    empty = empty_stages(report)
    if strict and empty:
        raise Exit("strict: empty stage(s): " + ", ".join(f"{hub} {stage}"
                                                          for hub, stage in empty), code=1)


@task(name="import", positional=["source", "location"],
      help={"source": "wordpress, feed or folder", "location": "WXR file, feed file or URL, folder",
            "from": "for a folder: hugo, jekyll or pelican", "content": "content folder",
            "mapping": "mapping file (default <content>/import/mapping.yml)",
            "auto_map": "apply the suggested mapping and the defaults to unmapped terms",
            "comments_db": "Isso database (default var/comments/comments.db)",
            "update": "overwrite files the import wrote and nobody changed since",
            "download": "fetch the old site's images into the content folder",
            "settings": "settings file (URLs, IMPORT_KEEP_EMAILS)"})
def import_(c, source, location, from_="", content=str(CONTENT), mapping="", auto_map=False,
            comments_db=str(ROOT / "var" / "comments" / "comments.db"), update=False,
            download=False, settings="pelicanconf.py"):
    """Move an old blog into the magazine: import wordpress EXPORT.xml | feed FILE_OR_URL |
    folder DIR --from hugo|jekyll|pelican (README: "Moving your blog")."""
    plugins_importable()
    from importer import DEFAULTS, ImportFailure, Options, read_source, run_import
    from pelican.settings import read_settings

    values = {**DEFAULTS, **read_settings(str(ROOT / settings))}
    try:
        old = read_source(source, location, from_)
        result = run_import(old, Options(
            content=Path(content), mapping=Path(mapping) if mapping else None,
            auto_map=auto_map, comments_db=Path(comments_db) if comments_db else None,
            update=update, download=download, settings=values))
    except ImportFailure as problem:
        raise Exit(str(problem), code=2) from None
    print("\n".join(result.lines))


@task(help={"sizes": "article counts, comma-separated (default 1000,5000,10000)",
            "repeat": "timed builds per size, mode and system (default 3)",
            "profile": "instead: profile our build of this many articles (cProfile, per plugin)"})
def bench(c, sizes="1000,5000,10000", repeat=3, profile=0):
    """Benchmark our production build against vanilla Pelican and Hugo (bench/README.md)."""
    args = ["--profile", str(profile)] if int(profile) else ["--sizes", sizes,
                                                             "--repeat", str(repeat)]
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), *args], cwd=ROOT)
    if result.returncode != 0:
        raise Exit(code=result.returncode)


@task
def lint(c):
    """ruff over the whole project."""
    c.run(f"{VENV_BIN / 'ruff'} check .", pty=False)


@task(help={"k": "only tests matching this expression", "x": "stop at the first failure"})
def test(c, k="", x=False):
    """Run the whole test suite (browser tests included) and ruff."""
    system_packages()  # before anything runs (./magazine test checked already: a no-op)
    env = {**os.environ}
    env.setdefault("MAGAZINE_REQUIRE_BROWSER", "1")
    node_packages()
    lint(c)
    args = [str(VENV_BIN / "pytest"), "-q", "-n", "2", "--dist", "loadfile"]
    args += ["-k", k] * bool(k) + ["-x"] * bool(x)
    result = subprocess.run(args, cwd=ROOT, env=env)
    if result.returncode != 0:
        raise Exit(code=result.returncode)
