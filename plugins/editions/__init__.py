"""Editions plugin: the magazine in each of its languages, and how the versions point at
each other.

An *edition* is the magazine in one language: the default language's at ``/``, every other
language of the magazine (``LANGUAGES``, see plugins/interface/) with a published article
under ``/<lang>/`` (``corporate_world.editions``). Each edition has its own front page,
archive, facet, term, author and hub listings showing only its articles; the taxonomy and hubs
plugins write theirs per edition, this plugin writes the other editions' front pages and
archives (the default ones are Pelican's direct templates).

It also prepares the ``hreflang`` alternates of every page with a counterpart in another
language, before any page is written: listings pair with the same listing in the other
editions, articles and pages with their Pelican ``translations``. Each member of such a group
gets the same set: every language (itself included) and ``x-default`` (the default
language's page). Context ``page_alternates``: output path (save_as) -> [Alternate]; the
sitemap (plugins/crawling/) reads it too. Later pages of a paginated listing have no
counterpart (page 2 of a German topic is not page 2 of the English one) and no alternates.

Jinja globals:
``edition_url(path)``    a default-edition path (``thema/x/``, ``""``) in the page's edition
``hreflang_links()``     the page's alternates as absolute URLs: hreflang, href
``language_links()``     the page's versions in other languages: lang, url (site-relative)
``translated(item)``     a page (Impressum, …) in the page's language when translated
``edition_hubs()``       the topic hubs of the page's edition

No settings of its own: ``LANGUAGES`` (plugins/interface/), ``DEFAULT_LANG``, and for the
absolute URLs ``PUBLIC_URL`` (else ``SITEURL``).
"""

from __future__ import annotations

from corporate_world import world_of
from corporate_world.editions import (
    ALTERNATES_KEY,
    EDITIONS_KEY,
    HUB_EDITIONS_KEY,
    alternate_links,
    edition_of,
    page_lang,
)
from corporate_world.hubs import front_hubs
from jinja2 import pass_context
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator


def listing_pages(context: dict, settings: dict) -> list[tuple[str, str]]:
    """(save_as, url) of every listing the default edition has and the others repeat."""
    world = world_of(context)
    pages = [("index.html", ""), (settings["ARCHIVES_SAVE_AS"], settings["ARCHIVES_URL"]),
             (settings["PROFILES_SAVE_AS"], settings["PROFILES_URL"])]
    for facet in world.taxonomy.facets.values():
        pages.append((facet.save_as, facet.url))
        pages += [(term.save_as, term.url) for term in facet.terms.values()]
    pages += [(author.save_as, author.url) for author in world.authors.values()]
    return pages


def translation_groups(items: list) -> list[dict[str, tuple[str, str]]]:
    """Each published item with translations: lang -> (save_as, url) of every version."""
    groups, seen = [], set()
    for item in items:
        if not getattr(item, "translations", None) or id(item) in seen:
            continue
        versions = [item, *item.translations]
        seen.update(id(v) for v in versions)
        groups.append({v.lang: (v.save_as, v.url) for v in versions if v.save_as})
    return groups


def on_all_generators_finalized(generators) -> None:
    """Every page's alternates, before the first page is written (and the press forks)."""
    context = generators[0].context
    settings = generators[0].settings
    world = world_of(context)
    editions = context.get(EDITIONS_KEY) or {}
    if world is None or not editions:
        return
    groups = []
    for save_as, url in listing_pages(context, settings):
        groups.append({lang: (e.save_as(save_as), e.url(url)) for lang, e in editions.items()})
    hub_editions = context.get(HUB_EDITIONS_KEY) or {}
    hub_index = {}
    hubs_by_slug: dict[str, dict] = {}
    for lang, hubs in hub_editions.items():
        edition = editions.get(lang)
        if edition is None or not hubs:
            continue
        hub_index[lang] = (edition.save_as(settings["HUBS_SAVE_AS"]),
                           edition.url(settings["HUBS_URL"]))
        for hub in hubs:
            hubs_by_slug.setdefault(hub.slug, {})[lang] = (hub.save_as, hub.url)
    groups += [hub_index, *hubs_by_slug.values()]
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            groups += translation_groups([*generator.articles, *generator.translations])
        elif isinstance(generator, PagesGenerator):
            groups += translation_groups([*generator.pages, *generator.translations,
                                          *generator.hidden_pages,
                                          *generator.hidden_translations])
    default = settings.get("DEFAULT_LANG") or "de"
    context[ALTERNATES_KEY] = alternate_links(groups, default, tuple(editions))


class EditionPagesGenerator(Generator):
    """The front page and the archive of every edition but the default one."""

    press_shared = True  # writes through the writer only

    def generate_output(self, writer) -> None:
        world = world_of(self.context)
        editions = self.context.get(EDITIONS_KEY) or {}
        if world is None:
            return
        settings = self.settings
        relative = settings["RELATIVE_URLS"]
        hub_editions = self.context.get(HUB_EDITIONS_KEY) or {}
        for lang, edition in editions.items():
            if edition.default:
                continue
            articles = world.listing(lang)
            common = {"relative_urls": relative, "edition": edition, "articles": articles,
                      "dates": articles}
            writer.write_file(edition.save_as("index.html"), self.get_template("index"),
                              self.context, url=edition.url(""),
                              front_page=self.context["front_pages"][lang],
                              hub_teasers=front_hubs(hub_editions.get(lang, []),
                                                     int(settings.get("HUB_FRONT_COUNT", 6))),
                              page_name=edition.url("index"), **common)
            writer.write_file(edition.save_as(settings["ARCHIVES_SAVE_AS"]),
                              self.get_template("archives"), self.context,
                              paginated={"dates": articles}, template_name="archives",
                              url=edition.url(settings["ARCHIVES_URL"]),
                              page_name=edition.url("archiv"), **common)


@pass_context
def edition_url(ctx, path: str) -> str:
    return edition_of(ctx).url(path)


def _alternates(ctx) -> list:
    return (ctx.get(ALTERNATES_KEY) or {}).get(ctx.get("output_file"), [])


@pass_context
def hreflang_links(ctx) -> list[dict]:
    base = str(ctx.get("PUBLIC_URL") or ctx.get("SITEURL") or "").rstrip("/")
    return [{"hreflang": a.hreflang, "href": f"{base}/{a.url}"} for a in _alternates(ctx)]


@pass_context
def language_links(ctx) -> list[dict]:
    here = page_lang(ctx)
    return [{"lang": a.hreflang, "url": a.url} for a in _alternates(ctx)
            if a.hreflang not in (here, "x-default")]


@pass_context
def edition_hubs(ctx) -> list:
    """The topic hubs of the page's edition (the navigation links their index when any)."""
    return (ctx.get(HUB_EDITIONS_KEY) or {}).get(edition_of(ctx).lang, [])


@pass_context
def translated(ctx, item):
    lang = page_lang(ctx)
    if getattr(item, "lang", lang) == lang:
        return item
    return next((t for t in getattr(item, "translations", ()) if t.lang == lang), item)


def on_generator_init(generator) -> None:
    generator.env.globals.update(edition_url=edition_url, hreflang_links=hreflang_links,
                                 language_links=language_links, translated=translated,
                                 edition_hubs=edition_hubs)


def get_generators(pelican):
    return EditionPagesGenerator


def register() -> None:
    signals.generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_generators.connect(get_generators)
