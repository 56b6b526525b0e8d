"""Results kept between builds: what a plugin worked out from one input (a body's cleaned
HTML, an article's plain text), found again by the input's digest in the next build.

A plugin asks for a named table (:func:`table`) and looks each input up before computing
it: ``table.get(key)``, ``table.put(key, value)``, with ``key`` from :func:`key_of` (a
digest of every part the result depends on). The tables live in this build's recipe
folder of the cache (``press.incremental``: a change of settings, templates, plugins or
dependency versions starts another folder, so nothing computed under other code is found),
one file each. A build writes back only the entries it used, so a table never grows beyond
one archive; deleting the cache gives the same output, only slower.

Tables exist only in builds that record for the next one (Pelican's content cache on, pages
not rendered on request); elsewhere :func:`table` returns None and the plugin computes.
Values are what :mod:`marshal` stores (strings, tuples, numbers): the files are this
machine's cache for this Python version, never shared.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
from pathlib import Path

logger = logging.getLogger(__name__)

SUFFIX = ".kept"


class KeptTable:
    """One named table: the previous build's entries and the ones this build used."""

    def __init__(self, path: Path):
        self.path = path
        self.previous: dict[bytes, object] = {}
        self.used: dict[bytes, object] = {}
        self.added = 0  # entries this build computed (0 and all used: the file stays)
        try:
            loaded = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            loaded = None
        if isinstance(loaded, dict):
            self.previous = loaded

    def get(self, key: bytes):
        """The kept result for ``key``, or None."""
        value = self.used.get(key)
        if value is None:
            value = self.previous.get(key)
            if value is not None:
                self.used[key] = value
        return value

    def put(self, key: bytes, value) -> None:
        if key not in self.used:
            self.added += 1
        self.used[key] = value

    def save(self) -> None:
        """Write the entries this build used (atomically); nothing when it used the same
        entries it found."""
        if not self.added and len(self.used) == len(self.previous):
            return
        staging = self.path.with_name(self.path.name + ".tmp")
        try:
            staging.write_bytes(marshal.dumps(self.used))
            staging.replace(self.path)
        except (OSError, ValueError) as error:  # a cache that cannot be written: slower only
            logger.warning("press: could not keep %s for the next build: %s", self.path, error)


_folder: Path | None = None  # this build's recipe folder, when it keeps results
_tables: dict[str, KeptTable] = {}


def start(folder: str | Path | None) -> None:
    """At ``initialized`` (every run: autoreload reuses the process): keep results in
    ``folder``, or nowhere (None)."""
    global _folder
    _folder = Path(folder) if folder else None
    _tables.clear()


def table(name: str) -> KeptTable | None:
    """This build's table ``name`` (loaded on first use), or None when nothing is kept."""
    if _folder is None:
        return None
    found = _tables.get(name)
    if found is None:
        found = _tables[name] = KeptTable(_folder / f"{name}{SUFFIX}")
    return found


def key_of(*parts: str | bytes) -> bytes:
    """A digest of ``parts`` (texts or bytes), each delimited: the key of one result."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def share() -> dict:
    """A crew helper's entries used, for the lead to save."""
    return {name: (kept.used, kept.added) for name, kept in _tables.items()}


def merge(shared: dict | None) -> None:
    for name, (used, added) in (shared or {}).items():
        kept = table(name)
        if kept is not None:
            kept.used.update(used)
            kept.added += added


def finish() -> None:
    """At the end of a good build: save every table used."""
    global _folder
    for kept in _tables.values():
        kept.save()
    _tables.clear()
    _folder = None
