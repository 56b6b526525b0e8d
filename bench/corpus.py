"""A seeded synthetic magazine of N articles, written three times for the benchmark.

The same article texts go into

* ``ours/content``    our magazine: taxonomy metadata valid against content/taxonomy.yml,
                      ~40 author profiles, shared lead images, topic hubs (1 per 100 articles);
* ``vanilla/content`` plain Pelican: only Title, Date, Category, Tags and Summary;
* ``hugo``            a Hugo site (front matter title/date/categories/tags/summary) that
                      uses the minimal theme in bench/hugo-theme.

Everything is drawn from one ``random.Random(seed)``, so a given (N, seed) always yields the
same corpus. Term, format and author choices follow a Zipf-like skew, as in a real archive
where a few departments and topics carry most of the articles.

Run as ``python bench/corpus.py N OUT`` or call :func:`generate`.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TAXONOMY = ROOT / "content" / "taxonomy.yml"
HUGO_THEME = BENCH / "hugo-theme"
DEFAULT_SEED = 20261127
NEWEST = datetime(2026, 11, 20, 18, 0)
AUTHOR_COUNT = 40
ARTICLES_PER_HUB = 100
LEAD_IMAGES = 6
PORTRAITS = 4
GENERATOR_VERSION = 1  # bump when the output changes, so cached corpora are rewritten

# ---------------------------------------------------------------------------------------------
# Vocabulary: enough variety for Markdown, word counts and slugs to behave like real text.


def words(text: str) -> list[str]:
    return text.split()


DE_NOUNS = words("""
Antrieb Getriebemotor Umrichter Anlage Kunde Kundin Messe Kampagne Ausbildung Team
Vertrieb Beitrag Magazin Strategie Leitfaden Kennzahl Fernwartung Ersatzteil Service Projekt
Abteilung Kollegin Kollege Zielgruppe Bewerbung Netzwerk Gespräch Erfahrung Lösung Frage Antwort
Energieeffizienz Steuerung Linie Werk Standort Webinar Fachbeitrag Bildwelt Video Reportage
Auszubildende Ingenieurin Ingenieur Stillstand Wartung Montage Prüfstand Datenblatt Angebot
Entscheidung Vertrauen Dialog Kommentar Rückmeldung Wissen Prozess Schulung Zukunft Branche""")
DE_VERBS = words("""
erklärt zeigt plant prüft verbessert teilt beantwortet beschreibt entwickelt begleitet
misst verbindet startet vergleicht ordnet unterstützt berichtet diskutiert sammelt liefert
verändert beschleunigt dokumentiert""")
DE_ADJECTIVES = words("""
neue schnelle digitale persönliche offene ehrliche klare kompakte robuste
effiziente gemeinsame konkrete messbare tägliche regionale technische verlässliche""")
DE_FILLERS = words("""
und oder aber weil damit denn dabei jedoch deshalb trotzdem außerdem zuerst
danach heute morgen gemeinsam direkt vor Ort im Werk mit dem Vertrieb für die Kunden in der
Praxis seit Jahren""")
EN_NOUNS = words("""
drive motor inverter plant customer fair campaign apprenticeship team sales article
magazine strategy guide metric maintenance spare part service project department colleague
audience application network conversation experience solution question answer efficiency
control line factory site webinar image video feature engineer downtime assembly test bench
datasheet offer decision trust dialog comment feedback knowledge process training future
industry""")
EN_VERBS = words("""
explains shows plans checks improves shares answers describes develops supports
measures connects starts compares sorts reports discusses collects delivers changes speeds up
documents""")
EN_ADJECTIVES = words("""
new fast digital personal open honest clear compact robust efficient shared
concrete measurable daily regional technical reliable""")
EN_FILLERS = words("""
and or but because so that while however therefore still also first then today
tomorrow together directly on site in the plant with sales for customers in practice for
years""")
FIRST_NAMES = words("""
Anna Ben Clara David Eva Felix Greta Hannes Ida Jonas Katrin Lukas Mara Nils
Olga Paul Rosa Simon Tanja Uwe Vera Wiebke Yusuf Zoe Amir Birte Carsten Dilara Emil Frieda Georg
Helin Ilka Jakob Lea Moritz Nora Oskar Pia Rafael""")
LAST_NAMES = words("""
Albrecht Bauer Cramer Demir Eggers Fischer Göbel Hoffmann Iversen Jansen Keller
Lorenz Maier Nowak Ortmann Pohl Quast Richter Schulte Thiel Ulrich Vogt Weber Xander Yildiz
Zimmermann Arnold Berger Conrad Dietrich Ernst Franke Graf Hahn Imhof Jung Kuhn Lang Möller
Neumann""")
TITLE_PATTERNS_DE = [
    "Wie {a} {n} den {n2} {v}", "{A} {n}: Was {n2} und {n3} verbindet",
    "Warum {n} mehr als {n2} ist", "{N} im Alltag: {A} {n2} für {n3}",
    "Fünf Fragen zu {n} und {n2}", "Was wir aus {n} über {n2} gelernt haben",
]
TITLE_PATTERNS_EN = [
    "How a {a} {n} {v} the {n2}", "{A} {n}: what links {n2} and {n3}",
    "Why {n} is more than {n2}", "Five questions about {n} and {n2}",
    "What {n} taught us about {n2}",
]
# Skew of formats in a company magazine: lots of news and guides, few case studies.
FORMAT_WEIGHTS = {"nachricht": 34, "ratgeber": 20, "interview": 15, "meinung": 12,
                  "reportage": 11, "fallstudie": 8}
TOPIC_COUNTS = (1, 2, 3, 4, 5)
TOPIC_COUNT_WEIGHTS = (20, 35, 25, 13, 7)


@dataclass
class Author:
    slug: str
    name: str
    department: str
    portrait: int


@dataclass
class Article:
    index: int
    slug: str
    title: str
    date: datetime
    lang: str
    department: str
    topics: list[str]
    industries: list[str]
    audiences: list[str]
    format: str
    authors: list[str]
    summary: str
    image: int
    lead: bool = False
    blocks: list = field(default_factory=list)  # ("p", text) ("h2", text) ("ul"/"ol", items)…
    folder: str = ""  # set when the department changes after writing: the file stays put

    @property
    def path(self) -> str:
        """Where the file lives inside a Pelican content folder (ours and vanilla alike)."""
        return f"articles/{self.folder or self.department}/{self.slug}.md"


@dataclass
class Hub:
    slug: str
    title: str
    summary: str
    topics: list[str]
    pinned: list[str]
    experts: list[str]
    related: list[str]
    image: int
    intro: str


@dataclass
class Corpus:
    n: int
    seed: int
    taxonomy: dict
    authors: list[Author]
    articles: list[Article]
    hubs: list[Hub]


# ---------------------------------------------------------------------------------------------
# Planning: decide every article's metadata and text once; the writers only format it.

def slugify(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def folded(text: str) -> str:
    """The key Pelican's own slugify (accents dropped) would see: titles must differ here too."""
    text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum())


