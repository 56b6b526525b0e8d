"""The thread registry the build writes and the gate reads: ``dialog/closed-threads.json``.

Shared by the build (which knows each thread's state) and the gate in front of
Isso (which refuses new comments for closed, switched-off and unknown threads).
Kept free of Isso and Pelican imports so both sides can load it cheaply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REGISTRY_PATH = "dialog/closed-threads.json"
VERSION = 1


@dataclass
class Registry:
    open: set[str] = field(default_factory=set)
    closed: set[str] = field(default_factory=set)
    off: set[str] = field(default_factory=set)
    closes_at: dict[str, datetime] = field(default_factory=dict)

    def refusal(self, thread_id: str, now: datetime | None = None) -> str | None:
        """Why a new comment on ``thread_id`` is refused, or None when it is welcome."""
        now = now or datetime.now(UTC)
        if thread_id in self.off:
            return "Comments are switched off for this page."
        if thread_id in self.closed:
            return "This discussion is closed."
        closes = self.closes_at.get(thread_id)
        if closes is not None and now >= closes:
            return "This discussion is closed."
        if thread_id not in self.open:
            return "There is no discussion with this id on the magazine."
        return None

    def to_json(self) -> str:
        return json.dumps({
            "version": VERSION,
            "closed": sorted(self.closed),
            "off": sorted(self.off),
            "open": sorted(self.open),
            "closes_at": {k: v.isoformat() for k, v in sorted(self.closes_at.items())},
        }, ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Registry:
        data = json.loads(text)
        return cls(open=set(data.get("open", [])), closed=set(data.get("closed", [])),
                   off=set(data.get("off", [])),
                   closes_at={k: datetime.fromisoformat(v)
                              for k, v in data.get("closes_at", {}).items()})


class RegistryFile:
    """The registry re-read whenever the build has replaced the file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._stamp: tuple[int, int] | None = None
        self._registry: Registry | None = None

    def current(self) -> Registry | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        stamp = (stat.st_mtime_ns, stat.st_ino)
        if stamp != self._stamp:
            try:
                self._registry = Registry.from_json(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            self._stamp = stamp
        return self._registry
