"""The loader's configuration: everything ``theme/static/js/magazine.js`` may act on.

``partials/dialog_script.html`` prints it in ``<head>`` as
``<script type="application/json" id="magazine-config">``, before any content: the
loader reads only that element (by id, checked to be a JSON script in ``<head>``) and
takes every address it requests, loads or frames from it, never from attributes in
the page, which content could forge:

``frames``    origins an embed's iframe may come from (the CSP's ``frame-src``)
``comments``  Isso's ``endpoint`` and the count-link texts ``counts.none|one|many``
``thread``    the page's discussion: ``provider``, ``anchor`` (the section's id),
              ``id``, ``state``, ``lang``; for Giscus/Remark42 also the client's
              ``src``, script ``attributes`` and ``global`` (``remark_config``)
``copy``      the article's address for "copy link" and the two status texts
``search``    on the search page: ``pagefind`` (pagefind.js), ``base`` and the texts
              ``count`` / ``noResults``

Relative addresses are relative to the page (the loader resolves them against
``location``, never against ``document.baseURI``, which a ``<base>`` could move).
"""

from __future__ import annotations

from collections.abc import Iterable


def _texts(ctx, **keys: str) -> dict[str, str]:
    """Interface strings in the page's language, through the theme's own ``t``."""
    translate = ctx.resolve("t")
    return {name: ctx.call(translate, key) for name, key in keys.items()}


def thread_config(thread) -> dict | None:
    if thread is None or not thread.shown:
        return None
    config = {"provider": thread.provider, "anchor": thread.anchor, "id": thread.id,
              "state": thread.state, "lang": thread.lang}
    if thread.load:
        config.update(src=thread.load["src"], attributes=thread.load.get("attributes") or {},
                      **{"global": thread.load["global"]} if "global" in thread.load else {})
    return config


def loader_config(ctx, thread, *, frame_sources: Iterable[str], endpoint: str | None) -> dict:
    """The configuration of the page being rendered (``ctx``: its Jinja context)."""
    config: dict = {"frames": sorted(s for s in frame_sources if s.startswith("https://"))}
    if endpoint is not None:
        config["comments"] = {"endpoint": endpoint, "counts": _texts(
            ctx, none="comments_none", one="comments_one", many="comments_many")}
    thread = thread_config(thread)
    if thread:
        config["thread"] = thread
    article = ctx.get("article")
    copy = [link for link in (getattr(article, "share", None) or ()) if link.kind == "copy"]
    if copy:
        config["copy"] = {"url": copy[0].href, **_texts(ctx, done="share_copied",
                                                         failed="share_copy_failed")}
    if ctx.get("search_base_path"):
        site = ctx.get("SITEURL", "")
        config["search"] = {"index": f"{site}/pagefind/",
                            "base": ctx["search_base_path"],
                            **_texts(ctx, count="search_count", noResults="search_no_results")}
    return config
