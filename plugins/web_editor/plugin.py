"""Signal wiring: the web editor's files under ``admin/``, its CSP, the front-matter reader."""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
from pathlib import Path

import yaml
from corporate_world import error_report, world_of
from corporate_world.front_matter import FrontMatterMarkdownReader
from pelican import signals
from pelican.generators import Generator
from pelican.readers import MarkdownReader

from web_editor.config import FLAG_FIELDS, LIST_FIELDS, decap_config

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"

DEFAULTS = {
    "WEB_EDITOR_ENABLED": True,
    "WEB_EDITOR_FOLDER": "admin",
    "WEB_EDITOR_BACKEND": {"name": "github", "repo": "auenwerk/magazin", "branch": "main"},
    "WEB_EDITOR_PUBLISH_MODE": "editorial_workflow",
    "WEB_EDITOR_LOCAL_BACKEND": None,
    "WEB_EDITOR_LANG": None,
    "WEB_EDITOR_REPO_ROOT": None,
    "WEB_EDITOR_MEDIA_FOLDER": "images/uploads",
    "WEB_EDITOR_NODE_MODULES": str(HERE / "node_modules"),
    "WEB_EDITOR_CSP_EXTRA": {},
}

# Where each backend's API lives, for connect-src and img-src (GitLab and Gitea: api_root).
BACKEND_ORIGINS = {"github": ("https://api.github.com", "https://avatars.githubusercontent.com"),
                   "gitlab": ("https://gitlab.com",)}
BUNDLE = ("decap-cms/dist", ("decap-cms.js",), ("*.decap-cms.js", "*.wasm"))
YAML_BUNDLE = "js-yaml/dist/browser/js-yaml.umd.min.js"


def _setting(settings: dict, key: str):
    return settings.get(key, DEFAULTS[key])


def origin_of(url: str) -> str:
    parts = url.split("/")
    return "/".join(parts[:3]) if len(parts) >= 3 and parts[0].endswith(":") else ""


def editor_policy(settings: dict) -> dict[str, list[str]]:
    """The admin page's own Content-Security-Policy, as narrow as Decap allows.

    Decap styles itself with CSS-in-JS (``<style>`` elements: ``'unsafe-inline'`` for styles
    only), shows uploads and previews from ``blob:`` URLs, talks to the backend's API, and
    compiles its config schema at run time with ajv (``new Function``: ``'unsafe-eval'``; without
    it the editor does not start). Nothing else: no inline script, no third-party host but the
    backend's API. Measured with the real bundle (tests/test_web_editor_browser.py records
    every CSP violation).
    """
    backend = _setting(settings, "WEB_EDITOR_BACKEND")
    origins = list(BACKEND_ORIGINS.get(backend.get("name", ""), ()))
    for key in ("api_root", "base_url"):
        if backend.get(key):
            origins.append(origin_of(str(backend[key])))
    local = _setting(settings, "WEB_EDITOR_LOCAL_BACKEND")
    if local:
        origins.append(origin_of(str(local)))
    origins = [o for o in dict.fromkeys(origins) if o]
    policy = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *origins],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", "blob:", *origins],
        "frame-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    for directive, sources in (_setting(settings, "WEB_EDITOR_CSP_EXTRA") or {}).items():
        policy.setdefault(directive, [])
        policy[directive] += [s for s in sources if s not in policy[directive]]
    return policy


def render_policy(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items())


def on_initialized(pelican) -> None:
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    if settings["WEB_EDITOR_ENABLED"]:
        # The server's header policy for the admin folder (the dialog plugin writes _headers
        # and dialog/csp.conf per folder): what the editor needs beyond the site's policy.
        pages = dict(settings.get("DIALOG_CSP_PAGES") or {})
        pages[settings["WEB_EDITOR_FOLDER"].strip("/") + "/"] = editor_policy(settings)
        settings["DIALOG_CSP_PAGES"] = pages


def on_readers_init(readers) -> None:
    """YAML front matter in every Markdown file, also when no other plugin replaced the reader
    (the press plugin's reader reads it too)."""
    for extension in MarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = FrontMatterMarkdownReader


def index_html(settings: dict) -> str:
    lang = settings.get("WEB_EDITOR_LANG") or settings.get("DEFAULT_LANG", "de")
    fields = json.dumps({"lists": list(LIST_FIELDS), "flags": list(FLAG_FIELDS)})
    title = f"{settings.get('SITENAME', 'Magazin')} · Editor"
    policy = render_policy(editor_policy(settings))
    static = settings.get("THEME_STATIC_DIR", "theme")
    css = f"../{static}/css/magazine.css"  # the magazine's own CSS in the preview pane
    return f"""<!doctype html>
<html lang="{html.escape(lang)}">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <meta name="referrer" content="strict-origin-when-cross-origin">
  <title>{html.escape(title)}</title>
  <link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
  <script src="decap-cms.js"></script>
  <script src="js-yaml.min.js"></script>
  <script src="editor.js" data-fields="{html.escape(fields)}" data-preview-css="{css}"></script>
</body>
</html>
"""


def place(source: Path, target: Path) -> None:
    """A hard link where possible (the bundle is 6 MB and every build has it), else a copy."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def bundle_files(node_modules: Path) -> list[Path]:
    folder = node_modules / BUNDLE[0]
    files = [folder / name for name in BUNDLE[1]]
    for pattern in BUNDLE[2]:
        files += sorted(folder.glob(pattern))
    return files


class WebEditorGenerator(Generator):
    """Writes ``admin/``: index.html, config.yml, editor.js and Decap's bundle."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        settings, context = self.settings, self.context
        world = world_of(context)
        if not settings["WEB_EDITOR_ENABLED"] or world is None or error_report(context).errors:
            return
        node_modules = Path(settings["WEB_EDITOR_NODE_MODULES"])
        bundle = bundle_files(node_modules)
        missing = [f for f in [*bundle, node_modules / YAML_BUNDLE] if not f.is_file()]
        if missing:
            logger.warning("web editor: %s is missing; run ./magazine serve (it installs the "
                           "Node packages) to get /%s/", missing[0], settings["WEB_EDITOR_FOLDER"])
            return
        out = Path(self.output_path) / settings["WEB_EDITOR_FOLDER"].strip("/")
        out.mkdir(parents=True, exist_ok=True)
        config = decap_config(world, settings, Path(self.path))
        (out / "config.yml").write_text(
            "# Generated by the web_editor plugin from taxonomy.yml, authors/ and hubs/.\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8")
        (out / "index.html").write_text(index_html(settings), encoding="utf-8")
        shutil.copyfile(STATIC / "editor.js", out / "editor.js")
        place(node_modules / YAML_BUNDLE, out / "js-yaml.min.js")
        for file in bundle:
            place(file, out / file.name)


def get_generators(pelican):
    return WebEditorGenerator


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.get_generators.connect(get_generators)
