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
    pages = {p for p in pages if not p.startswith(("pagefind/", "admin/"))}  # admin: noindex
    expected = {"https://mag.example/de/" + p.removesuffix("index.html") for p in pages}
    assert set(entries) == expected
    assert len(root.findall("s:url", NS)) == len(entries)
    assert entries["https://mag.example/de/artikel/eins/"] == "2026-02-03"
    # a listing: its newest article (eins, Modified; social-media gathers its children)
    assert entries["https://mag.example/de/thema/social-media/"] == "2026-02-03"
    robots = (out / "robots.txt").read_text()
    assert "Sitemap: https://mag.example/de/sitemap.xml" in robots


def test_beyond_the_limit_sitemap_xml_becomes_an_index_of_parts(site):
    for slug in ("eins", "zwei", "drei"):
        site.article(slug)
    small = site.build(PUBLIC_URL="https://mag.example")
    single = {u.findtext("s:loc", None, NS)
              for u in ET.parse(small / "sitemap.xml").getroot().findall("s:url", NS)}
    out = site.build(PUBLIC_URL="https://mag.example", SITEMAP_MAX_URLS=4)
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    parts = [s.findtext("s:loc", None, NS) for s in index.findall("s:sitemap", NS)]
    assert parts == [f"https://mag.example/sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    listed = []
    for part in parts:
        urls = ET.parse(out / part.rsplit("/", 1)[1]).getroot().findall("s:url", NS)
        assert 1 <= len(urls) <= 4
        listed += [u.findtext("s:loc", None, NS) for u in urls]
    assert len(listed) == len(set(listed)) and set(listed) == single
    assert "Sitemap: https://mag.example/sitemap.xml" in (out / "robots.txt").read_text()
