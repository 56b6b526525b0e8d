"""The benchmark's edits (bench/edits.py) leave a corpus our production build accepts, and each
edit shows where it should; the same seed gives the same edits."""

from __future__ import annotations

import sys
from pathlib import Path

from sitebuilder import build, soup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402
import edits  # noqa: E402

N = 30


def tree_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def page_of(out: Path, article: corpus.Article) -> Path:
    prefix = out / "en" if article.lang == "en" else out
    return prefix / "artikel" / article.slug / "index.html"


def test_every_edit_kind_builds_and_shows_and_the_edits_are_seeded(tmp_path):
    trees = corpus.generate(N, tmp_path / "corpus")
    editor = edits.Editor(N, corpus.DEFAULT_SEED, trees)
    changed = {kind: editor.apply(kind) for kind in edits.KINDS}
    target = editor.target
    assert changed["body"] is changed["title"] is changed["topic"] is target
    added, gone = changed["new"], changed["delete"]
    assert gone is not target and not gone.lead
    for root in trees.values():  # every tree got every edit
        assert not any(gone.slug in path.name for path in root.rglob("*.md"))
        assert any(added.slug in path.name for path in root.rglob("*.md"))

    # one build of the edited corpus (all five edits) with the production settings: passes
    out = build(trees["ours"], tmp_path / "out", settings="publishconf.py")
    page = soup(page_of(out, target))
    assert target.title in page.find("h1").get_text()
    assert target.blocks[-1][1].split()[1] in page.get_text()  # the appended paragraph
    assert target.topics == [target.topics[0]]
    topic_page = out / "thema" / target.topics[0] / "index.html"
    if target.lang == "en":
        topic_page = out / "en" / "thema" / target.topics[0] / "index.html"
    assert f"artikel/{target.slug}/" in topic_page.read_text(encoding="utf-8")
    assert page_of(out, added).is_file()
    assert not page_of(out, gone).exists()

    # the same seed gives the same edits, in every tree
    again = corpus.generate(N, tmp_path / "again")
    editor_again = edits.Editor(N, corpus.DEFAULT_SEED, again)
    for kind in edits.KINDS:
        editor_again.apply(kind)
    for name in trees:
        assert tree_files(trees[name]) == tree_files(again[name]), name
