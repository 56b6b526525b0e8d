"""sitemap.xml lists every page once with absolute URLs; robots.txt points at it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_every_html_page_and_robots_points_at_it(site):
    site.article("eins", modified="2026-02-03 10:00")
    site.article("zwei")
    out = site.build(PUBLIC_URL="https://mag.example/de")
    root = ET.parse(out / "sitemap.xml").getroot()
    entries = {u.find("s:loc", NS).text: u.findtext("s:lastmod", None, NS)
               for u in root.findall("s:url", NS)}
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    pages -= {"404.html"}
    pages = {p for p in pages if not p.startswith("pagefind/")}
    expected = {"https://mag.example/de/" + p.removesuffix("index.html") for p in pages}
    assert set(entries) == expected
    assert len(root.findall("s:url", NS)) == len(entries)
    assert entries["https://mag.example/de/artikel/eins/"] == "2026-02-03"
    assert entries["https://mag.example/de/thema/social-media/"] is None
    robots = (out / "robots.txt").read_text()
    assert "Sitemap: https://mag.example/de/sitemap.xml" in robots
