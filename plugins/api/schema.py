"""The API's JSON Schemas (2020-12): which document follows which, and checking the output.

Every document is checked with jsonschema-rs (compiled, in Rust: the build validates
thousands of files, and the pure-Python validator would dominate the build time);
only a document that fails is checked again with ``jsonschema`` for its detailed,
editor-readable messages. The tests validate with ``jsonschema`` alone, so two
independent implementations agree on the output.

The schemas live in ``plugins/api/schemas/``, refer to each other relatively
(``common.schema.json#/$defs/term``) and are identified by the production address;
the published copies under ``/api/v1/schema/`` carry this build's PUBLIC_URL as ``$id``.
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from pathlib import Path

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, best_match
from referencing import Registry, Resource

SCHEMA_FOLDER = Path(__file__).resolve().parent / "schemas"
SUFFIX = ".schema.json"

# (path under api/v1/, schema file); the first match wins
DOCUMENT_TYPES: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), schema) for pattern, schema in (
        (r"index\.json", "index.schema.json"),
        (r"articles/page-\d+\.json", "articles-page.schema.json"),
        (r"articles/(?:[a-z]{2}/)?[a-z0-9-]+\.json", "article.schema.json"),
        (r"taxonomy\.json", "taxonomy.schema.json"),
        (r"(?:departments|topics|industries|audiences|formats)/[a-z0-9-]+(?:/page-\d+)?\.json",
         "term-articles.schema.json"),
        (r"authors\.json", "authors.schema.json"),
        (r"authors/[a-z0-9-]+(?:/page-\d+)?\.json", "author.schema.json"),
        (r"hubs\.json", "hubs.schema.json"),
        (r"hubs/[a-z0-9-]+\.json", "hub.schema.json"),
    ))
MAX_PROBLEMS_PER_FILE = 5


MAX_PROBLEMS_SHOWN = 40


class ApiSchemaError(SystemExit):
    """The build's own JSON does not match its schema: a bug in code or schema, not content.

    Raised in generate_output before any API file is written, naming each file, the failing
    element and its schema path. A SystemExit (code 2), like the taxonomy's ContentErrors, so
    the command line shows our list instead of a traceback; Python callers can catch it.
    """

    def __init__(self, problems: list[str]):
        self.problems = problems
        lines = [f"{len(problems)} API document problem(s); the build stops:"]
        lines += [f"  - {p}" for p in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"  … and {len(problems) - MAX_PROBLEMS_SHOWN} more")
        self.text = "\n".join(lines)
        super().__init__(2)

    def __reduce__(self):  # travels from a press helper to the lead intact
        return type(self), (self.problems,)

    def __str__(self) -> str:
        return self.text


def fail(problems: list[str]) -> None:
    """Print the problems plainly (Pelican's log would wrap them), then stop the build."""
    error = ApiSchemaError(problems)
    print(error.text, file=sys.stderr, flush=True)
    raise error


def dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def encode(document: dict) -> bytes:
    """Deterministic JSON: sorted keys, fixed separators, UTF-8 text, a final newline."""
    return (dumps(document) + "\n").encode("utf-8")


class SharedEncoder:
    """:func:`encode`, but each article summary is encoded once however many lists carry it.

    A summary appears in the articles list, in each of its terms' documents, its authors'
    and its hubs'. A document's top-level ``articles`` list is spliced together from the
    summaries' cached JSON (keyed by object identity: the API builds one dict per article
    and keeps it for the build). JSON is compositional, so the bytes are those of encode().
    """

    def __init__(self):
        self.slot = f"\x00{uuid.uuid4().hex}\x00"  # a value no content can hold
        self.pieces: dict[int, str] = {}

    def piece(self, part: dict) -> str:
        text = self.pieces.get(id(part))
        if text is None:
            text = self.pieces[id(part)] = dumps(part)
        return text

    def encode(self, document: dict) -> bytes:
        shared = document.get("articles")
        if not isinstance(shared, list) or len(shared) < 2:
            return encode(document)
        text = dumps({**document, "articles": self.slot}).replace(
            dumps(self.slot), "[" + ",".join(map(self.piece, shared)) + "]", 1)
        return (text + "\n").encode("utf-8")


def schema_for(path: str) -> str | None:
    """The schema file a document under api/v1/ must match (None for files we don't own)."""
    return next((schema for pattern, schema in DOCUMENT_TYPES if pattern.fullmatch(path)), None)


class SchemaSet:
    """Every schema of one folder, checked against the 2020-12 meta-schema, ready to validate."""

    def __init__(self, folder: Path = SCHEMA_FOLDER):
        self.folder = Path(folder)
        self.schemas: dict[str, dict] = {}
        problems = []
        for file in sorted(self.folder.glob(f"*{SUFFIX}")):
            try:
                schema = json.loads(file.read_text(encoding="utf-8"))
                Draft202012Validator.check_schema(schema)
            except (ValueError, SchemaError) as exc:
                problems.append(f"{file}: not a valid JSON Schema 2020-12: {exc}".split("\n")[0])
                continue
            self.schemas[file.name] = schema
        needed = {schema for _pattern, schema in DOCUMENT_TYPES}
        problems += [f"{self.folder / name}: schema missing" for name in sorted(
            needed - set(self.schemas))]
        if problems:
            fail(problems)
        self.registry = Registry().with_resources(
            (schema["$id"], Resource.from_contents(schema)) for schema in self.schemas.values())
        self.validators = {name: Draft202012Validator(schema, registry=self.registry)
                           for name, schema in self.schemas.items()}
        fast_registry = jsonschema_rs.Registry(
            [(schema["$id"], schema) for schema in self.schemas.values()])
        self.fast = {name: jsonschema_rs.Draft202012Validator(schema, registry=fast_registry)
                     for name, schema in self.schemas.items()}

    def problems(self, path: str, document: dict, prefix: str = "") -> list[str]:
        """What is wrong with one document, each naming file, element and schema path."""
        name = schema_for(path)
        if name is None:
            return [f"{prefix}{path}: no schema describes this file"]
        if self.fast[name].is_valid(document):
            return []
        errors = sorted(self.validators[name].iter_errors(document),
                        key=lambda e: (list(map(str, e.absolute_path)), e.message))
        found = []
        for error in errors[:MAX_PROBLEMS_PER_FILE]:
            while error.context:  # anyOf/oneOf: name the alternative that came closest
                error = best_match(error.context)
            schema_path = "/".join(str(part) for part in error.absolute_schema_path)
            message = error.message if len(error.message) <= 200 else error.message[:200] + "…"
            found.append(f"{prefix}{path} does not match {name} at {error.json_path}: {message} "
                         f"(schema path from {name}, across $refs: {schema_path})")
        if len(errors) > MAX_PROBLEMS_PER_FILE:
            found.append(f"{prefix}{path}: … and {len(errors) - MAX_PROBLEMS_PER_FILE} more")
        return found

    def check(self, documents: dict[str, dict], prefix: str = "") -> None:
        """Validate every document; raise once, listing every problem, when any fails."""
        problems = []
        for path in sorted(documents):
            problems += self.problems(path, documents[path], prefix)
        if problems:
            fail(problems)

    def published(self, base_url: str) -> dict[str, dict]:
        """The schemas as served: ``$id`` at this build's address, relative refs unchanged."""
        return {name: {**schema, "$id": f"{base_url}{name}"}
                for name, schema in self.schemas.items()}
