"""Sharing plugin: how a page looks when its link is shared (Open Graph, Twitter cards).

LinkedIn, XING, Mastodon, Slack and messengers build a link preview from ``og:`` and
``twitter:`` meta tags. This plugin prepares them for articles, hubs, term, author, static
and front pages; the theme's ``partials/sharing_head.html`` only prints ``share_tags()``.

Networks show raster images only. An article or hub whose lead image is raster gets it
cropped to 1200×630; every other one gets a **social card** drawn with Pillow (title,
department or "Themen-Hub", brand colours read from the theme's CSS variables, the logo mark
and the site name). Pages without an image of their own share the site card. Cards are kept
in ``SHARING_CACHE_PATH`` under a hash of everything drawn on them, so a build redraws only
cards whose inputs changed; they are copied to ``SHARING_OUTPUT_DIR`` in the output.

Other plugins read the card of a page from the context: ``context["share_images"]`` maps an
article's source path, ``Hub.card_key`` (``"hub:<slug>"``, ``"hub:en/<slug>"`` for an English
hub) and ``"site"`` to a ``CardImage`` (path, alt,
width, height), e.g. structured_data uses it as the JSON-LD ``image``.

Settings (defaults in DEFAULTS): SHARING_CACHE_PATH (None: ``<CACHE_PATH>/sharing``),
SHARING_OUTPUT_DIR ("images/social"), SHARING_LOCALES ({"de": "de_DE", "en": "en_GB"}),
SHARING_COLOURS (card role -> theme CSS variable), SHARING_CSS ("static/css/magazine.css"
in the theme), SHARING_TWITTER_SITE ("": the @handle for ``twitter:site``, left out when
empty), SHARING_HUB_LABEL ({"de": "Themen-Hub", "en": "Topic hub"}), SHARING_CARDS_NEWEST
(100: the newest articles without a raster image get a card with their own title; older ones
share their department's card, so a cold build draws at most this many article cards however
large the archive; the cards to draw are spread over the press crew's cores).
"""

from __future__ import annotations

import logging
from pathlib import Path

from blinker import signal
from corporate_world import (
    Author,
    Hub,
    Term,
    error_report,
    file_hash,
    link_or_copy,
    world_of,
)
from corporate_world.editions import HUB_EDITIONS_KEY, edition_of, page_lang
from jinja2 import pass_context
from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator
from press import crew

from sharing import cards

logger = logging.getLogger(__name__)

DEFAULTS: dict = {
    "SHARING_CACHE_PATH": None,
    "SHARING_OUTPUT_DIR": "images/social",
    "SHARING_LOCALES": {"de": "de_DE", "en": "en_GB"},
    "SHARING_COLOURS": {"background": "navy", "text": "bar-text", "muted": "bar-muted",
                        "accent": "green", "highlight": "amber", "mark": "teal"},
    "SHARING_CSS": "static/css/magazine.css",
    "SHARING_TWITTER_SITE": "",
    "SHARING_HUB_LABEL": {"de": "Themen-Hub", "en": "Topic hub"},
    "SHARING_CARDS_NEWEST": 100,
}
FALLBACK_COLOURS = {"background": "#0b3d5c", "text": "#ffffff", "muted": "#c7d7e0",
                    "accent": "#99c24d", "highlight": "#f2a541", "mark": "#1f6f8b"}
RASTER = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
CONTEXT_KEY = "share_images"
TITLE_CARDS_KEY = "share_title_cards"  # where cards go, which articles' show their title
STATS = {"drawn": 0, "reused": 0}  # this run's cards: a second build draws none


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    STATS.update(drawn=0, reused=0)


def cache_folder(settings: dict) -> Path:
    return Path(settings.get("SHARING_CACHE_PATH") or Path(settings["CACHE_PATH"]) / "sharing")


def brand_colours(settings: dict) -> dict[str, str]:
    found = cards.css_colours(Path(settings["THEME"]) / settings["SHARING_CSS"])
    return {role: found.get(variable, FALLBACK_COLOURS[role])
            for role, variable in settings["SHARING_COLOURS"].items()}


def has_raster(image, content: Path) -> bool:
    """A lead image networks can show (SVG they cannot)."""
    return (image is not None and Path(image.path).suffix.lower() in RASTER
            and (content / image.path).is_file())


