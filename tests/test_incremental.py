"""Incremental builds: after every kind of edit, reusing the previous build gives exactly the
bytes of a cold build, reuses what did not change, and never touches the previous build."""

from __future__ import annotations

import hashlib
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from press import incremental
from press.fingerprint import BUDGET, FULL, IDENTITY, SHALLOW, Digests
from sitebuilder import ROOT, build

SITEURL = "https://magazin.example.com"
NO_SEARCH = {"SEARCH_ENABLED": False}  # Pagefind's index: tests/test_search.py


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder``: relative path -> SHA-256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(one: dict[str, str], other: dict[str, str]) -> list[str]:
    return sorted(path for path in one.keys() | other.keys() if one.get(path) != other.get(path))


@pytest.fixture
def magazine(site, tmp_path, monkeypatch):
    """A small magazine (two departments, topics, a translation, a hub) with its own theme."""
    monkeypatch.setenv("MAGAZINE_SITEURL", SITEURL)
    for number in range(6):
        site.article(f"artikel-{number}", body=f"Absatz {number} über Kundendialog.",
                     department="marketing" if number % 2 else "vertrieb",
                     topics="social-media-strategie" if number < 4 else "employer-branding",
                     authors="anna-test" if number % 3 else "bert-test")
    site.article("artikel-0", folder="articles/en", title="Article zero", lang="en",
                 body="A paragraph in English.", department="vertrieb")
    site.write("hubs/dialog.md", "Title: Hub Dialog\nSummary: Alles zum Dialog.\n"
                                 "Topics: social-media-strategie\n\nEine Einleitung.\n")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    return site


def build_pair(site, tmp_path: Path, step: str, previous: Path | None, **overrides):
    """The same content built twice: incrementally from ``previous``, and cold."""
    settings = dict(NO_SEARCH, THEME=str(tmp_path / "theme"), **overrides)
    warm = build(site.content, tmp_path / f"warm-{step}", "publishconf.py",
                 CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True,
                 CACHE_PATH=str(tmp_path / "cache"),
                 PRESS_PREVIOUS_OUTPUT=str(previous or ""), **settings)
    reused, rendered = incremental.counts()
    cold = build(site.content, tmp_path / f"cold-{step}", "publishconf.py",
                 CACHE_PATH=str(tmp_path / "cold-cache"), **settings)
    return warm, cold, reused, rendered


def quick_preview(content: Path, tmp_path: Path, **settings):
    """The live preview's site in memory (live_preview.resident) of ``content``, with its own
    reader cache under ``tmp_path``, the search index off, and ``settings`` on top."""
    from live_preview.resident import ResidentSite

    return ResidentSite(ROOT / "previewconf.py", {
        "PATH": str(content), "CACHE_PATH": str(tmp_path / "quick"), **NO_SEARCH, **settings},
        tmp_path / "scratch")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_kind_of_edit_builds_the_bytes_of_a_cold_build(magazine, tmp_path):
    site, articles = magazine, magazine.content / "articles"
    theme = tmp_path / "theme" / "templates"
    steps = [
        ("body", lambda: edit(articles / "artikel-1.md", "Absatz 1", "Absatz eins, neu")),
        ("title", lambda: edit(articles / "artikel-2.md", "Title: Artikel artikel-2",
                               "Title: Ein neuer Titel")),
        ("date", lambda: edit(articles / "artikel-3.md", "Date: 2026-01-",
                              "Date: 2026-02-")),
        ("move", lambda: (edit(articles / "artikel-4.md", "Department: vertrieb",
                               "Department: marketing"),
                          edit(articles / "artikel-4.md", "Topics: employer-branding",
                               "Topics: social-media-strategie"))),
        ("add", lambda: site.article("neu", body="Ganz neu.", department="marketing")),
        ("delete", lambda: (articles / "artikel-5.md").unlink()),
        ("author", lambda: edit(site.content / "authors" / "anna-test.yml",
                                "Schreibt Tests.", "Schreibt neue Tests.")),
        ("hub", lambda: edit(site.content / "hubs" / "dialog.md", "Title: Hub Dialog",
                             "Title: Hub Kundendialog")),
        ("taxonomy", lambda: edit(site.content / "taxonomy.yml",
                                  "label: {de: Thema, en: Topic}",
                                  "label: {de: Themenfeld, en: Topic}")),
        ("template", lambda: edit(theme / "base.html", "</footer>",
                                  "<p>Neu im Fuß.</p></footer>")),
    ]
    previous, _, _, _ = build_pair(site, tmp_path, "start", None)
    for step, change in steps:
        before = tree(previous)
        change()
        warm, cold, reused, rendered = build_pair(site, tmp_path, step, previous)
        assert differences(tree(warm), tree(cold)) == [], step
        assert tree(previous) == before, f"{step}: the previous build was changed"
        if step == "body":  # one article's text: its own page and its listings, not all
            assert 0 < rendered < reused, (reused, rendered)
            changed, kept = (Path(f"api/v1/articles/artikel-{n}.json") for n in (1, 3))
            assert (warm / changed).stat().st_ino != (previous / changed).stat().st_ino
            assert (warm / kept).stat().st_ino == (previous / kept).stat().st_ino
        if step in ("move", "add"):  # a term page of no term involved is not rendered again
            for page in ("thema/social-selling/index.html", "abteilung/events/index.html"):
                assert (warm / page).stat().st_ino == (previous / page).stat().st_ino, page
        if step == "template":  # a template is part of the recipe: everything is rendered
            assert reused == 0 and rendered > 0
        previous = warm


