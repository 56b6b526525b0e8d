"""Preview settings: the production site plus drafts and scheduled articles, bannered and
``noindex``, built into their own folder (``./magazine preview``, ``serve --preview``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F401,F403

# Unpublished articles (Status: draft, or a Date in the future) and draft pages are shown
# where they will appear once published, at their final address, with a banner and a label
# (plugins/publication/README.md); every page of the preview carries noindex. Their content
# errors are errors. Every other build leaves them out of every file.
SHOW_UNPUBLISHED = True
