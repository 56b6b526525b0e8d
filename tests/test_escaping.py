"""Text from content is escaped in HTML: titles, summaries and names can't inject markup."""

from __future__ import annotations

import re

# a JSON-LD data block holds the hostile text as JSON data (tests/test_api.py parses it);
# matching only up to the first "<" also proves that no "<" inside it went unescaped
JSON_LD = re.compile(r'<script type="application/ld\+json">[^<]*</script>')

TITLE = '<script>window.pwned=1</script> Preise & "Angebote" <b>fett</b>'
SUMMARY = 'Teaser <img src=x onerror="window.pwned=2"> & mehr "Zitat"'
NAME = 'Eve <i onmouseover="window.pwned=3">Evil</i> & "Co"'


# JSON-LD and the loader's configuration (plugins/dialog/loader.py): data, never executed
DATA_BLOCKS = ("application/ld+json", "application/json")


def test_hostile_title_summary_and_author_name_come_out_as_text(site):
    site.write("authors/eve.yml", f"name: '{NAME}'\nrole: {{de: 'Rolle <u>x</u>'}}\n"
               "bio: {de: 'Bio </p><script>window.pwned=4</script>'}\n")
    site.article("boese", title=TITLE, summary=SUMMARY, authors="eve")
    out = site.build(CONTENT_RULES_AS_WARNINGS=["summary-format"])  # markup: escaping tested
    pages = ["artikel/boese/index.html", "index.html", "thema/social-media-strategie/index.html",
             "autor/eve/index.html", "archiv/index.html", "autoren/index.html"]
    for relative in pages:
        page = site.page(relative)
        for script in page.find_all("script"):  # theme files and JSON-LD data blocks only
            assert script.get("src") or script.get("type") in DATA_BLOCKS, relative
        assert page.find("img", src="x") is None, relative
        assert page.find(attrs={"onerror": True}) is None, relative
        assert page.find(attrs={"onmouseover": True}) is None, relative
        assert page.find("b") is None and page.find("u") is None, relative
        raw = JSON_LD.sub("", (out / relative).read_text())
        assert "<script>" not in raw and "onerror=" not in raw.replace("onerror=&", "")
    article = site.page("artikel/boese/index.html")
    assert article.h1.get_text() == TITLE
    assert article.select_one(".article__summary").get_text() == SUMMARY
    assert article.find("meta", attrs={"name": "description"})["content"] == SUMMARY
    assert article.title.get_text().startswith(TITLE)
    assert article.select_one(".byline__name").get_text() == NAME
    profile = site.page("autor/eve/index.html")
    bio = profile.select_one(".profile__bio").get_text()
    assert bio == "Bio </p><script>window.pwned=4</script>"