def test_an_unchanged_rebuild_reuses_every_page(magazine, tmp_path):
    first, _, _, _ = build_pair(magazine, tmp_path, "one", None)
    second, cold, reused, rendered = build_pair(magazine, tmp_path, "two", first)
    assert rendered == 0 and reused > 20
    assert differences(tree(second), tree(cold)) == []
    # reused pages are links to the previous build's files, not copies; so are static files
    # whose source did not change (a magazine's photos), and a changed one is copied anew
    page, image = Path("artikel/artikel-1/index.html"), Path("images/articles/test.svg")
    assert (second / page).stat().st_ino == (first / page).stat().st_ino
    document = Path("api/v1/articles/artikel-1.json")  # so are the API's unchanged documents
    assert (second / document).stat().st_ino == (first / document).stat().st_ino
    assert (second / image).stat().st_ino == (first / image).stat().st_ino
    source = magazine.content / image
    source.write_text(source.read_text(encoding="utf-8").replace("</svg>", "<g/></svg>"),
                      encoding="utf-8")
    third, cold, _, _ = build_pair(magazine, tmp_path, "three", second)
    assert (third / image).stat().st_ino != (second / image).stat().st_ino
    assert (third / image).read_bytes() == source.read_bytes() != (second / image).read_bytes()
    assert differences(tree(third), tree(cold)) == []


class Unshared(Digests):
    """Digests without the sharing across levels and budgets: each (object, level, budget)
    walked on its own, the definition the shared digests must agree with."""

    def _shared(self, ident, level, budget):
        return None


def test_digests_shared_across_levels_and_budgets_equal_the_unshared_ones(
        magazine, tmp_path, monkeypatch):
    contexts = []
    monkeypatch.setattr(incremental, "snapshot", contexts.append)
    build(magazine.content, tmp_path / "out", "publishconf.py", CACHE_CONTENT=True,
          CACHE_PATH=str(tmp_path / "cache"), **NO_SEARCH)
    context = contexts[0]
    shared, unshared = Digests(), Unshared()
    assert {name: shared.of(value) for name, value in context.items()} == {
        name: unshared.of(value) for name, value in context.items()}
    # the same objects met again at each level and budget, after the whole context was
    # digested (so from what was shared): still what a walk of their own gives
    samples = [*context["articles"][:3], context["corporate_world"], *context["hub_list"]]
    for value in samples:
        for level in (FULL, SHALLOW, IDENTITY):
            for budget in range(BUDGET + 1):
                assert shared.of(value, level, budget) == Unshared().of(value, level, budget)


def test_a_cycle_met_at_every_budget_digests_as_walked_alone():
    class Node:
        def __init__(self, name):
            self.name, self.children, self.parent = name, [], None

    root, leaf = Node("root"), Node("leaf")
    root.children.append(leaf)
    leaf.parent = root
    holder = {"deep": [[root]], "flat": [leaf]}
    shared = Digests()
    first = shared.of(holder)
    assert first == Unshared().of(holder)
    for budget in range(BUDGET + 1):
        assert shared.of(root, FULL, budget) == Unshared().of(root, FULL, budget)
    leaf.name = "renamed"  # what a walk sees of a cycle still counts
    assert Digests().of(holder) != first


