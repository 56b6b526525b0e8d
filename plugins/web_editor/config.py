"""Decap CMS's ``config.yml``, generated from the corporate world (taxonomy, authors, hubs).

Nothing here is written by hand per term: every select lists the slugs of the taxonomy with
their labels in the editor's language, so a new topic in ``taxonomy.yml`` is in the form
after the next build, and a removed one is gone.
"""

from __future__ import annotations

import os
from pathlib import Path

from corporate_world import CorporateWorld
from corporate_world.profile import DIALOG_STATES, LANGS_ALLOWED, TERM_FIELDS
from corporate_world.taxonomy import STAGES

FORMAT = "magazine-markdown"  # registered by editor.js: YAML front matter or Key: value lines
DATE_FORMAT = "YYYY-MM-DD HH:mm"  # the header's date form (moment.js tokens)
SUMMARY_HINT = {"de": "Ein bis zwei Sätze, 50–200 Zeichen, reiner Text.",
                "en": "One or two sentences, 50–200 characters, plain text."}

# Field labels and hints in the editor's language (the facets bring their own labels).
TEXT: dict[str, dict[str, str]] = {
    "de": {
        "articles": "Artikel", "article": "Artikel", "hubs": "Themen-Hubs", "hub": "Hub",
        "pages": "Seiten", "page": "Seite", "authors": "Autorinnen und Autoren",
        "author": "Autorin/Autor", "title": "Titel", "date": "Datum", "modified": "Aktualisiert",
        "slug": "Slug (URL)", "slug_hint": "Leer lassen: der Dateiname wird der Slug.",
        "authors_field": "Autorinnen und Autoren", "summary": "Zusammenfassung",
        "image": "Aufmacherbild", "image_alt": "Bildbeschreibung (Alternativtext)",
        "image_alt_hint": "Pflicht, sobald ein Bild gewählt ist: was auf dem Bild zu sehen ist.",
        "image_caption": "Bildunterschrift", "hubs_field": "Hubs",
        "hubs_hint": "Hubs, zu denen der Artikel gehört, außer denen seiner Themen.",
        "stage": "Phase der Buyer Journey", "stage_hint": "Leer lassen: die Phase des Formats.",
        "dialog": "Kommentare", "lang": "Sprache", "lead": "Titelgeschichte",
        "status": "Status", "body": "Text", "uid": "Uid",
        "departments": "Abteilungen (Filter)", "industries_filter": "Branchen (Filter)",
        "audiences_filter": "Zielgruppen (Filter)", "pinned": "Angepinnte Artikel (Slugs)",
        "experts": "Fachleute", "related": "Verwandte Hubs",
        "cta": "Handlungsaufforderung", "cta_hint": "Text | https://… oder /pfad/ | download, "
        "contact oder event", "name": "Name", "role": "Rolle", "bio": "Kurzbiografie",
        "department_of": "Abteilung", "photo": "Foto", "photo_alt": "Bildbeschreibung des Fotos",
        "contact": "Kontakt", "german": "Deutsch", "english": "Englisch",
        "series": "Serie", "series_hint": "Nur für Beiträge in Teilen; Serien stehen in "
        "taxonomy.yml.", "series_part": "Teil der Serie", "series_part_hint": "1, 2, 3, … in "
        "der Lesereihenfolge; nur mit einer Serie.", "featured": "Empfohlen (oben auf der "
        "Seite der Abteilung)",
    },
    "en": {
        "articles": "Articles", "article": "Article", "hubs": "Topic hubs", "hub": "Hub",
        "pages": "Pages", "page": "Page", "authors": "Authors", "author": "Author",
        "title": "Title", "date": "Date", "modified": "Updated", "slug": "Slug (URL)",
        "slug_hint": "Leave empty: the file name becomes the slug.",
        "authors_field": "Authors", "summary": "Summary", "image": "Lead image",
        "image_alt": "Image description (alt text)",
        "image_alt_hint": "Required with an image: what the image shows.",
        "image_caption": "Caption", "hubs_field": "Hubs",
        "hubs_hint": "Hubs the article belongs to besides those of its topics.",
        "stage": "Buyer-journey stage", "stage_hint": "Leave empty: the format's stage.",
        "dialog": "Comments", "lang": "Language", "lead": "Cover story", "status": "Status",
        "body": "Text", "uid": "Uid", "departments": "Departments (filter)",
        "industries_filter": "Industries (filter)", "audiences_filter": "Audiences (filter)",
        "pinned": "Pinned articles (slugs)", "experts": "Experts", "related": "Related hubs",
        "cta": "Call to action", "cta_hint": "Label | https://… or /path/ | download, contact "
        "or event", "name": "Name", "role": "Role", "bio": "Short bio",
        "department_of": "Department", "photo": "Photo", "photo_alt": "Photo description",
        "contact": "Contact", "german": "German", "english": "English",
        "series": "Series", "series_hint": "Only for pieces in parts; series are defined in "
        "taxonomy.yml.", "series_part": "Part of the series", "series_part_hint": "1, 2, 3, … in "
        "reading order; only with a series.", "featured": "Featured (at the top of the "
        "department's page)",
    },
}
DIALOG_LABELS = {"de": {"open": "offen", "closed": "geschlossen (nur lesen)", "off": "aus"},
                 "en": {"open": "open", "closed": "closed (read only)", "off": "off"}}
