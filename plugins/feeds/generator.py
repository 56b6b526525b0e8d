"""Write every feed and the feeds page, after Pelican has resolved article links."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from corporate_world import world_of
from pelican.generators import Generator
from pelican.utils import sanitised_join
from press import crew

from feeds.catalog import FeedCatalog, mark_subjects, plan_catalog
from feeds.discovery import CONTEXT_KEY
from feeds.formats import Masthead, feed_updated, json_document, xml_documents
from feeds.items import ItemMaker, select

logger = logging.getLogger(__name__)


def masthead_of(settings: dict) -> Masthead:
    public = settings["PUBLIC_URL"].rstrip("/")

    def absolute(path: str) -> str:
        return f"{public}/{path.lstrip('/')}" if path else ""

    return Masthead(
        publisher=settings.get("COMPANY") or settings.get("AUTHOR") or settings["SITENAME"],
        public_url=public, icon=absolute(settings["FEEDS_ICON"]),
        logo=absolute(settings["FEEDS_LOGO"]), stylesheet=settings["FEEDS_STYLESHEET"])


class FeedsGenerator(Generator):
    """Runs in generate_output, when ``article.get_content(siteurl)`` resolves {filename} links."""

    press_shared = True  # each process of the press writes the feeds that fall to it

    def generate_output(self, writer) -> None:
        catalog: FeedCatalog | None = self.context.get(CONTEXT_KEY)
        world = world_of(self.context)
        if not self.settings["FEEDS_ENABLED"] or catalog is None or world is None:
            return
        planned = {feed.subject[1] for feed in catalog.feeds() if feed.subject[0] == "hub"}
        if planned != set(world.hubs or {}):  # hubs filled after planning: plan again
            catalog = plan_catalog(world, self.settings)
            self.context[CONTEXT_KEY] = catalog
            mark_subjects(world, catalog)
        if not self.settings.get("PRESS_ON_REQUEST"):  # the live preview's quick pass: its
            self._write_documents(catalog, world)  # full build writes them
        writer.write_file(self.settings["FEEDS_PAGE_SAVE_AS"], self.get_template("feeds"),
                          self.context, relative_urls=self.settings["RELATIVE_URLS"],
                          url=catalog.page_url, feed_catalog=catalog, page_name="feeds")

    def _write_documents(self, catalog: FeedCatalog, world) -> None:
        """Every feed of the catalog that falls to this process, in each of its formats."""
        now: datetime = self.context["feeds_now"]
        zone = self.settings.get("TIMEZONE") or "UTC"
        limit = self.settings["FEEDS_MAX_ITEMS"]
        maker = ItemMaker(world, self.settings)
        masthead = masthead_of(self.settings)
        order: dict = {}  # each article's sort key, by identity (see select)
        latest = [maker.item(a) for a in select(catalog.magazine.members(), zone, limit, order)]
        fallback = feed_updated(latest, now)  # an empty feed changed when the magazine did
        written: set[str] = set()
        for feed in catalog.feeds():
            if not crew.mine(feed.url(feed.formats[0])):
                continue
            items = [maker.item(a) for a in select(feed.members(), zone, limit, order)]
            documents = xml_documents(feed, items, masthead, feed_updated(items, fallback))
            if "json" in feed.formats:
                documents["json"] = json_document(feed, items, masthead)
            for fmt, data in documents.items():
                self._write(feed.url(fmt), data, written)

    def _write(self, relative: str, data: bytes, written: set[str]) -> None:
        if relative in written:  # the catalog refuses clashes; this guards against regressions
            raise RuntimeError(f"feed {relative} would be written twice")
        written.add(relative)
        path = Path(sanitised_join(self.output_path, relative))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        logger.info("Writing feed %s", relative)
