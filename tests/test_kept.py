"""Results kept between builds (press.kept): an unchanged body is not cleaned, and its API
plain text not worked out, again; the output and the removal warnings stay what a build
without them gives."""

from __future__ import annotations

import logging
import marshal

import api.documents
import pytest
import sanitize.plugin
from pelican.log import LimitFilter
from press import kept
from sitebuilder import build
from test_incremental import NO_SEARCH, SITEURL, differences, tree


@pytest.fixture
def counted(monkeypatch):
    """Calls of the sanitizer and of the API's plain text, by body."""
    calls = {"clean": [], "plain_text": []}
    clean, plain_text = sanitize.plugin.clean, api.documents.plain_text

    def counting_clean(body, *args):
        calls["clean"].append(body)
        return clean(body, *args)

    def counting_plain_text(html):
        calls["plain_text"].append(html)
        return plain_text(html)

    monkeypatch.setattr(sanitize.plugin, "clean", counting_clean)
    monkeypatch.setattr(api.documents, "plain_text", counting_plain_text)
    return calls


def warm_build(site, tmp_path, name: str):
    return build(site.content, tmp_path / name, "publishconf.py", CACHE_CONTENT=True,
                 LOAD_CONTENT_CACHE=True, CACHE_PATH=str(tmp_path / "cache"),
                 PRESS_WORKERS=1, **NO_SEARCH)


def test_unchanged_bodies_are_found_again_and_the_output_stays_the_same(
        site, tmp_path, monkeypatch, counted, caplog):
    monkeypatch.setenv("MAGAZINE_SITEURL", SITEURL)
    for number in range(3):
        site.article(f"artikel-{number}", body=f"Absatz {number} über Kundendialog.")
    hostile = site.article("feindlich", body='Text <a href="https://ok.example/" '
                                             'onclick="steal()">Link</a> Ende.')
    caplog.set_level(logging.WARNING)
    first = warm_build(site, tmp_path, "one")
    assert len(counted["clean"]) >= 4 and len(counted["plain_text"]) == 4
    assert sum("onclick" in r.getMessage() for r in caplog.records) == 1

    for calls in counted.values():
        calls.clear()
    caplog.clear()
    LimitFilter._raised_messages.clear()  # (Pelican logs a message once per process)
    second = warm_build(site, tmp_path, "two")  # nothing changed: nothing worked out again
    assert counted == {"clean": [], "plain_text": []}
    assert sum("onclick" in r.getMessage() for r in caplog.records) == 1  # still reported
    assert differences(tree(first), tree(second)) == []

    for calls in counted.values():
        calls.clear()
    hostile.write_text(hostile.read_text(encoding="utf-8").replace("Ende.", "Neues Ende."),
                       encoding="utf-8")
    third = warm_build(site, tmp_path, "three")  # one body changed: that one alone
    assert len(counted["clean"]) == 1 and "Neues Ende." in counted["clean"][0]
    assert len(counted["plain_text"]) == 1 and "Neues Ende." in counted["plain_text"][0]
    cold = build(site.content, tmp_path / "cold", "publishconf.py", **NO_SEARCH)
    assert differences(tree(third), tree(cold)) == []
    page = (third / "artikel" / "feindlich" / "index.html").read_text(encoding="utf-8")
    assert "Neues Ende." in page and "onclick" not in page


def test_a_damaged_table_is_ignored(site, tmp_path, monkeypatch, counted):
    monkeypatch.setenv("MAGAZINE_SITEURL", SITEURL)
    site.article("artikel", body="Ein Absatz.")
    first = warm_build(site, tmp_path, "one")
    tables = sorted((tmp_path / "cache").rglob(f"*{kept.SUFFIX}"))
    assert {t.name for t in tables} >= {"sanitized.kept", "api-bodies.kept", "api-checked.kept"}
    for table in tables:
        table.write_bytes(table.read_bytes()[:7])  # cut short
    counted["clean"].clear()
    second = warm_build(site, tmp_path, "two")
    assert counted["clean"]  # worked out again
    assert differences(tree(first), tree(second)) == []


def test_a_table_keeps_only_the_entries_its_build_used(tmp_path):
    path = tmp_path / f"t{kept.SUFFIX}"
    path.write_bytes(marshal.dumps({b"a": "A", b"b": "B"}))
    table = kept.KeptTable(path)
    assert table.get(b"a") == "A" and table.get(b"c") is None
    table.put(b"c", ("C", ()))
    table.save()
    assert marshal.loads(path.read_bytes()) == {b"a": "A", b"c": ("C", ())}
    again = kept.KeptTable(path)
    assert again.get(b"a") == "A" and again.get(b"c") == ("C", ())
    before = path.stat().st_mtime_ns
    again.save()  # used exactly what it found: the file is left as it is
    assert path.stat().st_mtime_ns == before


def test_nothing_is_kept_without_the_content_cache(site, tmp_path, monkeypatch):
    monkeypatch.setenv("MAGAZINE_SITEURL", SITEURL)
    site.article("artikel", body="Ein Absatz.")
    build(site.content, tmp_path / "out", "publishconf.py", CACHE_PATH=str(tmp_path / "cache"),
          **NO_SEARCH)
    assert not list(tmp_path.rglob(f"*{kept.SUFFIX}"))
