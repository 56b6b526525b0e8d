"""The web editor's files (plugins/web_editor) and YAML front matter read like the header."""

from __future__ import annotations

import pytest
import yaml
from corporate_world.errors import ContentErrors
from corporate_world.front_matter import FrontMatterError, split_front_matter

VALID = dict(title="Vorne YAML", date="2026-03-04 09:30", department="marketing",
             format="nachricht", authors="anna-test", summary="Eine Zusammenfassung für den Test.")


def front_matter(**fields) -> str:
    """An article with YAML front matter as the web editor writes it (lists as YAML lists)."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines += [f"{key}:", *[f"  - {item}" for item in value]]
        elif value is not None:
            lines.append(f"{key}: {value}")
    return "\n".join([*lines, "---", "", "## Erster Abschnitt", "", "Der Text.", ""])


def config_of(site) -> dict:
    return yaml.safe_load((site.output / "admin" / "config.yml").read_text(encoding="utf-8"))


def field(config: dict, collection: str, name: str) -> dict:
    fields = next(c for c in config["collections"] if c["name"] == collection)["fields"]
    return next(f for f in fields if f["name"] == name)


def values(config: dict, collection: str, name: str) -> list[str]:
    return [option["value"] for option in field(config, collection, name)["options"]]


def test_the_form_follows_the_taxonomy_at_the_next_build(site):
    site.article("eins")
    site.build()
    config = config_of(site)
    topics = field(config, "articles", "topics")
    assert topics["multiple"] is True and topics["min"] == 1 and topics["max"] == 5
    assert {"label": "Social Selling", "value": "social-selling"} in topics["options"]
    assert "neues-thema" not in values(config, "articles", "topics")
    assert field(config, "articles", "department")["multiple"] is False
    assert field(config, "articles", "format")["multiple"] is False
    assert field(config, "articles", "industries")["multiple"] is True
    assert field(config, "articles", "audiences")["multiple"] is True
    assert values(config, "articles", "authors") == ["anna-test", "bert-test"]

    taxonomy = yaml.safe_load((site.content / "taxonomy.yml").read_text(encoding="utf-8"))
    terms = taxonomy["facets"]["topic"]["terms"]
    terms["neues-thema"] = {"de": "Neues Thema", "en": "New topic", "description": {
        "de": "Ein Thema, das es gestern nicht gab.", "en": "A topic that did not exist."}}
    del terms["social-selling"]
    site.write("taxonomy.yml", yaml.safe_dump(taxonomy, allow_unicode=True, sort_keys=False))
    site.build()
    config = config_of(site)
    assert {"label": "Neues Thema", "value": "neues-thema"} in field(
        config, "articles", "topics")["options"]
    assert "social-selling" not in values(config, "articles", "topics")
    assert "social-selling" not in values(config, "hubs", "topics")


def test_config_files_articles_by_department_and_writes_dates_as_the_header_does(site):
    site.article("eins")
    site.build()
    config = config_of(site)
    articles = next(c for c in config["collections"] if c["name"] == "articles")
    assert articles["folder"] == "content/articles"
    assert articles["path"] == "{{department}}/{{slug}}"
    assert articles["format"] == "magazine-markdown"
    assert field(config, "articles", "date")["format"] == "YYYY-MM-DD HH:mm"
    assert "50–200" in field(config, "articles", "summary")["hint"]
    assert field(config, "articles", "body")["widget"] == "markdown"
    assert field(config, "articles", "image")["widget"] == "image"
    assert {c["name"] for c in config["collections"]} == {"articles", "hubs", "pages", "authors"}
    assert config["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    assert "publish_mode" not in config  # local saves land in the working copy
    assert config["locale"] == "de"


def test_production_uses_the_github_backend_with_the_editorial_workflow(site):
    site.article("eins")
    site.build("publishconf.py")
    config = config_of(site)
    assert config["backend"]["name"] == "github"
    assert config["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in config
    site.build("publishconf.py", WEB_EDITOR_ENABLED=False)
    assert not (site.output / "admin").exists()


def test_the_admin_page_has_its_own_policy_and_reader_pages_keep_theirs(site):
    site.article("eins")
    out = site.build()
    admin = site.page("admin/index.html")
    policy = admin.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'self' 'unsafe-eval';" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert [s["src"] for s in admin.find_all("script")] == ["decap-cms.js", "js-yaml.min.js",
                                                            "editor.js"]
    assert not admin.find("script", src=False)
    for name in ("decap-cms.js", "js-yaml.min.js", "editor.js", "config.yml"):
        assert (out / "admin" / name).is_file()
    headers = (out / "_headers").read_text()
    site_rules, admin_rules = headers.split("/admin/*")
    assert "'unsafe-eval'" not in site_rules and "'unsafe-eval'" in admin_rules
    assert "location /admin/ {" in (out / "dialog" / "csp.conf").read_text()
    reader = site.page("artikel/eins/index.html")
    assert "'unsafe-eval'" not in reader.find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    for page in out.rglob("*.html"):
        if page.relative_to(out).parts[0] != "admin":
            assert "admin/" not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("cache", [False, True])
def test_yaml_front_matter_builds_like_the_header(site, cache):
    site.article("kopf", topics="social-selling, social-media", audiences="kunden")
    site.write("articles/vorne-yaml.md", front_matter(
        **VALID, topics=["social-selling", "social-media"], audiences=["kunden"], dialog="off",
        lead="false", image="images/articles/test.svg", image_alt="Testbild"))
    for _ in range(2 if cache else 1):  # the second build reads from Pelican's cache
        site.build(CACHE_CONTENT=cache, LOAD_CONTENT_CACHE=cache)
    header = site.page("artikel/kopf/index.html")
    yaml_page = site.page("artikel/vorne-yaml/index.html")

    def chips(page):
        return [a["href"].split("/")[-2] for a in page.select(".article__footer .chips a")]

    assert chips(yaml_page) == chips(header)
    assert yaml_page.select_one(".article__title").get_text() == "Vorne YAML"
    assert yaml_page.select_one(".article__body h2").get_text() == "Erster Abschnitt"
    assert "2026-03-04T09:30" in yaml_page.select_one(".article__dates time")["datetime"]
    assert not yaml_page.select(".dialog")  # dialog: off stays "off", not YAML's False


def comparable(errors, file_name: str) -> set[tuple]:
    return {(e.field, e.message, e.value, e.allowed, e.rule) for e in errors
            if e.file.endswith(file_name)}


@pytest.mark.parametrize("bad", [
    {"topics": "sozial-selling"},
    {"department": ""},
    {"format": "interwiev"},
    {"topics": "social-media, social-selling, events, kundendialog, employer-branding, "
               "content-marketing"},
    {"dialog": "vielleicht"},
    {"lang": "fr"},
    {"lead": "vielleicht"},
    {"authors": "niemand"},
])
def test_the_same_bad_metadata_gives_the_same_errors_in_both_formats(site, bad):
    site.article("kopf", **bad)
    fields = {**VALID, "topics": "social-media", **bad}
    site.write("articles/vorne.md", front_matter(**{
        key: [v.strip() for v in value.split(",")] if key in ("topics", "authors") else value
        for key, value in fields.items()}))
    with pytest.raises(ContentErrors) as failure:
        site.build()
    in_header = comparable(failure.value.errors, "kopf.md")
    assert in_header
    assert comparable(failure.value.errors, "vorne.md") == in_header


@pytest.mark.parametrize("text, line, message", [
    ("---\ntitle: Ohne Ende\n\nText\n", 1, "no closing '---'"),
    ("---\ntitle: Eins\ntopics: [a, b\n---\n", 4, "not valid YAML"),
    ("---\ntitle: Eins\nimage:\n  path: x.svg\n---\n", 3, "image: expected a value or a list"),
    ("---\ntitle: Eins\ntopics:\n  - [a]\n---\n", 4, "topics: a list may hold plain values"),
    ("---\ntitle: Eins\nTitle: Zwei\n---\n", 3, "title is named twice"),
    ("---\n- title\n---\n", 2, "front matter must be 'key: value' lines"),
])
def test_broken_front_matter_names_its_line(text, line, message):
    with pytest.raises(FrontMatterError) as failure:
        split_front_matter(text)
    assert failure.value.line == line
    assert message in str(failure.value)


def test_front_matter_is_raw_strings_with_lines():
    found = split_front_matter("---\nTitle: 'Ja: nein'\ndate: 2026-05-04 09:30\ndialog: off\n"
                               "topics:\n  - a\n  - b\nindustries: []\nstage:\nlead: true\n"
                               "---\nBody: not a header\n")
    assert found.metadata == {"title": "Ja: nein", "date": "2026-05-04 09:30", "dialog": "off",
                              "topics": "a, b", "industries": "", "stage": "", "lead": "true"}
    assert found.lines["topics"] == 5 and found.lines["lead"] == 10
    assert found.body == "Body: not a header\n" and found.body_line == 12
    assert split_front_matter("Title: Kopf\n\nText\n") is None


def test_a_broken_front_matter_fails_the_build_naming_file_and_line(site):
    site.article("gut")
    site.write("articles/kaputt.md", "---\ntitle: Kaputt\ntopics: [a, b\n---\n\nText\n")
    with pytest.raises(ContentErrors) as failure:
        site.build()
    [error] = failure.value.errors
    assert error.file.endswith("articles/kaputt.md")
    assert (error.line, error.rule) == (4, "front-matter")
    assert "articles/kaputt.md:4: Header: not valid YAML" in failure.value.text