STATUS_LABELS = {"de": {"published": "veröffentlicht", "draft": "Entwurf"},
                 "en": {"published": "published", "draft": "draft"}}
LANG_LABELS = {"de": {"de": "Deutsch", "en": "Englisch"}, "en": {"de": "German", "en": "English"}}
CONTACT_KINDS = ("email", "phone", "linkedin", "xing", "mastodon", "website")
LIST_FIELDS = (*[k for k, (_f, _lo, most) in TERM_FIELDS.items() if most != 1], "authors",
               "hubs", "departments", "pinned", "experts", "related")  # comma lists in a header
FLAG_FIELDS = ("lead", "featured")


def _options(pairs) -> list[dict[str, str]]:
    return [{"label": label, "value": value} for value, label in pairs]


def select(name: str, label: str, pairs, *, multiple=False, required=True, minimum=None,
           maximum=None, default=None, hint="") -> dict:
    field = {"name": name, "label": label, "widget": "select", "options": _options(pairs),
             "multiple": multiple, "required": required}
    if minimum is not None:
        field["min"] = minimum
    if maximum is not None:
        field["max"] = maximum
    if default is not None:
        field["default"] = default
    if hint:
        field["hint"] = hint
    return field


def string(name: str, label: str, required=False, hint="") -> dict:
    field = {"name": name, "label": label, "widget": "string", "required": required}
    if hint:
        field["hint"] = hint
    return field


def facet_select(world: CorporateWorld, key: str, lang: str, *, name: str = "", label: str = "",
                 required: bool | None = None) -> dict:
    """A select of one facet's terms, as TERM_FIELDS says how many an article names."""
    facet_name, fewest, most = TERM_FIELDS[key]
    facet = world.taxonomy[facet_name]
    pairs = [(term.slug, term.label(lang)) for term in facet.terms.values()]
    single = most == 1
    return select(name or key, label or (facet.label(lang) if single else facet.plural(lang)),
                  pairs, multiple=not single, required=fewest > 0 if required is None else required,
                  minimum=fewest if fewest > 1 or (not single and fewest) else None,
                  maximum=most if not single else None)


def author_select(world: CorporateWorld, name: str, label: str, lang: str, required: bool) -> dict:
    pairs = [(slug, f"{a.name} ({a.role(lang)})" if a.role(lang) else a.name)
             for slug, a in sorted(world.authors.items(), key=lambda item: item[1].name)]
    return select(name, label, pairs, multiple=True, required=required,
                  minimum=1 if required else None)


def hub_select(world: CorporateWorld, name: str, label: str, hint: str = "") -> dict:
    pairs = sorted(((slug, hub.title) for slug, hub in world.hubs.items()), key=lambda p: p[1])
    return select(name, label, pairs, multiple=True, required=False, hint=hint)


