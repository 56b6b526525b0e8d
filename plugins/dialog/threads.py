"""Comment threads and share links, prepared for the theme.

A thread's id is the page's site-relative URL path ("/artikel/<slug>/",
"/en/artikel/<slug>/") for articles and ``hub.thread_id`` ("hub:<slug>") for a
hub's reader questions. Isso, Giscus and Remark42 all get the same id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from urllib.parse import quote, urlencode, urlsplit

COMMENT_PROVIDERS = ("isso", "giscus", "remark42")
GISCUS_DEFAULTS = {"origin": "https://giscus.app", "repo": "", "repo_id": "", "category": "",
                   "category_id": "", "reactions_enabled": "1", "input_position": "top",
                   "theme": "preferred_color_scheme"}
REMARK42_DEFAULTS = {"host": "", "site_id": "remark"}
PRIVACY = {"giscus": "https://docs.github.com/site-policy/privacy-policies/"
                     "github-general-privacy-statement",
           "remark42": ""}
NAMES = {"isso": "Isso", "giscus": "GitHub (Giscus)", "remark42": "Remark42"}


@dataclass
class Thread:
    """One discussion: what the partial ``dialog_thread.html`` renders."""

    id: str
    title: str
    state: str  # open | closed | off
    kind: str  # article | hub
    anchor: str  # the section's id: "kommentare" on articles, "fragen" on hubs
    provider: str  # isso | giscus | remark42
    lang: str
    # a third-party client's script: {"src", "attributes", "global"} (the loader's config)
    load: dict = field(default_factory=dict)
    closes_at: datetime | None = None
    provider_name: str = ""
    privacy_url: str = ""

    @property
    def shown(self) -> bool:
        return self.state != "off"

    @property
    def closed(self) -> bool:
        return self.state == "closed"


def isso_endpoint(settings: dict) -> tuple[str, bool]:
    """DIALOG_ISSO_URL as (value, absolute): relative values live under the site root."""
    value = str(settings.get("DIALOG_ISSO_URL") or "/comments/").strip()
    if urlsplit(value).scheme in ("http", "https"):
        return value.rstrip("/") + "/", True
    return value.strip("/") + "/", False


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def state_for(dialog: str, published: datetime | None, days: int | None,
              now: datetime) -> tuple[str, datetime | None]:
    """The effective state: ``Dialog:`` metadata, then DIALOG_CLOSE_AFTER_DAYS."""
    if dialog in ("off", "closed") or published is None or days is None:
        return dialog, None
    closes = published + timedelta(days=int(days))
    if closes.tzinfo is None:  # Pelican's dates carry TIMEZONE; be safe with naive ones
        closes = closes.replace(tzinfo=now.tzinfo or UTC)
    return ("closed" if now >= closes else "open"), closes


def make_thread(settings: dict, *, id: str, title: str, state: str, kind: str, lang: str,
                page_url: str, closes_at: datetime | None = None) -> Thread:
    provider = str(settings.get("DIALOG_PROVIDER") or "isso")
    load: dict = {}
    privacy = PRIVACY.get(provider, "")
    if provider == "giscus":
        conf = {**GISCUS_DEFAULTS, **(settings.get("DIALOG_GISCUS") or {})}
        script = {"data-repo": conf["repo"], "data-repo-id": conf["repo_id"],
                  "data-category": conf["category"], "data-category-id": conf["category_id"],
                  "data-mapping": "specific", "data-term": id, "data-strict": "1",
                  "data-reactions-enabled": conf["reactions_enabled"],
                  "data-emit-metadata": "0", "data-input-position": conf["input_position"],
                  "data-theme": conf["theme"], "data-lang": lang, "crossorigin": "anonymous"}
        load = {"src": conf["origin"].rstrip("/") + "/client.js", "attributes": script}
    elif provider == "remark42":
        conf = {**REMARK42_DEFAULTS, **(settings.get("DIALOG_REMARK42") or {})}
        host = conf["host"].rstrip("/")
        privacy = conf.get("privacy_url") or privacy
        remark = {"host": host, "site_id": conf["site_id"], "components": ["embed"],
                  "url": page_url if kind == "article" else f"{page_url}#fragen",
                  "locale": lang, "no_footer": True}
        load = {"src": f"{host}/web/embed.js", "attributes": {},
                "global": {"remark_config": remark}}
    return Thread(id=id, title=title, state=state, kind=kind,
                  anchor="kommentare" if kind == "article" else "fragen", provider=provider,
                  lang=lang, load=load, closes_at=closes_at,
                  provider_name=NAMES.get(provider, provider), privacy_url=privacy)


@dataclass(frozen=True)
class ShareLink:
    kind: str  # linkedin | xing | x | mastodon | email | copy
    href: str
    name: str  # the network's name; labels come from the theme's translations


SHARE_KINDS = ("linkedin", "xing", "x", "mastodon", "email", "copy")


def share_links(settings: dict, url: str, title: str) -> list[ShareLink]:
    """Plain links to each network's own share page: no script, no pixel, no counter."""
    enabled = settings.get("DIALOG_SHARE", SHARE_KINDS)
    text = f"{title} {url}"
    mastodon = str(settings.get("DIALOG_MASTODON_SHARE_URL")
                   or "https://mastodon.social/share?text={text}")
    links = {
        "linkedin": ShareLink("linkedin", "https://www.linkedin.com/sharing/share-offsite/?"
                              + urlencode({"url": url}), "LinkedIn"),
        "xing": ShareLink("xing", "https://www.xing.com/spi/shares/new?"
                          + urlencode({"url": url}), "XING"),
        "x": ShareLink("x", "https://x.com/intent/post?" + urlencode({"text": title, "url": url}),
                       "X"),
        "mastodon": ShareLink("mastodon", mastodon.format(text=quote(text, safe=""),
                                                          url=quote(url, safe="")), "Mastodon"),
        "email": ShareLink("email", "mailto:?" + urlencode({"subject": title, "body": url},
                                                            quote_via=quote), "E-Mail"),
        "copy": ShareLink("copy", url, ""),
    }
    return [links[kind] for kind in enabled if kind in links]


class ShareLinks:
    """One page's share links, made when the page is rendered (by its process of the press).

    Iterates like the list :func:`share_links` returns; made on first use, then kept.
    """

    def __init__(self, settings: dict, url: str, title: str):
        self.settings, self.url, self.title = settings, url, title

    @cached_property
    def links(self) -> list[ShareLink]:
        return share_links(self.settings, self.url, self.title)

    def __iter__(self):
        return iter(self.links)

    def __len__(self) -> int:
        return len(self.links)
