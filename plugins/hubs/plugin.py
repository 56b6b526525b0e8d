"""Signal wiring: read the hub files, file the articles into hubs, report coverage, write pages.

Settings (defaults in ``DEFAULTS``, documented in README.md). After the live preview's
``content_refiled`` (articles moved to other terms in memory), the hubs they left or joined
are arranged again, and the callouts of those hubs' members chosen again.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from blinker import signal
from corporate_world import error_report, every_article, world_of
from corporate_world.editions import HUB_EDITIONS_KEY
from corporate_world.hubs import front_hubs
from corporate_world.publication import unpublished_of
from corporate_world.taxonomy import STAGES
from pelican import signals
from pelican.utils import get_relative_path, path_to_url

from hubs.coverage import coverage_report
from hubs.membership import (
    arrange,
    belongs_to,
    check_article_hubs,
    featured_hubs,
    gather,
    listing_order,
    pin,
    topic_index,
)
from hubs.pages import HubPagesGenerator
from hubs.sources import read_hub_files, resolve_related

DEFAULTS = {
    "HUB_DIR": "hubs",
    "HUB_URL": "hub/{slug}/",
    "HUB_SAVE_AS": "hub/{slug}/index.html",
    "HUBS_URL": "hubs/",
    "HUBS_SAVE_AS": "hubs/index.html",
    "HUB_LATEST_COUNT": 3,
    "HUB_GROUP_LIMIT": 6,
    "HUB_ARTICLE_LIMIT": 3,
    "HUB_FRONT_COUNT": 6,
    "HUB_STALE_DAYS": 180,
    "HUB_COVERAGE_SAVE_AS": "api/v1/hubs/coverage.json",
}
INTROS_KEY = "hub_intros"  # context: hub url -> pelican Page holding the Markdown intro
COVERAGE_KEY = "hub_coverage"  # context: the coverage report (a JSON-ready dict)
TEASERS_KEY = "hub_teasers"  # context: hubs for the front page, most recently updated first
LIST_KEY = "hub_list"  # context: the hubs read from HUB_DIR, in title order (pages, index)
NAV_KEY = "hubs_in_nav"  # context: whether the navigation links the hub index
STAGE_LABELS_KEY = "hub_stage_labels"  # context: language -> stage -> its label


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def _translation_originals(generator, originals: set[str]) -> dict[str, str]:
    """Translation source path -> its original's source path."""
    found = {}
    for article in [*generator.translations, *generator.hidden_translations]:
        for other in getattr(article, "translations", []):
            if other.source_path in originals:
                found[article.source_path] = other.source_path
                break
    return found


def share_with_translations(generator, world, originals: set[str]) -> dict[str, str]:
    """A translation shows its original's hubs: for the translations of ``originals`` (source
    paths); returns translation -> original."""
    found = _translation_originals(generator, originals)
    for translation, original in found.items():
        if original in world.article_hubs:
            world.article_hubs[translation] = world.article_hubs[original]
        else:
            world.article_hubs.pop(translation, None)
    return found


