"""WordPress eXtended RSS (WXR 1.0, 1.1, 1.2; WordPress.com exports too) read into a Source.

Parsed with defusedxml's SAX parser (no entity expansion, no external entities), into a
small tree that remembers each element's line, so every problem names element and line.
"""

from __future__ import annotations

import xml.sax
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import defusedxml.sax

from importer.model import Comment, ImportFailure, Item, Person, Source, Term
from importer.text import slugify

PREFIXES = {  # namespace -> the prefix used below (the WXR version does not matter)
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
    "http://www.w3.org/2005/Atom": "atom",
}
DRAFT_STATES = {"draft": "draft", "pending": "pending", "private": "private",
                "future": "future", "auto-draft": "draft"}
SKIPPED_TYPES = ("nav_menu_item", "revision", "custom_css", "customize_changeset",
                 "wp_block", "wp_template", "wp_template_part", "wp_global_styles",
                 "wp_navigation", "oembed_cache", "user_request")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def all(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def get(self, tag: str, default: str = "") -> str:
        child = self.find(tag)
        return child.text.strip() if child is not None else default

    def raw(self, tag: str) -> str:
        child = self.find(tag)
        return child.text if child is not None else ""


def prefixed(namespace: str, local: str) -> str:
    if not namespace:
        return local
    if namespace.startswith("http://wordpress.org/export/"):
        return f"{'excerpt' if namespace.rstrip('/').endswith('excerpt') else 'wp'}:{local}"
    prefix = PREFIXES.get(namespace)
    return f"{prefix}:{local}" if prefix else f"{{{namespace}}}{local}"


class TreeBuilder(xml.sax.handler.ContentHandler):
    def __init__(self):
        super().__init__()
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.locator = None
        self.parts: list[list[str]] = []

    def setDocumentLocator(self, locator):  # noqa: N802 - SAX's name
        self.locator = locator

    def startElementNS(self, name, qname, attrs):  # noqa: N802
        node = Node(prefixed(name[0] or "", name[1]),
                    {prefixed(k[0] or "", k[1]): v for k, v in attrs.items()},
                    self.locator.getLineNumber() if self.locator else 0)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)
        self.parts.append([])

    def endElementNS(self, name, qname):  # noqa: N802
        node = self.stack.pop()
        node.text = "".join(self.parts.pop())

    def characters(self, content):
        if self.parts:
            self.parts[-1].append(content)


def parse_tree(path: Path) -> Node:
    handler = TreeBuilder()
    parser = defusedxml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setContentHandler(handler)
    try:
        parser.parse(str(path))
    except xml.sax.SAXParseException as problem:
        inside = "/".join(n.tag for n in handler.stack) or "(document)"
        raise ImportFailure(f"{path}:{problem.getLineNumber()}: malformed XML in <{inside}> "
                            f"(column {problem.getColumnNumber()}): {problem.getMessage()}; "
                            "nothing was written") from None
    except defusedxml.DefusedXmlException as problem:
        inside = "/".join(n.tag for n in handler.stack) or "(document)"
        line = handler.locator.getLineNumber() if handler.locator else 0
        raise ImportFailure(f"{path}:{line}: forbidden XML construct in <{inside}>: "
                            f"{problem}; nothing was written") from None
    except OSError as problem:
        raise ImportFailure(f"{path}: cannot read: {problem}") from None
    return handler.root


