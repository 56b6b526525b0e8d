"""Shared fixtures: build real sites (small fixtures and the demo) and parse their output."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
# The demo's production address: publishconf.py refuses to build without one.
os.environ.setdefault("MAGAZINE_SITEURL", "https://magazin.auenwerk.example")

from sitebuilder import SiteFixture, build  # noqa: E402


@pytest.fixture
def site(tmp_path) -> SiteFixture:
    """An empty content folder with the real taxonomy and two authors."""
    return SiteFixture(tmp_path)


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory) -> Path:
    """The demo magazine built once per test process with local settings."""
    out = tmp_path_factory.mktemp("demo-local")
    build(ROOT / "content", out, settings="pelicanconf.py")
    return out


@pytest.fixture(scope="session")
def demo_publish(tmp_path_factory) -> Path:
    """The demo magazine built with the production settings (absolute SITEURL)."""
    out = tmp_path_factory.mktemp("demo-publish")
    build(ROOT / "content", out, settings="publishconf.py")
    return out


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium; missing it fails (never skips) when the suite requires a browser."""
    import os

    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    if os.environ.get("MAGAZINE_REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
        pytest.fail("Chromium is not installed; run `sh .ci/system-packages` (browser tests "
                    "never skip in CI or under ./magazine test)")
    pytest.skip("Chromium not installed (set MAGAZINE_REQUIRE_BROWSER=1 to make this fail)")
