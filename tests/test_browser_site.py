"""Headless Chromium on the demo magazine: no console errors, no third-party requests."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser import watched_page
from servers import static_server

pytestmark = pytest.mark.browser


def test_front_page_and_article_load_cleanly(demo_build, chromium_path):
    with static_server(demo_build) as base, watched_page(
            chromium_path, {urlsplit(base).netloc}) as (page, watch):
        page.goto(f"{base}/", wait_until="load")
        assert page.locator("h1").count() >= 1
        lead = page.locator(".lead-story .card__title a")
        assert lead.count() == 1
        title = lead.inner_text()
        lead.click()
        page.wait_for_load_state("load")
        assert page.locator("h1.article__title").inner_text() == title
        assert page.locator(".article__image img").evaluate("i => i.naturalWidth") > 0
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        assert watch.console_errors == [] and watch.page_errors == []
        assert watch.foreign_requests == []
        assert any(r.endswith("magazine.css") for r in watch.requests)


def test_narrow_screen_has_no_horizontal_scroll(demo_build, chromium_path):
    with static_server(demo_build) as base, watched_page(
            chromium_path, {urlsplit(base).netloc},
            viewport={"width": 320, "height": 800}) as (page, watch):
        for path in ("/", "/archiv/", "/thema/social-media/"):
            page.goto(base + path, wait_until="load")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
        assert watch.foreign_requests == []
