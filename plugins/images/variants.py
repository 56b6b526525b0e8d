"""Resized and WebP versions of raster images, kept between builds under their file hash."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from corporate_world import file_hash, link_or_copy, upright_size
from PIL import Image, ImageOps

RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
EXTENSION = {"PNG": ".png", "JPEG": ".jpg", "WEBP": ".webp"}


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    path: str  # relative to the output folder
    mime_type: str


@dataclass
class ImageSet:
    """One raster source image: its size and every variant made of it, narrowest first."""

    source: str  # relative to the content folder (and its static copy in the output)
    width: int
    height: int
    mime_type: str
    variants: list[Variant] = field(default_factory=list)

    def of_type(self, mime_type: str) -> list[Variant]:
        return [v for v in self.variants if v.mime_type == mime_type]

    @property
    def fallback(self) -> Variant:
        """The widest variant in the source's own format: ``src`` of the ``<img>``."""
        return self.of_type(self.mime_type)[-1]


# (source, its mtime and size, where the variants go and how) -> the set made of it: the live
# preview runs every pass in one process, and opened every photo again at every pass
_processed: dict[tuple, ImageSet] = {}


def target_widths(original: int, widths: list[int]) -> list[int]:
    """The configured widths narrower than the original, and the original's capped width."""
    chosen = sorted({w for w in widths if w < original} | {min(original, max(widths))})
    return chosen


class Processor:
    """Makes the variants of source images into a cache folder, then into the output."""

    def __init__(self, cache: Path, output: Path, output_dir: str, widths: list[int],
                 quality: dict[str, int]):
        self.cache, self.output, self.output_dir = cache, output, output_dir.strip("/")
        self.widths, self.quality = widths, quality
        self.made = self.reused = 0
        self.lock = threading.Lock()

    def process(self, content: Path, relative: str) -> ImageSet | None:
        source = content / relative
        kind = RASTER.get(source.suffix.lower())
        if kind is None or not source.is_file():
            return None
        stat = source.stat()
        key = (str(source.absolute()), stat.st_mtime_ns, stat.st_size, str(self.cache),
               str(self.output), self.output_dir, tuple(self.widths),
               tuple(sorted(self.quality.items())))
        done = _processed.get(key)
        if done is not None and all((self.output / v.path).exists() for v in done.variants):
            with self.lock:
                self.reused += len(done.variants)
            return done
        _processed[key] = self._process(source, relative, kind)
        return _processed[key]

    def _process(self, source: Path, relative: str, kind: str) -> ImageSet:
        digest = file_hash(source)[:16]
        with Image.open(source) as image:  # (the header: decoded only to make variants)
            width, height = upright_size(image)
            widths = target_widths(width, self.widths)
            jobs = [(w, fmt) for w in widths for fmt in (kind, "WEBP")]
            missing = [(w, fmt) for w, fmt in jobs if not self.cached(digest, w, fmt).exists()]
            if missing:
                image = ImageOps.exif_transpose(image)
                image.load()
                for w, fmt in missing:
                    self.make(image, digest, w, fmt)
        with self.lock:
            self.reused += len(jobs) - len(missing)
        stem = Path(relative).stem
        images = ImageSet(relative, width, height, MIME[kind])
        for w, fmt in jobs:
            h = max(1, round(height * w / width))
            name = f"{self.output_dir}/{stem}-{digest[:10]}-{w}{EXTENSION[fmt]}"
            link_or_copy(self.cached(digest, w, fmt), self.output / name)
            images.variants.append(Variant(w, h, name, MIME[fmt]))
        images.variants.sort(key=lambda v: (v.width, v.mime_type))
        return images

    def cached(self, digest: str, width: int, fmt: str) -> Path:
        return self.cache / f"{digest}-{width}{EXTENSION[fmt]}"

    def make(self, image: Image.Image, digest: str, width: int, fmt: str) -> None:
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height),
                                                                  Image.LANCZOS)
        if fmt == "JPEG" and resized.mode not in ("RGB", "L"):
            resized = resized.convert("RGB")
        target = self.cached(digest, width, fmt)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        options = {"PNG": {"optimize": True},
                   "JPEG": {"quality": self.quality["JPEG"], "optimize": True,
                            "progressive": True},
                   "WEBP": {"quality": self.quality["WEBP"], "method": 5}}[fmt]
        resized.save(partial, fmt, **options)
        os.replace(partial, target)  # never a half-written file under the final name
        with self.lock:
            self.made += 1

    def process_all(self, content: Path, files: list[str], workers: int) -> dict[str, ImageSet]:
        """Every file (relative to ``content``), in threads: Pillow resizes without the GIL."""
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            results = list(pool.map(lambda relative: self.process(content, relative), files))
        return {r.source: r for r in results if r is not None}
