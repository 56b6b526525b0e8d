"""Whether an article or page is published at a given moment: the one place that decides.

An article is *unpublished* while it says ``Status: draft`` or its ``Date`` lies after the
build's moment (a *scheduled* article; ``WITH_FUTURE_DATES = True`` turns scheduling off); a
page only by ``Status: draft``. The ``publication`` plugin asks :func:`publication_state` for
every article and page of a build, marks each with ``content.unpublished`` (an
:class:`Unpublished` record, or None) and lists the records in the context under
:data:`CONTEXT_KEY`, whether the build shows them (``SHOW_UNPUBLISHED``, the preview) or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

CONTEXT_KEY = "unpublished_articles"  # context: source path -> Unpublished, articles and pages
DRAFT, SCHEDULED = "draft", "scheduled"


@dataclass(frozen=True)
class Unpublished:
    """An article or page this build does not publish, and where it will appear once it is."""

    source_path: str  # as Pelican has it (absolute)
    kind: str  # "article" or "page"
    state: str  # DRAFT or SCHEDULED
    title: str
    slug: str
    lang: str
    url: str  # its address once published, relative to SITEURL (artikel/<slug>/)
    date: datetime | None  # a scheduled article's publication time, in TIMEZONE

    @property
    def is_draft(self) -> bool:
        return self.state == DRAFT


def raw_status(content) -> str:
    """The status the editor wrote (Pelican turns a future date into ``draft`` itself)."""
    return str(content.metadata.get("status") or "published").strip().lower()


def publication_state(content, now: datetime, schedule: bool = True) -> str | None:
    """DRAFT, SCHEDULED or None (published) for ``content`` at the moment ``now``.

    Only the editor's metadata counts, never ``content.status``: Pelican sets that when it
    reads a file, and its cache keeps it after the date has passed.
    """
    if raw_status(content) == DRAFT:
        return DRAFT
    date = getattr(content, "date", None) if schedule else None
    if isinstance(date, datetime):
        moment = now if date.tzinfo else now.astimezone().replace(tzinfo=None)
        if date > moment:
            return SCHEDULED
    return None


def unpublished_record(content, kind: str, state: str, timezone: str) -> Unpublished:
    date = getattr(content, "date", None) if state == SCHEDULED else None
    if isinstance(date, datetime) and date.tzinfo is not None:
        date = date.astimezone(ZoneInfo(timezone))
    return Unpublished(source_path=content.source_path, kind=kind, state=state,
                       title=str(getattr(content, "title", "")), slug=str(content.slug),
                       lang=str(getattr(content, "lang", "")), url=content.url, date=date)


def unpublished_of(context: dict) -> dict[str, Unpublished]:
    """This build's unpublished articles and pages by source path (empty without the plugin)."""
    return context.get(CONTEXT_KEY) or {}