def series_fields(world: CorporateWorld, lang: str) -> list[dict]:
    """The series (from taxonomy.yml's series section) and the part number."""
    text = TEXT[lang]
    pairs = sorted(((slug, series.label(lang)) for slug, series in world.taxonomy.series.items()),
                   key=lambda pair: pair[1])
    return [select("series", text["series"], pairs, required=False, hint=text["series_hint"]),
            {"name": "series_part", "label": text["series_part"], "widget": "number",
             "value_type": "int", "min": 1, "required": False, "hint": text["series_part_hint"]}]


def image_fields(text: dict[str, str], lang: str, name="image", alt="image_alt") -> list[dict]:
    return [{"name": name, "label": text[name if name in text else "image"], "widget": "image",
             "required": False, "choose_url": False},
            string(alt, text[alt if alt in text else "image_alt"],
                   hint=text["image_alt_hint"])]


def summary_field(lang: str, required: bool) -> dict:
    return {"name": "summary", "label": TEXT[lang]["summary"], "widget": "text",
            "required": required, "hint": SUMMARY_HINT[lang]}


def language_field(lang: str) -> dict:
    return select("lang", TEXT[lang]["lang"], [(k, LANG_LABELS[lang][k]) for k in LANGS_ALLOWED],
                  default=LANGS_ALLOWED[0], required=False)


def body_field(lang: str) -> dict:
    """Markdown, with the consent-gated embed as an editor component (editor.js)."""
    return {"name": "body", "label": TEXT[lang]["body"], "widget": "markdown"}


def article_fields(world: CorporateWorld, lang: str) -> list[dict]:
    text = TEXT[lang]
    stages = [(s, world.taxonomy.stage_label(s, lang)) for s in STAGES]
    return [
        string("title", text["title"], required=True),
        {"name": "date", "label": text["date"], "widget": "datetime", "format": DATE_FORMAT,
         "date_format": "YYYY-MM-DD", "time_format": "HH:mm", "default": "{{now}}"},
        string("slug", text["slug"], hint=text["slug_hint"]),
        facet_select(world, "department", lang),
        facet_select(world, "topics", lang),
        facet_select(world, "format", lang),
        facet_select(world, "industries", lang),
        facet_select(world, "audiences", lang),
        author_select(world, "authors", text["authors_field"], lang, required=True),
        summary_field(lang, required=True),
        *image_fields(text, lang),
        string("image_caption", text["image_caption"]),
        hub_select(world, "hubs", text["hubs_field"], text["hubs_hint"]),
        select("stage", text["stage"], stages, required=False, hint=text["stage_hint"]),
        select("dialog", text["dialog"], [(s, DIALOG_LABELS[lang][s]) for s in DIALOG_STATES],
               required=False,
               default="open"),
        language_field(lang),
        {"name": "lead", "label": text["lead"], "widget": "boolean", "required": False,
         "default": False},
        {"name": "featured", "label": text["featured"], "widget": "boolean", "required": False,
         "default": False},
        *series_fields(world, lang),
        {"name": "modified", "label": text["modified"], "widget": "datetime",
         "format": DATE_FORMAT, "date_format": "YYYY-MM-DD", "time_format": "HH:mm",
         "required": False},
        select("status", text["status"], STATUS_LABELS[lang].items(), required=False),
        {"name": "uid", "label": text["uid"], "widget": "hidden", "required": False},
        body_field(lang),
    ]


def hub_fields(world: CorporateWorld, lang: str) -> list[dict]:
    text = TEXT[lang]
    return [
        string("title", text["title"], required=True),
        string("slug", text["slug"], hint=text["slug_hint"]),
        language_field(lang),  # an English hub: Lang en and the German hub's Slug
        summary_field(lang, required=True),
        facet_select(world, "topics", lang, required=True),
        facet_select(world, "department", lang, name="departments", label=text["departments"],
                     required=False) | {"multiple": True},
        facet_select(world, "industries", lang, label=text["industries_filter"]),
        facet_select(world, "audiences", lang, label=text["audiences_filter"]),
        {"name": "pinned", "label": text["pinned"], "widget": "list", "required": False},
        author_select(world, "experts", text["experts"], lang, required=False),
        hub_select(world, "related", text["related"]),
        string("cta", text["cta"], hint=text["cta_hint"]),
        *image_fields(text, lang),
        body_field(lang),
    ]


