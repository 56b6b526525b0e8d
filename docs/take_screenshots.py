"""Screenshots of the front page, an article and a hub at 1280 px and on a 390 px phone.

Run from the repository after a build: .venv/bin/python docs/take_screenshots.py [OUTPUT]
(OUTPUT defaults to output/); writes docs/screenshots/*.png with Debian's Chromium.
"""

import sys
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
HOST = "http://magazin.test"
PAGES = {"front": "/", "article": "/artikel/vertrauen-vor-dem-angebot/",
         "hub": "/hub/kundendialog-service/"}
SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def main(site: Path) -> None:
    def route(request_route):
        path = site / urlsplit(request_route.request.url).path.lstrip("/")
        path = path / "index.html" if path.is_dir() else path
        if request_route.request.url.startswith(HOST) and path.is_file():
            return request_route.fulfill(path=str(path))
        return request_route.fulfill(status=404, body="")

    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        for screen, viewport in SCREENS.items():
            context = browser.new_context(viewport=viewport, color_scheme="light")
            context.route("**/*", route)
            page = context.new_page()
            for name, url in PAGES.items():
                page.goto(HOST + url, wait_until="networkidle")
                page.screenshot(path=str(out / f"{name}-{screen}.png"))
            page.goto(HOST + PAGES["hub"], wait_until="networkidle")
            page.locator(".hub-experts").screenshot(path=str(out / f"hub-experts-{screen}.png"))
            context.close()
        browser.close()
    for shot in out.glob("*.png"):  # 256 colours: a third of the bytes, same look
        with Image.open(shot) as image:
            small = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
        small.save(shot, optimize=True)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "output").resolve())
