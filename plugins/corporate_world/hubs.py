"""Topic hubs: the model shared by the hubs, feeds, dialog and API plugins.

The hubs plugin fills ``CorporateWorld.hubs`` and ``CorporateWorld.article_hubs``;
other plugins only read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from corporate_world.images import LeadImage
from corporate_world.people import Author
from corporate_world.taxonomy import Term


@dataclass(frozen=True)
class CallToAction:
    label: str
    url: str
    kind: str = "contact"  # download | contact | event


@dataclass
class FormatGroup:
    format: Term
    articles: list  # the newest, at most HUB_GROUP_LIMIT: a hub page stays bounded
    total: int = 0  # every member of this stage and format


@dataclass
class StageSection:
    stage: str  # awareness | consideration | decision
    groups: list[FormatGroup]


def front_hubs(hubs, count: int) -> list:
    """The hubs a front page links: the ``count`` most recently updated with articles."""
    return sorted((h for h in hubs if h.articles), key=lambda h: h.newest, reverse=True)[:count]


@dataclass(eq=False)
class Hub:
    """A pillar page gathering everything the company knows about one subject."""

    slug: str
    title: str
    summary: str
    intro_html: str
    source: str
    url: str
    save_as: str
    topics: list[Term] = field(default_factory=list)
    departments: list[Term] = field(default_factory=list)
    industries: list[Term] = field(default_factory=list)
    audiences: list[Term] = field(default_factory=list)
    pinned: list = field(default_factory=list)  # articles, in the editor's order
    experts: list[Author] = field(default_factory=list)
    related: list[Hub] = field(default_factory=list)
    cta: CallToAction | None = None
    image: LeadImage | None = None
    articles: list = field(default_factory=list)  # every member, newest first
    sections: list[StageSection] = field(default_factory=list)
    lang: str = "de"
    latest: list = field(default_factory=list)  # newest members not pinned, not in sections
    stage_counts: dict[str, int] = field(default_factory=dict)  # every member, by stage
    newest: datetime | None = None  # date of the newest member
    feed_url: str | None = None  # set by the feeds plugin: site-relative, e.g. feeds/hub/x.atom.xml
    thread_anchor: str | None = None  # set by the dialog plugin once the hub has a thread
    edition_prefix: str = ""  # "" in the default language, "<lang>/" for another edition's hub

    @property
    def card_key(self) -> str:
        """Its social card in the sharing plugin's ``share_images``: ``hub:<slug>``, for
        another language edition's hub ``hub:<lang>/<slug>``."""
        return f"hub:{self.edition_prefix}{self.slug}"

    @property
    def thread_id(self) -> str:
        """The reader-question thread of this hub (its own, apart from any article's)."""
        return f"hub:{self.slug}"
