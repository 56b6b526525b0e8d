"""The live preview in a real Chromium: a saved edit shows up in the open page without a
manual reload, a broken edit shows the build's errors over the page, and the page's
Content-Security-Policy stays intact (zero violations)."""

from __future__ import annotations

import pytest
from browser import chromium
from servers import free_port, running_task

pytestmark = pytest.mark.browser

# Injected by Playwright into every frame before the page's own scripts; not part of our
# pages, so the page's CSP does not apply to it.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def test_saved_edits_reload_the_page_and_failed_builds_show_their_errors(
        site, tmp_path, chromium_path):
    article = site.article("eins", title="Live-Vorschau", body="Der erste Stand.")
    site.article("zwei", body="Ein anderer Artikel.")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running_task(["livereload", "--port", str(port), "--content", str(site.content),
                       "--output", str(tmp_path / "preview"), "--data", str(tmp_path / "db")],
                      base + "/artikel/eins/", tmp_path / "livereload.log"), \
            chromium(chromium_path) as context:
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/artikel/eins/")
        assert "Der erste Stand." in page.inner_text("main")
        # the CSP is the build's, untouched: the preview's script is a first-party file
        policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert page.locator('script[src="/_preview/reload.js"]').count() == 1

        # an edit: the open page shows the new text, nobody pressed reload
        article.write_text(article.read_text().replace("Der erste Stand.", "Der neue Stand."))
        page.locator("main", has_text="Der neue Stand.").wait_for(timeout=60_000)

        # a broken edit: the page stays, the build's errors appear over it
        broken = article.read_text().replace("Department: marketing", "Department: nirgendwo")
        article.write_text(broken)
        overlay = page.locator("#live-preview-errors")
        overlay.wait_for(state="visible", timeout=60_000)
        assert "Department: unknown department (got 'nirgendwo')" in overlay.inner_text()
        assert "eins.md" in overlay.inner_text()
        assert "Der neue Stand." in page.inner_text("main")  # the last good build

        # the fix: the overlay goes, and the fixed text is shown
        article.write_text(broken.replace("Department: nirgendwo", "Department: vertrieb")
                           .replace("Der neue Stand.", "Der korrigierte Stand."))
        page.locator("main", has_text="Der korrigierte Stand.").wait_for(timeout=60_000)
        assert overlay.count() == 0

        assert page.evaluate("window.__cspViolations") == []
        assert errors == []
