"""Settings for local work: relative URLs; feeds use the local PUBLIC_URL as their base."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "plugins"))  # so plugins can import the shared model

AUTHOR = "Auenwerk Antriebstechnik GmbH"
SITENAME = "Auenwerk Magazin"
SITESUBTITLE = "Das Magazin aus allen Abteilungen der Auenwerk Antriebstechnik"
SITEURL = ""
COMPANY = "Auenwerk Antriebstechnik GmbH"
PATH = "content"
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
THEME = str(HERE / "theme")

ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
IGNORE_FILES = [".#*", "*~", "README*"]
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "ohne-abteilung"
FORMATTED_FIELDS = []  # summaries are plain text, escaped by the theme
SLUGIFY_SOURCE = "basename"

PLUGIN_PATHS = [str(HERE / "plugins")]
PLUGINS = ["press", "interface", "publication", "taxonomy", "sanitize", "reading", "related",
           "series", "departments", "frontpage", "teasers", "hubs", "editions", "search", "api",
           "structured_data", "feeds", "dialog", "redirects", "crawling", "assets", "links",
           "web_editor", "sharing", "images"]

# URLs: German paths, a folder per page, pagination as /page/N/
ARTICLE_URL = "artikel/{slug}/"
ARTICLE_SAVE_AS = "artikel/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/artikel/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/artikel/{slug}/index.html"
# Unpublished articles and pages (plugins/publication/README.md) are written nowhere in a
# production build and at their final address in the preview: no draft folder, and a link to a
# draft points where it will be (the link check reports it).
DRAFT_URL = ARTICLE_URL
DRAFT_SAVE_AS = ""
DRAFT_LANG_URL = ARTICLE_LANG_URL
DRAFT_LANG_SAVE_AS = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
DRAFT_PAGE_URL = PAGE_URL
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_URL = PAGE_LANG_URL
DRAFT_PAGE_LANG_SAVE_AS = ""
CATEGORY_URL = "abteilung/{slug}/"  # the department's term page, written by the taxonomy plugin
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_URL = "autor/{slug}/"  # the profile page, written by the taxonomy plugin
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
ARCHIVES_URL = "archiv/"
ARCHIVES_SAVE_AS = "archiv/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives"]
TEMPLATE_PAGES = {"404.html": "404.html"}
PAGINATED_TEMPLATES = {"term": None, "author": None, "archives": 200}  # archive: 200 titles a page
DEFAULT_PAGINATION = 24
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Pelican's own feeds are off; the feeds plugin writes them with feedgen.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
# Feeds (plugins/feeds/README.md) are on locally too, with PUBLIC_URL as their base.
FEEDS_ENABLED = True
FEEDS_MAX_ITEMS = 20
# Future-dated articles are scheduled: unpublished until their date (plugins/publication/).
WITH_FUTURE_DATES = False
# Drafts and scheduled articles appear in no output file of this build (previewconf.py shows
# them); their content errors are warnings here, errors in the preview and the check.
SHOW_UNPUBLISHED = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False, "toc_depth": "2-3"},
    },
    "output_format": "html5",
}
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

RELATIVE_URLS = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
GZIP_CACHE = False  # when the cache is on: four times the size on disk, half the loading time

MENU_PAGES = ["ueber-uns"]
LEGAL_PAGES = ["impressum", "datenschutz"]

# The address readers use; feeds, the API and e-mail digests need absolute links. The
# serving tasks (serve, livereload) set MAGAZINE_PUBLIC_URL to the address they serve at.
PUBLIC_URL = os.environ.get("MAGAZINE_PUBLIC_URL", "").rstrip("/") or "http://127.0.0.1:8000"

# Page-weight budgets (HTML + CSS + JS, KB, images excluded), tests/test_quality_browser.py
PAGE_BUDGET_KB = {"front": 60, "article": 60, "hub": 60}
# Image bytes a 390 px phone loads when the reader scrolls the whole page (lazy ones included)
PAGE_IMAGE_BUDGET_KB = {"front": 120, "article": 100, "hub": 100}

# Dialog (plugins/dialog/README.md): Isso comments under /comments/ on the site's own origin
# (./magazine serve runs it), consent-gated embeds, share links, the Content-Security-Policy.
DIALOG_PROVIDER = "isso"
DIALOG_ISSO_URL = "/comments/"
DIALOG_CLOSE_AFTER_DAYS = None
# Embeds (plugins/dialog/README.md): a paragraph holding only such a provider's URL becomes a
# consent placeholder; the CSP's frame-src lists exactly these (and these Mastodon instances).
DIALOG_EMBED_PROVIDERS = ("youtube", "vimeo", "instagram", "linkedin", "mastodon", "x")
DIALOG_MASTODON_HOSTS = ("social.example",)  # the demo's instance; set the company's own
# Pagefind (search page only) compiles WebAssembly: its policy, from the server's headers
# (output/_headers, output/dialog/csp.conf), allows that; never 'unsafe-inline'.
DIALOG_CSP_PAGES = {"suche/": {"script-src": ["'wasm-unsafe-eval'"]}}

# Web editor (plugins/web_editor/README.md): Decap CMS at /admin/, its form generated from the
# taxonomy, authors and hubs. Locally it writes through decap-server (`./magazine editor`)
# straight into the working copy; publishconf.py switches to the GitHub backend.
WEB_EDITOR_ENABLED = True
WEB_EDITOR_LOCAL_BACKEND = "http://127.0.0.1:8081/api/v1"
WEB_EDITOR_PUBLISH_MODE = "simple"  # local saves are files in the working copy; git reviews
