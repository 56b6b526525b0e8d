"""Write small content folders and build them with Pelican, in-process."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 675" width="1200" '
       'height="675"><title>test</title><rect width="1200" height="675" fill="#0b3d5c"/></svg>')

AUTHORS = {
    "anna-test": "name: Anna Test\nrole: {de: Redakteurin, en: Editor}\ndepartment: marketing\n"
                 "bio: {de: Schreibt Tests., en: Writes tests.}\n"
                 "contact: {email: anna@example.org}\n",
    "bert-test": "name: Bert Test\nrole: {de: Vertriebler, en: Sales rep}\ndepartment: vertrieb\n"
                 "bio: {de: Verkauft Tests., en: Sells tests.}\n"
                 "contact: {email: bert@example.org, linkedin: 'https://www.linkedin.com/in/b'}\n",
}


def build(content: Path, output: Path, settings: str = "pelicanconf.py", **overrides) -> Path:
    """Run a real Pelican build of ``content`` into ``output``."""
    values = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(
        output.parent / f".{output.name}-cache")}
    values.update(overrides)
    sys.modules.pop("pelicanconf", None)  # (publish- and previewconf import it: read it anew,
    Pelican(read_settings(str(ROOT / settings), override=values)).run()  # with today's env)
    return output


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


class SiteFixture:
    """A content folder under tmp_path, filled article by article."""

    def __init__(self, tmp_path: Path):
        self.root = tmp_path
        self.content = tmp_path / "content"
        self.output = tmp_path / "output"
        (self.content / "authors").mkdir(parents=True)
        (self.content / "images" / "articles").mkdir(parents=True)
        (self.content / "pages").mkdir()
        shutil.copy(ROOT / "content" / "taxonomy.yml", self.content / "taxonomy.yml")
        for slug, text in AUTHORS.items():
            self.write(f"authors/{slug}.yml", text)
        self.write("images/articles/test.svg", SVG)
        self.counter = 0

    def write(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def article(self, slug: str, body: str = "Ein kurzer Text.", folder: str = "articles",
                **meta: str) -> Path:
        """An article with valid defaults; pass field=None to leave a field out."""
        self.counter += 1
        fields = {
            "title": f"Artikel {slug}",
            "date": f"2026-01-{1 + self.counter % 28:02d} {self.counter % 24:02d}:00",
            "slug": slug,
            "department": "marketing",
            "topics": "social-media-strategie",
            "format": "nachricht",
            "authors": "anna-test",
            "summary": f"Zusammenfassung von {slug}.",
            "image": "images/articles/test.svg",
            "image_alt": "Testbild",
        }
        fields.update(meta)
        header = "\n".join(f"{key.capitalize()}: {value}" for key, value in fields.items()
                           if value is not None)
        return self.write(f"{folder}/{slug}.md", f"{header}\n\n{body}\n")

    def build(self, settings: str = "pelicanconf.py", **overrides) -> Path:
        return build(self.content, self.output, settings, **overrides)

    def page(self, relative: str) -> BeautifulSoup:
        return soup(self.output / relative)
