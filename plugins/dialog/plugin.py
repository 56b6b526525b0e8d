"""Signal wiring: embeds in content, threads and share links on articles, CSP, registry files.

Embeds are added to the body the sanitize plugin has cleaned (its ``content_sanitized``
signal), so no placeholder can come from content. Settings and their defaults are in
``DEFAULTS`` and documented in README.md.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from blinker import signal
from corporate_world import error_report, world_of
from corporate_world.errors import display_path
from interface import strings_for
from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from dialog import csp, loader
from dialog.embeds import MASTODON_HOST, PROVIDERS, transform
from dialog.registry import REGISTRY_PATH, Registry
from dialog.threads import COMMENT_PROVIDERS, ShareLinks, isso_endpoint, make_thread, state_for

logger = logging.getLogger(__name__)

DEFAULTS: dict = {
    "DIALOG_PROVIDER": "isso",  # isso | giscus | remark42
    "DIALOG_ISSO_URL": "/comments/",  # relative: under the site root; absolute: its own origin
    "DIALOG_CLOSE_AFTER_DAYS": None,  # None: threads stay open
    "DIALOG_GISCUS": {},  # repo, repo_id, category, category_id, … (see README)
    "DIALOG_REMARK42": {},  # host, site_id
    "DIALOG_EMBED_PROVIDERS": tuple(PROVIDERS),
    "DIALOG_MASTODON_HOSTS": (),  # the Mastodon instances whose posts may be embedded
    "DIALOG_SHARE": ("linkedin", "xing", "x", "mastodon", "email", "copy"),
    "DIALOG_MASTODON_SHARE_URL": "https://mastodon.social/share?text={text}",
    "DIALOG_CSP_EXTRA": {},  # directive -> extra sources, for every page
    "DIALOG_CSP_PAGES": {},  # output folder prefix -> {directive: extra sources}
}
POLICY_KEY = "dialog_csp_policy"
HUB_THREADS_KEY = "dialog_hub_threads"
THREADS_KEY = "dialog_article_threads"


_warned: set[tuple[str, str]] = set()  # (file, problem): a body is resolved per site URL


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    _warned.clear()


def mastodon_hosts(settings: dict) -> tuple[str, ...]:
    """DIALOG_MASTODON_HOSTS as plain host names (``https://`` and a final slash dropped)."""
    return tuple(str(host).lower().removeprefix("https://").rstrip("/")
                 for host in settings.get("DIALOG_MASTODON_HOSTS") or ())


def on_content_sanitized(item, body) -> None:
    """Turn provider-URL paragraphs of a cleaned article or page body into placeholders."""
    settings = item.settings
    if "DIALOG_EMBED_PROVIDERS" not in settings:  # a build without this plugin
        return
    lang = getattr(item, "lang", None) or settings.get("DEFAULT_LANG", "de")
    result = transform(body.html, getattr(item, "title", ""),
                       tuple(settings["DIALOG_EMBED_PROVIDERS"]), strings_for(lang),
                       mastodon_hosts(settings), body.siteurl)
    where = display_path(item.source_path or "")
    for problem in result.problems:
        if (where, problem) not in _warned:
            _warned.add((where, problem))
            logger.warning("%s: %s", where, problem)
    body.html = result.html


def page_url(context: dict, url: str) -> str:
    base = str(context.get("PUBLIC_URL") or context.get("SITEURL") or "").rstrip("/")
    return f"{base}/{url}"


def open_dialog(article, context: dict, now: datetime) -> None:
    """A published article's comment thread and share links (both carry its title)."""
    settings, world = article.settings, world_of(context)
    profile = world.profile(article) if world else None
    state, closes = state_for(profile.dialog if profile else "open", article.date,
                              settings.get("DIALOG_CLOSE_AFTER_DAYS"), now)
    url = page_url(context, article.url)
    article.dialog = make_thread(settings, id=f"/{article.url}", title=article.title,
                                 state=state, kind="article", lang=article.lang,
                                 page_url=url, closes_at=closes)
    article.share = ShareLinks(settings, url, article.title)


def on_content_patched(item, context: dict, body: bool, fields: frozenset) -> None:
    """The live preview replaced an article's title in memory: its thread and share links
    carry the title, so they are made again (in the build's list of threads too)."""
    old = getattr(item, "dialog", None)
    if "title" not in fields or old is None:
        return
    open_dialog(item, context, datetime.now(UTC))
    threads = context.get(THREADS_KEY) or []
    threads[:] = [item.dialog if thread is old else thread for thread in threads]


def on_articles_finalized(generator) -> None:
    context, settings = generator.context, generator.settings
    provider = settings["DIALOG_PROVIDER"]
    if provider not in COMMENT_PROVIDERS:
        error_report(context).add("pelicanconf.py", "unknown comment provider",
                                  field="DIALOG_PROVIDER", value=str(provider),
                                  allowed=COMMENT_PROVIDERS)
    published = [*generator.articles, *generator.translations, *generator.hidden_articles,
                 *generator.hidden_translations]
    drafts = [*generator.drafts, *generator.drafts_translations]
    now = datetime.now(UTC)
    threads = context[THREADS_KEY] = []
    for article in published:
        open_dialog(article, context, now)
        threads.append(article.dialog)
    for article in drafts:  # a draft's address is temporary: no thread, nothing to share
        article.dialog = None
        article.share = []


def frame_origins(settings: dict) -> set[str]:
    """Where embeds may come from: the enabled providers and the listed Mastodon instances.

    Settings only: nothing in content widens the policy.
    """
    origins = set()
    for key in settings["DIALOG_EMBED_PROVIDERS"]:
        provider = PROVIDERS.get(key)
        if provider is not None:
            origins.update(provider.frame_origins)
    if "mastodon" in settings["DIALOG_EMBED_PROVIDERS"]:
        origins.update(f"https://{host}" for host in mastodon_hosts(settings))
    return origins


def on_all_generators_finalized(generators) -> None:
    context = generators[0].context
    report = error_report(context)
    for host in mastodon_hosts(context):
        if not MASTODON_HOST.fullmatch(host):  # it goes into the CSP and the nginx snippet
            report.add("pelicanconf.py", "a Mastodon instance is a plain host name such as "
                       "social.example", field="DIALOG_MASTODON_HOSTS", value=host,
                       rule="setting")
    report.raise_if_any()
    context[POLICY_KEY] = csp.site_policy(context, frame_origins(context))
    context[HUB_THREADS_KEY] = {}  # shared by every page's context copy
    world = world_of(context)
    for hub in (world.hubs.values() if world else ()):
        thread = hub_thread(context, hub)
        hub.thread_anchor = thread.anchor  # the hub page links "ask in public" to it


def hub_thread(context, hub):
    """A hub's question thread, made once per build (``context`` may be a Jinja context)."""
    threads = context.get(HUB_THREADS_KEY)
    if threads is None:
        threads = {}
    if hub.slug not in threads:
        threads[hub.slug] = make_thread(context, id=hub.thread_id, title=hub.title,
                                        state="open", kind="hub",
                                        lang=getattr(hub, "lang", "de") or "de",
                                        page_url=page_url(context, hub.url))
    return threads[hub.slug]


@pass_context
def dialog_thread(ctx, hub):
    """The reader-question thread of a hub (for ``partials/dialog_thread.html``)."""
    return hub_thread(ctx, hub)


@pass_context
def dialog_endpoint(ctx) -> str:
    """Isso's base URL as this page should write it (relative pages stay relative)."""
    value, absolute = isso_endpoint(ctx)
    if absolute:
        return value
    return f"{ctx.get('SITEURL', '')}/{value.lstrip('/')}"


@pass_context
def content_security_policy(ctx) -> str:
    """The policy for the page being written, as its <meta> tag carries it.

    Pages with their own additions (DIALOG_CSP_PAGES) get no meta tag: their policy
    comes from the server's headers (``_headers``, ``dialog/csp.conf``), because the
    additions are CSP3 keywords such as 'wasm-unsafe-eval' that HTML validators
    (Nu 20.6) reject in a meta tag, and a meta without them would break the page.
    """
    site = ctx.get(POLICY_KEY)
    output_file = str(ctx.get("output_file") or "")
    if site is None or csp.page_additions(ctx, output_file):
        return ""
    return csp.render(site, meta=True)


@pass_context
def loader_config(ctx, thread=None) -> dict:
    """The loader's configuration for this page (loader.py), with ``thread`` if it has one."""
    policy = ctx.get(POLICY_KEY) or {}
    thread = thread or None  # pages without one pass an undefined ``page_thread``
    endpoint = dialog_endpoint(ctx) if ctx.get("DIALOG_PROVIDER") == "isso" else None
    return loader.loader_config(ctx, thread, frame_sources=policy.get("frame-src", ()),
                                endpoint=endpoint)


def on_generator_init(generator) -> None:
    generator.env.globals.update(dialog_thread=dialog_thread, dialog_endpoint=dialog_endpoint,
                                 content_security_policy=content_security_policy,
                                 loader_config=loader_config)


class DialogFilesGenerator(Generator):
    """Writes the thread registry for the gate and the CSP header snippets for servers."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        context = self.context
        if error_report(context).errors or POLICY_KEY not in context:
            return
        registry = Registry()
        for thread in context.get(THREADS_KEY, []):
            {"open": registry.open, "closed": registry.closed, "off": registry.off}[
                thread.state].add(thread.id)
            if thread.state == "open" and thread.closes_at is not None:
                registry.closes_at[thread.id] = thread.closes_at
        world = world_of(context)
        for hub in (world.hubs.values() if world else ()):
            registry.open.add(hub_thread(context, hub).id)
        out = Path(self.output_path)
        files = {REGISTRY_PATH: registry.to_json(),
                 "_headers": csp.headers_file(context[POLICY_KEY], context),
                 "dialog/csp.conf": csp.nginx_snippet(context[POLICY_KEY], context)}
        for relative, text in files.items():
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


def get_generators(pelican):
    return DialogFilesGenerator


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signal("content_sanitized").connect(on_content_sanitized)
    signal("content_patched").connect(on_content_patched)  # sent by the live preview
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_generators.connect(get_generators)