class CardMaker:
    """Cards of one build: drawn or taken from the cache, copied into the output."""

    def __init__(self, settings: dict, content: Path, output: Path):
        self.settings, self.content, self.output = settings, content, Path(output)
        self.cache = cards.CardCache(cache_folder(settings))
        self.colours = brand_colours(settings)
        self.site_name = str(settings.get("SITENAME", ""))

    def place(self, cached: Path, alt: str) -> cards.CardImage:
        relative = f"{self.settings['SHARING_OUTPUT_DIR'].strip('/')}/{cached.name}"
        link_or_copy(cached, self.output / relative)
        return cards.CardImage(path=relative, alt=alt)

    def card_key(self, title: str, label: str) -> str:
        return cards.digest(title, label, self.site_name, self.colours)

    def card_file(self, title: str, label: str) -> Path:
        """The cached card of (title, label), drawn when missing."""
        return self.cache.get(self.card_key(title, label), ".png", lambda: cards.draw_card(
            title, label, self.site_name, self.colours))

    def drawn(self, title: str, label: str) -> cards.CardImage:
        return self.place(self.card_file(title, label), title)

    def draw_ahead(self, wanted: list[tuple[str, str]]) -> None:
        """Draw the cards of ``wanted`` (title, label) into the cache on every core, so that
        ``drawn`` then only finds them there."""
        missing = [pair for pair in dict.fromkeys(wanted)
                   if not (self.cache.folder / f"{self.card_key(*pair)}.png").exists()]
        crew.spread(lambda pair: self.card_file(*pair).name, missing)

    def for_image(self, image, title: str, label: str) -> cards.CardImage:
        """A raster lead image cropped to the card's size, else a drawn card."""
        if not has_raster(image, self.content):
            return self.drawn(title, label)
        source = self.content / image.path
        key = cards.digest("cover", file_hash(source))
        cached = self.cache.get(key, ".jpg", lambda: cards.cover(source))
        return self.place(cached, image.alt)




def on_all_generators_finalized(generators) -> None:
    """Every page's card, before any page is written (and before the press forks)."""
    context = generators[0].context
    world = world_of(context)
    if world is None or error_report(context).errors:
        return
    settings = generators[0].settings
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    maker = CardMaker(settings, Path(settings["PATH"]), Path(generators[0].output_path))
    lang = settings.get("DEFAULT_LANG") or "de"
    images = {"site": maker.drawn(str(settings.get("SITESUBTITLE") or maker.site_name),
                                  maker.site_name)}
    shown = [*articles.articles, *articles.translations] if articles else []
    newest = {id(a) for a in sorted(shown, key=lambda a: a.date, reverse=True)
              [:int(settings["SHARING_CARDS_NEWEST"])]}
    on_card = []  # (article, lead image, title, label)
    for article in shown:
        profile = world.profile(article)
        if profile is None:
            continue
        title, label = card_text(article, profile, id(article) in newest, maker.site_name)
        on_card.append((article, profile.image, title, label))
    context[TITLE_CARDS_KEY] = {"output": str(generators[0].output_path),
                                "articles": {a.source_path for a in shown if id(a) in newest}}
    maker.draw_ahead([(title, label) for _article, image, title, label in on_card
                      if not has_raster(image, maker.content)])
    for article, image, title, label in on_card:
        images[article.source_path] = maker.for_image(image, title, label)
    hub_label = settings["SHARING_HUB_LABEL"]
    editions = context.get(HUB_EDITIONS_KEY) or {lang: list(world.hubs.values())}
    for hub in (hub for hubs in editions.values() for hub in hubs):
        images[hub.card_key] = maker.for_image(
            hub.image, hub.title, hub_label.get(hub.lang) or hub_label.get(lang, ""))
    context[CONTEXT_KEY] = images
    STATS["drawn"] += maker.cache.drawn
    STATS["reused"] += maker.cache.reused
    logger.info("sharing: %d social card(s) drawn, %d reused from %s", maker.cache.drawn,
                maker.cache.reused, maker.cache.folder)


def department_label(article, profile) -> str:
    return profile.department.label(article.lang) if profile.department else ""


def card_text(article, profile, titled: bool, site_name: str) -> tuple[str, str]:
    """(title, label) on an article's card: its title and department, or for an older
    article (not ``titled``) its department's card: the label, under the site's name."""
    label = department_label(article, profile)
    return (article.title, label) if titled else (label or site_name, site_name)


def on_content_patched(item, context: dict, body: bool, fields: frozenset) -> None:
    """The live preview replaced an article's title in memory: a card that shows the title
    is made again (its file name follows its content)."""
    if "title" in fields:
        draw_again(item, context, titled_only=True)


def on_content_refiled(generator, context: dict, articles: list) -> None:
    """The live preview moved articles to other terms in memory: every card shows the
    department, so theirs are made again."""
    for item in articles:
        draw_again(item, context, titled_only=False)


def draw_again(item, context: dict, titled_only: bool) -> None:
    images, plan, world = context.get(CONTEXT_KEY), context.get(TITLE_CARDS_KEY), world_of(context)
    profile = world.profile(item) if world is not None else None
    if images is None or plan is None or profile is None or item.source_path not in images:
        return
    titled = item.source_path in plan["articles"]
    if titled_only and not titled:
        return
    settings = item.settings
    maker = CardMaker(settings, Path(settings["PATH"]), Path(plan["output"]))
    images[item.source_path] = maker.for_image(
        profile.image, *card_text(item, profile, titled, maker.site_name))


