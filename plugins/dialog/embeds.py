"""Consent-gated embeds: a paragraph holding only a provider URL becomes a placeholder.

The placeholder is plain HTML (provider, title link, privacy note); nothing is
requested from the provider until the reader clicks "load" and the loader script
(theme/static/js/magazine.js) inserts the iframe whose address is prepared here.
Unknown URLs stay links; a provider URL that cannot be embedded is reported (a warning
naming the file), and stays a link too.

:func:`transform` works on the body after the sanitize plugin cleaned it: the cleaned
body holds no ``data-*`` attribute and none of the theme's class names, so every
placeholder on a page was made here, from a recognised provider URL.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag


class NotEmbeddable(ValueError):
    """A provider's URL that names no embeddable item (e.g. youtube.com/watch without v=)."""


@dataclass(frozen=True)
class Provider:
    key: str  # also the consent key in the reader's browser
    name: str
    kind: str  # "video" (16:9 player) or "post" (a social post of its own height)
    privacy_url: str  # empty: the instance's own page (Mastodon)
    hosts: tuple[str, ...]  # empty: any host whose path fits (Mastodon)
    frame_origins: tuple[str, ...]
    parse: Callable[[object], str]  # split URL -> iframe src; raises NotEmbeddable


@dataclass(frozen=True)
class Embed:
    provider: Provider
    url: str  # the editor's URL, kept as the no-JS link
    src: str  # the privacy-friendly iframe address
    name: str  # provider name as shown (Mastodon: with the instance)
    privacy_url: str
    frame_origin: str


YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
DIGITS = re.compile(r"\d+")


def _seconds(value: str) -> int:
    """YouTube's t= parameter: "90", "90s" or "1m30s"."""
    if value.isdigit():
        return int(value)
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", value)
    if not parts or not any(parts.groups()):
        return 0
    hours, minutes, seconds = (int(p or 0) for p in parts.groups())
    return hours * 3600 + minutes * 60 + seconds


def parse_youtube(url) -> str:
    query = parse_qs(url.query)
    segments = [s for s in url.path.split("/") if s]
    if url.hostname == "youtu.be":
        video = segments[0] if segments else ""
    elif segments[:1] == ["watch"]:
        video = (query.get("v") or [""])[0]
    elif len(segments) >= 2 and segments[0] in ("shorts", "embed", "live", "v"):
        video = segments[1]
    else:
        raise NotEmbeddable("no video id (expected /watch?v=ID, youtu.be/ID or /shorts/ID)")
    if not YOUTUBE_ID.fullmatch(video):
        raise NotEmbeddable(f"no valid video id ({video or 'missing'})")
    start = _seconds((query.get("t") or query.get("start") or [""])[0])
    return f"https://www.youtube-nocookie.com/embed/{video}" + (f"?start={start}" * bool(start))


def parse_vimeo(url) -> str:
    segments = [s for s in url.path.split("/") if s]
    numbers = [i for i, s in enumerate(segments) if DIGITS.fullmatch(s)]
    if not numbers:
        raise NotEmbeddable("no numeric video id (expected vimeo.com/ID)")
    first = numbers[0]
    video = segments[first]
    private = segments[first + 1] if len(segments) > first + 1 else ""
    private = private or (parse_qs(url.query).get("h") or [""])[0]
    if private and re.fullmatch(r"[0-9a-f]+", private):
        return f"https://player.vimeo.com/video/{video}?h={private}&dnt=1"
    return f"https://player.vimeo.com/video/{video}?dnt=1"


def parse_instagram(url) -> str:
    found = re.fullmatch(r"(?:/[\w.]+)?/(p|reel|tv)/([A-Za-z0-9_-]+)/?", url.path)
    if not found:
        raise NotEmbeddable("no post id (expected instagram.com/p/ID/ or /reel/ID/)")
    kind = "reel" if found.group(1) == "reel" else "p"
    return f"https://www.instagram.com/{kind}/{found.group(2)}/embed"


def parse_linkedin(url) -> str:
    found = re.search(r"urn:li:(activity|share|ugcPost):(\d+)", url.path)
    if found is None and url.path.startswith("/posts/"):
        found = re.search(r"-(activity|share|ugcPost)-(\d{10,})(?:-|$)", url.path)
    if found is None:
        raise NotEmbeddable("no post id (expected linkedin.com/posts/…-activity-ID-… or "
                            "/feed/update/urn:li:activity:ID)")
    return f"https://www.linkedin.com/embed/feed/update/urn:li:{found.group(1)}:{found.group(2)}"


