"""Images plugin: every raster image in several widths, as WebP with its own format behind.

Before any page is written (``all_generators_finalized``, in the build process before the
press forks), every PNG and JPEG under the content's STATIC_PATHS is resized to
IMAGES_WIDTHS (capped at its own width) in its own format and as WebP. Variants are kept in
IMAGES_CACHE_PATH under the file's SHA-256 and the width, so later builds (local, preview
and production share the cache) only link or copy them into IMAGES_OUTPUT_DIR.

The theme prints images through two Jinja helpers, so every ``<img>`` has ``width``,
``height`` and ``decoding="async"``, and raster ones a ``<picture>`` with a WebP
``<source srcset sizes>`` and a ``srcset`` in the original format:

``picture(image, kind='card', loading='lazy', cls='', alt=None)``  a lead image, card image
    or portrait (anything with ``path``, ``alt``, ``width``, ``height``); ``kind`` picks the
    ``sizes`` from IMAGES_SIZES; lead images pass ``loading='eager'``.
``html|responsive_images``  body HTML (articles, pages, hub intros) with every ``<img>``
    rewritten the same way (``loading="lazy"``); runs on the final, link-resolved HTML when
    the template prints it, so after any sanitizing of the body.

Settings (defaults in DEFAULTS): IMAGES_WIDTHS ([480, 800, 1200]), IMAGES_CACHE_PATH (None:
``<CACHE_PATH>/images``), IMAGES_OUTPUT_DIR ("images/sized"), IMAGES_QUALITY ({"JPEG": 82,
"WEBP": 78}), IMAGES_SIZES (kind -> ``sizes``), IMAGES_WORKERS (2 threads).
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from corporate_world import error_report, know_hashes, known_hashes, measure_image
from jinja2 import pass_context
from markupsafe import Markup, escape
from pelican import signals
from press import incremental

from images.variants import RASTER, ImageSet, Processor

logger = logging.getLogger(__name__)

DEFAULTS: dict = {
    "IMAGES_WIDTHS": [480, 800, 1200],
    "IMAGES_CACHE_PATH": None,
    "IMAGES_OUTPUT_DIR": "images/sized",
    "IMAGES_QUALITY": {"JPEG": 82, "WEBP": 78},
    "IMAGES_WORKERS": 2,
    "IMAGES_SIZES": {
        "lead": "(min-width: 76rem) 71rem, 100vw",
        "cover": "(min-width: 76rem) 43rem, (min-width: 48rem) 58vw, 100vw",
        "card": "(min-width: 76rem) 23rem, (min-width: 42rem) 46vw, 100vw",
        "body": "(min-width: 48rem) 44rem, 100vw",
    },
}
CONTEXT_KEY = "responsive_images"  # content-relative path -> ImageSet
STATS = {"made": 0, "reused": 0}  # this run's variants: a second build makes none
HASHES = "image-hashes"  # the press manifest section of the image files hashed (file_hash)
_sets: dict[str, ImageSet] = {}
_IMG_OR_PICTURE = re.compile(r"<picture\b.*?</picture>|<img\b[^>]*>", re.I | re.S)


def on_initialized(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    _sets.clear()
    STATS.update(made=0, reused=0)
    know_hashes(incremental.remembered(HASHES))  # (images and social cards are keyed by them)


def raster_files(content: Path, static_paths: list[str]) -> list[str]:
    found = set()
    for folder in static_paths:
        root = content / folder
        if root.is_file() and root.suffix.lower() in RASTER:
            found.add(folder)
        elif root.is_dir():
            found.update(p.relative_to(content).as_posix() for p in root.rglob("*")
                         if p.suffix.lower() in RASTER and p.is_file())
    return sorted(found)


def on_all_generators_finalized(generators) -> None:
    context, settings = generators[0].context, generators[0].settings
    if error_report(context).errors:
        return
    content = Path(settings["PATH"])
    processor = Processor(
        Path(settings.get("IMAGES_CACHE_PATH") or Path(settings["CACHE_PATH"]) / "images"),
        Path(generators[0].output_path), settings["IMAGES_OUTPUT_DIR"],
        list(settings["IMAGES_WIDTHS"]), dict(settings["IMAGES_QUALITY"]))
    _sets.update(processor.process_all(content, raster_files(content, settings["STATIC_PATHS"]),
                                       int(settings["IMAGES_WORKERS"])))
    context[CONTEXT_KEY] = dict(_sets)
    STATS.update(made=processor.made, reused=processor.reused)
    logger.info("images: %d raster image(s), %d variant(s) made, %d reused from %s",
                len(_sets), processor.made, processor.reused, processor.cache)


def srcset(base: str, variants) -> str:
    return ", ".join(f"{base}/{v.path} {v.width}w" for v in variants)


def render(base: str, path: str, attrs: dict, sizes: str) -> Markup:
    """An ``<img>`` (``attrs`` in order) or, for a processed raster image, a ``<picture>``."""
    images = _sets.get(path)
    attrs = {key: value for key, value in attrs.items() if value is not None}
    if images is not None:
        fallback = images.fallback
        attrs.update(src=f"{base}/{fallback.path}",
                     srcset=srcset(base, images.of_type(images.mime_type)), sizes=sizes,
                     width=fallback.width, height=fallback.height)
    img = "<img " + " ".join(f'{key}="{escape(value)}"' for key, value in attrs.items()) + ">"
    if images is None:
        return Markup(img)
    webp = srcset(base, images.of_type("image/webp"))
    return Markup(f'<picture><source type="image/webp" srcset="{escape(webp)}" '
                  f'sizes="{escape(sizes)}">{img}</picture>')


@pass_context
def picture(ctx, image, kind: str = "card", loading: str = "lazy", cls: str = "",
            alt: str | None = None) -> Markup:
    """A template image: lead image, card image or portrait."""
    sizes = (ctx.get("IMAGES_SIZES") or DEFAULTS["IMAGES_SIZES"]).get(kind, "100vw")
    base = ctx.get("SITEURL", "")
    attrs = {"class": cls or None, "src": f"{base}/{image.path}",
             "alt": image.alt if alt is None else alt, "width": image.width,
             "height": image.height, "loading": loading, "decoding": "async"}
    return render(base, image.path, attrs, sizes)


class _Tag(HTMLParser):
    def __init__(self, tag: str):
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}
        self.feed(tag)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.attrs = {key: value or "" for key, value in attrs}


def content_path(src: str, base: str) -> str | None:
    """The content-relative path of a site image's ``src``, None for other hosts."""
    if base and src.startswith(base + "/"):
        return unquote(src[len(base) + 1:].split("?")[0].split("#")[0])
    if not base and src.startswith("/") and not src.startswith("//"):
        return unquote(src[1:].split("?")[0].split("#")[0])
    return None


