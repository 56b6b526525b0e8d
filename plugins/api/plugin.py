"""Signal wiring: an own Generator writes /api/v1/ when article bodies are link-resolved.

Settings (defaults in ``DEFAULTS``):
API_PAGE_SIZE   articles per articles/page-N.json (10)
API_LIST_PAGE_SIZE  articles per page of a term's or author's document (50)
API_SCHEMAS     folder of the *.schema.json files the output is checked against
PUBLIC_URL      absolute base of every URL in the API (required for a useful API)
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from corporate_world import error_report, world_of
from pelican import signals
from pelican.generators import Generator
from press import crew, incremental, kept

from api.documents import API_PATH, LANGS, Addresses, ContentApi, build_time
from api.schema import SCHEMA_FOLDER, SchemaSet, SharedEncoder, encode, fail

DEFAULTS = {"API_PAGE_SIZE": 10, "API_LIST_PAGE_SIZE": 50, "API_SCHEMAS": str(SCHEMA_FOLDER)}
RESERVED_SLUG = re.compile(r"page-\d+")  # articles/page-N.json is the list, not an article
COVERAGE = "hubs/coverage.json"  # written by the hubs plugin; linked when it writes one
COVERAGE_KEY = "hub_coverage"  # the hubs plugin's report in the context (see its README)
WRITTEN = "api documents"  # the press manifest's record: path -> digest of what was written


def setting(settings: dict, key: str):
    return settings.get(key, DEFAULTS[key])


def addresses(settings: dict) -> Addresses:
    return Addresses(settings.get("PUBLIC_URL") or settings.get("SITEURL") or "")


def site_info(settings: dict) -> dict:
    default = settings.get("DEFAULT_LANG", "de")
    return {"name": settings.get("SITENAME", ""), "description": settings.get("SITESUBTITLE", ""),
            "publisher": settings.get("COMPANY", settings.get("AUTHOR", "")) or "",
            "default_language": default,
            "languages": [default, *(lang for lang in LANGS if lang != default)],
            "timezone": settings.get("TIMEZONE", "UTC")}


def write(folder: Path, relative: str, document: dict) -> None:
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(encode(document))


class ApiGenerator(Generator):
    """Writes the JSON documents and their schemas, after checking each against its schema.

    Shared by the press: each process checks and writes the documents that fall to it.
    """

    press_shared = True

    def generate_context(self) -> None:
        """Report slugs the API cannot give a file of their own (before anything is written)."""
        world = world_of(self.context)
        if world is None:
            return
        report = error_report(self.context)
        for article in world.articles:
            if RESERVED_SLUG.fullmatch(article.slug):
                report.add(article.source_path, "slugs page-<n> are reserved for the API's "
                           "article list (api/v1/articles/page-<n>.json)", field="Slug",
                           value=article.slug)

    def generate_output(self, writer) -> None:
        world = world_of(self.context)
        if world is None or self.settings.get("PRESS_ON_REQUEST"):
            return  # (pages rendered on request, the live preview's quick pass: no documents)
        settings = self.settings
        api = ContentApi(world=world, addresses=addresses(settings),
                         default_lang=settings.get("DEFAULT_LANG", "de"),
                         page_size=int(setting(settings, "API_PAGE_SIZE")),
                         list_page_size=int(setting(settings, "API_LIST_PAGE_SIZE")),
                         words_per_minute=settings.get("READING_WORDS_PER_MINUTE", 200),
                         bodies=kept.table("api-bodies"))
        api.generated_at = build_time(api.versions, os.environ.get("SOURCE_DATE_EPOCH"))
        if "coverage" in world.hubs:
            fail([f"{API_PATH}/{COVERAGE}: the hub slug 'coverage' is reserved for the hubs' "
                  "coverage report"])
        schemas = SchemaSet(Path(setting(settings, "API_SCHEMAS")))
        folder = Path(self.output_path) / API_PATH
        documents = api.documents(lambda relative: crew.mine(f"{API_PATH}/{relative}"))
        if crew.mine(f"{API_PATH}/index.json"):
            documents["index.json"] = api.index(site_info(settings), list(schemas.schemas),
                                                coverage=self.coverage_written())
        encoder = SharedEncoder()
        encoded = {relative: encoder.encode(documents[relative]) for relative in sorted(documents)}
        checked = kept.table("api-checked")  # documents that matched their schema before
        keys = {relative: kept.key_of(relative, data) for relative, data in encoded.items()}
        unchecked = {relative: documents[relative] for relative in encoded
                     if checked is None or checked.get(keys[relative]) is None}
        schemas.check(unchecked, prefix=f"{API_PATH}/")
        for parent in sorted({(folder / relative).parent for relative in encoded}):
            parent.mkdir(parents=True, exist_ok=True)  # once per folder, not per document
        before = incremental.remembered(WRITTEN) or {}  # the previous build's, by digest
        written = {}
        for relative, data in encoded.items():
            if checked is not None:
                checked.put(keys[relative], True)
            path, digest = f"{API_PATH}/{relative}", keys[relative].hex()
            written[path] = digest
            if before.get(path) != digest or not incremental.carry(path):
                (folder / relative).write_bytes(data)  # (else the same bytes, linked over)
        incremental.remember(WRITTEN, written)
        for name, schema in schemas.published(api.addresses.api("schema/")).items():
            if crew.mine(f"{API_PATH}/schema/{name}"):
                write(folder, f"schema/{name}", schema)


    def coverage_written(self) -> bool:
        """Whether the hubs plugin writes its report where index.json links it."""
        return (self.context.get(COVERAGE_KEY) is not None
                and self.settings.get("HUB_COVERAGE_SAVE_AS") == f"{API_PATH}/{COVERAGE}")


def get_generators(pelican):
    return ApiGenerator


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def connect() -> None:
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(get_generators)