MASTODON_PATH = re.compile(r"/@(?P<user>[A-Za-z0-9_]+)(?:@[A-Za-z0-9.-]+)?/(?P<id>\d+)/?")


MASTODON_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+"
                           r"(?::\d{1,5})?")


def parse_mastodon(url) -> str:
    found = MASTODON_PATH.fullmatch(url.path)
    if url.scheme != "https" or not found or url.query:
        raise NotEmbeddable("not a Mastodon post")
    if not MASTODON_HOST.fullmatch(url.netloc.lower()):
        # the host goes into the CSP's frame-src and the nginx snippet: letters only
        raise NotEmbeddable("not a plain host name")
    return f"https://{url.netloc}/@{found['user']}/{found['id']}/embed"


def parse_x(url) -> str:
    found = re.fullmatch(r"/(?:#!/)?\w+/status(?:es)?/(\d+)(?:/.*)?", url.path)
    if not found:
        raise NotEmbeddable("no post id (expected x.com/USER/status/ID)")
    return f"https://platform.twitter.com/embed/Tweet.html?id={found.group(1)}&dnt=true"


PROVIDERS: dict[str, Provider] = {p.key: p for p in (
    Provider("youtube", "YouTube", "video", "https://policies.google.com/privacy",
             ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be",
              "youtube-nocookie.com", "www.youtube-nocookie.com"),
             ("https://www.youtube-nocookie.com",), parse_youtube),
    Provider("vimeo", "Vimeo", "video", "https://vimeo.com/privacy",
             ("vimeo.com", "www.vimeo.com", "player.vimeo.com"),
             ("https://player.vimeo.com",), parse_vimeo),
    Provider("instagram", "Instagram", "post", "https://privacycenter.instagram.com/policy",
             ("instagram.com", "www.instagram.com"), ("https://www.instagram.com",),
             parse_instagram),
    Provider("linkedin", "LinkedIn", "post", "https://www.linkedin.com/legal/privacy-policy",
             ("linkedin.com", "www.linkedin.com", "de.linkedin.com"),
             ("https://www.linkedin.com",), parse_linkedin),
    Provider("x", "X", "post", "https://x.com/privacy",
             ("x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"),
             ("https://platform.twitter.com",), parse_x),
    Provider("mastodon", "Mastodon", "post", "", (), (), parse_mastodon),
)}


def recognise(url: str, enabled: tuple[str, ...] | list[str],
              mastodon_hosts: tuple[str, ...] | list[str] = ()) -> Embed | None:
    """The embed for ``url``; None for an unknown URL; NotEmbeddable for a broken one.

    Mastodon posts are recognised on the instances in ``mastodon_hosts`` only (the
    setting DIALOG_MASTODON_HOSTS); a post on any other host is NotEmbeddable.
    """
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    for key in enabled:
        provider = PROVIDERS.get(key)
        if provider is None or not provider.hosts or host not in provider.hosts:
            continue
        src = provider.parse(parts)
        return Embed(provider, url, src, provider.name, provider.privacy_url,
                     provider.frame_origins[0])
    if "mastodon" in enabled and not any(host in p.hosts for p in PROVIDERS.values()):
        try:
            src = parse_mastodon(parts)
        except NotEmbeddable:
            return None
        netloc = parts.netloc.lower()
        if netloc not in mastodon_hosts:
            raise NotEmbeddable(f"{netloc} is not an instance listed in DIALOG_MASTODON_HOSTS")
        origin = f"https://{netloc}"
        return Embed(PROVIDERS["mastodon"], url, src, f"Mastodon ({netloc})",
                     f"{origin}/privacy-policy", origin)
    return None


@dataclass(frozen=True)
class Candidate:
    """A paragraph that holds one URL, maybe with a title and a local preview image."""

    url: str
    title: str
    preview_src: str = ""
    preview_alt: str = ""


# A paragraph that starts with a URL or a link (the only ones that can be an embed): the
# check after "<p>" keeps the scan of the other paragraphs to a glance.
PARAGRAPH = re.compile(r"<p>(?P<inner>\s*(?:https?://|<a\s)(?:(?!</?p[\s>]).)*?)</p>", re.S)
BARE_URL = re.compile(r"https?://[^\s<>\"']+")


