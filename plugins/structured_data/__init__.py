"""schema.org JSON-LD for article, hub, term, author and front pages, safe inside <script>.

Jinja global ``json_ld(thing=None)`` returns the JSON as markup for a
``<script type="application/ld+json">`` data block: an article gives a NewsArticle
(formats in STRUCTURED_DATA_NEWS_FORMATS) or BlogPosting whose page carries a
BreadcrumbList, a hub or term a CollectionPage with its BreadcrumbList, an author a
ProfilePage with its Person, nothing the WebSite and its publishing Organization. The
``image`` is a raster image: the page's card from the sharing plugin (``share_images``). The JSON is
serialised here, never in a template, and ``<``, ``>``, ``&`` (and U+2028/2029) are
written as ``\\u003c`` etc., so ``</script>`` in a title cannot end the element.

Settings: STRUCTURED_DATA_LOGO ("theme/images/logo.png"), STRUCTURED_DATA_NEWS_FORMATS
(["nachricht"]), STRUCTURED_DATA_HUBS_LABEL ({"de": "Themen-Hubs", "en": "Topic hubs"});
addresses are absolute, from PUBLIC_URL; the publisher is COMPANY.
"""

from __future__ import annotations

import json

from corporate_world import Author, Hub, Term, world_of
from corporate_world.editions import edition_of, page_lang
from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from pelican.contents import Article

DEFAULTS = {"STRUCTURED_DATA_LOGO": "theme/images/logo.png",
            "STRUCTURED_DATA_NEWS_FORMATS": ["nachricht"],
            "STRUCTURED_DATA_HUBS_LABEL": {"de": "Themen-Hubs", "en": "Topic hubs"}}
SHARE_IMAGES = "share_images"  # context key of the sharing plugin's raster cards
SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
               "\u2029": "\\u2029"}
SAME_AS_KINDS = ("linkedin", "xing", "mastodon", "website")


def script_json(data: dict) -> Markup:
    """JSON that is also safe as the text of a <script> element (characters only in strings)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in SCRIPT_SAFE.items():
        text = text.replace(char, escaped)
    return Markup(text)  # escaped above for the script context


class Site:
    """Absolute addresses and the publisher, from the settings in the template context."""

    def __init__(self, ctx) -> None:
        self.base = str(ctx.get("PUBLIC_URL") or ctx.get("SITEURL") or "").rstrip("/")
        self.ctx = ctx
        self.edition = edition_of(ctx)  # listings are linked in the page's language edition

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def local(self, path: str) -> str:
        """A listing's absolute address in the page's language edition."""
        return self.url(self.edition.url(path))

    def setting(self, key: str):
        return self.ctx.get(key, DEFAULTS.get(key))

    def organization(self) -> dict:
        return {"@type": "Organization", "@id": self.url("#organization"),
                "name": self.ctx.get("COMPANY") or self.ctx.get("SITENAME", ""),
                "url": self.url(""),
                "logo": {"@type": "ImageObject", "url": self.url(self.setting(
                    "STRUCTURED_DATA_LOGO"))}}

    def image(self, image) -> dict | None:
        if image is None:
            return None
        data = {"@type": "ImageObject", "url": self.url(image.url)}
        data.update({key: value for key, value in (("width", image.width),
                                                   ("height", image.height)) if value})
        return data

    def card(self, key: str):
        """The raster card of a page (sharing plugin), else the site's card, else None."""
        images = self.ctx.get(SHARE_IMAGES) or {}
        return self.image(images.get(key) or images.get("site"))

    def breadcrumbs(self, trail: list[tuple[str, str]]) -> dict:
        """A BreadcrumbList from (name, site-relative path) pairs, the site's home first."""
        items = [(self.ctx.get("SITENAME", ""), self.edition.url("")), *trail]
        return {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": self.url(path)}
            for number, (name, path) in enumerate(items, start=1)]}