def zipf(items: list, rng: random.Random, exponent: float = 1.0) -> list[float]:
    """Zipf-like weights over ``items`` in a seeded shuffled order (who is popular is random)."""
    order = list(range(len(items)))
    rng.shuffle(order)
    weights = [0.0] * len(items)
    for rank, index in enumerate(order, start=1):
        weights[index] = 1.0 / rank**exponent
    return weights


def pick_distinct(items: list, weights: list[float], count: int, rng: random.Random) -> list:
    chosen: list = []
    while len(chosen) < min(count, len(items)):
        item = rng.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


class Writer:
    """Sentences, paragraphs and titles in German or English from a small vocabulary."""

    def __init__(self, rng: random.Random, lang: str):
        self.rng = rng
        if lang == "de":
            self.nouns, self.verbs, self.adjs, self.fillers = (
                DE_NOUNS, DE_VERBS, DE_ADJECTIVES, DE_FILLERS)
            self.patterns = TITLE_PATTERNS_DE
        else:
            self.nouns, self.verbs, self.adjs, self.fillers = (
                EN_NOUNS, EN_VERBS, EN_ADJECTIVES, EN_FILLERS)
            self.patterns = TITLE_PATTERNS_EN

    def sentence(self, words: int | None = None) -> str:
        rng = self.rng
        count = words or rng.randint(8, 18)
        parts = [rng.choice(self.adjs).capitalize(), rng.choice(self.nouns), rng.choice(self.verbs)]
        while len(parts) < count:
            roll = rng.random()
            pool = (self.nouns if roll < 0.4 else self.fillers if roll < 0.7
                    else self.adjs if roll < 0.85 else self.verbs)
            parts.append(rng.choice(pool))
        if rng.random() < 0.08:
            spot = rng.randrange(1, len(parts))
            parts[spot] = f"**{parts[spot]}**"
        return " ".join(parts) + rng.choice(".....?!")

    def paragraph(self, sentences: int | None = None) -> str:
        return " ".join(self.sentence() for _ in range(sentences or self.rng.randint(3, 6)))

    def heading(self) -> str:
        rng = self.rng
        return f"{rng.choice(self.adjs).capitalize()} {rng.choice(self.nouns)} " \
               f"{rng.choice(self.fillers)} {rng.choice(self.nouns)}"

    def title(self) -> str:
        rng = self.rng
        pattern = rng.choice(self.patterns)
        adj = rng.choice(self.adjs)
        return pattern.format(a=adj, A=adj.capitalize(), n=rng.choice(self.nouns),
                              N=rng.choice(self.nouns).capitalize(), n2=rng.choice(self.nouns),
                              n3=rng.choice(self.nouns), v=rng.choice(self.verbs))


