"""Accessibility (axe-core, WCAG 2.1 A/AA, light and dark) and page-weight budgets in Chromium."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import watched_page
from conftest import ROOT
from pelican.settings import read_settings
from servers import static_server

pytestmark = pytest.mark.browser
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def sample_pages(site: Path) -> dict[str, str]:
    """One page of each kind the issue names; a missing kind fails the test."""
    article = next(p for p in sorted(site.glob("artikel/*/index.html")))
    pages = {
        "front": "/",
        "article": "/" + article.parent.relative_to(site).as_posix() + "/",
        "term": "/thema/social-media/",
        "author": "/autor/lena-hartmann/",
        "404": "/404.html",
    }
    hub = next(iter(sorted(site.glob("hub/*/index.html"))))  # the demo has hubs: required
    pages["hub"] = "/" + hub.parent.relative_to(site).as_posix() + "/"
    assert (site / "suche/index.html").is_file()
    pages["search"] = "/suche/"
    return pages


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_wcag_violations(demo_build, chromium_path, scheme):
    axe = Axe()
    report = {}
    with static_server(demo_build) as base, watched_page(
            chromium_path, {urlsplit(base).netloc}, color_scheme=scheme) as (page, watch):
        for kind, path in sample_pages(demo_build).items():
            page.goto(base + path, wait_until="load")
            result = axe.run(page, options=WCAG)
            report[kind] = [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. "
                            f"{v['nodes'][0]['target']})" for v in result.response["violations"]]
    print({kind: len(found) for kind, found in report.items()})
    assert set(report) == {"front", "article", "term", "author", "404", "hub", "search"}
    assert {kind: found for kind, found in report.items() if found} == {}


def test_page_weight_budgets_and_no_third_party_requests(demo_build, chromium_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    budgets = settings["PAGE_BUDGET_KB"]
    pages = sample_pages(demo_build)
    weights = {}
    responses: list = []
    with static_server(demo_build) as base, watched_page(
            chromium_path, {urlsplit(base).netloc}) as (page, watch):
        page.on("response", lambda response: responses.append(response))
        for kind in budgets:
            responses.clear()
            page.goto(base + pages[kind], wait_until="networkidle")
            counted = [r for r in responses if r.ok and r.request.resource_type in (
                "document", "stylesheet", "script")]
            weights[kind] = sum(len(r.body()) for r in counted) / 1024
        assert watch.foreign_requests == []
    print("page weight (KB, HTML+CSS+JS, uncompressed):",
          {k: round(v, 1) for k, v in weights.items()}, "budgets:", budgets)
    assert set(weights) == set(budgets) == {"front", "article", "hub"}
    assert {k: v for k, v in weights.items() if v > budgets[k]} == {}
