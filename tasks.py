"""Editors' and CI's entry points (run them through ./magazine, e.g. ./magazine build)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from datetime import datetime
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
VENV_BIN = Path(sys.executable).parent


def build_site(settings: str = "pelicanconf.py", output: Path = OUTPUT,
               content: Path = CONTENT, extra: list[str] | None = None) -> None:
    """Build into a fresh sibling folder, then swap it in: a failed build leaves the old output."""
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{output.name}.new-", dir=output.parent))
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / settings),
               "-o", str(staging), *(extra or [])]
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise Exit(f"build failed (exit {result.returncode}); {output} was left as it was",
                   code=result.returncode)
    swap_in(staging, output)


def swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` with ``staging`` by two renames, keeping the window tiny."""
    retired = output.with_name(f"{output.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)


@task(help={"settings": "settings file (pelicanconf.py or publishconf.py)",
            "output": "output folder", "content": "content folder"})
def build(c, settings="pelicanconf.py", output=str(OUTPUT), content=str(CONTENT)):
    """Build the magazine (into a fresh folder, swapped in only on success)."""
    build_site(settings, Path(output), Path(content))


@task
def clean(c, output=str(OUTPUT)):
    """Remove the output folder."""
    shutil.rmtree(output, ignore_errors=True)


@task(pre=[clean])
def rebuild(c, settings="pelicanconf.py"):
    """Clean, then build."""
    build_site(settings)


@task
def preview(c):
    """Build with the production settings (publishconf.py) into output/."""
    build_site("publishconf.py")


@task
def publish(c, output=str(OUTPUT)):
    """Production build into a fresh folder, swapped in only when it succeeds."""
    build_site("publishconf.py", Path(output))


def serve_with_comments(folder: Path, port: int, bind: str = "127.0.0.1") -> None:
    """The site and Isso (behind the dialog gate) on one loopback origin, comments at
    /comments/, database in var/comments/ (plugins/dialog/README.md)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    subprocess.run([sys.executable, "-m", "dialog.server", "--site", str(folder),
                    "--data", str(ROOT / "var" / "comments"), "--port", str(port),
                    "--bind", bind], cwd=ROOT, env=env, check=False)


@task(help={"port": "port for the site (default 8000)"})
def serve(c, port=8000):
    """Build the demo magazine and serve it, with working comments, at http://127.0.0.1:8000/."""
    build_site()
    serve_with_comments(OUTPUT, int(port))


@task
def livereload(c, port=8000):
    """Serve the magazine and rebuild it whenever content, theme or plugins change."""
    from livereload import Server

    def rebuild_quietly():
        try:
            build_site()
        except Exit as failure:
            print(failure.message, file=sys.stderr)

    rebuild_quietly()
    server = Server()
    for folder in ("content", "theme", "plugins"):
        server.watch(f"{folder}/**/*", rebuild_quietly)
    server.watch("*.py", rebuild_quietly)
    server.serve(host="127.0.0.1", port=int(port), root=str(OUTPUT))


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
    sys.path.insert(0, str(ROOT / "plugins"))
    from corporate_world import ErrorReport, load_authors, load_taxonomy
    from corporate_world.profile import parse_profile

    report = ErrorReport()
    taxonomy = load_taxonomy(CONTENT / "taxonomy.yml", report)
    people = load_authors(CONTENT / "authors", CONTENT, taxonomy, report, "{slug}", "{slug}")
    slug = slugify(title)
    target = CONTENT / "articles" / (department or "unsorted") / f"{slug or 'untitled'}.md"
    metadata = {"department": department, "topics": topics, "format": format,
                "authors": authors, "industries": industries, "audiences": audiences,
                "summary": "TODO", "lang": lang}
    parse_profile(metadata, str(target), CONTENT, taxonomy, people, report)
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
    lines += ["Summary: Ein bis zwei Sätze, die sagen, worum es geht.", f"Lang: {lang}",
              "Status: draft", "", "## Erste Überschrift", "", "Text …", ""]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {target} (a draft: remove 'Status: draft' to publish)")


@task(help={"since": "7d (days back) or an ISO date such as 2026-11-01",
            "api": "a built api/v1 folder (default output/api/v1)",
            "out": "folder for digest.html and digest.txt (default var/digest)",
            "group": "department or hub", "lang": "de or en (default: the site's language)"})
def digest(c, since="7d", api=str(OUTPUT / "api" / "v1"), out=str(ROOT / "var" / "digest"),
           group="department", lang=""):
    """E-mail digest (HTML and text) of the newest articles, made from the built JSON API."""
    sys.path.insert(0, str(ROOT / "plugins"))
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

    sys.path.insert(0, str(ROOT / "plugins"))
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


def system_packages() -> None:
    """What the tests need besides Python (.ci/system-packages: Chromium, Java): there, or
    installed now (as root with apt), or stop with the one command to run."""
    if subprocess.run(["sh", str(ROOT / ".ci" / "system-packages")], cwd=ROOT).returncode:
        raise Exit(code=1)


@task(help={"k": "only tests matching this expression", "x": "stop at the first failure"})
def test(c, k="", x=False):
    """Run the whole test suite (browser tests included) and ruff."""
    system_packages()  # before anything runs (./magazine test checked already: a no-op)
    env = {**os.environ}
    env.setdefault("MAGAZINE_REQUIRE_BROWSER", "1")
    lint(c)
    args = [str(VENV_BIN / "pytest"), "-q", "-n", "2", "--dist", "loadfile"]
    args += ["-k", k] * bool(k) + ["-x"] * bool(x)
    result = subprocess.run(args, cwd=ROOT, env=env)
    if result.returncode != 0:
        raise Exit(code=result.returncode)