def word_count(text: str) -> int:
    return len(text.split())


def plan_body(article: Article, writer: Writer, rng: random.Random, link_targets: list) -> None:
    """Intro, 3–5 ``##`` sections with lists and links, until 600–900 words are reached."""
    target = rng.randint(620, 860)
    blocks: list = [("p", writer.paragraph(rng.randint(3, 4)))]
    words = word_count(blocks[0][1])
    sections = rng.randint(3, 5)
    links = list(link_targets)
    for number in range(sections):
        heading = writer.heading()
        blocks.append(("h2", heading))
        words += word_count(heading)
        budget = (target - words) // (sections - number)
        used = 0
        kinds = ["p", "p"] + rng.sample(["ul", "ol", "quote", "link", "p", "link"], 2)
        for kind in kinds:
            if used >= budget:
                break
            if kind == "p":
                text = writer.paragraph()
                blocks.append(("p", text))
            elif kind in ("ul", "ol"):
                items = [writer.sentence(rng.randint(5, 10)) for _ in range(rng.randint(3, 5))]
                blocks.append((kind, items))
                text = " ".join(items)
            elif kind == "quote":
                text = writer.sentence(rng.randint(12, 20))
                blocks.append(("quote", text))
            else:
                target_article = links.pop() if links else None
                before, after = writer.sentence(rng.randint(6, 10)), writer.sentence()
                blocks.append(("link", before, target_article, after))
                text = f"{before} {after} {target_article.title if target_article else ''}"
            used += word_count(text)
        words += used
    while words < target:  # top up the last section, a sentence at a time
        text = writer.sentence()
        blocks.append(("p", text))
        words += word_count(text)
    # trim whole trailing paragraphs while above the range
    while words > 900 and blocks[-1][0] == "p" and len(blocks) > 2:
        words -= word_count(blocks.pop()[1])
    article.blocks = blocks


def load_vocabulary() -> dict:
    return yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))


