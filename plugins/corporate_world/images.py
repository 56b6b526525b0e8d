"""Lead images and portraits: where they are and how big, for layout without shift."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image

_SVG_SIZE = re.compile(
    rb"<svg\b[^>]*?\bwidth=\"(\d+)(?:px)?\"[^>]*?\bheight=\"(\d+)(?:px)?\"", re.S)
_SVG_VIEWBOX = re.compile(rb"<svg\b[^>]*?\bviewBox=\"[\d.\s-]+?\s([\d.]+)\s+([\d.]+)\"", re.S)
MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg", ".webp": "image/webp"}


@dataclass(frozen=True)
class LeadImage:
    """An image that lives in the content folder and is copied as a static file."""

    path: str  # relative to the content folder, which is also its output path
    alt: str
    caption: str = ""
    width: int | None = None
    height: int | None = None
    length: int = 0

    @property
    def url(self) -> str:
        return self.path

    @property
    def mime_type(self) -> str:
        return MIME.get(Path(self.path).suffix.lower(), "application/octet-stream")


HEAD = 4096  # bytes of an image file that say its size (an SVG's root element included)


def measure_image(file: Path) -> tuple[int | None, int | None]:
    """Width and height from the file header; (None, None) when unknown.

    Every article names its lead image and every build (and every pass of the live preview)
    measures it: a file is read once per change (its size and modification time), and then
    only its first bytes, not the photo."""
    try:
        stat = file.stat()
    except OSError:
        return None, None
    return _measured(str(file), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1 << 16)
def _measured(path: str, _mtime_ns: int, _size: int) -> tuple[int | None, int | None]:
    file = Path(path)
    head = read_head(file)
    if file.suffix.lower() == ".svg":
        match = _SVG_SIZE.search(head) or _SVG_VIEWBOX.search(head)
        if match:
            return int(float(match.group(1))), int(float(match.group(2)))
    elif head.startswith(b"\x89PNG\r\n\x1a\n") and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return width, height
    else:
        try:
            with Image.open(file) as image:  # reads the header only
                return upright_size(image)
        except (OSError, SyntaxError):
            pass
    return None, None


def upright_size(image: Image.Image) -> tuple[int, int]:
    """Width and height of ``image`` as shown, turned by its EXIF orientation, from the
    header alone (``ImageOps.exif_transpose`` would decode the whole photo to say it)."""
    width, height = image.size
    turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)  # EXIF orientation
    return (height, width) if turned else (width, height)


def read_head(file: Path) -> bytes:
    with file.open("rb") as handle:
        return handle.read(HEAD)


def file_hash(file: Path) -> str:
    """SHA-256 of a file's bytes: the cache key of everything made from an image.

    A file whose size and modification time are what they were when it was last hashed
    (in this process, or in the build named by :func:`know_hashes`) is not read again."""
    stat = file.stat()
    path = str(Path(file).absolute())
    _used.add(path)
    known = _hashes.get(path)
    if known is not None and known[:2] == [stat.st_mtime_ns, stat.st_size]:
        return known[2]
    hasher = hashlib.sha256()
    with file.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    _hashes[path] = [stat.st_mtime_ns, stat.st_size, hasher.hexdigest()]
    return _hashes[path][2]


_hashes: dict[str, list] = {}  # absolute path -> [mtime_ns, size, SHA-256] (see file_hash)
_used: set[str] = set()  # the paths hashed or looked up since the build began


def known_hashes() -> dict[str, list]:
    """This build's hashes (JSON), for a later build's :func:`know_hashes`: only files it
    used, so a deleted image is forgotten."""
    return {path: _hashes[path] for path in sorted(_used) if path in _hashes}


def know_hashes(records: dict | None) -> None:
    """At the start of a build: hashes a previous build made (``known_hashes``), each still
    checked against the file's size and modification time before it is used."""
    _used.clear()
    for path, record in (records or {}).items():
        if isinstance(record, list) and len(record) == 3:
            _hashes.setdefault(path, record)


def link_or_copy(cached: Path, output: Path) -> None:
    """A file kept in a build cache into the output: a hard link when possible, else a copy."""
    if output.exists():
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(cached, output)
    except OSError:
        shutil.copyfile(cached, output)
