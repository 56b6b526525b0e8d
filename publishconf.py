"""Production settings: absolute SITEURL, feeds on, output folder replaced as a whole."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F401,F403

# The magazine's public address, e.g. https://magazin.example.com (no default: a production
# build with a wrong domain would publish wrong canonical links, feeds and API addresses).
SITEURL = os.environ.get("MAGAZINE_SITEURL", "").strip().rstrip("/")
if not SITEURL.startswith(("https://", "http://")):
    raise SystemExit(f"MAGAZINE_SITEURL is {'not set' if not SITEURL else repr(SITEURL)}: a "
                     "production build needs the magazine's public address (scheme and host), "
                     "for example\n  MAGAZINE_SITEURL=https://magazin.example.com "
                     "./magazine publish")
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