def plan(n: int, seed: int = DEFAULT_SEED) -> Corpus:
    """Draw the whole corpus: authors, articles (metadata and text) and hubs."""
    rng = random.Random(seed)
    taxonomy = load_vocabulary()
    facets = taxonomy["facets"]
    departments = list(facets["department"]["terms"])
    topics = list(facets["topic"]["terms"])
    industries = list(facets["industry"]["terms"])
    audiences = list(facets["audience"]["terms"])
    formats = list(facets["format"]["terms"])
    dept_weights = zipf(departments, rng, 0.9)
    topic_weights = zipf(topics, rng, 1.0)
    industry_weights = zipf(industries, rng, 1.1)
    audience_weights = zipf(audiences, rng, 1.0)
    format_weights = [FORMAT_WEIGHTS.get(f, 5) for f in formats]

    authors: list[Author] = []
    names = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    for first, last in names[:AUTHOR_COUNT]:
        authors.append(Author(slug=slugify(f"{first} {last}"), name=f"{first} {last}",
                              department=rng.choices(departments, dept_weights)[0],
                              portrait=rng.randrange(PORTRAITS)))
    author_weights = zipf(authors, rng, 0.8)

    span_days = max(365, n // 3)  # a busy magazine: about three articles a day
    articles: list[Article] = []
    seen_titles: set[str] = set()
    for index in range(n):
        lang = "en" if rng.random() < 0.15 else "de"
        writer = Writer(rng, lang)
        title = writer.title()
        while folded(title) in seen_titles:
            title = f"{writer.title()}"
            if folded(title) in seen_titles:
                title = f"{title} ({rng.randint(2, 99)})"
        seen_titles.add(folded(title))
        date = NEWEST - timedelta(minutes=rng.randrange(span_days * 24 * 60))
        count = rng.choices(TOPIC_COUNTS, TOPIC_COUNT_WEIGHTS)[0]
        writers = rng.choices((1, 2, 3), (80, 17, 3))[0]
        articles.append(Article(
            index=index, slug=slugify(title), title=title, date=date.replace(second=0), lang=lang,
            department=rng.choices(departments, dept_weights)[0],
            topics=pick_distinct(topics, topic_weights, count, rng),
            industries=pick_distinct(industries, industry_weights,
                                     rng.choices((0, 1, 2, 3), (40, 35, 20, 5))[0], rng),
            audiences=pick_distinct(audiences, audience_weights,
                                    rng.choices((0, 1, 2), (45, 40, 15))[0], rng),
            format=rng.choices(formats, format_weights)[0],
            authors=[a.slug for a in pick_distinct(authors, author_weights, writers, rng)],
            summary=writer.sentence(rng.randint(14, 24)).replace("**", ""),
            image=rng.randrange(LEAD_IMAGES),
        ))
    for article in articles:
        others = rng.sample(articles, min(len(articles), 5))
        targets = [o for o in others if o is not article][: rng.randint(2, 4)]
        plan_body(article, Writer(rng, article.lang), rng, targets)
    if articles:
        max(articles, key=lambda a: a.date).lead = True

    hubs = plan_hubs(n, rng, articles, authors, taxonomy, topics, topic_weights)
    return Corpus(n=n, seed=seed, taxonomy=taxonomy, authors=authors, articles=articles,
                  hubs=hubs)


def plan_hubs(n: int, rng: random.Random, articles: list[Article], authors: list[Author],
              taxonomy: dict, topics: list[str], topic_weights: list[float]) -> list[Hub]:
    """One hub per 100 articles (at least one): popular topics first, then pairs of topics."""
    count = max(1, round(n / ARTICLES_PER_HUB))
    by_topic: dict[str, list[Article]] = {t: [] for t in topics}
    for article in articles:
        for topic in article.topics:
            by_topic[topic].append(article)
    weight = dict(zip(topics, topic_weights, strict=True))
    ranked = sorted(topics, key=lambda t: -weight[t])
    pairs = sorted(((a, b) for i, a in enumerate(ranked) for b in ranked[i + 1:]),
                   key=lambda pair: -weight[pair[0]] * weight[pair[1]])
    subjects = [[t] for t in ranked] + [list(pair) for pair in pairs]
    labels = taxonomy["facets"]["topic"]["terms"]
    hubs: list[Hub] = []
    writer = Writer(rng, "de")
    for chosen in subjects[:count]:
        names = [labels[t]["de"] for t in chosen]
        title = f"Alles über {names[0]}" if len(names) == 1 else f"{names[0]} und {names[1]}"
        members = sorted({a.slug: a for t in chosen for a in by_topic[t]}.values(),
                         key=lambda a: a.date, reverse=True)
        hubs.append(Hub(
            slug=slugify(title), title=title, summary=writer.sentence(16).replace("**", ""),
            topics=chosen, pinned=[a.slug for a in members[: rng.randint(3, 5)]],
            experts=[a.slug for a in rng.sample(authors, 2)], related=[],
            image=rng.randrange(LEAD_IMAGES), intro=writer.paragraph(4)))
    for hub in hubs:
        others = [h.slug for h in hubs if h is not hub]
        hub.related = rng.sample(others, min(2, len(others)))
    return hubs


# ---------------------------------------------------------------------------------------------
# Writers: one Markdown body, three link syntaxes and three metadata formats.

def render_body(article: Article, link) -> str:
    out = []
    for block in article.blocks:
        kind = block[0]
        if kind == "p":
            out.append(block[1])
        elif kind == "h2":
            out.append(f"## {block[1]}")
        elif kind == "ul":
            out.append("\n".join(f"- {item}" for item in block[1]))
        elif kind == "ol":
            out.append("\n".join(f"{i}. {item}" for i, item in enumerate(block[1], 1)))
        elif kind == "quote":
            out.append(f"> {block[1]}")
        elif kind == "link":
            _, before, target, after = block
            middle = f" [{target.title}]({link(target)})" if target else ""
            out.append(f"{before}{middle} {after}")
    return "\n\n".join(out) + "\n"


def pelican_link(target: Article) -> str:
    return "{filename}/" + target.path


def hugo_link(target: Article) -> str:
    return '{{< relref "/artikel/' + target.slug + '.md" >}}'


def svg(kind: str, number: int) -> str:
    width, height = (1200, 675) if kind == "lead" else (320, 320)
    hue = 40 * number
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img"><title>{kind} {number}</title>'
            f'<rect width="{width}" height="{height}" fill="hsl({hue},45%,35%)"/>'
            f'<circle cx="{width // 2}" cy="{height // 2}" r="{height // 3}" '
            f'fill="hsl({hue + 180},50%,70%)"/></svg>\n')


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def one_line(text: str) -> str:
    return " ".join(text.split())


