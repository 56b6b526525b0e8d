"""The benchmark's corpus generator stays correct: our build accepts it, all trees agree."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from sitebuilder import build

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import corpus  # noqa: E402

N = 30
PELICAN_LINK = re.compile(r"\(\{filename\}/articles/[a-z]+/([a-z0-9-]+)\.md\)")
HUGO_LINK = re.compile(r'\(\{\{< relref "/artikel/([a-z0-9-]+)\.md" >\}\}\)')


def pelican_articles(content: Path) -> dict[str, str]:
    """Title -> body of each Markdown article with a ``Key: value`` header."""
    found = {}
    for file in sorted((content / "articles").glob("*/*.md")):
        header, body = file.read_text(encoding="utf-8").split("\n\n", 1)
        title = next(line[len("Title: "):] for line in header.splitlines()
                     if line.startswith("Title: "))
        found[title] = PELICAN_LINK.sub(r"(\1)", body)
    return found


def hugo_articles(site: Path) -> dict[str, str]:
    found = {}
    for file in sorted((site / "content" / "artikel").glob("*.md")):
        if file.name == "_index.md":
            continue
        _, front, body = file.read_text(encoding="utf-8").split("---\n", 2)
        found[yaml.safe_load(front)["title"]] = HUGO_LINK.sub(r"(\1)", body.lstrip("\n"))
    return found


def test_generated_corpus_builds_and_the_three_trees_hold_the_same_texts(tmp_path):
    trees = corpus.generate(N, tmp_path / "corpus")
    ours = pelican_articles(trees["ours"])
    vanilla = pelican_articles(trees["vanilla"])
    hugo = hugo_articles(trees["hugo"])
    assert len(ours) == N
    assert set(ours) == set(vanilla) == set(hugo)
    for title, body in ours.items():
        assert vanilla[title] == body and hugo[title] == body, title
        words = len(re.sub(r"[#>*-]|\d+\.|\([a-z0-9-]+\)", " ", body).split())
        assert 600 <= words <= 900, (title, words)
    assert len(list((trees["ours"] / "authors").glob("*.yml"))) == corpus.AUTHOR_COUNT
    assert len(list((trees["ours"] / "hubs").glob("*.md"))) == 1  # one per 100, at least one
    # vanilla carries only Pelican's standard fields
    header = next((trees["vanilla"] / "articles").glob("*/*.md")).read_text().split("\n\n")[0]
    assert {line.split(":")[0] for line in header.splitlines()} == {
        "Title", "Date", "Category", "Tags", "Summary"}

    out = build(trees["ours"], tmp_path / "out", settings="publishconf.py")  # validation passes
    pages = list((out / "artikel").glob("*/index.html")) + list(
        (out / "en" / "artikel").glob("*/index.html"))
    assert len(pages) == N
    assert corpus.plan(N).articles[0].title == corpus.plan(N).articles[0].title  # seeded
