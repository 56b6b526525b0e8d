"""The press: a build spread over processes writes exactly what one process writes."""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

import press as press_plugin
import pytest
from corporate_world.errors import ContentError, ContentErrors
from press import crew
from sitebuilder import ROOT, build

NO_SEARCH = {"SEARCH_ENABLED": False}  # Pagefind's own output is tested in test_search


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def differences(one: dict[str, bytes], other: dict[str, bytes]) -> list[str]:
    return sorted(name for name in one.keys() | other.keys() if one.get(name) != other.get(name))


@pytest.fixture(scope="module")
def one_process(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("press-1") / "out"
    return tree(build(ROOT / "content", out, "publishconf.py", PRESS_WORKERS=1, **NO_SEARCH))


def test_three_processes_write_the_same_bytes_as_one(one_process, tmp_path):
    out = build(ROOT / "content", tmp_path / "out", "publishconf.py", PRESS_WORKERS=3,
                **NO_SEARCH)
    written = tree(out)
    assert len(written) > 400  # the whole demo: pages, feeds, API documents, assets
    assert differences(one_process, written) == []


@pytest.mark.parametrize("layer", ["reader", "generator"])
def test_the_press_with_pelicans_cache_cold_and_warm(one_process, tmp_path, layer):
    """The typesetter only gets the files the cache does not hold; output stays the same."""
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": layer,
             "CACHE_PATH": str(tmp_path / "cache"), "PRESS_WORKERS": 2, **NO_SEARCH}
    cold = tree(build(ROOT / "content", tmp_path / "cold", "publishconf.py", **cache))
    assert any((tmp_path / "cache").iterdir())
    warm = tree(build(ROOT / "content", tmp_path / "warm", "publishconf.py", **cache))
    assert differences(one_process, cold) == []
    assert differences(one_process, warm) == []


def test_an_article_that_cannot_be_read_is_named_with_or_without_the_press(site):
    site.article("gut")
    (site.content / "articles" / "kaputt.md").write_bytes(
        b"Title: Kaputt\nSlug: kaputt\n\nUng\xfcltiges UTF-8\n")
    for workers in (1, 2):
        with pytest.raises(ContentErrors) as failure:
            site.build(PRESS_WORKERS=workers, **NO_SEARCH)
        assert [e.file.rsplit("/", 1)[-1] for e in failure.value.errors] == ["kaputt.md"]


def test_every_output_path_has_exactly_one_owner_and_the_work_is_spread():
    paths = [f"artikel/beitrag-{n}/index.html" for n in range(3000)]
    owners = Counter(crew.owner(p, 3) for p in paths)
    assert set(owners) == {0, 1, 2}
    assert min(owners.values()) > 900  # about a third each
    assert crew.owner("./artikel/a/index.html", 3) == crew.owner("artikel/a/index.html", 3)


def in_helper(work) -> None:
    """Run ``work`` as a forked helper would: report, then leave without returning."""
    code = 0
    try:
        work()
        crew.done()
    except BaseException as error:
        crew.failed(error)
        code = 1
    finally:
        os._exit(code)


def test_a_helpers_content_error_is_raised_in_the_lead():
    error = ContentError(file="articles/x.md", message="kaputt", field="Topics")
    if crew.fork(2):
        in_helper(lambda: (_ for _ in ()).throw(ContentErrors([error])))
    with pytest.raises(ContentErrors) as failure:
        crew.finish()
    assert failure.value.errors == [error] and failure.value.code == 2
    assert crew.size() == 1 and crew.is_lead()


def test_a_helper_that_dies_without_a_word_fails_the_lead():
    if crew.fork(2):
        os._exit(3)
    with pytest.raises(crew.PressError, match="status 3|ended before"):
        crew.finish()


def test_the_lead_waits_at_a_checkpoint_for_every_helper(tmp_path):
    marks = [tmp_path / "helper-1", tmp_path / "helper-2"]
    index = crew.fork(3)
    if index:
        def work():
            time.sleep(0.3)
            marks[index - 1].write_text("written")
            crew.checkpoint("articles written")
        in_helper(work)
    crew.checkpoint("articles written")
    assert all(mark.read_text() == "written" for mark in marks)
    crew.finish()


def test_spread_returns_every_result_in_order_from_every_core():
    crew.plan(3)
    try:
        items = list(range(1000))
        results = crew.spread(lambda n: (n * n, os.getpid()), items)
        assert [square for square, _ in results] == [n * n for n in items]
        pids = {pid for _, pid in results}
        assert len(pids) == 3 and os.getpid() in pids
    finally:
        crew.plan(1)


