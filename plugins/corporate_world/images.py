"""Lead images and portraits: where they are and how big, for layout without shift."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

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


def measure_image(file: Path) -> tuple[int | None, int | None]:
    """Width and height from the file header; (None, None) when unknown."""
    head = file.read_bytes()[:4096]
    if file.suffix.lower() == ".svg":
        match = _SVG_SIZE.search(head) or _SVG_VIEWBOX.search(head)
        if match:
            return int(float(match.group(1))), int(float(match.group(2)))
    elif head.startswith(b"\x89PNG\r\n\x1a\n") and len(head) >= 24:
        width, height = struct.unpack(">II", head[16:24])
        return width, height
    return None, None