def article_data(site: Site, article) -> dict:
    profile = article.profile
    url = site.url(article.url)
    news = profile.format is not None and profile.format.slug in site.setting(
        "STRUCTURED_DATA_NEWS_FORMATS")
    modified = getattr(article, "modified", None) or article.date
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if news else "BlogPosting",
        "headline": article.title,
        "description": str(article.metadata.get("summary") or ""),
        "datePublished": article.date.isoformat(),
        "dateModified": modified.isoformat(),
        "inLanguage": article.lang,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url, "breadcrumb": site.breadcrumbs(
            ([(profile.department.label(article.lang),
               site.edition.url(profile.department.url))]
             if profile.department is not None else []) + [(article.title, article.url)])},
        "author": [{"@type": "Person", "name": a.name, "url": site.local(a.url),
                    "jobTitle": a.role(article.lang)} for a in profile.authors],
        "publisher": site.organization(),
        "keywords": [t.label(article.lang) for t in profile.topics],
    }
    if profile.department is not None:
        data["articleSection"] = profile.department.label(article.lang)
    image = site.card(article.source_path)
    if image is not None:
        data["image"] = image
    return data


def collection_data(site: Site, thing, lang: str) -> dict:
    """A hub or a term page: a CollectionPage of its articles, with its breadcrumbs."""
    if isinstance(thing, Hub):
        labels = site.setting("STRUCTURED_DATA_HUBS_LABEL")
        name, description, lang = thing.title, thing.summary, thing.lang
        trail = [(labels.get(lang) or next(iter(labels.values())),
                  site.edition.url(site.ctx.get("HUBS_URL", ""))),
                 (name, thing.url)]
        image = site.card(thing.card_key)
    else:
        facet = site.ctx.get("facet")  # a term page's own facet (its labels alone)
        if getattr(facet, "name", None) != thing.facet:
            world = world_of(site.ctx)
            facet = world.taxonomy.facets[thing.facet] if world is not None else None
        name, description = thing.label(lang), thing.description(lang)
        local = site.edition.url
        parents = [(thing.parent.label(lang), local(thing.parent.url))] if thing.parent else []
        trail = ([(facet.plural(lang), local(facet.url))] if facet is not None else []
                 ) + parents + [(name, local(thing.url))]
        image = site.card("site")
    url = site.url(thing.url) if isinstance(thing, Hub) else site.local(thing.url)
    data = {"@context": "https://schema.org", "@type": "CollectionPage", "@id": url, "url": url,
            "name": name, "description": description, "inLanguage": lang,
            "isPartOf": {"@type": "WebSite", "@id": site.url("#website")},
            "breadcrumb": site.breadcrumbs(trail)}
    if image is not None:
        data["image"] = image
    return data


def author_data(site: Site, author: Author, lang: str) -> dict:
    url = site.local(author.url)
    person = {"@type": "Person", "@id": f"{url}#person", "name": author.name, "url": url,
              "jobTitle": author.role(lang), "description": author.bio(lang),
              "worksFor": site.organization(),
              "sameAs": [c.href for c in author.contacts if c.kind in SAME_AS_KINDS]}
    photo = author.photo if author.photo is not None and not author.photo.path.endswith(
        ".svg") else None
    if photo is not None:
        person["image"] = site.image(photo)
    return {"@context": "https://schema.org", "@type": "ProfilePage", "url": url,
            "inLanguage": lang, "mainEntity": person}


def site_data(site: Site, lang: str) -> dict:
    organization = site.organization()
    website = {"@type": "WebSite", "@id": site.url("#website"), "url": site.local(""),
               "name": site.ctx.get("SITENAME", ""),
               "description": site.ctx.get("SITESUBTITLE", ""), "inLanguage": lang,
               "publisher": {"@id": organization["@id"]}}
    image = site.card("site")
    if image is not None:
        website["image"] = image
    return {"@context": "https://schema.org", "@graph": [website, organization]}


@pass_context
def json_ld(ctx, thing=None) -> Markup:
    """The page's structured data: an article, a hub, a term, an author, or the site."""
    site = Site(ctx)
    lang = page_lang(ctx)
    if isinstance(thing, Article):
        return script_json(article_data(site, thing))
    if isinstance(thing, Author):
        return script_json(author_data(site, thing, lang))
    if isinstance(thing, (Hub, Term)):
        return script_json(collection_data(site, thing, lang))
    if thing is None:
        return script_json(site_data(site, lang))
    raise TypeError(f"json_ld() knows articles, hubs, terms, authors and the site, not "
                    f"{type(thing)!r}")


def on_generator_init(generator) -> None:
    generator.env.globals["json_ld"] = json_ld


def register() -> None:
    signals.generator_init.connect(on_generator_init)