PAGES = {
    "ueber-uns": ("Über dieses Magazin", "Wer hier schreibt und wie die Beiträge geordnet sind."),
    "impressum": ("Impressum", "Angaben gemäß § 5 DDG."),
    "datenschutz": ("Datenschutz", "Wie wir mit Ihren Daten umgehen."),
    "kontakt": ("Kontakt", "So erreichen Sie die Redaktion und unsere Fachleute."),
}


def ours_article(article: Article) -> str:
    """The Markdown file of one article in our tree: our metadata, then the body."""
    lines = [f"Title: {article.title}", f"Date: {article.date:%Y-%m-%d %H:%M}",
             f"Slug: {article.slug}", f"Department: {article.department}",
             f"Topics: {', '.join(article.topics)}"]
    if article.industries:
        lines.append(f"Industries: {', '.join(article.industries)}")
    if article.audiences:
        lines.append(f"Audiences: {', '.join(article.audiences)}")
    lines += [f"Format: {article.format}", f"Authors: {', '.join(article.authors)}",
              f"Summary: {one_line(article.summary)}",
              f"Image: images/articles/motiv-{article.image + 1}.svg",
              f"Image_alt: Motiv {article.image + 1}: abstrakte Grafik zum Beitrag"]
    if article.lang != "de":
        lines.append(f"Lang: {article.lang}")
    if article.lead:
        lines.append("Lead: true")
    return "\n".join(lines) + "\n\n" + render_body(article, pelican_link)


def vanilla_article(article: Article, terms: dict) -> str:
    """The same article for vanilla Pelican: Pelican's standard metadata only."""
    tags = ", ".join(terms["topic"]["terms"][t]["de"] for t in article.topics)
    header = (f"Title: {article.title}\nDate: {article.date:%Y-%m-%d %H:%M}\n"
              f"Category: {terms['department']['terms'][article.department]['de']}\n"
              f"Tags: {tags}\nSummary: {one_line(article.summary)}\n\n")
    return header + render_body(article, pelican_link)


def hugo_path(article: Article) -> Path:
    """Where the article lives inside the Hugo site."""
    return Path("content") / "artikel" / f"{article.slug}.md"


def hugo_article(article: Article, terms: dict) -> str:
    """The same article for Hugo: YAML front matter, links as relref."""
    front = {
        "title": article.title, "date": article.date.strftime("%Y-%m-%dT%H:%M:00"),
        "categories": [terms["department"]["terms"][article.department]["de"]],
        "tags": [terms["topic"]["terms"][t]["de"] for t in article.topics],
        "summary": one_line(article.summary),
    }
    lines = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}"
                      for key, value in front.items())
    return f"---\n{lines}\n---\n\n" + render_body(article, hugo_link)


