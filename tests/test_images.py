"""Responsive images: widths, WebP, width/height on every <img>, lazy loading, the cache."""

from __future__ import annotations

import json
import re
from pathlib import Path

import images
from bs4 import BeautifulSoup
from PIL import Image
from press import incremental

RASTER = re.compile(r"\.(png|jpe?g)$", re.I)


def widths(srcset: str) -> list[int]:
    return [int(part.strip().rsplit(" ", 1)[1][:-1]) for part in srcset.split(",")]


def urls(srcset: str) -> list[str]:
    return [part.strip().rsplit(" ", 1)[0] for part in srcset.split(",")]


def resolve(page: Path, url: str, out: Path, base: str = "") -> Path:
    if base and url.startswith(base):
        return out / url[len(base):].lstrip("/")
    return (page.parent / url).resolve()


def pages(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_every_img_has_width_and_height_and_raster_ones_a_webp_srcset(demo_build):
    rasters = 0
    for file in pages(demo_build):
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        name = file.relative_to(demo_build)
        for img in page.find_all("img"):
            assert img.get("width") and img.get("height"), (name, img)
            if not RASTER.search(img["src"]):
                continue
            rasters += 1
            picture = img.parent
            assert picture.name == "picture", (name, img)
            source = picture.find("source", type="image/webp")
            assert source is not None and source["sizes"] == img["sizes"], (name, img)
            assert len(widths(source["srcset"])) >= 3 and len(widths(img["srcset"])) >= 3
            assert img["decoding"] == "async"
            for url in urls(source["srcset"]) + urls(img["srcset"]) + [img["src"]]:
                assert resolve(file, url, demo_build).is_file(), (name, url)
            largest = resolve(file, img["src"], demo_build)
            with Image.open(largest) as picture_file:
                assert picture_file.size == (int(img["width"]), int(img["height"]))
    assert rasters >= 30  # lead images and the cards that show them


def test_lead_images_load_at_once_and_cards_below_the_fold_lazily(demo_build):
    page = BeautifulSoup((demo_build / "artikel/vertrauen-vor-dem-angebot/index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    lead = page.select_one(".article__image img")
    assert lead["loading"] == "eager" and lead["decoding"] == "async"
    assert lead.parent.name == "picture"
    cards = page.select(".related .card__image")
    assert cards and all(img.get("loading") == "lazy" for img in cards)
    front = BeautifulSoup((demo_build / "index.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert front.select_one(".card--lead .card__image")["loading"] == "eager"
    assert {img["loading"] for img in front.select(".front-latest .card__image")} == {"lazy"}


def test_production_srcsets_are_absolute(demo_publish):
    page = BeautifulSoup((demo_publish / "artikel/vertrauen-vor-dem-angebot/index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    source = page.select_one(".article__image source")
    base = "https://magazin.auenwerk.example/"
    assert all(url.startswith(base + "images/sized/") for url in urls(source["srcset"]))
    assert widths(source["srcset"]) == [480, 800, 1200]
    for url in urls(source["srcset"]):
        assert resolve(Path(), url, demo_publish, base).is_file()


def test_variants_are_made_once_and_reused_by_the_next_build(site):
    Image.new("RGB", (2000, 1000), "#99c24d").save(site.content / "images/articles/weit.png")
    Image.new("RGB", (600, 400), "#f2a541").save(site.content / "images/articles/klein.jpg")
    site.article("weit", image="images/articles/weit.png", image_alt="Weit")
    site.article("klein", image="images/articles/klein.jpg", image_alt="Klein")
    site.build()
    assert images.STATS == {"made": 10, "reused": 0}  # 3 + 2 widths, each twice
    cache = sorted((site.output.parent / ".output-cache" / "images").iterdir())
    times = {file: file.stat().st_mtime_ns for file in cache}
    first = site.page("artikel/klein/index.html").select_one(".article__image").decode()

    site.build()
    assert images.STATS == {"made": 0, "reused": 10}
    assert {file: file.stat().st_mtime_ns for file in cache} == times
    assert site.page("artikel/klein/index.html").select_one(".article__image").decode() == first
    small = site.page("artikel/klein/index.html").select_one(".article__image source")
    assert widths(small["srcset"]) == [480, 600]  # capped at the original's width
    img = site.page("artikel/weit/index.html").select_one(".article__image img")
    assert (img["width"], img["height"]) == ("1200", "600")


def test_body_images_become_pictures_and_svgs_get_their_size(site):
    Image.new("RGB", (1600, 1200), "#1f6f8b").save(site.content / "images/articles/foto.jpg")
    body = ('Text.\n\n![Ein "Foto" <mit> Zeichen]({static}/images/articles/foto.jpg)\n\n'
            "![Eine Grafik]({static}/images/articles/test.svg)\n")
    site.article("bilder", body=body)
    site.build()
    page = site.page("artikel/bilder/index.html")
    prose = page.select_one(".article__body")
    photo, graphic = prose.find_all("img")
    assert photo.parent.name == "picture" and photo["alt"] == 'Ein "Foto" <mit> Zeichen'
    assert widths(photo.parent.find("source")["srcset"]) == [480, 800, 1200]
    assert (photo["width"], photo["height"], photo["loading"]) == ("1200", "900", "lazy")
    assert (graphic["width"], graphic["height"], graphic["decoding"]) == ("1200", "675",
                                                                          "async")
    assert graphic.parent.name != "picture"


def test_an_image_is_measured_from_its_head_once_per_change(tmp_path, monkeypatch):
    """Every article's lead image is measured in every build and every live preview pass:
    a photo is read once per change of the file, and only its first bytes."""
    from corporate_world import images as lead_images

    photo = tmp_path / "foto.jpg"
    Image.new("RGB", (900, 500), "#1f6f8b").save(photo, quality=95)
    photo.write_bytes(photo.read_bytes() + b"\0" * 300_000)  # a large file, as photos are
    read = []
    original = lead_images.read_head
    monkeypatch.setattr(lead_images, "read_head", lambda file: read.append(
        len(head := original(file))) or head)
    assert lead_images.measure_image(photo) == (900, 500)
    assert lead_images.measure_image(photo) == (900, 500)
    assert read == [lead_images.HEAD]  # read once, the head only
    Image.new("RGB", (640, 480), "#8b1f1f").save(photo)  # replaced: measured again
    assert lead_images.measure_image(photo) == (640, 480)
    assert len(read) == 2
    assert lead_images.measure_image(tmp_path / "fehlt.jpg") == (None, None)


def test_an_incremental_build_hashes_only_the_images_that_changed(site, tmp_path, monkeypatch):
    """Variants and social cards are keyed by each image's SHA-256: the build after (a new
    process, told of the previous build) takes the hashes of unchanged files from it."""
    from corporate_world import images as lead_images
    from sitebuilder import build

    written = {}
    for name, colour in (("eins", "#1f6f8b"), ("zwei", "#8b1f1f")):
        Image.new("RGB", (900, 500), colour).save(site.content / f"images/articles/{name}.png")
        written[name] = site.article(name, image=f"images/articles/{name}.png",
                                     image_alt=name.title())
    hashed = []
    sha256 = lead_images.hashlib.sha256

    class Counting:
        @staticmethod
        def sha256(*args):
            hashed.append(1)
            return sha256(*args)

    monkeypatch.setattr(lead_images, "hashlib", Counting)
    monkeypatch.setenv("MAGAZINE_SITEURL", "https://magazin.example.com")

    def build_after(step: str, previous: Path | None) -> Path:
        lead_images._hashes.clear()  # each build a process of its own, as on the command line
        hashed.clear()
        return build(site.content, tmp_path / step, "publishconf.py", CACHE_CONTENT=True,
                     CACHE_PATH=str(tmp_path / "cache"), SEARCH_ENABLED=False,
                     PRESS_PREVIOUS_OUTPUT=str(previous or ""))

    first = build_after("one", None)
    assert len(hashed) >= 2  # each image once (images and cards share the hash)
    second = build_after("two", first)
    assert hashed == []
    Image.new("RGB", (900, 500), "#2f8b1f").save(site.content / "images/articles/zwei.png")
    third = build_after("three", second)
    assert len(hashed) == 1
    img = BeautifulSoup((third / "artikel/zwei/index.html").read_text(encoding="utf-8"),
                        "html.parser").select_one(".article__image img")
    before = BeautifulSoup((second / "artikel/zwei/index.html").read_text(encoding="utf-8"),
                           "html.parser").select_one(".article__image img")
    address = "https://magazin.example.com/"
    assert img["src"] != before["src"] and (third / img["src"].removeprefix(address)).is_file()
    (site.content / "images/articles/eins.png").unlink()  # a deleted image is forgotten
    written["eins"].unlink()
    fourth = build_after("four", third)
    kept = json.loads(incremental.manifest_of(fourth).read_text())["sections"]["image-hashes"]
    assert [Path(path).name for path in kept] == ["zwei.png"]


def test_a_turned_photo_is_sized_upright_and_a_rebuild_decodes_no_photo(site, monkeypatch):
    """A camera's portrait photo (stored wide, EXIF orientation 6) is shown upright; with its
    variants made, the next build reads the photos' headers only, never their pixels."""
    photo = Image.new("RGB", (1200, 800), "#1f6f8b")
    exif = photo.getexif()
    exif[0x0112] = 6
    photo.save(site.content / "images/articles/hoch.jpg", exif=exif)
    site.article("hoch", image="images/articles/hoch.jpg", image_alt="Hochformat")
    site.build()
    img = site.page("artikel/hoch/index.html").select_one(".article__image img")
    assert (img["width"], img["height"]) == ("800", "1200")
    decoded = []
    load = Image.Image.load
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(1) or load(self))
    site.build()
    assert images.STATS["made"] == 0 and decoded == []
    again = site.page("artikel/hoch/index.html").select_one(".article__image img")
    assert (again["width"], again["height"]) == ("800", "1200")


def test_a_second_pass_in_one_process_opens_no_unchanged_photo(tmp_path, monkeypatch):
    """The live preview passes over the content again at every save, in one process: an
    unchanged photo's variants are known, a changed one is made again."""
    from images.variants import Processor

    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    Image.new("RGB", (1000, 600), "#1f6f8b").save(content / "images/foto.jpg")
    opened = []
    open_image = Image.open
    monkeypatch.setattr(Image, "open", lambda *a, **k: opened.append(a[0]) or open_image(
        *a, **k))

    def one_pass() -> Processor:
        processor = Processor(tmp_path / "cache", tmp_path / "out", "images/sized", [480, 800],
                              {"JPEG": 80, "WEBP": 75})
        sets = processor.process_all(content, ["images/foto.jpg"], 2)
        assert [v.width for v in sets["images/foto.jpg"].of_type("image/jpeg")] == [480, 800]
        return processor

    assert one_pass().made == 4 and len(opened) == 1
    second = one_pass()
    assert (second.made, second.reused, len(opened)) == (0, 4, 1)
    Image.new("RGB", (1000, 600), "#8b1f1f").save(content / "images/foto.jpg")
    third = one_pass()
    assert third.made == 4 and len(opened) == 2
