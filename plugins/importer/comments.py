"""Old comments into the comment server's database, through Isso's own db module.

The thread is the new article's site-relative URL (as the dialog plugin names threads).
Isso shows one level of replies: a reply to a reply is filed under the top comment, as
Isso does for new comments. A comment already in the thread (same time, author and text)
is not added again, so a rerun adds nothing.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from importer.model import Comment

ANONYMOUS_ADDRESS = "0.0.0.0"  # the old blog's IP addresses are not carried over


@dataclass
class Thread:
    uri: str
    title: str
    comments: list[Comment]
    pending_as_pending: bool = True


@dataclass
class CommentReport:
    added: int = 0
    present: int = 0
    skipped: Counter = field(default_factory=Counter)


def comment_text(markup: str) -> str:
    from markdownify import markdownify

    from importer.text import plain

    text = markdownify(markup.replace("\r\n", "\n").replace("\n\n", "<br><br>"),
                       strip=["script", "style", "iframe", "img"]).strip()
    return text or plain(markup) or "…"


def open_db(path: Path):
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:  # Isso configures the root logger on import
        from isso import config
        from isso.db import SQLite3
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    path.parent.mkdir(parents=True, exist_ok=True)
    return SQLite3(str(path), config.load(config.default_file()))


def write_threads(path: Path, threads: list[Thread], keep_email: bool) -> CommentReport:
    report = CommentReport()
    wanted = [t for t in threads if t.comments]
    for thread in threads:
        for comment in thread.comments:
            if comment.status in ("spam", "trash", "pingback"):
                report.skipped[comment.status] += 1
    if not any(c.status in ("approved", "pending") for t in wanted for c in t.comments):
        return report
    db = open_db(path)
    for thread in wanted:
        keep = [c for c in thread.comments if c.status in ("approved", "pending")]
        if not keep:
            continue
        if thread.uri not in db.threads:
            db.threads.new(thread.uri, thread.title)
        existing = {(round(row[0], 3), row[1] or "", row[2]): row[3] for row in db.execute(
            "SELECT c.created, c.author, c.text, c.id FROM comments c JOIN threads t "
            "ON c.tid = t.id WHERE t.uri = ?", (thread.uri,)).fetchall()}
        new_ids: dict[str, int] = {}
        by_id = {c.id: c for c in keep}
        for comment in sorted(keep, key=lambda c: (c.created, int(c.id or 0))):
            text = comment_text(comment.html)
            created = comment.created.timestamp()
            fingerprint = (round(created, 3), comment.author or "", text)
            if fingerprint in existing:
                new_ids[comment.id] = existing[fingerprint]
                report.present += 1
                continue
            parent = comment.parent
            while parent and parent not in new_ids and parent in by_id:
                parent = by_id[parent].parent  # a skipped parent: file under its parent
            row = db.comments.add(thread.uri, {
                "parent": new_ids.get(parent) if parent else None,
                "created": created, "mode": 1 if comment.status == "approved" else 2,
                "remote_addr": ANONYMOUS_ADDRESS, "text": text,
                "author": comment.author or None,
                "email": (comment.email or None) if keep_email else None,
                "website": comment.website or None, "notification": 0})
            new_ids[comment.id] = row["id"]
            existing[fingerprint] = row["id"]
            report.added += 1
    return report