def candidate(inner: str) -> Candidate | None:
    """Read a paragraph's inner HTML: a bare URL, or a single link (text and/or image)."""
    inner = inner.strip()
    if BARE_URL.fullmatch(inner):
        return Candidate(html.unescape(inner), "")
    if not inner.startswith("<a "):
        return None
    fragment = BeautifulSoup(inner, "html.parser")
    nodes = [n for n in fragment.contents if not (isinstance(n, NavigableString) and not n.strip())]
    if len(nodes) != 1 or not isinstance(nodes[0], Tag) or nodes[0].name != "a":
        return None
    link = nodes[0]
    href = str(link.get("href") or "")
    if not BARE_URL.fullmatch(href):
        return None
    images = link.find_all("img")
    if link.find_all(lambda t: t.name not in ("img", "em", "strong", "code", "span")):
        return None
    title = " ".join(link.get_text(" ").split())
    if title == href:
        title = ""
    if len(images) > 1:
        return None
    image = images[0] if images else None
    return Candidate(href, title, str(image.get("src") or "") if image else "",
                     str(image.get("alt") or "") if image else "")


def is_local(src: str, siteurl: str = "") -> bool:
    """A preview must come from our own files: a relative path, or under the site URL
    (``{static}`` links are resolved against it before the body gets here)."""
    if siteurl.startswith(("http://", "https://")) and src.startswith(siteurl.rstrip("/") + "/"):
        return True
    return bool(src) and not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", src, re.I)


def placeholder(embed: Embed, title: str, strings: dict[str, str], number: int,
                preview: tuple[str, str] | None = None) -> str:
    """The no-JS link plus the consent controls the loader reveals."""
    e = lambda text: html.escape(str(text), quote=True)  # noqa: E731 - local shorthand
    name = embed.name
    note_id = f"embed-{number}-privacy"
    image = ""
    if preview:
        image = (f'<img class="embed__preview" src="{e(preview[0])}" alt="{e(preview[1])}" '
                 f'loading="lazy">')
    return (
        f'<figure class="embed embed--{e(embed.provider.kind)} embed--{e(embed.provider.key)}" '
        f'data-consent="embed" data-consent-provider="{e(embed.provider.key)}" '
        f'data-consent-name="{e(name)}" data-embed-src="{e(embed.src)}" '
        f'data-embed-title="{e(strings["embed_frame_title"].format(provider=name, title=title))}" '
        f'data-embed-kind="{e(embed.provider.kind)}">'
        f'<div class="embed__stage">{image}</div>'
        f'<figcaption class="embed__caption">'
        f'<span class="embed__provider">{e(name)}</span> '
        f'<a class="embed__link" href="{e(embed.url)}">{e(title)}</a>'
        f'<span class="embed__privacy" id="{note_id}" data-pagefind-ignore>'
        f'{e(strings["embed_privacy"].format(provider=name))} '
        f'<a class="embed__policy" href="{e(embed.privacy_url)}">'
        f'{e(strings["embed_privacy_link"].format(provider=name))}</a></span>'
        f'<span class="consent" hidden data-pagefind-ignore>'
        f'<button type="button" class="consent__load" data-consent-load '
        f'aria-describedby="{note_id}">{e(strings["embed_load"])}</button> '
        f'<label class="consent__always"><input type="checkbox" data-consent-always> '
        f'{e(strings["consent_always"].format(provider=name))}</label></span>'
        f'</figcaption></figure>'
    )


@dataclass
class Transformed:
    html: str
    embeds: list[Embed]
    problems: list[str]  # for the build log, one line each (the caller names the file)


def transform(content: str, fallback_title: str, enabled, strings: dict[str, str],
              mastodon_hosts=(), siteurl: str = "") -> Transformed:
    """Replace every URL-only paragraph of a known provider by its placeholder."""
    embeds: list[Embed] = []
    problems: list[str] = []

    def replace(match: re.Match) -> str:
        found = candidate(match.group("inner"))
        if found is None:
            return match.group(0)
        try:
            embed = recognise(found.url, enabled, mastodon_hosts)
        except NotEmbeddable as problem:
            problems.append(f"cannot embed {found.url}: {problem}; it stays a plain link")
            return match.group(0)
        if embed is None:
            return match.group(0)
        preview = None
        if found.preview_src:
            if is_local(found.preview_src, siteurl):
                preview = (found.preview_src, found.preview_alt)
            else:
                problems.append(f"embed preview {found.preview_src} is not a local image; "
                                "it was left out")
        embeds.append(embed)
        return placeholder(embed, found.title or fallback_title, strings, len(embeds), preview)

    if "http" not in content:
        return Transformed(content, embeds, problems)
    return Transformed(PARAGRAPH.sub(replace, content), embeds, problems)
