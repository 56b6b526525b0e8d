"""Headless Chromium on a demo hub page: follow a pinned piece and an expert, cleanly."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser import watched_page
from servers import static_server

pytestmark = pytest.mark.browser


def test_hub_page_pinned_and_expert_links_work_without_errors(demo_build, chromium_path):
    with static_server(demo_build) as base, watched_page(
            chromium_path, {urlsplit(base).netloc}) as (page, watch):
        page.goto(f"{base}/hubs/", wait_until="load")
        page.locator(".hub-teaser .card__title a").first.click()
        page.wait_for_load_state("load")
        assert "/hub/" in page.url
        hub_url = page.url
        assert page.locator(".hub__image img").evaluate("i => i.naturalWidth") > 0

        pinned = page.locator(".hub-pinned .card__title a").first
        title = pinned.inner_text()
        pinned.click()
        page.wait_for_load_state("load")
        assert page.locator("h1.article__title").inner_text() == title
        assert page.locator(".hub-callout a").count() >= 1

        page.goto(hub_url, wait_until="load")
        expert = page.locator(".hub-expert__name a").first
        name = expert.inner_text()
        assert page.locator(".hub-expert__ask a").first.get_attribute("href").startswith(
            "mailto:")
        expert.click()
        page.wait_for_load_state("load")
        assert page.locator(".profile h1").inner_text() == name

        assert watch.console_errors == [] and watch.page_errors == []
        assert watch.foreign_requests == []


def test_hub_page_fits_a_narrow_screen(demo_build, chromium_path):
    with static_server(demo_build) as base, watched_page(
            chromium_path, {urlsplit(base).netloc},
            viewport={"width": 320, "height": 800}) as (page, watch):
        for path in ("/hubs/", "/hub/social-selling-b2b/"):
            page.goto(base + path, wait_until="load")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
        assert watch.foreign_requests == [] and watch.console_errors == []
