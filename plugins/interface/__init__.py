"""Interface language: each page's strings and labels in the page's language.

The theme keeps its strings in ``translations/<lang>.yml``; INTERFACE_STRINGS names further
folders whose ``<lang>.yml`` files add a language or replace single strings (a later folder
wins). The languages with a strings file are the magazine's languages: unless the settings
name them (``LANGUAGES``), this plugin sets ``LANGUAGES`` to them, DEFAULT_LANG first, and the
taxonomy then needs labels in each (``content/taxonomy.yml``). A language's file must have
every string the default language's file has: a missing one is one content error naming the
file, the missing keys and the fix (rule ``interface-string``); there is no silent fallback.

The Jinja globals pick the language of the page being rendered (an article's or page's
``lang``, else the listing's edition, else DEFAULT_LANG), so templates only say what they mean:

``t('key')``             an interface string; an unknown key fails the build
``label(obj, 'role')``   ``obj.role(lang)``; ``label(term)`` is the term's label
``date_text(date)``      the string ``date_format`` filled: "27. November 2026" / "27 November 2026"
``page_lang()``          the language code itself
``language_name(lang)``  a language's own name (its string ``language_name``: "English")
"""

from __future__ import annotations

from pathlib import Path

from corporate_world import error_report
from corporate_world.editions import page_lang as language_of_page
from corporate_world.front_matter import load_yaml
from jinja2 import pass_context
from pelican import signals

DEFAULTS = {"INTERFACE_STRINGS": (), "LANGUAGES": None}

_strings: dict[str, dict[str, str]] = {}
_files: dict[str, str] = {}  # lang -> the file (last folder) its strings came from
_months: dict[str, list[str]] = {}  # lang -> month names, split once per run
_default = "de"


def strings_folders(settings: dict) -> list[Path]:
    return [Path(settings["THEME"]) / "translations",
            *(Path(folder) for folder in settings.get("INTERFACE_STRINGS") or ())]


def load_strings(folders: list[Path]) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """lang -> key -> string from every folder's ``<lang>.yml`` (later folders win)."""
    strings: dict[str, dict[str, str]] = {}
    files: dict[str, str] = {}
    for folder in folders:
        for file in sorted(folder.glob("*.yml")):
            strings.setdefault(file.stem, {}).update(
                load_yaml(file.read_text(encoding="utf-8")) or {})
            files[file.stem] = str(file)
    return strings, files


def lang_of(ctx) -> str:
    lang = language_of_page(ctx)
    return lang if lang in _strings else _default


@pass_context
def t(ctx, key: str, **values) -> str:
    table = _strings[lang_of(ctx)]
    if key not in table:
        raise KeyError(f"interface string {key!r} missing in translations/{lang_of(ctx)}.yml")
    text = table[key]
    return text.format(**values) if values else text


@pass_context
def label(ctx, obj, attr: str = "label") -> str:
    return getattr(obj, attr)(lang_of(ctx))


@pass_context
def date_text(ctx, date) -> str:
    lang = lang_of(ctx)  # once: listings call this for every card
    return _strings[lang]["date_format"].format(
        day=date.day, month=_months[lang][date.month - 1], year=date.year)


@pass_context
def page_lang(ctx) -> str:
    return lang_of(ctx)


def strings_for(lang: str) -> dict[str, str]:
    """This run's strings of ``lang`` (DEFAULT_LANG's for a language without a file), for
    plugins that write text outside the templates (the dialog plugin's embed placeholders)."""
    return _strings.get(lang) or _strings.get(_default, {})


def language_name(lang: str) -> str:
    return _strings.get(lang, {}).get("language_name", lang)


def on_initialized(pelican) -> None:
    """Read the strings once per run (autoreload may have changed them); name the
    magazine's languages."""
    global _strings, _files, _months, _default
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    _strings, _files = load_strings(strings_folders(settings))
    _default = settings.get("DEFAULT_LANG") or "de"
    _months = {lang: str(table.get("months", "")).split() for lang, table in _strings.items()}
    if not settings.get("LANGUAGES"):
        settings["LANGUAGES"] = (_default, *sorted(set(_strings) - {_default}))


def missing_strings() -> dict[str, list[str]]:
    """lang -> the keys its file lacks that the default language's file has."""
    wanted = set(_strings.get(_default, {}))
    return {lang: sorted(wanted - set(table)) for lang, table in sorted(_strings.items())
            if wanted - set(table)}


def on_articles_init(generator) -> None:
    """Each language's strings file lacking strings is one content error."""
    report = error_report(generator.context)
    for lang, keys in missing_strings().items():
        shown = ", ".join(keys[:8]) + (", …" if len(keys) > 8 else "")
        report.add(_files[lang], f"{len(keys)} interface string(s) missing: {shown}; add "
                   f"each, translated from {Path(_files[_default]).name}",
                   field=keys[0], rule="interface-string")


def on_generator_init(generator) -> None:
    generator.env.globals.update(t=t, label=label, date_text=date_text, page_lang=page_lang,
                                 language_name=language_name)


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.article_generator_init.connect(on_articles_init)
    signals.generator_init.connect(on_generator_init)
