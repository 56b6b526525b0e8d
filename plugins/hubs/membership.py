"""Which articles belong to which hub, and how a hub page arranges them.

Membership costs one pass over the articles: an index from topic to the hubs
gathering it (a parent topic indexes its children too) answers each of an
article's topics in constant time, so the work is articles × topics, never
articles × hubs.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass

from corporate_world import CorporateWorld, ErrorReport, FormatGroup, Hub, StageSection
from corporate_world.errors import display_path
from corporate_world.publication import Unpublished
from corporate_world.taxonomy import STAGES

from hubs.sources import HubFile

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HubWarning:
    """Something an editor should look at that does not stop the build."""

    file: str
    field: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message} (got {self.value!r})"


def topic_index(hubs: list[Hub]) -> dict[str, list[Hub]]:
    """Topic slug -> the hubs gathering it; a parent topic gathers its children."""
    index: dict[str, list[Hub]] = defaultdict(list)
    for hub in hubs:
        for topic in hub.topics:
            for member in topic.family():
                if hub not in index[member.slug]:
                    index[member.slug].append(hub)
    return index


def passes_filters(hub: Hub, profile) -> bool:
    """Departments, Industries and Audiences narrow a hub; an empty filter lets all pass."""
    if hub.departments and profile.department not in hub.departments:
        return False
    if hub.industries and not any(t in hub.industries for t in profile.industries):
        return False
    return not hub.audiences or any(t in hub.audiences for t in profile.audiences)


def check_article_hubs(world: CorporateWorld, hub_slugs: set[str], report: ErrorReport) -> None:
    """``Hubs:`` in any article (drafts and translations too) must name an existing hub."""
    allowed = tuple(sorted(hub_slugs))
    for source, profile in world.profiles.items():
        for slug in profile.hub_slugs:
            if slug not in hub_slugs:
                report.add(source, "unknown hub", field="Hubs", value=slug, allowed=allowed)


def gather(world: CorporateWorld, hubs: dict[str, Hub],
           articles: list | None = None) -> dict[str, dict[str, object]]:
    """Hub slug -> its members by source path: by topic (through the filters) or by ``Hubs:``,
    among ``articles`` (default: the default edition's, ``world.articles``)."""
    index = topic_index(list(hubs.values()))
    members: dict[str, dict[str, object]] = {slug: {} for slug in hubs}
    for article in world.articles if articles is None else articles:
        profile = world.profile(article)
        if profile is None:
            continue
        for slug in belongs_to(profile, index, members):
            members[slug][article.source_path] = article
    return members


def belongs_to(profile, index: dict[str, list[Hub]], hubs) -> list[str]:
    """The slugs of the hubs (of ``hubs``, by slug) an article with ``profile`` belongs to:
    by topic, through the filters, or by its ``Hubs:`` (its own word wins over the
    filters); pins aside."""
    candidates: dict[str, Hub] = {}
    for topic in profile.topics:
        for hub in index.get(topic.slug, ()):
            candidates[hub.slug] = hub
    found = [slug for slug, hub in candidates.items() if passes_filters(hub, profile)]
    return found + [slug for slug in profile.hub_slugs if slug in hubs and slug not in found]


def pin(hub_file: HubFile, members: dict[str, object], by_slug: dict[str, object],
        report: ErrorReport, unpublished: dict[str, Unpublished]) -> list[HubWarning]:
    """Resolve ``Pinned`` in the editor's order; a pinned piece is always a member.

    A piece this build does not publish (``unpublished``, by slug) is skipped with a logged
    warning that stays out of the coverage report: the report is an output file.
    """
    hub = hub_file.hub
    warnings = []
    for slug in hub_file.pinned_slugs:
        article = by_slug.get(slug)
        if article is None and slug in unpublished:
            record = unpublished[slug]
            logger.warning("%s: Pinned: %s is not published yet (%s: %s); the hub skips it "
                           "until it is", display_path(hub.source), slug, record.state,
                           display_path(record.source_path))
            continue
        if article is None:
            report.add(hub.source, "unknown article", field="Pinned", value=slug,
                       allowed=tuple(by_slug))
            continue
        if article in hub.pinned:
            report.add(hub.source, "named twice", field="Pinned", value=slug)
            continue
        if article.source_path not in members:
            warning = HubWarning(hub.source, "Pinned", slug,
                                 "pinned article no longer matches the hub's topics or filters")
            logger.warning("%s", warning)
            warnings.append(warning)
            members[article.source_path] = article
        hub.pinned.append(article)
    return warnings


def arrange(hub: Hub, members: dict[str, object], world: CorporateWorld, latest_count: int,
            group_limit: int, order: dict[str, int] | None = None) -> None:
    """Fill articles, latest, sections, stage counts: each article shown once on the page.

    Pinned pieces come first. "Latest" takes the newest of the rest, but never the last
    piece of a stage, so every stage the hub covers keeps a piece in its journey section.
    Each stage-and-format group shows its newest ``group_limit`` pieces and counts the
    rest: the number of hubs grows with the archive, so a hub page that listed every
    member would make the whole site grow with the square of the archive.

    ``order``: each article's place in the edition's listing (newest first) that ``members``
    were gathered from (``listing_order``); without it, members are sorted by date and path.
    """
    hub.articles = in_listing_order(members, order or {})
    profiles = world.profiles
    paths = [a.source_path for a in hub.articles]
    stages = [profiles[path].stage for path in paths]
    hub.stage_counts = dict(Counter(stages))
    hub.newest = hub.articles[0].date if hub.articles else None
    pinned = {a.source_path for a in hub.pinned}
    rest = [(path, stage, article) for path, stage, article
            in zip(paths, stages, hub.articles, strict=True) if path not in pinned]
    left = Counter(stage for _path, stage, _article in rest)
    hub.latest = []
    for _path, stage, article in rest:
        if len(hub.latest) >= latest_count:
            break
        if left[stage] > 1:
            hub.latest.append(article)
            left[stage] -= 1
    shown = pinned | {a.source_path for a in hub.latest}
    formats = list(world.taxonomy["format"].terms.values())
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for path, stage, article in rest:
        if path not in shown:
            kind = profiles[path].format
            if kind is not None:  # None only in a build that stops with errors
                grouped[(stage, kind.slug)].append(article)
    hub.sections = []
    for stage in STAGES:
        if not hub.stage_counts.get(stage):
            continue
        groups = [FormatGroup(format=f, articles=grouped[(stage, f.slug)][:group_limit],
                              total=len(grouped[(stage, f.slug)]))
                  for f in formats if grouped.get((stage, f.slug))]
        hub.sections.append(StageSection(stage=stage, groups=groups))


def listing_order(listing: list) -> dict[str, int]:
    """Source path -> place in ``listing`` (newest first, as ``newest_first`` sorts)."""
    return {article.source_path: place for place, article in enumerate(listing)}


def in_listing_order(members: dict[str, object], order: dict[str, int]) -> list:
    """``members`` (by source path), newest first: by their place in the listing when it
    holds them all (a sort on a lookup), else sorted by date and path as ``newest_first``."""
    try:
        return [members[path] for path in sorted(members, key=order.__getitem__)]
    except KeyError:
        return sorted(members.values(), key=lambda a: (a.date, a.source_path), reverse=True)


def featured_hubs(world: CorporateWorld, hubs: list[Hub], limit: int,
                  only: list | None = None) -> dict[str, list[Hub]]:
    """Article source path -> the hubs it shows (callout, API ``hubs``), at most ``limit``;
    for the articles ``only`` when given.

    An article can belong to dozens of hubs in a large magazine; its page names the closest:
    hubs it asks for (``Hubs:``), then hubs that pin it, then those sharing most of its
    topics (a parent topic counts for its children), the smaller, more specific hub first.
    Linear in the number of memberships.
    """
    pinned = {(hub.slug, article.source_path) for hub in hubs for article in hub.pinned}
    by_article: dict[str, list[Hub]] = defaultdict(list)
    if only is None:
        for hub in hubs:
            for article in hub.articles:
                by_article[article.source_path].append(hub)
    else:  # (the members among ``only``, found by identity in one pass per hub)
        wanted = {id(article): article.source_path for article in only}
        for hub in hubs:
            for found in wanted.keys() & set(map(id, hub.articles)):
                by_article[wanted[found]].append(hub)
    # per hub, once: its slug, its topics' slugs, its size and its title as sorted
    facts = {id(hub): (hub.slug, tuple(t.slug for t in hub.topics), len(hub.articles),
                       hub.title.casefold()) for hub in hubs}
    featured = {}
    for source, member_of in by_article.items():
        profile = world.profiles.get(source)
        asked = set(profile.hub_slugs) if profile else set()
        topics = {s.slug for t in (profile.topics if profile else ()) for s in (t, t.parent) if s}

        def rank(hub, source=source, asked=asked, topics=topics) -> tuple:
            slug, hub_topics, size, title = facts[id(hub)]
            return (slug not in asked, (slug, source) not in pinned,
                    -sum(topic in topics for topic in hub_topics), size, title)

        featured[source] = sorted(member_of, key=rank)[:limit]
    return featured
