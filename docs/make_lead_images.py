"""Illustrative raster lead images for the demo content (abstract, brand colours).

Run from the repository: .venv/bin/python docs/make_lead_images.py (writes content/images/).
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

W, H, S = 1600, 900, 2
NAVY, TEAL, GREEN, AMBER, LIGHT = (
    (11, 61, 92),
    (31, 111, 139),
    (153, 194, 77),
    (242, 165, 65),
    (232, 238, 242),
)
OUT = Path(__file__).resolve().parent.parent / "content" / "images"


def gradient(c1, c2, angle=0.0):
    base = Image.new("RGB", (W * S, H * S))
    grad = Image.linear_gradient("L").rotate(angle, expand=False).resize((W * S, H * S))
    return Image.composite(
        Image.new("RGB", base.size, c2), Image.new("RGB", base.size, c1), grad
    )


def circle(d, cx, cy, r, **kw):
    d.ellipse(((cx - r) * S, (cy - r) * S, (cx + r) * S, (cy + r) * S), **kw)


def rect(d, x0, y0, x1, y1, **kw):
    d.rounded_rectangle((x0 * S, y0 * S, x1 * S, y1 * S), radius=kw.pop("r", 12) * S, **kw)


def line(d, pts, width, fill):
    d.line([(x * S, y * S) for x, y in pts], fill=fill, width=width * S, joint="curve")


def gear(d, cx, cy, r, teeth, fill, hole):
    for i in range(teeth):
        a = 2 * math.pi * i / teeth
        x, y = cx + math.cos(a) * r, cy + math.sin(a) * r
        circle(d, x, y, r * 0.16, fill=fill)
    circle(d, cx, cy, r * 0.95, fill=fill)
    circle(d, cx, cy, r * 0.4, fill=hole)


def save(img, name):
    img = img.resize((W, H), Image.LANCZOS)
    path = OUT / name
    img.save(path, "JPEG", quality=80, optimize=True, progressive=True)
    print(name, path.stat().st_size)


def trust():
    img = gradient(NAVY, TEAL, 90)
    d = ImageDraw.Draw(img)
    for i in range(7):
        rect(d, 160 + i * 22, 220 + i * 70, 420 + i * 22, 270 + i * 70, fill=(60, 100, 125))
    rect(d, 560, 150, 590, 750, fill=LIGHT, r=6)
    line(d, [(860, 450), (1080, 380), (1300, 450)], 14, AMBER)
    circle(d, 860, 450, 90, fill=GREEN)
    circle(d, 1300, 450, 90, fill=AMBER)
    circle(d, 860, 450, 40, fill=NAVY)
    circle(d, 1300, 450, 40, fill=NAVY)
    save(img, "articles/vertrauen-vor-dem-angebot.jpg")


def fair():
    img = gradient(LIGHT, (200, 220, 230), 0)
    d = ImageDraw.Draw(img)
    rect(d, 0, 760, 1600, 900, fill=(170, 190, 200), r=0)
    rect(d, 280, 180, 1320, 760, fill=NAVY)
    rect(d, 360, 240, 1240, 420, fill=TEAL)
    line(d, [(420, 380), (600, 300), (780, 340), (960, 270), (1180, 300)], 10, GREEN)
    rect(d, 440, 500, 640, 760, fill=AMBER, r=8)
    rect(d, 960, 500, 1160, 760, fill=GREEN, r=8)
    for x in (220, 760, 820, 1400):
        circle(d, x, 690, 26, fill=NAVY)
        rect(d, x - 30, 720, x + 30, 840, fill=NAVY, r=20)
    save(img, "articles/hannover-messe-stand-digital-und-persoenlich.jpg")


def trainees():
    img = gradient((250, 214, 150), (242, 165, 65), 90)
    d = ImageDraw.Draw(img)
    circle(d, 1180, 260, 140, fill=(255, 236, 190))
    gear(d, 1000, 520, 260, 12, NAVY, (250, 214, 150))
    for i in range(17):
        x = 120 + i * 82
        circle(d, x, 700, 26, fill=TEAL if i % 3 else GREEN)
        rect(d, x - 30, 735, x + 30, 860, fill=TEAL if i % 3 else GREEN, r=22)
    save(img, "articles/ausbildungsstart-2026.jpg")


def bottles():
    img = gradient(TEAL, NAVY, 90)
    d = ImageDraw.Draw(img)
    rect(d, 100, 700, 1500, 740, fill=LIGHT, r=20)
    for i in range(9):
        x = 190 + i * 145
        rect(d, x - 38, 470, x + 38, 690, fill=GREEN if i % 2 else (120, 170, 70), r=22)
        rect(d, x - 14, 410, x + 14, 480, fill=GREEN if i % 2 else (120, 170, 70), r=6)
    d.polygon(
        [
            (s * S, t * S)
            for s, t in (
                (830, 80),
                (740, 260),
                (810, 260),
                (760, 380),
                (900, 200),
                (825, 200),
                (880, 80),
            )
        ],
        fill=AMBER,
    )
    line(d, [(1000, 140), (1150, 210), (1280, 250), (1450, 350)], 12, AMBER)
    save(img, "articles/quellhof-getraenke-energieeffizienz.jpg")


def remote():
    img = gradient((8, 30, 52), NAVY, 90)
    d = ImageDraw.Draw(img)
    circle(d, 260, 170, 80, fill=LIGHT)
    circle(d, 300, 140, 80, fill=(8, 30, 52))
    rect(d, 80, 700, 900, 740, fill=(120, 150, 170), r=20)
    for i in range(5):
        rect(d, 120 + i * 150, 590, 230 + i * 150, 695, fill=AMBER, r=6)
    for k in range(3):
        d.arc(
            ((880 - 60 * k) * S, (330 - 60 * k) * S, (1040 + 60 * k) * S, (490 + 60 * k) * S),
            300,
            30,
            fill=GREEN,
            width=10 * S,
        )
    rect(d, 1120, 360, 1500, 640, fill=LIGHT, r=16)
    line(d, [(1160, 580), (1240, 520), (1320, 560), (1400, 430), (1460, 470)], 10, TEAL)
    rect(d, 1280, 640, 1340, 720, fill=LIGHT, r=4)
    save(img, "articles/lerchenfeld-intralogistik-fernwartung.jpg")


def strategy():
    img = gradient(LIGHT, (210, 228, 236), 0)
    d = ImageDraw.Draw(img)
    gear(d, 380, 450, 200, 10, NAVY, LIGHT)
    for r, c in ((260, TEAL), (190, LIGHT), (125, TEAL), (60, AMBER)):
        circle(d, 1220, 450, r, fill=c)
    for dy in (-150, 0, 150):
        line(d, [(620, 450 + dy), (1080, 450 + dy * 0.2)], 16, GREEN)
        d.polygon(
            [
                ((1080 + a) * S, (450 + dy * 0.2 + b) * S)
                for a, b in ((0, -26), (44, 0), (0, 26))
            ],
            fill=GREEN,
        )
    save(img, "articles/social-media-strategie-unternehmensziele.jpg")


def magazine():
    img = gradient(NAVY, (20, 90, 120), 0)
    d = ImageDraw.Draw(img)
    colours = [
        GREEN,
        AMBER,
        TEAL,
        LIGHT,
        (120, 170, 70),
        (230, 140, 50),
        (60, 140, 170),
        (200, 215, 225),
    ]
    for i, c in enumerate(colours):
        x = 260 + i * 120
        rect(d, x, 200 + (i % 3) * 20, x + 300, 720 - (i % 2) * 30, fill=c, r=10)
        rect(d, x + 30, 260 + (i % 3) * 20, x + 200, 280 + (i % 3) * 20, fill=NAVY, r=4)
    save(img, "articles/vom-firmenblog-zum-magazin.jpg")


def dialog():
    img = gradient(TEAL, (20, 80, 105), 90)
    d = ImageDraw.Draw(img)
    for i in range(8):
        a = 2 * math.pi * i / 8
        x, y = 800 + math.cos(a) * 300, 450 + math.sin(a) * 300
        c = (GREEN, AMBER, LIGHT)[i % 3]
        rect(d, x - 80, y - 50, x + 80, y + 50, fill=c, r=30)
        d.polygon(
            [
                ((x - 20) * S, (y + 40) * S),
                ((x - 40) * S, (y + 80) * S),
                ((x + 10) * S, (y + 45) * S),
            ],
            fill=c,
        )
    d.arc((660 * S, 300 * S, 940 * S, 580 * S), 180, 360, fill=NAVY, width=26 * S)
    rect(d, 640, 440, 700, 540, fill=NAVY, r=14)
    rect(d, 900, 440, 960, 540, fill=NAVY, r=14)
    save(img, "hubs/kundendialog-service.jpg")


for make in (trust, fair, trainees, bottles, remote, strategy, magazine, dialog):
    make()
