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
