"""Language editions: the German magazine at ``/``, every other language under ``/<lang>/``.

The model shared by the plugins that write or link pages per language (taxonomy, frontpage,
hubs, editions, interface, crawling, sharing). An edition exists for the default language
always and for every other language of the magazine (``LANGUAGES``) that has a published
article. Its listing pages live at the default edition's paths with ``<lang>/`` in front.
"""

from __future__ import annotations

from dataclasses import dataclass

EDITIONS_KEY = "editions"  # context: lang -> Edition, the default language first
EDITION_KEY = "edition"  # a listing page's own edition, passed when the page is written
ALTERNATES_KEY = "page_alternates"  # context: save_as -> [Alternate], filled by `editions`
HUB_EDITIONS_KEY = "hub_editions"  # context: lang -> that edition's hubs, filled by `hubs`


@dataclass(frozen=True)
class Edition:
    lang: str
    prefix: str  # "" for the default language, "<lang>/" for the others

    @property
    def default(self) -> bool:
        return not self.prefix

    def url(self, path: str) -> str:
        """A default-edition path (``thema/x/``, ``autoren/``, ``""``) in this edition."""
        return f"{self.prefix}{path}"

    save_as = url  # the same prefix for the file the page is written to


@dataclass(frozen=True)
class Alternate:
    hreflang: str  # a language code or "x-default"
    url: str  # site-relative


def make_editions(default_lang: str, languages: tuple[str, ...],
                  published_langs: set[str]) -> dict[str, Edition]:
    """The editions of one build: the default language, then each other language of
    ``languages`` (in that order) that has a published article."""
    editions = {default_lang: Edition(default_lang, "")}
    for lang in languages:
        if lang != default_lang and lang in published_langs:
            editions[lang] = Edition(lang, f"{lang}/")
    return editions


def page_lang(ctx) -> str:
    """The language of the page being rendered: its article's or page's, else the
    listing's edition, else DEFAULT_LANG."""
    item = ctx.get("article") or ctx.get("page")
    lang = getattr(item, "lang", None)
    if lang:
        return lang
    edition = ctx.get(EDITION_KEY)
    if isinstance(edition, Edition):
        return edition.lang
    return ctx.get("DEFAULT_LANG") or "de"


def edition_of(ctx) -> Edition:
    """The edition whose listings the page's navigation leads to: the page language's
    edition when it exists, else the default one."""
    editions = ctx.get(EDITIONS_KEY) or {}
    default = ctx.get("DEFAULT_LANG") or "de"
    return (editions.get(page_lang(ctx)) or editions.get(default)
            or Edition(default, ""))


def alternate_links(groups: list[dict[str, tuple[str, str]]], default_lang: str,
                    order: tuple[str, ...]) -> dict[str, list[Alternate]]:
    """Each group (lang -> (save_as, url) of one page in each language) with two or more
    languages becomes the same hreflang set on every member page: every language (itself
    included) and ``x-default`` (the default language's page, else the first in ``order``).
    Returns save_as -> its alternates."""
    found: dict[str, list[Alternate]] = {}
    rank = {lang: number for number, lang in enumerate(order)}
    for group in groups:
        if len(group) < 2:
            continue
        langs = sorted(group, key=lambda lang: (rank.get(lang, len(rank)), lang))
        fallback = default_lang if default_lang in group else langs[0]
        links = [Alternate(lang, group[lang][1]) for lang in langs]
        links.append(Alternate("x-default", group[fallback][1]))
        for save_as, _url in group.values():
            found[save_as] = links
    return found
