"""Interface language: German strings by default, English ones on English articles.

The theme keeps its strings in ``translations/<lang>.yml``. This plugin adds
Jinja globals that pick the language of the page being rendered (an article's
or page's ``lang``, else DEFAULT_LANG), so templates only say what they mean:

``t('key')``             an interface string; an unknown key fails the build
``label(obj, 'role')``   ``obj.role(lang)``; ``label(term)`` is the term's label
``date_text(date)``      "27. November 2026" / "27 November 2026"
``page_lang()``          the language code itself
"""

from __future__ import annotations

from pathlib import Path

import yaml
from jinja2 import pass_context
from pelican import signals

_strings: dict[str, dict[str, str]] = {}
_months: dict[str, list[str]] = {}  # lang -> month names, split once per run


def load_strings(theme: str) -> dict[str, dict[str, str]]:
    folder = Path(theme) / "translations"
    return {file.stem: yaml.safe_load(file.read_text(encoding="utf-8")) or {}
            for file in sorted(folder.glob("*.yml"))}


def lang_of(ctx) -> str:
    item = ctx.get("article") or ctx.get("page")
    lang = getattr(item, "lang", None) or ctx.get("DEFAULT_LANG") or "de"
    return lang if lang in _strings else "de"


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
    months = _months.get(lang) or _strings[lang]["months"].split()
    day = f"{date.day}." if lang == "de" else str(date.day)
    return f"{day} {months[date.month - 1]} {date.year}"


@pass_context
def page_lang(ctx) -> str:
    return lang_of(ctx)


def on_initialized(pelican) -> None:
    """Read the theme's strings once per run (autoreload may have changed them)."""
    global _strings, _months
    _strings = load_strings(pelican.settings["THEME"])
    _months = {lang: str(table.get("months", "")).split() for lang, table in _strings.items()}


def on_generator_init(generator) -> None:
    generator.env.globals.update(t=t, label=label, date_text=date_text, page_lang=page_lang)


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
