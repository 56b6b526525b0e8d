"""Incremental builds: reuse every page of the previous build whose inputs did not change.

A build with Pelican's content cache on (``CACHE_CONTENT``) keeps a manifest of its output
beside its folder (``<folder>.press.json``):
for each page written through the writer, the template, the context names the render looked
up and their fingerprint (:mod:`press.fingerprint`). The next build, told where the previous
one is (``PRESS_PREVIOUS_OUTPUT``, a finished build folder; the new one starts empty),
checks each page before rendering it: same template, same fingerprint over the same names
→ the earlier file is hard-linked into the new folder (copied where links are impossible)
instead of rendered. Everything else is built as always. Nothing is ever written into the
previous folder, so a published release is never touched.

Pelican's content cache lives under ``CACHE_PATH``, in a folder named after the build's
**recipe**:
the settings (less where the output goes), the code and templates under ``PLUGIN_PATHS``
and ``THEME``, and the installed distributions' versions. A change to any of them starts a
new folder, so nothing read under other settings, templates or code is reused (the press
points ``CACHE_PATH`` into that folder); a manifest of another recipe is ignored. Deleting
the cache or a manifest gives the same output, only slower.

A build not told of a previous one reuses the output folder it replaces when Pelican is
about to delete it (:func:`set_aside`). The manifest records every output file's time and
size: a file changed in place since is rendered again, not reused.

Plugins that write files themselves keep their own records in the manifest
(:func:`remembered` / :func:`remember`, e.g. the search plugin's index shards).
"""

from __future__ import annotations

import copy
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from pelican.generators import StaticGenerator

from press.fingerprint import Digests, RecordingContext, recording

logger = logging.getLogger(__name__)

DEFAULTS = {"PRESS_PREVIOUS_OUTPUT": "", "PRESS_ON_REQUEST": False}
# settings that say where things go (or when pages are rendered), not what is built
VOLATILE_SETTINGS = frozenset({"OUTPUT_PATH", "PRESS_PREVIOUS_OUTPUT", "CACHE_PATH",
                               "CACHE_CONTENT", "LOAD_CONTENT_CACHE", "PRESS_WORKERS",
                               "PRESS_ON_REQUEST", "PRESS_QUICK_EXIT", "DELETE_OUTPUT_DIRECTORY",
                               "OUTPUT_RETENTION", "DEBUG"})  # DEBUG: set by Pelican's CLI
MANIFEST_SUFFIX = ".press.json"
STATIC_SECTION = "static-files"  # the manifest's record of the static files' sources
SET_ASIDE = "previous-output"  # the output folder a build replaces, moved into the cache
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", ".pytest_cache"})
RECIPE_FOLDERS_KEPT = 3  # recipes (newest first) whose caches stay; older ones are removed


@dataclass
class Build:
    """This run's incremental state (reset at every run: autoreload reuses the process)."""

    enabled: bool = False
    output: Path | None = None
    recipe: str = ""
    previous: Path | None = None  # the folder to reuse from, when its manifest was found
    previous_pages: dict = field(default_factory=dict)
    previous_sections: dict = field(default_factory=dict)
    previous_files: dict = field(default_factory=dict)  # path -> [mtime_ns, size] when finished
    set_aside: Path | None = None  # the previous output, moved aside (removed when done)
    pages: dict = field(default_factory=dict)  # output path -> [fingerprint, names, template]
    sections: dict = field(default_factory=dict)
    digests: Digests = field(default_factory=Digests)
    static: dict = field(default_factory=dict)  # static file -> [mtime_ns, size] of its source
    folders: set = field(default_factory=set)  # output folders made for carried files
    reused: int = 0
    rendered: int = 0
    snapshot_seconds: float = 0.0


_build = Build()


def enabled() -> bool:
    return _build.enabled


def start(settings: dict) -> None:
    """At ``initialized``: decide whether this build records and may reuse, load the manifest."""
    global _build
    _build = Build()
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    if not settings.get("CACHE_CONTENT"):
        return
    digest = recipe(settings)
    root = Path(settings["CACHE_PATH"]).absolute()
    cache = root / f"recipe-{digest[:20]}"
    settings["CACHE_PATH"] = str(cache)  # Pelican's content cache too: read under this recipe
    if settings["PRESS_ON_REQUEST"]:
        return  # pages are rendered when asked for (the live preview): nothing to record
    _build.enabled = True
    _build.output = Path(settings["OUTPUT_PATH"]).absolute()
    _build.recipe = digest
    cache.mkdir(parents=True, exist_ok=True)
    os.utime(cache)
    _prune_recipes(root, cache)
    previous = settings.get("PRESS_PREVIOUS_OUTPUT") or ""
    if not previous:
        previous = set_aside(settings, cache) or ""
    if not previous:
        return
    previous = Path(previous).resolve()
    manifest = manifest_of(previous)
    if previous == _build.output.resolve() or not previous.is_dir() or not manifest.is_file():
        logger.info("press: no reusable previous build at %s; building everything", previous)
        return
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if data.get("recipe") != digest:
        logger.info("press: %s was built from other settings, templates or code; building "
                    "everything", previous)
        return
    _build.previous = previous
    _build.previous_pages = data.get("pages", {})
    _build.previous_sections = data.get("sections", {})
    _build.previous_files = data.get("files", {})