def wp_date(text: str) -> datetime | None:
    text = (text or "").strip()
    if not text or text.startswith("0000"):
        return None
    try:
        return datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def old_path(url: str) -> str:
    """The path (and query) of a URL on the old site, as a redirect key."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def read_wordpress(path: Path) -> Source:
    root = parse_tree(Path(path))
    if root.tag != "rss" or root.find("channel") is None:
        raise ImportFailure(f"{path}:{root.line}: <{root.tag}> is not a WordPress export "
                            "(expected <rss> with a <channel>); nothing was written")
    channel = root.find("channel")
    if not channel.get("wp:wxr_version") and not channel.get("wp:base_site_url"):
        raise ImportFailure(f"{path}:{channel.line}: <channel> has no <wp:wxr_version>: "
                            "not a WordPress export (WXR); nothing was written")
    base = (channel.get("wp:base_blog_url") or channel.get("link")).rstrip("/")
    base_path = urlsplit(base).path.rstrip("/")
    lang = channel.get("language")[:2].lower() or "de"
    source = Source(kind="wordpress", name=str(path), base_url=base,
                    lang=lang if lang in ("de", "en") else "de")
    try:
        source.fallback_date = parsedate_to_datetime(channel.get("pubDate")).replace(tzinfo=None)
    except (TypeError, ValueError):
        source.fallback_date = None
    source.feed_paths = [f"{base_path}/feed/", f"{base_path}/comments/feed/",
                         f"{base_path}/?feed=rss2"]

    for node in channel.all("wp:author"):
        login = node.get("wp:author_login")
        if not login:
            raise ImportFailure(f"{path}:{node.line}: <wp:author> without <wp:author_login>; "
                                "nothing was written")
        name = node.get("wp:author_display_name") or " ".join(
            p for p in (node.get("wp:author_first_name"), node.get("wp:author_last_name")) if p)
        source.people[login] = Person(key=login, name=name or login,
                                      email=node.get("wp:author_email"),
                                      old_path=f"{base_path}/author/{slugify(login)}/")
    parents: dict[str, str] = {}
    for node in channel.all("wp:category"):
        slug = unquote(node.get("wp:category_nicename"))
        if not slug:
            raise ImportFailure(f"{path}:{node.line}: <wp:category> without "
                                "<wp:category_nicename>; nothing was written")
        parents[slug] = unquote(node.get("wp:category_parent"))
        source.terms[("category", slug)] = Term("category", slug,
                                                node.get("wp:cat_name") or slug)
    for node in channel.all("wp:tag"):
        slug = unquote(node.get("wp:tag_slug"))
        if slug:
            source.terms[("tag", slug)] = Term("tag", slug, node.get("wp:tag_name") or slug)
    for (kind, slug), term in source.terms.items():
        if kind == "category":
            chain, seen = [slug], {slug}
            while parents.get(chain[0]) and parents[chain[0]] not in seen:
                seen.add(parents[chain[0]])
                chain.insert(0, parents[chain[0]])
            term.old_path = f"{base_path}/category/{'/'.join(chain)}/"
        else:
            term.old_path = f"{base_path}/tag/{slug}/"
        term.feed_path = term.old_path + "feed/"

    items = channel.all("item")
    for node in items:
        if node.get("wp:post_type") == "attachment":
            url = node.get("wp:attachment_url") or node.get("guid")
            alt = next((m.get("wp:meta_value") for m in node.all("wp:postmeta")
                        if m.get("wp:meta_key") == "_wp_attachment_image_alt"), "")
            source.attachments[node.get("wp:post_id")] = (url, alt or node.get("title"),
                                                          node.get("wp:post_parent"))
    for node in items:
        kind = node.get("wp:post_type") or "post"
        if kind == "attachment" or kind in SKIPPED_TYPES:
            continue
        if kind not in ("post", "page"):
            source.notes.append(f"{path}:{node.line}: <item> of type {kind!r} skipped "
                                "(only posts and pages are imported)")
            continue
        item = read_item(node, kind, path, source, base)
        if item is not None:
            source.items.append(item)
    return source


def read_item(node: Node, kind: str, path: Path, source: Source, base: str) -> Item | None:
    post_id = node.get("wp:post_id")
    if not post_id:
        raise ImportFailure(f"{path}:{node.line}: <item> without <wp:post_id>; "
                            "nothing was written")
    status = node.get("wp:status") or "publish"
    if status in ("trash", "inherit"):
        source.notes.append(f"{path}:{node.line}: {kind} {post_id} is in the trash, skipped")
        return None
    reason = DRAFT_STATES.get(status, "")
    if node.get("wp:post_password"):
        reason = "password"
    date = wp_date(node.get("wp:post_date"))
    modified = wp_date(node.get("wp:post_modified"))
    slug = slugify(unquote(node.get("wp:post_name")))
    link = node.get("link")
    paths = []
    if link and not reason:
        paths.append(old_path(link))
    query = "page_id" if kind == "page" else "p"
    base_path = urlsplit(base).path.rstrip("/")
    paths.append(f"{base_path}/?{query}={post_id}")
    item = Item(key=f"{kind}:{post_id}", kind="page" if kind == "page" else "article",
                title_markup=node.raw("title"), slug=slug, date=date or modified,
                modified=modified, draft_reason=reason, excerpt=node.raw("excerpt:encoded"),
                body=node.raw("content:encoded"), old_paths=list(dict.fromkeys(paths)))
    creator = node.get("dc:creator")
    if creator:
        item.authors.append(creator)
        source.people.setdefault(creator, Person(key=creator, name=creator))
    for category in node.all("category"):
        domain = category.attrs.get("domain", "")
        nicename = unquote(category.attrs.get("nicename", "")) or slugify(category.text)
        if domain == "language" and nicename[:2] in ("de", "en"):
            item.lang = nicename[:2]
        elif domain in ("category", "post_tag") and nicename:
            term_kind = "category" if domain == "category" else "tag"
            source.terms.setdefault((term_kind, nicename), Term(
                term_kind, nicename, category.text.strip() or nicename,
                f"{base_path}/{'category' if term_kind == 'category' else 'tag'}/{nicename}/",
                f"{base_path}/{'category' if term_kind == 'category' else 'tag'}/{nicename}/feed/"))
            item.terms.append((term_kind, nicename))
    meta = {m.get("wp:meta_key"): m.get("wp:meta_value") for m in node.all("wp:postmeta")}
    thumbnail = meta.get("_thumbnail_id", "")
    if thumbnail in source.attachments:
        item.image_url, item.image_alt, _parent = source.attachments[thumbnail]
    for comment in node.all("wp:comment"):
        item.comments.append(read_comment(comment, path))
    return item


def read_comment(node: Node, path: Path) -> Comment:
    approved = node.get("wp:comment_approved") or "0"
    status = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash",
              "post-trashed": "trash"}.get(approved, "pending")
    if node.get("wp:comment_type") in ("pingback", "trackback"):
        status = "pingback"
    created = wp_date(node.get("wp:comment_date_gmt")) or wp_date(node.get("wp:comment_date"))
    if created is None:
        raise ImportFailure(f"{path}:{node.line}: <wp:comment> without a valid "
                            "<wp:comment_date_gmt>; nothing was written")
    parent = node.get("wp:comment_parent")
    return Comment(id=node.get("wp:comment_id"), parent=parent if parent not in ("", "0") else None,
                   author=node.get("wp:comment_author"), email=node.get("wp:comment_author_email"),
                   website=node.get("wp:comment_author_url"),
                   created=created.replace(tzinfo=UTC),
                   html=node.raw("wp:comment_content"), status=status)
