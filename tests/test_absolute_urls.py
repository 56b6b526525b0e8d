"""absolutize() rewrites exactly the URLs a parser sees, and nothing else."""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup
from corporate_world.absolute import URL_ATTRS, absolutize

BASE = "https://magazin.example/artikel/eins/"
TRICKY = (
    '<p><a href="../zwei/">a</a> <a href="#abschnitt">b</a> <a href="mailto:x@example.org">m</a>'
    ' <a href="tel:+4912345">t</a> <a href="">leer</a> <a href>ohne</a></p>'
    '<img src="bild.svg" srcset="a.svg 1x, ../b.svg 2x" alt="a > b">'
    "<img src='einfach.png' alt='\"zitiert\"'><A HREF=\"Gross/?a=1&amp;b=2\">G</A>"
    "<a href=ohne/anfuehrung>u</a><img src=\"data:image/png;base64,AAA=\">"
    '<!-- <a href="kommentar/"> --><script>var s = "<a href=\'skript/\'>";</script>'
    '<style>a[href="stil/"] {}</style><span href="kein-link/">s</span>'
    '<video src="v.mp4" poster="p.jpg"></video><blockquote cite="quelle/">z</blockquote>'
    '<a\nhref="zeilen/"\n>z</a><a title="x" data-href="d/" href="https://anders.example/">abs</a>'
)


def reference(html: str, base: str) -> dict[tuple[int, str], str]:
    """What a parser reads as each URL attribute, resolved the way absolutize promises."""
    expected = {}
    for index, element in enumerate(BeautifulSoup(html, "html.parser").find_all(True)):
        for attr in URL_ATTRS.get(element.name, ()):
            value = element.get(attr)
            if value is None:
                continue
            if value and not value.startswith(("mailto:", "tel:", "data:")):
                value = (", ".join(" ".join([urljoin(base, c.split()[0]), *c.split()[1:]])
                                   for c in value.split(",") if c.strip())
                         if attr == "srcset" else urljoin(base, value))
            expected[(index, attr)] = value
    return expected


def attributes(html: str) -> dict[tuple[int, str], str]:
    return {(index, attr): element.get(attr)
            for index, element in enumerate(BeautifulSoup(html, "html.parser").find_all(True))
            for attr in URL_ATTRS.get(element.name, ()) if element.get(attr) is not None}


def test_every_url_attribute_is_resolved_and_the_rest_left_alone():
    result = absolutize(TRICKY, BASE)
    assert attributes(result) == reference(TRICKY, BASE)
    assert '"../zwei/"' not in result and 'href="https://magazin.example/artikel/zwei/"' in result
    assert 'HREF="https://magazin.example/artikel/eins/Gross/?a=1&amp;b=2"' in result
    assert 'srcset="https://magazin.example/artikel/eins/a.svg 1x, ' \
           'https://magazin.example/artikel/b.svg 2x"' in result
    # comments, scripts, styles and non-URL attributes are copied unchanged
    for kept in ('<!-- <a href="kommentar/"> -->', "<a href='skript/'>", 'a[href="stil/"]',
                 '<span href="kein-link/">', 'data-href="d/"', 'alt="a > b"'):
        assert kept in result
    parsed = BeautifulSoup(result, "html.parser")
    assert parsed.get_text() == BeautifulSoup(TRICKY, "html.parser").get_text()


def test_empty_fragments_pass_through():
    assert absolutize("", BASE) == ""
    assert absolutize("<p>Nur Text &amp; mehr</p>", BASE) == "<p>Nur Text &amp; mehr</p>"