def test_without_the_previous_manifest_or_with_other_settings_everything_is_rendered(
        magazine, tmp_path):
    first, _, _, _ = build_pair(magazine, tmp_path, "one", None)
    second, cold, reused, rendered = build_pair(magazine, tmp_path, "two", first,
                                                SITENAME="Anderer Name")
    assert reused == 0 and differences(tree(second), tree(cold)) == []
    incremental.manifest_of(second).unlink()
    third, cold, reused, _ = build_pair(magazine, tmp_path, "three", second,
                                        SITENAME="Anderer Name")
    assert reused == 0 and differences(tree(third), tree(cold)) == []


def test_a_build_reuses_the_output_folder_it_replaces(magazine, tmp_path):
    """``pelican`` run twice into the same folder (which publishconf.py deletes first) is an
    incremental build too: the folder is moved aside into the cache, reused, then removed."""
    settings = dict(NO_SEARCH, THEME=str(tmp_path / "theme"), CACHE_CONTENT=True,
                    LOAD_CONTENT_CACHE=True, CACHE_PATH=str(tmp_path / "cache"))
    output = build(magazine.content, tmp_path / "out", "publishconf.py", **settings)
    page = output / "artikel" / "artikel-2" / "index.html"
    before = page.stat().st_ino
    edit(magazine.content / "articles" / "artikel-1.md", "Absatz 1", "Absatz eins, neu")
    build(magazine.content, output, "publishconf.py", **settings)
    reused, rendered = incremental.counts()
    assert 0 < rendered < reused, (reused, rendered)
    assert page.stat().st_ino == before  # the same file, linked over
    assert not list((tmp_path / "cache").rglob(incremental.SET_ASIDE))  # removed when done
    cold = build(magazine.content, tmp_path / "cold", "publishconf.py", **dict(
        NO_SEARCH, THEME=str(tmp_path / "theme"), CACHE_PATH=str(tmp_path / "cold-cache")))
    assert differences(tree(output), tree(cold)) == []
    # a build that fails (a content error) leaves the output folder gone, as Pelican's does;
    # the last good output stays set aside, and the build after the fix reuses it
    edit(magazine.content / "articles" / "artikel-3.md", "Topics: social-media-strategie",
         "Topics: gibt-es-nicht")
    with pytest.raises(SystemExit):
        build(magazine.content, output, "publishconf.py", **settings)
    assert list((tmp_path / "cache").rglob(incremental.SET_ASIDE))
    edit(magazine.content / "articles" / "artikel-3.md", "Topics: gibt-es-nicht",
         "Topics: social-media-strategie")
    build(magazine.content, output, "publishconf.py", **settings)
    assert incremental.counts()[0] > 20 and incremental.counts()[1] == 0
    assert not list((tmp_path / "cache").rglob(incremental.SET_ASIDE))
    assert differences(tree(output), tree(cold)) == []
    # a folder Pelican would not delete is written over in place: nothing is reused there
    build(magazine.content, output, "publishconf.py", DELETE_OUTPUT_DIRECTORY=False, **settings)
    assert incremental.counts()[0] == 0


def test_a_file_changed_in_place_since_its_build_is_not_reused(magazine, tmp_path):
    first, _, _, _ = build_pair(magazine, tmp_path, "one", None)
    page = first / "artikel" / "artikel-1" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- nachbearbeitet -->",
                    encoding="utf-8")
    second, cold, reused, rendered = build_pair(magazine, tmp_path, "two", first)
    assert rendered == 1 and reused > 20
    assert differences(tree(second), tree(cold)) == []


