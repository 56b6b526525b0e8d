"""Production settings: absolute SITEURL, feeds on, output folder replaced as a whole."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("MAGAZINE_SITEURL", "https://magazin.auenwerk.example")
PUBLIC_URL = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
FEEDS_ENABLED = True

# The web editor in production (plugins/web_editor/README.md): GitHub backend, drafts become
# pull requests a second person approves. WEB_EDITOR_ENABLED = False leaves /admin/ out.
WEB_EDITOR_ENABLED = os.environ.get("MAGAZINE_WEB_EDITOR", "1") != "0"
WEB_EDITOR_BACKEND = {"name": "github", "repo": os.environ.get("MAGAZINE_REPO", "auenwerk/magazin"),
                      "branch": "main"}
WEB_EDITOR_PUBLISH_MODE = "editorial_workflow"
WEB_EDITOR_LOCAL_BACKEND = None
