"""An editor's changes to a generated corpus, for the edit and preview modes of bench/run.py.

:class:`Editor` plans the corpus again (``corpus.plan(n, seed)``, the same texts the trees
hold), changes one article as an editor would and rewrites its file in every tree it was given
(``ours``, ``vanilla``, ``hugo``), so the three systems always build the same texts:

=========  ====================================================================================
body       a paragraph appended to the article's text
title      a new title (the file and, in our tree, the address stay: ``Slug`` is explicit)
topic      the topics replaced by one other topic of the taxonomy, the department by another
           (metadata only: the file stays in its folder, as an editor's tool would leave it)
new        a new article, dated after the newest one (so it leads every listing it is in)
delete     an article removed; links to it from other articles become plain text first
=========  ====================================================================================

Every choice comes from one ``random.Random`` seeded with (seed, n): the same corpus gives the
same edits, run after run. Articles named by a hub (``Pinned``) and the lead story are never
moved or deleted, so every edit leaves a corpus our build accepts.
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import corpus

KINDS = ("body", "title", "topic", "new", "delete")


class Editor:
    """Edits to one planned corpus, written into the content trees in ``trees``.

    ``trees`` maps a tree name to its root as :func:`corpus.generate` returns it: ``ours`` and
    ``vanilla`` a Pelican content folder, ``hugo`` the Hugo site.
    """

    def __init__(self, n: int, seed: int, trees: dict[str, Path]):
        self.corpus = corpus.plan(n, seed)
        self.rng = random.Random(f"edits-{seed}-{n}")
        self.trees = {name: Path(root) for name, root in trees.items()}
        self.terms = self.corpus.taxonomy["facets"]
        self.titles = {corpus.folded(a.title) for a in self.corpus.articles}
        articles = self.corpus.articles
        # the article edit mode changes: the one the old single edit rebuild changed
        self.target = articles[len(articles) // 2] if articles else None
        self.added = 0

    # --- choosing ------------------------------------------------------------------------

    @property
    def articles(self) -> list[corpus.Article]:
        return self.corpus.articles

    def pinned(self) -> set[str]:
        return {slug for hub in self.corpus.hubs for slug in hub.pinned}

    def movable(self) -> list[corpus.Article]:
        """Articles an edit may move or delete: not pinned by a hub, not the lead story."""
        pinned = self.pinned()
        return [a for a in self.articles if a.slug not in pinned and not a.lead]

    def newest(self, lang: str = "de") -> corpus.Article:
        """The newest movable article in ``lang``: on the front page and on page 1 of its
        listings (the preview mode edits it)."""
        return max((a for a in self.movable() if a.lang == lang), key=lambda a: a.date)

    def other_topics(self, article: corpus.Article) -> list[str]:
        """Topics the article is not in, in a seeded order."""
        topics = sorted(t for t in self.terms["topic"]["terms"] if t not in article.topics)
        self.rng.shuffle(topics)
        return topics

    def fresh_title(self, lang: str) -> str:
        writer = corpus.Writer(self.rng, lang)
        slugs = {a.slug for a in self.articles}
        title = writer.title()
        while corpus.folded(title) in self.titles or corpus.slugify(title) in slugs:
            title = f"{writer.title()} ({self.rng.randint(2, 99)})"
        self.titles.add(corpus.folded(title))
        return title

    # --- the edits -------------------------------------------------------------------------

    def apply(self, kind: str) -> corpus.Article:
        """Make one edit of ``kind`` (see KINDS) and return the article it changed."""
        if kind not in KINDS:
            raise ValueError(f"unknown edit kind {kind!r}; known: {', '.join(KINDS)}")
        return getattr(self, kind)()

    def body(self, article: corpus.Article | None = None,
             text: str | None = None) -> corpus.Article:
        article = article or self.target
        if text is None:
            text = corpus.Writer(self.rng, article.lang).paragraph(3)
        article.blocks.append(("p", text))
        self.write(article)
        return article

    def title(self, article: corpus.Article | None = None,
              title: str | None = None) -> corpus.Article:
        article = article or self.target
        article.title = title or self.fresh_title(article.lang)
        self.titles.add(corpus.folded(article.title))
        self.write(article)
        return article

    def topic(self, article: corpus.Article | None = None,
              topic: str | None = None) -> corpus.Article:
        article = article or self.target
        article.topics = [topic or self.other_topics(article)[0]]
        departments = sorted(d for d in self.terms["department"]["terms"]
                             if d != article.department)
        article.folder = article.folder or article.department
        article.department = self.rng.choice(departments)
        self.write(article)
        return article

    def new(self) -> corpus.Article:
        rng, articles = self.rng, self.articles
        lang = "en" if rng.random() < 0.15 else "de"
        title = self.fresh_title(lang)
        newest = max(a.date for a in articles)
        pick = sorted  # the taxonomy's terms in a fixed order, then a seeded choice
        self.added += 1
        article = corpus.Article(
            index=len(articles), slug=corpus.slugify(title), title=title,
            date=newest + timedelta(hours=self.added), lang=lang,
            department=rng.choice(pick(self.terms["department"]["terms"])),
            topics=rng.sample(pick(self.terms["topic"]["terms"]), rng.randint(1, 3)),
            industries=rng.sample(pick(self.terms["industry"]["terms"]), rng.randint(0, 2)),
            audiences=rng.sample(pick(self.terms["audience"]["terms"]), rng.randint(0, 1)),
            format=rng.choice(pick(self.terms["format"]["terms"])),
            authors=[rng.choice(self.corpus.authors).slug],
            summary=corpus.Writer(rng, lang).sentence(16).replace("**", ""),
            image=rng.randrange(corpus.LEAD_IMAGES))
        corpus.plan_body(article, corpus.Writer(rng, lang), rng,
                         rng.sample(articles, min(3, len(articles))))
        articles.append(article)
        self.write(article)
        return article

    def delete(self) -> corpus.Article:
        """Remove the movable article with the fewest links to it (seeded among equals)."""
        inbound: dict[str, list[corpus.Article]] = {a.slug: [] for a in self.articles}
        for article in self.articles:
            for block in article.blocks:
                if block[0] == "link" and block[2] is not None:
                    inbound[block[2].slug].append(article)
        candidates = [a for a in self.movable() if a is not self.target]
        fewest = min(len(inbound[a.slug]) for a in candidates)
        gone = self.rng.choice([a for a in candidates if len(inbound[a.slug]) == fewest])
        for referrer in dict.fromkeys(inbound[gone.slug]):  # each once, in order
            referrer.blocks = [("link", b[1], None, b[3]) if b[0] == "link" and b[2] is gone
                               else b for b in referrer.blocks]
            self.write(referrer)
        self.articles.remove(gone)
        for path in self.paths(gone).values():
            path.unlink()
        return gone

    # --- files -----------------------------------------------------------------------------

    def paths(self, article: corpus.Article) -> dict[str, Path]:
        where = {"ours": article.path, "vanilla": article.path, "hugo": corpus.hugo_path(article)}
        return {name: root / where[name] for name, root in self.trees.items()}

    def write(self, article: corpus.Article) -> None:
        texts = {"ours": lambda: corpus.ours_article(article),
                 "vanilla": lambda: corpus.vanilla_article(article, self.terms),
                 "hugo": lambda: corpus.hugo_article(article, self.terms)}
        for name, path in self.paths(article).items():
            corpus.write(path, texts[name]())
