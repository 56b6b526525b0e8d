"""An e-mail newsletter digest of the newest articles, made from the built /api/v1/ files alone.

A real consumer of the API: it reads ``index.json`` and ``articles/page-N.json``
(never Pelican, never ``content/``), keeps the articles published in a window,
groups them by department or hub and writes ``digest.html`` (table layout and a
small <style> block, which e-mail clients accept; no images, since many clients
block them or can't show SVG) and ``digest.txt``. Every text from the JSON is
HTML-escaped; every link is the API's absolute URL.

Language: one version of each story, preferably in ``lang`` (default: the site's
default language); an article in another language is kept only when it has no
version in ``lang``.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

GROUPINGS = ("department", "hub")
_RELATIVE = re.compile(r"(\d+)\s*d")
STRINGS = {
    "de": {"title": "Neu im {site}", "period": "Artikel vom {since} bis {until}",
           "more": "Weitere Artikel", "read": "Weiterlesen", "none": "In diesem Zeitraum ist "
           "nichts Neues erschienen.", "minutes": "{n} Min. Lesezeit", "by": "von",
           "visit": "Alle Artikel im {site}",
           "months": "Januar Februar März April Mai Juni Juli August September Oktober "
                     "November Dezember"},
    "en": {"title": "New in {site}", "period": "Articles from {since} to {until}",
           "more": "More articles", "read": "Read on", "none": "Nothing new was published "
           "in this period.", "minutes": "{n} min read", "by": "by",
           "visit": "Every article in {site}",
           "months": "January February March April May June July August September October "
                     "November December"},
}
STYLE = """
body{margin:0;padding:0;background:#e8eef2;color:#0b3d5c;font-family:Arial,Helvetica,sans-serif}
table{border-collapse:collapse}
.digest{background:#ffffff;max-width:600px;width:100%}
.masthead{background:#0b3d5c;color:#ffffff;padding:24px}
.masthead a{color:#ffffff;text-decoration:none;font-size:24px;font-weight:bold}
.masthead p{margin:8px 0 0;color:#e8eef2;font-size:14px}
.group{padding:24px 24px 0}
.group h2{margin:0;font-size:18px;border-bottom:2px solid #99c24d;padding-bottom:4px}
.group h2 a{color:#0b3d5c;text-decoration:none}
.item{padding:16px 24px 0}
.item h3{margin:0 0 4px;font-size:17px;line-height:1.3}
.item a{color:#1f6f8b}
.item p{margin:0 0 6px;font-size:15px;line-height:1.5}
.item .meta{color:#555555;font-size:13px}
.footer{padding:24px;font-size:13px;color:#555555}
.footer a{color:#1f6f8b}
""".strip()


class DigestError(Exception):
    """A wrong option or a missing/invalid API folder, said so the user can fix it."""


@dataclass
class Group:
    key: str
    label: str
    url: str
    articles: list[dict] = field(default_factory=list)


@dataclass
class Digest:
    site: dict
    lang: str
    since: datetime
    until: datetime
    groups: list[Group]

    @property
    def count(self) -> int:
        return sum(len(g.articles) for g in self.groups)


def read_json(folder: Path, relative: str) -> dict:
    file = folder / relative
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DigestError(f"{file} not found: build the site first (./magazine build) or pass "
                          "--api with the path of a built api/v1 folder") from None
    except ValueError as exc:
        raise DigestError(f"{file} is not valid JSON: {exc}") from None


def load_articles(folder: Path) -> list[dict]:
    """Every article summary, following the pages' ``next`` numbers from page 1."""
    articles, page = [], 1
    while page is not None:
        document = read_json(folder, f"articles/page-{page}.json")
        articles += document["articles"]
        page = document["meta"]["pagination"]["next"]
    return articles


def parse_since(text: str, now: datetime, zone: ZoneInfo) -> datetime:
    """``7d`` (days before ``now``), an ISO date (midnight in the site's time zone) or datetime."""
    text = text.strip()
    relative = _RELATIVE.fullmatch(text)
    if relative:
        return now - timedelta(days=int(relative.group(1)))
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise DigestError(f"--since {text!r}: use a number of days like 7d or an ISO date "
                          "like 2026-11-01") from None
    if len(text) == 10:  # a date alone: from the start of that day
        moment = datetime.combine(moment.date(), time.min)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def absolute(url: str) -> str:
    """The API's URLs are absolute; anything else would be a broken link in an e-mail."""
    if urlparse(url).scheme not in ("http", "https"):
        raise DigestError(f"not an absolute link in the API: {url!r}")
    return url


def one_version_each(articles: list[dict], lang: str) -> list[dict]:
    """Keep the ``lang`` version; another language only when no ``lang`` version exists."""
    return [a for a in articles
            if a["lang"] == lang or all(t["lang"] != lang for t in a["translations"])]


def group_articles(articles: list[dict], by: str, lang: str) -> list[Group]:
    """Groups in label order, articles newest first; without a hub: "more articles", last."""
    groups: dict[str, Group] = {}
    rest = Group("", STRINGS[lang]["more"], "")
    for article in articles:
        if by == "department":
            term = article["department"]
            group = groups.setdefault(term["slug"], Group(term["slug"], term[f"label_{lang}"],
                                                          term["url"]))
        elif article["hubs"]:
            hub = article["hubs"][0]
            group = groups.setdefault(hub["slug"], Group(hub["slug"], hub["title"], hub["url"]))
        else:
            group = rest
        group.articles.append(article)
    ordered = sorted(groups.values(), key=lambda g: (g.label.casefold(), g.key))
    return ordered + ([rest] if rest.articles else [])


def make_digest(api: Path, since: str = "7d", group: str = "department", lang: str | None = None,
                now: datetime | None = None) -> Digest:
    if group not in GROUPINGS:
        raise DigestError(f"--group {group!r}: choose one of {', '.join(GROUPINGS)}")
    api = Path(api)
    index = read_json(api, "index.json")
    site = index["site"]
    lang = lang or site["default_language"]
    if lang not in STRINGS:
        raise DigestError(f"--lang {lang!r}: choose one of {', '.join(STRINGS)}")
    zone = ZoneInfo(site.get("timezone") or "UTC")
    until = now or datetime.now(zone)
    start = parse_since(since, until, zone)
    chosen = [a for a in load_articles(api)
              if start <= datetime.fromisoformat(a["published"]) <= until]
    chosen.sort(key=lambda a: (datetime.fromisoformat(a["published"]), a["slug"]), reverse=True)
    chosen = one_version_each(chosen, lang)
    return Digest(site=site, lang=lang, since=start, until=until,
                  groups=group_articles(chosen, group, lang))


def date_text(moment: datetime, lang: str) -> str:
    month = STRINGS[lang]["months"].split()[moment.month - 1]
    day = f"{moment.day}." if lang == "de" else str(moment.day)
    return f"{day} {month} {moment.year}"


def meta_line(article: dict, lang: str) -> str:
    words = STRINGS[lang]
    names = ", ".join(a["name"] for a in article["authors"])
    published = date_text(datetime.fromisoformat(article["published"]), lang)
    return (f"{published} · {article['format'][f'label_{lang}']} · {words['by']} {names} · "
            + words["minutes"].format(n=article["reading_time"]))


def render_html(digest: Digest) -> str:
    e = html.escape
    words, lang, site = STRINGS[digest.lang], digest.lang, digest.site
    title = words["title"].format(site=site["name"])
    period = words["period"].format(since=date_text(digest.since, lang),
                                    until=date_text(digest.until, lang))
    rows = [f'<tr><td class="masthead"><a href="{e(absolute(site["url"]))}">{e(title)}</a>'
            f"<p>{e(period)}</p></td></tr>"]
    for group in digest.groups:
        heading = (f'<a href="{e(absolute(group.url))}">{e(group.label)}</a>' if group.url
                   else e(group.label))
        rows.append(f'<tr><td class="group"><h2>{heading}</h2></td></tr>')
        for article in group.articles:
            link = e(absolute(article["url"]))
            rows.append(
                f'<tr><td class="item" lang="{e(article["lang"])}">'
                f'<h3><a href="{link}">{e(article["title"])}</a></h3>'
                f'<p class="meta">{e(meta_line(article, lang))}</p>'
                f'<p>{e(article["summary"])}</p>'
                f'<p><a href="{link}">{e(words["read"])} &rarr;</a></p></td></tr>')
    if not digest.groups:
        rows.append(f'<tr><td class="item"><p>{e(words["none"])}</p></td></tr>')
    visit = words["visit"].format(site=site["name"])
    rows.append(f'<tr><td class="footer"><a href="{e(absolute(site["url"]))}">{e(visit)}</a>'
                f'<br>{e(site["publisher"])}</td></tr>')
    body = "\n".join(rows)
    return (f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{e(title)}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n"
            '<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr>'
            '<td align="center">\n<table role="presentation" class="digest" width="600" '
            f'cellpadding="0" cellspacing="0">\n{body}\n</table>\n</td></tr></table>\n'
            "</body>\n</html>\n")


def render_text(digest: Digest) -> str:
    words, lang, site = STRINGS[digest.lang], digest.lang, digest.site
    lines = [words["title"].format(site=site["name"]),
             words["period"].format(since=date_text(digest.since, lang),
                                    until=date_text(digest.until, lang)),
             absolute(site["url"]), ""]
    for group in digest.groups:
        lines += [f"== {group.label} ==", ""]
        for article in group.articles:
            lines += [article["title"], meta_line(article, lang), article["summary"],
                      absolute(article["url"]), ""]
    if not digest.groups:
        lines += [words["none"], ""]
    lines += ["-- ", words["visit"].format(site=site["name"]) + ": " + site["url"],
              site["publisher"]]
    return "\n".join(lines) + "\n"


def write_digest(api: Path, out: Path, **options) -> tuple[Digest, list[Path]]:
    """Write digest.html and digest.txt into ``out``; options as for :func:`make_digest`."""
    digest = make_digest(api, **options)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = [out / "digest.html", out / "digest.txt"]
    files[0].write_text(render_html(digest), encoding="utf-8")
    files[1].write_text(render_text(digest), encoding="utf-8")
    return digest, files