def test_spread_raises_a_helpers_exception_in_the_lead():
    crew.plan(2)
    try:
        with pytest.raises(ContentErrors):
            crew.spread(lambda n: (_ for _ in ()).throw(ContentErrors([])) if n == 999 else n,
                        list(range(1000)))
    finally:
        crew.plan(1)


def test_a_lead_that_gives_up_stops_its_helpers():
    if crew.fork(2):
        in_helper(lambda: time.sleep(60))
    [helper] = list(crew._crew.helpers)
    crew.reset()  # what the press does when the lead's own share fails
    with pytest.raises(ProcessLookupError):
        os.kill(helper, 0)  # stopped and reaped, not left writing into the output
    assert crew.size() == 1


def test_the_press_is_on_by_default_only_where_forking_is_safe(monkeypatch):
    monkeypatch.setattr(press_plugin.sys, "platform", "darwin")
    assert press_plugin.default_workers() == 1
    monkeypatch.setattr(press_plugin.sys, "platform", "linux")
    assert press_plugin.default_workers() == max(1, min(4, len(os.sched_getaffinity(0))))


def test_pelicans_own_listings_filter_the_archive_by_identity(site):
    """Pelican filters the whole archive by ``article in articles`` for every category and
    author (page written or not): the press makes that a set lookup, with the same result."""
    from pelican import signals
    from press.upstream import MemberList

    for number in range(6):
        site.article(f"text-{number}", department="marketing" if number % 2 else "vertrieb",
                     authors="anna-test" if number % 3 else "bert-test")
    seen: list = []

    def keep(generators) -> None:
        seen.extend(g for g in generators if type(g).__name__ == "ArticlesGenerator")

    signals.all_generators_finalized.connect(keep)
    try:
        site.build(**NO_SEARCH)
    finally:
        signals.all_generators_finalized.disconnect(keep)
    articles = seen[0]
    listings = [*articles.categories, *articles.authors]
    assert len(articles.categories) == 2 and len(articles.authors) == 2
    for term, members in listings:
        assert isinstance(members, MemberList), term
        by_scan = [a for a in articles.dates if any(a is b for b in list(members))]
        assert [a for a in articles.dates if a in members] == by_scan and by_scan, term
    stranger = articles.dates[0]
    other_term = next(members for _term, members in listings if stranger not in members)
    other_term.append(stranger)  # a list changed after the fact is indexed again
    assert stranger in other_term


def test_the_collector_is_back_on_after_a_failed_and_a_good_build(site):
    """The press keeps Python's collector off while a build reads and freezes what was read
    while it writes; after a build, nothing stays frozen or off, failed builds included."""
    import gc

    site.article("gut")
    site.write("articles/kaputt.md", "Title: Kaputt\nDate: 2026-13-01 10:00\n\nText.\n")
    with pytest.raises(ContentErrors):
        site.build(**NO_SEARCH)
    (site.content / "articles" / "kaputt.md").unlink()
    site.build(**NO_SEARCH)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def forget_translations(items: list) -> None:
    for item in items:
        vars(item).pop("translations", None)


def test_translations_grouped_as_pelican_groups_them():
    """The press hands Pelican's process_translations one translation group at a time (its
    own ends with a scan of all originals per item): same originals, translations, order."""
    import random
    from types import SimpleNamespace

    from press.upstream import PELICANS, process_translations

    chance = random.Random(13)

    def archive() -> list:
        return [SimpleNamespace(slug=f"s{chance.randrange(12)}", lang=chance.choice("dde"),
                                in_default_lang=False, source_path=f"{number}.md",
                                metadata={"translation": chance.choice(["false", "true"])})
                for number in range(60)]

    items = archive()
    for item in items:
        item.in_default_lang = item.lang == "d"
    for translation_id in ("slug", ("slug", "lang"), None):
        theirs, ours = list(items), list(items)
        forget_translations(items)
        expected = PELICANS["process_translations"](theirs, translation_id)
        expected_translations = {id(i): [id(t) for t in getattr(i, "translations", [])]
                                 for i in items}
        forget_translations(items)  # ours must set them itself
        found = process_translations(ours, translation_id)
        assert [[id(i) for i in part] for part in found] == \
            [[id(i) for i in part] for part in expected], translation_id
        assert [id(i) for i in ours] == [id(i) for i in theirs]  # sorted alike, in place
        assert {id(i): [id(t) for t in getattr(i, "translations", [])]
                for i in items} == expected_translations
        if translation_id == "slug":  # the archive has originals and translations
            assert expected[0] and expected[1]