def write_ours(corpus: Corpus, content: Path, rng: random.Random) -> None:
    shutil.copy(TAXONOMY, content / "taxonomy.yml")
    terms = corpus.taxonomy["facets"]["department"]["terms"]
    for number in range(LEAD_IMAGES):
        write(content / "images" / "articles" / f"motiv-{number + 1}.svg", svg("lead", number))
    for number in range(PORTRAITS):
        write(content / "images" / "authors" / f"portrait-{number + 1}.svg",
              svg("portrait", number))
    writer = Writer(rng, "de")
    english = Writer(rng, "en")
    for author in corpus.authors:
        department = terms[author.department]
        profile = {
            "name": author.name,
            "role": {"de": f"Fachreferent {department['de']}",
                     "en": f"Specialist, {department['en']}"},
            "department": author.department,
            "photo": f"images/authors/portrait-{author.portrait + 1}.svg",
            "photo_alt": f"Porträt von {author.name}",
            "bio": {"de": writer.paragraph(2).replace("**", ""),
                    "en": english.paragraph(2).replace("**", "")},
            "contact": {"email": f"{author.slug.replace('-', '.')}@auenwerk.example"},
        }
        write(content / "authors" / f"{author.slug}.yml",
              yaml.safe_dump(profile, allow_unicode=True, sort_keys=False))
    for slug, (title, summary) in PAGES.items():
        write(content / "pages" / f"{slug}.md",
              f"Title: {title}\nSlug: {slug}\nSummary: {summary}\nLang: de\n\n"
              f"{writer.paragraph()}\n\n## Kontakt\n\n{writer.paragraph()}\n")
    for article in corpus.articles:
        write(content / article.path, ours_article(article))
    for hub in corpus.hubs:
        lines = [f"Title: {hub.title}", f"Slug: {hub.slug}", f"Summary: {hub.summary}",
                 f"Topics: {', '.join(hub.topics)}", f"Pinned: {', '.join(hub.pinned)}",
                 f"Experts: {', '.join(hub.experts)}", f"Related: {', '.join(hub.related)}",
                 "Cta: Fachgespräch vereinbaren | /kontakt/ | contact",
                 f"Image: images/articles/motiv-{hub.image + 1}.svg",
                 f"Image_alt: Motiv {hub.image + 1}: abstrakte Grafik zum Thema"]
        write(content / "hubs" / f"{hub.slug}.md", "\n".join(lines) + f"\n\n{hub.intro}\n")


def write_vanilla(corpus: Corpus, content: Path) -> None:
    """Plain Pelican: the same texts with only standard metadata (no slugs, no hubs)."""
    terms = corpus.taxonomy["facets"]
    for number in range(LEAD_IMAGES):
        write(content / "images" / f"motiv-{number + 1}.svg", svg("lead", number))
    for slug, (title, summary) in PAGES.items():
        write(content / "pages" / f"{slug}.md", f"Title: {title}\nSummary: {summary}\n\n{title}.\n")
    for article in corpus.articles:
        write(content / article.path, vanilla_article(article, terms))


def write_hugo(corpus: Corpus, site: Path) -> None:
    """A Hugo site with the same texts; theme from bench/hugo-theme, default taxonomies."""
    terms = corpus.taxonomy["facets"]
    config = {
        "baseURL": "https://magazin.auenwerk.example/", "locale": "de",
        "defaultContentLanguage": "de", "title": "Auenwerk Magazin (Hugo)",
        "theme": HUGO_THEME.name, "themesDir": str(HUGO_THEME.parent),
        "timeZone": "Europe/Berlin", "pagination": {"pagerSize": 24},
        "taxonomies": {"category": "categories", "tag": "tags"},
    }
    write(site / "hugo.json", json.dumps(config, indent=2) + "\n")
    for number in range(LEAD_IMAGES):
        write(site / "static" / "images" / f"motiv-{number + 1}.svg", svg("lead", number))
    write(site / "content" / "artikel" / "_index.md", '---\ntitle: "Artikel"\n---\n')
    for slug, (title, summary) in PAGES.items():
        write(site / "content" / f"{slug}.md",
              f"---\ntitle: {json.dumps(title)}\nsummary: {json.dumps(summary)}\n---\n\n{title}.\n")
    for article in corpus.articles:
        write(site / hugo_path(article), hugo_article(article, terms))


def generate(n: int, out: Path, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Write the three trees under ``out`` (replacing them) and return their roots."""
    out = Path(out)
    corpus = plan(n, seed)
    trees = {"ours": out / "ours" / "content", "vanilla": out / "vanilla" / "content",
             "hugo": out / "hugo"}
    for tree in trees.values():
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir(parents=True)
    write_ours(corpus, trees["ours"], random.Random(seed + 1))
    write_vanilla(corpus, trees["vanilla"])
    write_hugo(corpus, trees["hugo"])
    manifest = {"n": n, "seed": seed, "version": GENERATOR_VERSION, "hubs": len(corpus.hubs),
                "authors": len(corpus.authors),
                "edit_target": corpus.articles[len(corpus.articles) // 2].slug if n else ""}
    write(out / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    return trees


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="folder for the three trees")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    trees = generate(args.n, args.out, args.seed)
    for name, path in trees.items():
        print(f"{name}: {path}")


if __name__ == "__main__":
    main()