def snapshot(context: dict) -> None:
    """Digest the whole context before the first page renders (and before the crew forks).

    Rendering may add lazily computed attributes to shared objects; which ones depends on
    which pages a process rendered before. Digests taken here see every object as every
    process and every build sees it before rendering, whatever is rendered where.
    """
    if _build.enabled:
        started = time.perf_counter()
        for value in context.values():
            _build.digests.of(value)
        _build.snapshot_seconds = time.perf_counter() - started


def install(environment) -> None:
    """Let ``environment`` record the names its renders look up (only while recording)."""
    if _build.enabled:
        environment.context_class = RecordingContext


def reuse(path: str, template, localcontext: dict) -> bool:
    """Link the previous build's ``path`` into this build if its inputs are unchanged."""
    if _build.previous is None:
        return False
    entry = _build.previous_pages.get(path)
    if not entry or entry[2] != template.name:
        return False
    fingerprint, names, _ = entry
    if _build.digests.names(names, localcontext, template.globals) != fingerprint:
        return False
    if not carry(path):
        return False
    _build.pages[path] = entry
    _build.reused += 1
    return True


def render(path: str, template, localcontext: dict) -> str:
    """Render ``template`` for ``path`` and note what it looked up (when recording)."""
    if not _build.enabled:
        return template.render(localcontext)
    with recording() as names:
        html = template.render(localcontext)
    _build.pages[path] = [_build.digests.names(names, localcontext, template.globals),
                          sorted(names), template.name]
    _build.rendered += 1
    return html


def carry(path: str) -> bool:
    """Link (or copy) the previous build's file at ``path`` into this build's output."""
    if _build.previous is None or _build.output is None:
        return False
    source = _build.previous / path
    target = _build.output / path
    try:
        stat = os.stat(source)
    except OSError:
        return False
    if _build.previous_files.get(path) != [stat.st_mtime_ns, stat.st_size]:
        return False  # not the file that build finished with (changed in place since)
    if target.parent not in _build.folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        _build.folders.add(target.parent)
    try:
        os.link(source, target)
    except FileExistsError:
        return False
    except OSError:
        shutil.copy2(source, target)
    return True


def carry_tree(relative: str) -> bool:
    """Link every file under the previous build's folder ``relative`` into this build."""
    if _build.previous is None or not (_build.previous / relative).is_dir():
        return False
    for source in sorted((_build.previous / relative).rglob("*")):
        if source.is_file() and not carry(source.relative_to(_build.previous).as_posix()):
            return False
    return True


def install_static_carry() -> None:
    """Let Pelican's static files be carried over too (once per process; see carry_static)."""
    if getattr(StaticGenerator._copy_staticfile, "carries", False):
        return
    copy = StaticGenerator._copy_staticfile

    def _copy_staticfile(generator, staticfile) -> None:
        if not carry_static(staticfile.save_as, os.path.join(generator.path,
                                                             staticfile.source_path)):
            copy(generator, staticfile)

    _copy_staticfile.carries = True
    StaticGenerator._copy_staticfile = _copy_staticfile


def carry_static(relative: str, source: str) -> bool:
    """Link the previous build's copy of a static file (a photo: they are most of a
    magazine's bytes) when its source has the size and modification time it had when that
    copy was made; False: copy it."""
    if not _build.enabled:
        return False
    try:
        stat = os.stat(source)
    except OSError:
        return False
    _build.static[relative] = [stat.st_mtime_ns, stat.st_size]
    copied = remembered(STATIC_SECTION) or {}
    return copied.get(relative) == _build.static[relative] and carry(relative)


def previous_output() -> Path | None:
    """The previous build this one reuses from (None: it builds everything)."""
    return _build.previous


def remembered(section: str):
    """What a plugin remembered under ``section`` in the previous build (None: nothing)."""
    return _build.previous_sections.get(section) if _build.previous is not None else None


def remember(section: str, value) -> None:
    """Keep ``value`` (JSON) under ``section`` for the next build."""
    if _build.enabled:
        _build.sections[section] = value


def share() -> dict:
    """This process's records, sent to the lead by a crew helper (a section that is a
    dictionary is merged entry by entry: each process remembers what it wrote)."""
    return {"pages": _build.pages, "reused": _build.reused, "rendered": _build.rendered,
            "sections": _build.sections}


def merge(share_of_helper: dict | None) -> None:
    if share_of_helper:
        _build.pages.update(share_of_helper["pages"])
        _build.reused += share_of_helper["reused"]
        _build.rendered += share_of_helper["rendered"]
        for name, value in share_of_helper.get("sections", {}).items():
            mine = _build.sections.get(name)
            if isinstance(mine, dict) and isinstance(value, dict):
                mine.update(value)
            else:
                _build.sections.setdefault(name, value)


