"""Accessibility (axe-core, WCAG 2.1 A/AA, light and dark) and page-weight budgets in Chromium."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import chromium, watched_page
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


PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1}
HOSTS = {"local": "http://local.magazin.test", "production": "https://magazin.auenwerk.example"}


class DiskSite:
    """Answers a build's own host from its folder (so production's absolute URLs load too);
    every other host is refused and noted."""

    def __init__(self, folder: Path, host: str):
        self.folder, self.host, self.foreign = folder, host, []

    def route(self, route) -> None:
        url = route.request.url
        if not url.startswith(self.host + "/"):
            self.foreign.append(url)
            return route.abort()
        path = self.folder / urlsplit(url).path.lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            return route.fulfill(path=str(path))
        return route.fulfill(status=404, body="")


@pytest.mark.parametrize("build", ["local", "production"])
def test_page_budgets_and_image_bytes_on_a_phone_in_both_builds(build, request, chromium_path):
    """HTML+CSS+JS within PAGE_BUDGET_KB and images within PAGE_IMAGE_BUDGET_KB on a 390 px
    phone, scrolled to the end (lazy images load); every raster image it gets is WebP."""
    folder = request.getfixturevalue("demo_build" if build == "local" else "demo_publish")
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    budgets, image_budgets = settings["PAGE_BUDGET_KB"], settings["PAGE_IMAGE_BUDGET_KB"]
    pages = sample_pages(folder)
    site = DiskSite(folder, HOSTS[build])
    weights, images, formats = {}, {}, set()
    with chromium(chromium_path, **PHONE) as context:
        context.route("**/*", site.route)
        page = context.new_page()
        responses: list = []
        page.on("response", lambda response: responses.append(response))
        for kind in budgets:
            responses.clear()
            page.goto(site.host + pages[kind], wait_until="networkidle")
            height = page.evaluate("document.body.scrollHeight")
            for y in range(0, height + 844, 600):  # scroll like a reader: lazy images load
                page.evaluate(f"window.scrollTo(0, {y})")
                page.wait_for_timeout(60)
            page.wait_for_load_state("networkidle")
            ok = [r for r in responses if r.ok]
            weights[kind] = sum(len(r.body()) for r in ok if r.request.resource_type in (
                "document", "stylesheet", "script")) / 1024
            pictures = [r for r in ok if r.request.resource_type == "image"]
            images[kind] = sum(len(r.body()) for r in pictures) / 1024
            formats |= {r.headers.get("content-type", "") for r in pictures
                        if not r.url.endswith(".svg")}
    print(f"{build} on a 390 px phone (KB): HTML+CSS+JS",
          {k: round(v, 1) for k, v in weights.items()}, "images",
          {k: round(v, 1) for k, v in images.items()}, "raster types", sorted(formats))
    assert site.foreign == []
    assert {k: v for k, v in weights.items() if v > budgets[k]} == {}
    assert {k: v for k, v in images.items() if v > image_budgets[k]} == {}
    assert formats <= {"image/webp"}, formats  # the phone never gets a JPEG or PNG
