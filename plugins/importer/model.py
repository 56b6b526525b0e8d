"""What every source (WordPress, a feed, a Hugo/Jekyll/Pelican folder) is read into."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class ImportFailure(Exception):
    """The source cannot be imported (malformed XML, missing folder, …); nothing was written."""


@dataclass
class Comment:
    id: str
    parent: str | None
    author: str
    email: str
    website: str
    created: datetime  # UTC
    html: str
    status: str  # approved, pending, spam, trash


@dataclass
class Person:
    key: str  # the old blog's login or name
    name: str
    email: str = ""
    old_path: str = ""  # e.g. /author/anna/


@dataclass
class Term:
    kind: str  # category or tag
    slug: str
    name: str
    old_path: str = ""  # e.g. /category/news/
    feed_path: str = ""  # e.g. /category/news/feed/


@dataclass
class Item:
    """One post or page of the old site."""

    key: str  # stable within the source, e.g. post:12
    kind: str  # article or page
    title_markup: str
    slug: str
    date: datetime | None
    modified: datetime | None = None
    draft_reason: str = ""  # draft, pending, private, future, password; "" = published
    authors: list[str] = field(default_factory=list)  # Person keys
    terms: list[tuple[str, str]] = field(default_factory=list)  # (kind, slug)
    excerpt: str = ""  # HTML or text
    body: str = ""
    body_format: str = "html"  # html or markdown
    image_url: str = ""
    image_alt: str = ""
    old_paths: list[str] = field(default_factory=list)  # path (and ?query) on the old site
    lang: str = ""
    comments: list[Comment] = field(default_factory=list)
    origin: str = ""  # the source file of a folder's item (relative images are found beside it)


@dataclass
class Source:
    kind: str  # wordpress, feed, hugo, jekyll, pelican
    name: str  # file or folder as given
    base_url: str = ""  # the old site, e.g. https://blog.example.com
    lang: str = "de"
    items: list[Item] = field(default_factory=list)
    people: dict[str, Person] = field(default_factory=dict)
    terms: dict[tuple[str, str], Term] = field(default_factory=dict)
    # attachment id -> (url, alt text, parent post id)
    attachments: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    feed_paths: list[str] = field(default_factory=list)  # the old site's main feeds
    fallback_date: datetime | None = None  # for undated drafts
    notes: list[str] = field(default_factory=list)
