"""Preview settings: the production site plus drafts and scheduled articles, bannered and
``noindex``, built into their own folder (``./magazine preview``, ``serve --preview``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F401,F403

# Unpublished articles (Status: draft, or a Date in the future) are shown where they will
# appear once published; their content errors are errors. Everywhere else they are absent.
SHOW_UNPUBLISHED = True