def on_articles_finalized(generator) -> None:
    """Build every hub once the articles are filed; errors go to the shared report."""
    context, settings = generator.context, generator.settings
    world = world_of(context)
    if world is None:
        return
    report = error_report(context)
    content = Path(generator.path)
    default_lang = settings.get("DEFAULT_LANG") or "de"
    every_file = read_hub_files(content / settings["HUB_DIR"], settings, context,
                                world.taxonomy, world.authors, report)
    files = [f for f in every_file if f.hub.lang == default_lang]
    resolve_related(files, report)
    hubs = {f.hub.slug: f.hub for f in sorted(files, key=lambda f: f.hub.title.casefold())}
    check_article_hubs(world, set(hubs), report)
    members = gather(world, hubs)
    by_slug = {a.slug: a for a in world.articles}
    unpublished = {record.slug: record for record in unpublished_of(context).values()
                   if record.kind == "article"}
    warnings = []
    for hub_file in files:
        warnings += pin(hub_file, members[hub_file.hub.slug], by_slug, report, unpublished)
    order = listing_order(world.articles)
    for hub in hubs.values():
        arrange(hub, members[hub.slug], world, int(settings["HUB_LATEST_COUNT"]),
                int(settings["HUB_GROUP_LIMIT"]), order)

    world.hubs = hubs
    world.article_hubs = featured_hubs(world, list(hubs.values()),
                                       int(settings["HUB_ARTICLE_LIMIT"]))
    share_with_translations(generator, world, {a.source_path for a in world.articles})

    context[LIST_KEY] = list(hubs.values())
    context[HUB_EDITIONS_KEY] = {default_lang: context[LIST_KEY],
                             **edition_hubs(context, world, every_file, unpublished, report)}
    for article in every_article(generator):  # the callout under each article (hub_callout)
        call_out(article, world)
    context[INTROS_KEY] = {f.hub.url: f.intro for f in every_file}
    context[TEASERS_KEY] = front_hubs(hubs.values(), int(settings["HUB_FRONT_COUNT"]))
    # what every page reads of the hubs: whether its edition has any (the navigation)
    context[NAV_KEY] = {lang: bool(found) for lang, found in context[HUB_EDITIONS_KEY].items()}
    # the stages' labels apart from the world: a hub page depends on them, not on every
    # article's filing (press/fingerprint.py)
    langs = sorted({*world.taxonomy.langs, "de"})  # (labels fall back to German)
    context[STAGE_LABELS_KEY] = {lang: {stage: world.taxonomy.stage_label(stage, lang)
                                        for stage in STAGES} for lang in langs}
    if settings.get("PRESS_ON_REQUEST"):
        return  # (the live preview's quick pass: the report is an output file, its full build's)
    context[COVERAGE_KEY] = coverage_report(
        world, content, str(settings.get("PUBLIC_URL") or settings.get("SITEURL") or "").rstrip(
            "/"), date.today(), int(settings["HUB_STALE_DAYS"]), warnings)


def call_out(article, world) -> None:
    article.hub_callouts = [HubCallout(hub.title, hub.url, hub.lang, hub.summary)
                            for hub in world.callout_hubs(article)]


def on_content_refiled(generator, context: dict, articles: list) -> None:
    """Articles moved to other terms in memory (the live preview): in each edition, the
    hubs they belonged to or belong to now are arranged again with the members they have
    now, and the callouts chosen again of the articles whose ranking of their hubs may have
    changed (see ``rank_again``), and the front page's hubs."""
    world, editions = world_of(context), context.get(HUB_EDITIONS_KEY)
    if world is None or not editions:
        return
    settings = generator.settings
    chosen_again: set[str] = set()
    for lang, hubs in editions.items():
        listing = world.listing(lang)
        moved = [article for article in articles if article in listing]
        if not hubs or not moved:
            continue
        index, by_slug = topic_index(hubs), {hub.slug: hub for hub in hubs}
        joined = {article.source_path: set(belongs_to(world.profile(article), index, by_slug))
                  for article in moved}
        sizes = {hub.slug: len(hub.articles) for hub in hubs}
        order = listing_order(listing)
        for hub in hubs:
            if not any(hub.slug in joined[a.source_path] or a in hub.articles for a in moved):
                continue
            members = {a.source_path: a for a in hub.articles}
            for article in moved:
                members.pop(article.source_path, None)
                if hub.slug in joined[article.source_path] or article in hub.pinned:
                    members[article.source_path] = article
            arrange(hub, members, world, int(settings["HUB_LATEST_COUNT"]),
                    int(settings["HUB_GROUP_LIMIT"]), order)
        chosen = world.article_hubs if lang == world.default_lang else world.edition_article_hubs
        again = {a.source_path: a for a in [*rank_again(hubs, sizes, chosen), *moved]}
        featured = featured_hubs(world, hubs, int(settings["HUB_ARTICLE_LIMIT"]),
                                 only=list(again.values()))
        for source in again:
            if source in featured:
                chosen[source] = featured[source]
            else:
                chosen.pop(source, None)
        chosen_again.update(again)
    chosen_again.update(share_with_translations(generator, world, chosen_again))
    for article in every_article(generator):
        if article.source_path in chosen_again:
            call_out(article, world)
    teasers = context.get(TEASERS_KEY)
    if teasers is not None:
        teasers[:] = front_hubs(world.hubs.values(), int(settings["HUB_FRONT_COUNT"]))


