"""Social card images drawn with Pillow, cached by a hash of everything drawn on them."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

WIDTH, HEIGHT = 1200, 630
RENDERER = 3  # bump when the drawing changes: every card is drawn afresh
_CSS_VARIABLE = re.compile(r"--([\w-]+)\s*:\s*(#[0-9a-fA-F]{3,8})\b")


@dataclass(frozen=True)
class CardImage:
    """A raster image for link previews, written to the output at ``path``."""

    path: str  # relative to the output folder
    alt: str
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def url(self) -> str:
        return self.path

    @property
    def mime_type(self) -> str:
        return "image/jpeg" if self.path.endswith(".jpg") else "image/png"


def css_colours(css_file: Path) -> dict[str, str]:
    """``--name: #hex`` pairs of a style sheet (the first definition of each name wins)."""
    colours: dict[str, str] = {}
    if css_file.is_file():
        for name, value in _CSS_VARIABLE.findall(css_file.read_text(encoding="utf-8")):
            colours.setdefault(name, value)
    return colours


def digest(*parts) -> str:
    return hashlib.sha256(json.dumps([RENDERER, *parts], ensure_ascii=False,
                                     sort_keys=True).encode()).hexdigest()[:20]


def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled scalable font: no font file to license or install."""
    return ImageFont.load_default(size=size)


def wrap(text: str, face, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and face.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def fit_title(title: str, width: int, max_lines: int = 4):
    """The largest font (72 down to 44 px) that sets the title in ``max_lines``; else cut."""
    for size in range(72, 43, -4):
        face = font(size)
        lines = wrap(title, face, width)
        if len(lines) <= max_lines and all(face.getlength(line) <= width for line in lines):
            return face, lines
    lines = wrap(title, face, width)[:max_lines]
    while face.getlength(lines[-1] + " …") > width and " " in lines[-1]:
        lines[-1] = lines[-1].rsplit(" ", 1)[0]
    lines[-1] += " …"
    return face, lines


def draw_mark(draw: ImageDraw.ImageDraw, x: int, y: int, size: int, colours: dict) -> None:
    """The logo mark of theme/images/logo.svg (circle, ring, four spokes), scaled to ``size``."""
    unit = size / 40
    draw.ellipse((x + unit, y + unit, x + 39 * unit, y + 39 * unit), fill=colours["mark"])
    ring = max(1, round(4 * unit))
    draw.ellipse((x + 11 * unit, y + 11 * unit, x + 29 * unit, y + 29 * unit),
                 outline=colours["accent"], width=ring)
    for x0, y0, x1, y1 in ((18, 3, 22, 9), (18, 31, 22, 37), (3, 18, 9, 22), (31, 18, 37, 22)):
        draw.rectangle((x + x0 * unit, y + y0 * unit, x + x1 * unit - 1, y + y1 * unit - 1),
                       fill=colours["accent"])


def logo_image(size: int, colours: dict) -> Image.Image:
    """The logo mark as an RGBA image, drawn four times larger and scaled down (smooth edges)."""
    big = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    draw_mark(ImageDraw.Draw(big), 0, 0, size * 4, colours)
    return big.resize((size, size), Image.LANCZOS)


def draw_card(title: str, label: str, site_name: str, colours: dict) -> Image.Image:
    """1200×630: the label in the accent colour, the title in white, logo and site name below."""
    card = Image.new("RGB", (WIDTH, HEIGHT), colours["background"])
    draw = ImageDraw.Draw(card)
    margin = 80
    draw.rectangle((0, 0, 24, HEIGHT), fill=colours["accent"])
    draw.rectangle((24, HEIGHT - 12, WIDTH, HEIGHT), fill=colours["highlight"])
    label_face = font(30)
    draw.text((margin, 70), label.upper(), font=label_face, fill=colours["accent"])
    face, lines = fit_title(title, WIDTH - 2 * margin)
    line_height = round(face.size * 1.18)
    top = 140 + max(0, (4 - len(lines)) * line_height // 3)
    for number, line in enumerate(lines):
        draw.text((margin, top + number * line_height), line, font=face, fill=colours["text"])
    mark = logo_image(64, colours)
    card.paste(mark, (margin, HEIGHT - 112), mark)
    draw.text((margin + 84, HEIGHT - 98), site_name, font=font(34), fill=colours["muted"])
    return card


def cover(source: Path) -> Image.Image:
    """A raster lead image cropped around its centre to 1200×630."""
    with Image.open(source) as image:
        image = ImageOps.exif_transpose(image)
        return ImageOps.fit(image.convert("RGB"), (WIDTH, HEIGHT), Image.LANCZOS)


class CardCache:
    """Cards kept between builds in ``folder`` under the hash of their inputs."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.drawn = self.reused = 0

    def get(self, key: str, suffix: str, make) -> Path:
        """The cached file for ``key``; ``make()`` returns the image when it is missing."""
        file = self.folder / f"{key}{suffix}"
        if file.exists():
            self.reused += 1
            return file
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = file.with_name(f".{file.name}.{os.getpid()}")
        image = make()
        if suffix == ".jpg":
            image.save(partial, "JPEG", quality=85, progressive=True)
        else:  # zlib's fastest level: 10 ms a card instead of 67 ms (optimize), 58 KB vs 46 KB
            image.save(partial, "PNG", compress_level=1)
        os.replace(partial, file)  # a build stopped halfway leaves no broken card behind
        self.drawn += 1
        return file