def finish() -> None:
    """At the end of a good build: write the manifest next to the cache, report the reuse."""
    if not _build.enabled or _build.output is None:
        return
    if _build.static:
        _build.sections[STATIC_SECTION] = dict(sorted(_build.static.items()))
    files = _files_of(_build.output)
    manifest = manifest_of(_build.output)
    staging = manifest.with_name(manifest.name + ".tmp")
    staging.write_text(json.dumps({"recipe": _build.recipe, "pages": _build.pages,
                                   "sections": _build.sections, "files": files},
                                  separators=(",", ":")), encoding="utf-8")
    staging.replace(manifest)
    if _build.set_aside is not None:
        shutil.rmtree(_build.set_aside, ignore_errors=True)  # (what Pelican would have deleted)
        manifest_of(_build.set_aside).unlink(missing_ok=True)
    total = _build.reused + _build.rendered
    if _build.previous is not None:
        logger.info("press: %d of %d pages reused from %s (context digested in %.1f s)",
                    _build.reused, total, _build.previous, _build.snapshot_seconds)


def _files_of(folder: Path) -> dict[str, list[int]]:
    """Every file under ``folder``: relative path -> [mtime_ns, size]."""
    files = {}
    for base, _dirs, names in os.walk(folder):
        relative = os.path.relpath(base, folder)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in names:
            stat = os.stat(os.path.join(base, name))
            files[prefix + name] = [stat.st_mtime_ns, stat.st_size]
    return dict(sorted(files.items()))


def set_aside(settings: dict, cache: Path) -> Path | None:
    """The output folder of the last build, moved into the cache to reuse from, when Pelican
    is about to delete it anyway (``DELETE_OUTPUT_DIRECTORY``, nothing retained) and nobody
    named a previous build (``pelican`` run twice, a runner that keeps its output). Moved
    where Pelican would delete it (before reading), so a failed build leaves the output folder
    as Pelican's would; the last good output stays set aside, and the next build reuses it.
    None: nothing to reuse."""
    output = Path(settings["OUTPUT_PATH"]).absolute()
    content = Path(settings.get("PATH") or ".").absolute()
    if (not settings.get("DELETE_OUTPUT_DIRECTORY") or settings.get("OUTPUT_RETENTION")
            or content.resolve().is_relative_to(output.resolve())):
        return None
    aside = cache / SET_ASIDE
    if output.is_dir() and manifest_of(output).is_file():
        shutil.rmtree(aside, ignore_errors=True)
        try:
            os.replace(manifest_of(output), manifest_of(aside))
            os.rename(output, aside)
        except OSError as error:  # another file system: Pelican deletes it as always
            logger.info("press: %s cannot be reused from the cache (%s)", output, error)
            return None
    elif not (aside.is_dir() and manifest_of(aside).is_file()):
        return None  # (else a build failed after setting the last good output aside)
    _build.set_aside = aside
    return aside


def counts() -> tuple[int, int]:
    """(reused, rendered) pages of this build so far."""
    return _build.reused, _build.rendered


def manifest_of(output: Path) -> Path:
    """The manifest of the build in ``output``: beside the folder, never published with it
    (whoever renames or deletes a build folder does the same with it)."""
    output = Path(output)
    return output.with_name(output.name + MANIFEST_SUFFIX)


def recipe(settings: dict) -> str:
    """A digest of what decides the output besides the content (see the module docstring)."""
    digests = Digests()
    h = hashlib.sha256()
    h.update(sys.version.encode())
    chosen = {key: value for key, value in settings.items() if key not in VOLATILE_SETTINGS}
    chosen["MARKDOWN"] = markdown_as_read(settings.get("MARKDOWN") or {})
    h.update(digests.of(chosen))
    folders = [settings.get("THEME", ""), *settings.get("PLUGIN_PATHS", [])]
    for folder in sorted({str(Path(f).absolute()) for f in folders if f}):
        for base, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")) or name == "README.md":
                    continue  # compiled copies and the plugins' documentation
                path = os.path.join(base, name)
                h.update(os.path.relpath(path, folder).encode() + b"\0")
                with open(path, "rb") as handle:
                    h.update(hashlib.sha256(handle.read()).digest())
    versions = sorted({(d.metadata["Name"] or "").lower() + "==" + d.version
                       for d in importlib.metadata.distributions()})
    h.update("\n".join(versions).encode())
    return h.hexdigest()


def markdown_as_read(markdown: dict) -> dict:
    """``MARKDOWN`` as Pelican's reader completes it (in place, so a second build in one
    process would otherwise see another value than the first)."""
    markdown = copy.deepcopy(markdown)
    extensions = markdown.setdefault("extensions", [])
    for extension in [*markdown.setdefault("extension_configs", {}),
                      "markdown.extensions.meta"]:
        if extension not in extensions:
            extensions.append(extension)
    return markdown


def _prune_recipes(root: Path, current: Path) -> None:
    """Keep the newest few recipe folders (another settings file may use its own)."""
    folders = sorted((p for p in root.glob("recipe-*") if p.is_dir() and p != current),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in folders[RECIPE_FOLDERS_KEPT - 1:]:
        if time.time() - old.stat().st_mtime > 3600:
            shutil.rmtree(old, ignore_errors=True)