def rank_again(hubs: list, sizes: dict[str, int], chosen: dict[str, list]) -> list:
    """The articles whose callout may change now that some hubs grew or shrank (``sizes``:
    before; ``chosen``: the callouts so far). A hub's place among an article's hubs changes
    only against a hub of a size between its old and new one (or the same), so only an
    article in both hubs of such a pair can see its order change, and its callout only when
    one of the two is in it (the others stay behind the callout's last hub, unless that one
    is in such a pair itself)."""
    spans = {hub.slug: sorted((sizes[hub.slug], len(hub.articles))) for hub in hubs}
    again: dict[int, object] = {}
    for hub in (hub for hub in hubs if sizes[hub.slug] != len(hub.articles)):
        low, high = spans[hub.slug]
        mine = {id(a): a for a in hub.articles}
        for other in hubs:
            other_low, other_high = spans[other.slug]
            if other is hub or other_high < low or high < other_low:
                continue
            for shared in mine.keys() & set(map(id, other.articles)):
                article = mine[shared]
                callout = chosen.get(article.source_path, ())
                if hub in callout or other in callout:
                    again[shared] = article
    return list(again.values())


@dataclass(frozen=True)
class HubCallout:
    """What an article page shows of a hub it belongs to: the page reads these, not the
    corporate world, so it is rendered again only when they change (plugins/press)."""

    title: str
    url: str
    lang: str
    summary: str


def edition_hubs(context: dict, world, files: list, unpublished: dict,
                 report) -> dict[str, list]:
    """The hubs of the other language editions (a hub file with ``Lang: en``; its slug pairs
    it with the default language's hub): members, pins and related hubs among that
    edition's articles and hubs. Their articles name them in their callouts."""
    settings = context
    default_lang = world.default_lang
    editions = context.get("editions") or {}
    found = {}
    for lang in editions:
        own = [f for f in files if f.hub.lang == lang]
        if lang == default_lang or not own:
            continue
        resolve_related(own, report)
        hubs = {f.hub.slug: f.hub for f in sorted(own, key=lambda f: f.hub.title.casefold())}
        articles = world.listing(lang)
        members = gather(world, hubs, articles)
        by_slug = {a.slug: a for a in articles}
        for hub_file in own:
            pin(hub_file, members[hub_file.hub.slug], by_slug, report, unpublished)
        order = listing_order(articles)
        for hub in hubs.values():
            arrange(hub, members[hub.slug], world, int(settings["HUB_LATEST_COUNT"]),
                    int(settings["HUB_GROUP_LIMIT"]), order)
        world.edition_article_hubs.update(featured_hubs(world, list(hubs.values()),
                                                        int(settings["HUB_ARTICLE_LIMIT"])))
        found[lang] = list(hubs.values())
    return found


def siteurl_for(save_as: str, settings: dict) -> str:
    """The SITEURL a page written to ``save_as`` uses, as Pelican's writer computes it."""
    if settings.get("RELATIVE_URLS"):
        return path_to_url(get_relative_path(posixpath.normpath(save_as)))
    return settings.get("SITEURL", "")


def on_all_generators_finalized(generators) -> None:
    """Resolve {filename} links in the intros now that every article and file is known."""
    context = generators[0].context
    world = world_of(context)
    if world is None or error_report(context).errors:
        return
    intros = context.get(INTROS_KEY, {})
    for hub in (hub for hubs in context.get(HUB_EDITIONS_KEY, {}).values() for hub in hubs):
        intro = intros.get(hub.url)
        if intro is not None:
            hub.intro_html = intro.get_content(siteurl_for(hub.save_as, context))


def get_generators(pelican):
    return HubPagesGenerator


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_generators.connect(get_generators)
    signal("content_refiled").connect(on_content_refiled)  # sent by the live preview