def measured(ctx, path: str) -> tuple:
    """Width and height of an image in body HTML (measure_image keeps them per file)."""
    file = Path(ctx.get("PATH", "")) / path
    return measure_image(file) if file.is_file() else (None, None)


@pass_context
def responsive_images(ctx, html) -> Markup:
    """Body HTML with every ``<img>`` sized, lazy, async, and raster ones as ``<picture>``."""
    html = str(html or "")
    if "<img" not in html:
        return Markup(html)
    base = ctx.get("SITEURL", "")
    sizes = (ctx.get("IMAGES_SIZES") or DEFAULTS["IMAGES_SIZES"])["body"]

    def rewrite(match: re.Match) -> str:
        if match.group(0)[:8].lower() == "<picture":
            return match.group(0)  # already responsive: the author's own markup
        attrs = _Tag(match.group(0)).attrs
        path = content_path(attrs.get("src", ""), base)
        if path is not None and not (attrs.get("width") and attrs.get("height")):
            width, height = measured(ctx, path)
            if width and height:
                attrs.update(width=str(width), height=str(height))
        attrs.setdefault("alt", "")
        attrs.setdefault("loading", "lazy")
        attrs["decoding"] = "async"
        return render(base, path, attrs, sizes) if path else render(base, "", attrs, sizes)

    return Markup(_IMG_OR_PICTURE.sub(rewrite, html))


def on_generator_init(generator) -> None:
    generator.env.globals["picture"] = picture
    generator.env.filters["responsive_images"] = responsive_images


def on_finalized(pelican) -> None:
    _sets.clear()
    incremental.remember(HASHES, known_hashes())  # the next build reads no unchanged image


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.generator_init.connect(on_generator_init)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.finalized.connect(on_finalized)
