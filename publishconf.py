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