def test_the_live_preview_serves_every_kind_of_edit(magazine, tmp_path):
    """The live preview shows every kind of edit: first from its site in memory (the quick
    preview), while the full build, incremental too, follows."""
    from servers import free_port, running_task

    site, articles = magazine, magazine.content / "articles"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    steps = [  # (change, page, text it must show)
        (lambda: edit(articles / "artikel-1.md", "Absatz 1", "Absatz Zebra"),
         "/artikel/artikel-1/", "Absatz Zebra"),
        (lambda: edit(articles / "artikel-2.md", "Title: Artikel artikel-2",
                      "Title: Titel Okapi"), "/artikel/artikel-2/", "Titel Okapi"),
        (lambda: edit(articles / "artikel-3.md", "Date: 2026-01-", "Date: 2025-12-"),
         "/artikel/artikel-3/", "Dezember 2025"),
        (lambda: edit(articles / "artikel-4.md", "Topics: employer-branding",
                      "Topics: social-media-strategie"), "/thema/social-media-strategie/",
         "artikel-4"),
        (lambda: site.article("neu", title="Ganz neu Gnu", department="marketing"),
         "/", "Ganz neu Gnu"),
        (lambda: edit(site.content / "authors" / "anna-test.yml", "Schreibt Tests.",
                      "Schreibt über Kraniche."), "/autor/anna-test/", "über Kraniche"),
        (lambda: edit(site.content / "hubs" / "dialog.md", "Title: Hub Dialog",
                      "Title: Hub Ibis"), "/hub/dialog/", "Hub Ibis"),
        (lambda: edit(site.content / "taxonomy.yml", "label: {de: Thema, en: Topic}",
                      "label: {de: Themenwelt, en: Topic}"), "/artikel/artikel-1/",
         "Themenwelt"),
    ]
    with running_task(["livereload", "--port", str(port), "--content", str(site.content),
                       "--output", str(tmp_path / "preview"), "--data", str(tmp_path / "db")],
                      base + "/artikel/artikel-1/", tmp_path / "livereload.log"):
        sources = []
        for change, page, text in steps:
            change()
            deadline = time.monotonic() + 90
            while text not in (shown := fetch(base + page, sources)):
                assert time.monotonic() < deadline, f"{page} never showed {text!r}"
                time.sleep(0.1)
            assert shown and sources[-1] == "memory", (page, sources[-1])
        (articles / "artikel-5.md").unlink()  # a deleted article's page goes away at once
        deadline = time.monotonic() + 90
        while fetch(base + "/artikel/artikel-5/", sources) != "":
            assert time.monotonic() < deadline, "the deleted article is still served"
            time.sleep(0.1)
        assert sources[-1] == "memory"  # the quick preview's 404, before the full build


def test_a_warm_start_serves_from_memory_before_the_first_full_build(
        magazine, tmp_path, monkeypatch):
    """The second session of the live preview finds the first one's reader cache: its quick
    preview reads only what changed and is ready before the full build (the first session,
    with no cache, waits for its full build to write one)."""
    from live_preview.resident import ResidentSite
    from servers import free_port, running_task

    import tasks

    port = free_port()  # (the address is part of the settings: the same for both sessions)
    monkeypatch.setenv("MAGAZINE_PUBLIC_URL", f"http://127.0.0.1:{port}")

    def session(number: int) -> list[str]:
        log = tmp_path / f"session-{number}.log"
        with running_task(["livereload", "--port", str(port), "--content",
                           str(magazine.content), "--output", str(tmp_path / "preview"),
                           "--data", str(tmp_path / "db")], f"http://127.0.0.1:{port}/", log):
            deadline = time.monotonic() + 90
            while not {"Quick preview", "Done"} <= set(events := milestones(log)):
                assert time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.1)
        return events

    def milestones(log: Path) -> list[str]:
        return [line.split(":")[0] for line in log.read_text(errors="replace").splitlines()
                if line.startswith(("Quick preview:", "Done:"))]

    quick = ResidentSite(ROOT / "previewconf.py", {
        "PATH": str(magazine.content),
        **tasks.incremental_settings("previewconf.py", magazine.content, None)},
        tmp_path / "scratch")
    assert not quick.cache_ready()
    assert session(1)[:2] == ["Done", "Quick preview"]
    assert quick.cache_ready()
    assert session(2)[:2] == ["Quick preview", "Done"]