def page_fields(lang: str) -> list[dict]:
    text = TEXT[lang]
    return [
        string("title", text["title"], required=True),
        string("slug", text["slug"], hint=text["slug_hint"]),
        summary_field(lang, required=False),
        language_field(lang),
        body_field(lang),
    ]


def author_fields(world: CorporateWorld, lang: str) -> list[dict]:
    text = TEXT[lang]
    both = [{"name": "de", "label": text["german"], "widget": "string"},
            {"name": "en", "label": text["english"], "widget": "string", "required": False}]
    return [
        string("name", text["name"], required=True),
        {"name": "role", "label": text["role"], "widget": "object", "fields": both},
        facet_select(world, "department", lang, label=text["department_of"], required=False),
        {"name": "photo", "label": text["photo"], "widget": "image", "required": False,
         "choose_url": False},
        string("photo_alt", text["photo_alt"]),
        {"name": "bio", "label": text["bio"], "widget": "object",
         "fields": [{**f, "widget": "text"} for f in both]},
        {"name": "contact", "label": text["contact"], "widget": "object", "required": False,
         "fields": [string(kind, kind.capitalize()) for kind in CONTACT_KINDS]},
    ]


def relative_folder(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def decap_config(world: CorporateWorld, settings: dict, content: Path) -> dict:
    """The whole config.yml as a dict (settings: see plugin.DEFAULTS)."""
    lang = settings["WEB_EDITOR_LANG"] or settings.get("DEFAULT_LANG", "de")
    lang = lang if lang in TEXT else "en"
    text = TEXT[lang]
    root = Path(settings["WEB_EDITOR_REPO_ROOT"] or content.parent)
    inside = relative_folder(content, root)

    def folder(*parts: str) -> str:
        return "/".join(p for p in (inside if inside != "." else "", *parts) if p)

    articles = settings.get("ARTICLE_PATHS") or ["articles"]
    pages = settings.get("PAGE_PATHS") or ["pages"]
    media = settings["WEB_EDITOR_MEDIA_FOLDER"].strip("/")
    slug_rule = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    config: dict = {"backend": dict(settings["WEB_EDITOR_BACKEND"])}
    if settings["WEB_EDITOR_PUBLISH_MODE"] and settings["WEB_EDITOR_PUBLISH_MODE"] != "simple":
        config["publish_mode"] = settings["WEB_EDITOR_PUBLISH_MODE"]
    if settings["WEB_EDITOR_LOCAL_BACKEND"]:
        config["local_backend"] = {"url": settings["WEB_EDITOR_LOCAL_BACKEND"]}
    site = (settings.get("PUBLIC_URL") or settings.get("SITEURL") or "").rstrip("/")
    if site:
        config["site_url"] = site
        config["display_url"] = site
    config.update({
        "locale": lang,
        "media_folder": folder(media),
        "public_folder": media,
        "slug": slug_rule,
        "collections": [
            {"name": "articles", "label": text["articles"], "label_singular": text["article"],
             "folder": folder(articles[0]), "path": "{{department}}/{{slug}}",
             "extension": "md", "format": FORMAT, "create": True, "slug": "{{slug}}",
             "summary": "{{title}} · {{department}} · {{date}}", "sortable_fields":
             ["date", "title"], "fields": article_fields(world, lang)},
            {"name": "hubs", "label": text["hubs"], "label_singular": text["hub"],
             "folder": folder(settings.get("HUB_DIR", "hubs")), "extension": "md",
             "format": FORMAT, "create": True, "slug": "{{slug}}",
             "fields": hub_fields(world, lang)},
            {"name": "pages", "label": text["pages"], "label_singular": text["page"],
             "folder": folder(pages[0]), "extension": "md", "format": FORMAT, "create": True,
             "slug": "{{slug}}", "fields": page_fields(lang)},
            {"name": "authors", "label": text["authors"], "label_singular": text["author"],
             "folder": folder(settings.get("AUTHORS_DIR", "authors")), "extension": "yml",
             "format": "yml", "create": True, "identifier_field": "name", "slug": "{{slug}}",
             "fields": author_fields(world, lang)},
        ],
    })
    return config