class Tags:
    """The meta tags of one page, in the order they are printed."""

    def __init__(self, base: str):
        self.base, self.items = base, []

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def add(self, key: str, value) -> None:
        if value:
            attr = "name" if key.startswith("twitter:") else "property"
            self.items.append({"attr": attr, "key": key, "value": str(value)})


def describe(ctx) -> dict | None:
    """What the page is: kind, title, description, path, language, card, extra tags."""
    images = ctx.get(CONTEXT_KEY) or {}
    site_card = images.get("site")
    lang = page_lang(ctx)  # a listing's edition, else DEFAULT_LANG
    edition = edition_of(ctx)
    article, hub, term, author, page = (ctx.get(name) for name in (
        "article", "hub", "term", "author", "page"))
    profile = getattr(article, "profile", None)  # the taxonomy plugin's, valid articles only
    if isinstance(article, Article) and profile is not None:
        return {"type": "article", "title": article.title, "lang": article.lang,
                "description": str(article.metadata.get("summary") or ""),
                "path": article.url, "card": images.get(article.source_path, site_card),
                "article": article, "profile": profile}
    if isinstance(hub, Hub):
        return {"type": "website", "title": hub.title, "description": hub.summary,
                "path": hub.url, "lang": hub.lang,
                "card": images.get(hub.card_key, site_card)}
    if isinstance(term, Term):
        return {"type": "website", "title": term.label(lang),
                "description": term.description(lang), "path": edition.url(term.url),
                "lang": lang,
                "card": site_card}
    if isinstance(author, Author):
        return {"type": "profile", "title": author.name, "description": author.bio(lang),
                "path": edition.url(author.url), "lang": lang, "card": site_card}
    if isinstance(page, Page):
        return {"type": "website", "title": page.title, "lang": page.lang,
                "description": str(page.metadata.get("summary") or ctx.get("SITESUBTITLE")),
                "path": page.url, "card": site_card}
    if ctx.get("page_name") == edition.url("index"):
        return {"type": "website", "title": ctx.get("SITENAME", ""), "lang": lang,
                "description": ctx.get("SITESUBTITLE", ""), "path": edition.url(""),
                "card": site_card}
    return None


@pass_context
def share_tags(ctx) -> list[dict]:
    """Open Graph and Twitter meta tags of the page being rendered: attr, key, value."""
    page = describe(ctx)
    if page is None:
        return []
    tags = Tags(str(ctx.get("PUBLIC_URL") or ctx.get("SITEURL") or "").rstrip("/"))
    locales = ctx.get("SHARING_LOCALES") or DEFAULTS["SHARING_LOCALES"]
    card = page["card"]
    tags.add("og:type", page["type"])
    tags.add("og:site_name", ctx.get("SITENAME"))
    tags.add("og:title", page["title"])
    tags.add("og:description", page["description"])
    tags.add("og:url", tags.url(page["path"]))
    tags.add("og:locale", locales.get(page["lang"]))
    article = page.get("article")
    for translation in getattr(article, "translations", ()) if article else ():
        tags.add("og:locale:alternate", locales.get(translation.lang))
    if card is not None:
        tags.add("og:image", tags.url(card.url))
        tags.add("og:image:type", card.mime_type)
        tags.add("og:image:width", card.width)
        tags.add("og:image:height", card.height)
        tags.add("og:image:alt", card.alt)
    if article is not None:
        profile = page["profile"]
        tags.add("article:published_time", article.date.isoformat())
        modified = getattr(article, "modified", None) or article.date
        tags.add("article:modified_time", modified.isoformat())
        for person in profile.authors:
            tags.add("article:author", tags.url(person.url))
        if profile.department is not None:
            tags.add("article:section", profile.department.label(article.lang))
        for topic in profile.topics:
            tags.add("article:tag", topic.label(article.lang))
    tags.add("twitter:card", "summary_large_image" if card is not None else "summary")
    tags.add("twitter:site", ctx.get("SHARING_TWITTER_SITE"))
    tags.add("twitter:title", page["title"])
    tags.add("twitter:description", page["description"])
    if card is not None:
        tags.add("twitter:image", tags.url(card.url))
        tags.add("twitter:image:alt", card.alt)
    return tags.items


def on_generator_init(generator) -> None:
    generator.env.globals["share_tags"] = share_tags


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signal("content_patched").connect(on_content_patched)  # sent by the live preview
    signal("content_refiled").connect(on_content_refiled)  # sent by the live preview
