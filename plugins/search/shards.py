"""The search index in shards: each shard a Pagefind bundle of some article pages.

Pagefind has no incremental mode: it indexes a folder whole. So the article pages are dealt
into shards by a hash of their path (about ``SEARCH_SHARD_SIZE`` pages each), every shard is
indexed on its own into ``pagefind/shard-NN/``, and the search page merges all shards in the
browser (Pagefind's ``mergeIndex``), reading the list from ``pagefind/shards.json``.

A build that reuses the previous one (``press.incremental``) indexes a shard again only when
what Pagefind reads of its pages changed: same page paths as last time, and every page either
still the very file of the previous build (the press links unchanged pages, so they share its
inode) or a new file whose indexed part (:func:`indexed_part`) is the previous file's, means
the previous bundle still describes them and is linked over as it is. A topic move changes
the related lists and department navigation of many article pages, outside what is indexed.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import tempfile
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from press import incremental

INDEX_FOLDER = "pagefind"
LIST_FILE = "shards.json"  # [{"path": "shard-00/", "languages": ["de", "en"]}, …]
MEMORY = "search shards"  # what the next build needs: shard -> its pages


def expand_braces(pattern: str) -> list[str]:
    """``{artikel,*/artikel}/**/*.html`` -> both patterns (Pagefind's glob syntax)."""
    match = re.search(r"\{([^{}]*)\}", pattern)
    if match is None:
        return [pattern]
    return [expanded for choice in match.group(1).split(",")
            for expanded in expand_braces(pattern[:match.start()] + choice
                                          + pattern[match.end():])]


def article_pages(output: Path, glob: str) -> list[str]:
    """The pages Pagefind would index: their paths relative to ``output``."""
    found = {path.relative_to(output).as_posix() for pattern in expand_braces(glob)
             for path in output.glob(pattern) if path.is_file()}
    return sorted(p for p in found if not p.startswith(INDEX_FOLDER + "/"))


_BODY = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*\bdata-pagefind-body\b[^>]*>")
_TAGGED = re.compile(r"<[a-zA-Z][^>]*\bdata-pagefind-[^>]*>[^<]*")
_FIRST = (re.compile(r"<html\b[^>]*>"), re.compile(r"<h1\b.*?</h1>", re.S),
          re.compile(r"<img\b[^>]*>"))


def indexed_part(html: str) -> str:
    """What Pagefind reads of a page, or more: the element marked ``data-pagefind-body``
    whole; every tag with a ``data-pagefind-*`` attribute with the text after it (filters,
    metadata); the ``<html>`` tag (the language), the first ``<h1>`` and the first ``<img>``
    (the default title and image). Two pages with the same part index alike."""
    parts = [match.group(0) for pattern in _FIRST for match in [pattern.search(html)] if match]
    parts += _TAGGED.findall(html)
    body = _BODY.search(html)
    if body is not None:
        name, depth, end = body.group(1).lower(), 1, len(html)
        tags = re.compile(rf"<(/?){re.escape(name)}\b[^>]*>", re.I)
        for tag in tags.finditer(html, body.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        parts.append(html[body.start():end])
    return "\x00".join(parts)


def same_indexed_part(one: Path, other: Path) -> bool:
    try:
        return indexed_part(one.read_text(encoding="utf-8")) == indexed_part(
            other.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False


def shard_count(pages: int, size: int) -> int:
    return max(1, math.ceil(pages / max(1, size)))


def plan(pages: list[str], size: int) -> dict[str, list[str]]:
    """Shard folder name -> its pages (only shards with pages)."""
    count = shard_count(len(pages), size)
    shards: dict[str, list[str]] = {}
    for page in pages:
        number = zlib.crc32(page.encode("utf-8")) % count
        shards.setdefault(f"shard-{number:02d}", []).append(page)
    return dict(sorted(shards.items()))


@dataclass
class Indexer:
    """One build's indexing: unchanged shards linked over, the others indexed in turn on a
    thread while the rest of the site is written."""

    command: list[str]
    output: Path
    shards: dict[str, list[str]]
    reindexed: list[str] = field(default_factory=list)
    failure: str = ""
    thread: threading.Thread | None = None

    def start(self) -> None:
        previous = incremental.previous_output()
        last = (incremental.remembered(MEMORY) or {}) if previous is not None else {}
        self.reindexed = [
            name for name, pages in self.shards.items()
            if not (self._unchanged(previous, last.get(name), name, pages)
                    and incremental.carry_tree(f"{INDEX_FOLDER}/{name}"))]
        self.thread = threading.Thread(target=self._index_all, args=(self.reindexed,),
                                       daemon=True)
        self.thread.start()

    def _unchanged(self, previous: Path | None, last: list[str] | None, name: str,
                   pages: list[str]) -> bool:
        """Same pages as last time, each still the previous build's very file or a new file
        that Pagefind reads alike."""
        if previous is None or last != pages:
            return False
        if not (previous / INDEX_FOLDER / name / "pagefind-entry.json").is_file():
            return False
        for page in pages:
            try:
                if os.stat(self.output / page).st_ino == os.stat(previous / page).st_ino:
                    continue
            except OSError:
                return False
            if not same_indexed_part(self.output / page, previous / page):
                return False
        return True

    def _index_all(self, names: list[str]) -> None:
        for name in names:
            self.failure = self._index(name)
            if self.failure:
                return

    def _index(self, name: str) -> str:
        """Index one shard's pages (hard-linked into a scratch folder mirroring the site)."""
        scratch = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.{name}-",
                                        dir=self.output.parent))
        try:
            for page in self.shards[name]:
                target = scratch / page
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(self.output / page, target)
                except OSError:
                    shutil.copy2(self.output / page, target)
            result = subprocess.run(
                [*self.command, "--site", str(scratch), "--glob", "**/*.html",
                 "--output-path", str(self.output / INDEX_FOLDER / name), "--quiet"],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            return "" if result.returncode == 0 else f"{name}: {result.stdout}"
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def finish(self) -> str:
        """Wait for the indexing; write the shard list; '' or what failed."""
        if self.thread is not None:
            self.thread.join()
        if self.failure:
            return self.failure
        listing = []
        for name in self.shards:
            entry = self.output / INDEX_FOLDER / name / "pagefind-entry.json"
            languages = sorted(json.loads(entry.read_text(encoding="utf-8"))["languages"])
            listing.append({"path": f"{name}/", "languages": languages})
        (self.output / INDEX_FOLDER).mkdir(parents=True, exist_ok=True)
        (self.output / INDEX_FOLDER / LIST_FILE).write_text(
            json.dumps({"shards": listing}, separators=(",", ":")) + "\n", encoding="utf-8")
        incremental.remember(MEMORY, self.shards)
        return ""
