"""Headless Chromium through Playwright, watching console errors and every request."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@dataclass
class Watch:
    """What a page did: console errors, uncaught exceptions, hosts it asked for."""

    allowed_hosts: set[str]
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))

    def route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if urlsplit(url).netloc in self.allowed_hosts or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort()


@contextmanager
def chromium(executable: str, **context_options):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**context_options)
            yield context
        finally:
            browser.close()


@contextmanager
def watched_page(executable: str, allowed_hosts: set[str], **context_options):
    """A page whose every request is checked against ``allowed_hosts``."""
    with chromium(executable, **context_options) as context:
        watch = Watch(allowed_hosts)
        context.route("**/*", watch.route)
        page = context.new_page()
        watch.attach(page)
        yield page, watch