def fetch(url: str, sources: list | None = None) -> str:
    """The page's text, '' when it is not there (404); ``sources`` gets where the live
    preview took it from ("memory", the quick preview; "" the full build's files)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            if sources is not None:
                sources.append(response.headers.get("X-Live-Preview", ""))
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            if sources is not None:
                sources.append(error.headers.get("X-Live-Preview", ""))
            return ""
        raise


def test_the_quick_preview_renders_the_bytes_of_a_full_build_after_every_kind_of_edit(
        magazine, tmp_path, monkeypatch):
    """The live preview's site in memory (live_preview.resident), updated after each edit in
    one process as the preview does (a body, title or summary is patched in, a move to other
    terms refiled, anything else refreshes),
    renders every page exactly as a full build writes it; the pages it leaves to the full
    build are the ones no template writes through Pelican."""

    monkeypatch.setenv("MAGAZINE_PUBLIC_URL", "http://127.0.0.1:8000")
    site, articles = magazine, magazine.content / "articles"
    settings = dict(NO_SEARCH, THEME=str(tmp_path / "theme"))
    quick = quick_preview(site.content, tmp_path, **settings)
    one, two = articles / "artikel-1.md", articles / "artikel-2.md"
    page = site.write("pages/impressum.md", "Title: Impressum\nSlug: impressum\n"
                      "Summary: Wer das Magazin herausgibt.\n\nAuenwerk GmbH.\n")
    long_body = "\n\n".join(  # reading time, a table of contents and a link change with it
        [f"## Abschnitt {n}\n\n" + "Viele Wörter über Kundendialog. " * 60 for n in range(4)]
        + ["Mehr im [zweiten Artikel]({filename}artikel-2.md)."])
    four = articles / "artikel-4.md"
    steps = [  # (name, change, files saved, how: "patched" or "refiled" without a run, or "run")
        ("start", lambda: None, set(), "run"),
        ("body", lambda: edit(one, "Absatz 1", "Absatz eins, neu"), {one}, "patched"),
        ("long body", lambda: edit(one, "Absatz eins, neu", long_body), {one}, "patched"),
        ("two bodies", lambda: (edit(one, "Abschnitt 0", "Abschnitt null"),
                                edit(two, "Absatz 2", "Absatz zwei")), {one, two}, "patched"),
        ("title", lambda: edit(two, "Title: Artikel artikel-2", "Title: Ein neuer Titel"),
         {two}, "patched"),
        ("page", lambda: edit(page, "Title: Impressum", "Title: Impressum und Kontakt"),
         {page}, "patched"),
        ("summary and body", lambda: (edit(two, "Summary: ", "Summary: Neu zusammengefasst. "),
                                      edit(two, "Absatz zwei", "Absatz zwei, neu")), {two},
         "patched"),
        ("title of a translation", lambda: edit(articles / "en" / "artikel-0.md",
                                                "Title: Article zero", "Title: Article nought"),
         {articles / "en" / "artikel-0.md"}, "patched"),
        ("date", lambda: edit(articles / "artikel-3.md", "Date: 2026-01-", "Date: 2026-02-"),
         {articles / "artikel-3.md"}, "run"),
        ("move", lambda: (edit(four, "Topics: employer-branding", "Topics: social-media-strategie"),
                          edit(four, "Department: vertrieb", "Department: marketing")), {four},
         "refiled"),
        ("featured", lambda: edit(four, "Title: ", "Featured: true\nTitle: "), {four},
         "refiled"),
        ("add", lambda: site.article("neu", body="Ganz neu.", department="marketing"),
         {articles / "neu.md"}, "run"),
        ("delete", lambda: (articles / "artikel-5.md").unlink(), {articles / "artikel-5.md"},
         "run"),
        ("author", lambda: edit(site.content / "authors" / "anna-test.yml",
                                "Schreibt Tests.", "Schreibt neue Tests."),
         {site.content / "authors" / "anna-test.yml"}, "run"),
        ("hub", lambda: edit(site.content / "hubs" / "dialog.md", "Title: Hub Dialog",
                             "Title: Hub Kundendialog"), {site.content / "hubs/dialog.md"},
         "run"),
        ("taxonomy", lambda: edit(site.content / "taxonomy.yml", "label: {de: Thema, en: Topic}",
                                  "label: {de: Themenfeld, en: Topic}"),
         {site.content / "taxonomy.yml"}, "run"),
        ("template", lambda: edit(tmp_path / "theme" / "templates" / "base.html", "</footer>",
                                  "<p>Neu im Fuß.</p></footer>"),
         {tmp_path / "theme" / "templates" / "base.html"}, "run"),
        ("body after all", lambda: edit(one, "Abschnitt null", "Abschnitt zero"), {one}, "patched"),
    ]
    for step, change, saved, how in steps:
        change()
        assert quick.patch(saved) is (how != "run"), step
        full = build(site.content, tmp_path / f"full-{step}", "previewconf.py",
                     CACHE_PATH=str(tmp_path / f"cache-{step}"), **settings)
        if how == "run":
            quick.refresh()
        if step == "move":  # its listings laid out again: on the new ones, off the old one
            link = b'href="../../artikel/artikel-4/"'
            assert link in quick.page("thema/social-media-strategie/index.html")
            assert link in quick.page("abteilung/marketing/index.html")
            assert link not in quick.page("thema/employer-branding/index.html")
        pages = {str(p.relative_to(full)) for p in full.rglob("*.html")}
        assert pages - set(quick.table) <= {"admin/index.html"}, step
        assert set(quick.table) <= pages, step
        different = [path for path in sorted(quick.table)
                     if quick.page(path) != (full / path).read_bytes()]
        assert different == [], step
    assert quick.answer("artikel/artikel-5/index.html")[0] == 404  # deleted: gone at once
    assert b"Abschnitt zero" in quick.page("artikel/artikel-1/index.html")
    assert b'class="toc' in quick.page("artikel/artikel-1/index.html")


def test_a_broken_link_or_summary_is_not_patched_in_and_the_refresh_names_it(
        magazine, tmp_path, monkeypatch):
    from corporate_world.errors import ContentErrors

    monkeypatch.setenv("MAGAZINE_PUBLIC_URL", "http://127.0.0.1:8000")
    one = magazine.content / "articles" / "artikel-1.md"
    quick = quick_preview(magazine.content, tmp_path)
    quick.refresh()
    edit(one, "Absatz 1", "Siehe [dort]({filename}gibt-es-nicht.md).")
    assert quick.patch({one}) is False
    with pytest.raises(ContentErrors) as failure:
        quick.refresh()
    assert "artikel-1.md" in failure.value.text and "gibt-es-nicht.md" in failure.value.text
    assert quick.patch({one}) is False  # not on top of a failed run
    edit(one, "Siehe [dort]({filename}gibt-es-nicht.md).", "Absatz eins")
    quick.refresh()
    assert b"Absatz eins" in quick.page("artikel/artikel-1/index.html")

    def refused(old: str, new: str, *named: str) -> None:
        """The save is not patched in; the refresh fails, naming ``named``; then undone."""
        edit(one, old, new)
        assert quick.patch({one}) is False
        with pytest.raises(ContentErrors) as refusal:
            quick.refresh()
        assert all(name in refusal.value.text for name in named), refusal.value.text
        edit(one, new, old)
        quick.refresh()

    # a summary the profile refuses is not patched in either; the refresh names the field
    refused("Summary: Zusammenfassung von artikel-1.", "Summary: Eins. Zwei. Drei. Vier.",
            "Summary", "artikel-1.md")
    # nor is a move to a topic the taxonomy does not know: no refile, the refresh names it
    refused("Topics: social-media-strategie", "Topics: gibt-es-nicht", "Topics", "gibt-es-nicht")


def test_a_refile_that_would_move_the_page_runs_instead(magazine, tmp_path, monkeypatch):
    """With the format in the articles' address, a format change moves the article's page:
    that is not refiled (the page table holds it under the old path) but run."""

    monkeypatch.setenv("MAGAZINE_PUBLIC_URL", "http://127.0.0.1:8000")
    four = magazine.content / "articles" / "artikel-4.md"
    addresses = {"ARTICLE_URL": "{format}/{slug}/", "DRAFT_URL": "{format}/{slug}/",
                 "ARTICLE_SAVE_AS": "{format}/{slug}/index.html"}
    quick = quick_preview(magazine.content, tmp_path, **addresses)
    quick.refresh()
    assert "nachricht/artikel-4/index.html" in quick.table
    edit(four, "Format: nachricht", "Format: interview")
    assert quick.patch({four}) is False
    quick.refresh()
    assert "interview/artikel-4/index.html" in quick.table
    assert "nachricht/artikel-4/index.html" not in quick.table


def test_the_quick_preview_starts_from_the_full_builds_cache(magazine, tmp_path, monkeypatch):
    """The live preview's full build (Pelican's command line, tasks.build_site) and its quick
    preview (this process) share one recipe, so the quick preview reads no file again."""
    from live_preview.resident import ResidentSite
    from press import typesetting

    import tasks

    env = {"MAGAZINE_PUBLIC_URL": "http://127.0.0.1:8000"}
    monkeypatch.setenv("MAGAZINE_PUBLIC_URL", env["MAGAZINE_PUBLIC_URL"])
    tasks.build_site("previewconf.py", tmp_path / "preview", magazine.content, env=env)
    read: list[str] = []
    original = typesetting.TypesetMarkdownReader.read
    monkeypatch.setattr(typesetting.TypesetMarkdownReader, "read",
                        lambda self, path: read.append(path) or original(self, path))
    quick = ResidentSite(ROOT / "previewconf.py", {
        "PATH": str(magazine.content),
        **tasks.incremental_settings("previewconf.py", magazine.content, None)},
        tmp_path / "scratch")
    quick.refresh()
    assert quick.table and read == []
    edit(magazine.content / "articles" / "artikel-3.md", "Date: 2026-01-", "Date: 2026-02-")
    quick.refresh()
    assert [Path(path).name for path in read] == ["artikel-3.md"]


def test_the_quick_preview_compiles_a_template_once_until_it_changes(
        magazine, tmp_path, monkeypatch):
    import jinja2

    monkeypatch.setenv("MAGAZINE_PUBLIC_URL", "http://127.0.0.1:8000")
    compiled = []
    compile_template = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, source, name=None, *a,
                        **k: compiled.append(name) or compile_template(self, source, name,
                                                                        *a, **k))
    quick = quick_preview(magazine.content, tmp_path, THEME=str(tmp_path / "theme"))
    quick.refresh()
    assert quick.page("index.html") and {"index.html", "base.html"} <= set(compiled)
    compiled.clear()
    quick.refresh()
    assert "Neu im Fuß" not in quick.page("index.html").decode() and compiled == []
    edit(tmp_path / "theme" / "templates" / "base.html", "</footer>",
         "<p>Neu im Fuß.</p></footer>")
    quick.refresh()
    assert "Neu im Fuß" in quick.page("index.html").decode() and compiled == ["base.html"]


def test_the_quick_preview_checks_unchanged_bodies_again_when_the_site_changes(
        magazine, tmp_path, monkeypatch):
    """The quick preview keeps each body's link check while the body and the site stay
    the same: a link target deleted breaks the unchanged body that links to it, and that
    problem is named again after a later save elsewhere."""
    from corporate_world.errors import ContentErrors

    monkeypatch.setenv("MAGAZINE_PUBLIC_URL", "http://127.0.0.1:8000")
    articles = magazine.content / "articles"
    edit(articles / "artikel-1.md", "Absatz 1", "Mehr im [Artikel]({filename}artikel-2.md).")
    quick = quick_preview(magazine.content, tmp_path)
    quick.refresh()
    steps = [("target deleted", lambda: (articles / "artikel-2.md").unlink()),
             ("another article's date", lambda: edit(articles / "artikel-3.md",
                                                     "Date: 2026-01-", "Date: 2026-02-"))]
    for step, change in steps:
        change()
        with pytest.raises(ContentErrors) as failure:
            quick.refresh()
        assert "artikel-1.md" in failure.value.text, step
        assert "artikel-2.md" in failure.value.text, step
    edit(articles / "artikel-1.md", "Mehr im [Artikel]({filename}artikel-2.md).", "Absatz 1")
    quick.refresh()
    assert b"Absatz 1" in quick.page("artikel/artikel-1/index.html")


def test_the_quick_preview_collects_after_the_page_is_served(magazine, tmp_path, monkeypatch):
    """A run keeps Python's collector off (press.collector_off); the garbage of the run
    before is collected a moment later (settle), not while the editor waits for the page."""
    import gc

    from live_preview import resident

    monkeypatch.setenv("MAGAZINE_PUBLIC_URL", "http://127.0.0.1:8000")
    quick = quick_preview(magazine.content, tmp_path)
    try:
        quick.refresh()
        resident._settling.pop().cancel()  # (settled by hand below)
        assert not gc.isenabled()
        assert quick.page("index.html")  # served with the collector still off
        quick.settle()
        assert gc.isenabled() and gc.get_freeze_count() > 0
        quick.refresh()  # the next run turns it off again, and settles itself later
        assert not gc.isenabled() and resident._settling[-1].is_alive()
        resident._settling[-1].join(5)
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
