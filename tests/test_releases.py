"""Releases: publish --target DIR builds into DIR/releases/<time>/ and switches DIR/current in
one atomic step; rollback switches back; a failed publish leaves current alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT
from servers import reading_in_a_loop

INVOKE = [sys.executable, "-m", "invoke"]
SITEURL = "https://magazin.test.example"


def publish(site, target, *extra: str, env: dict[str, str] | None = None):
    env = env if env is not None else {**os.environ, "MAGAZINE_SITEURL": SITEURL}
    return subprocess.run([*INVOKE, "publish", "--target", str(target), "--content",
                           str(site.content), *extra], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def rollback(target):
    return subprocess.run([*INVOKE, "rollback", "--target", str(target)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def releases(target) -> list[str]:
    return sorted(p.name for p in (target / "releases").iterdir() if p.is_dir())


def live(target) -> str:
    return os.readlink(target / "current")


def article_text(target) -> str:
    return (target / "current" / "artikel/eins/index.html").read_text()


@pytest.fixture
def first_release(site, tmp_path):
    site.article("eins", body="Fassung eins.")
    target = tmp_path / "www"
    result = publish(site, target, "--keep", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    return site, target


def test_publish_switches_current_keeps_n_releases_and_rolls_back(first_release):
    site, target = first_release
    [first] = releases(target)
    assert live(target) == f"releases/{first}"
    assert "Fassung eins." in article_text(target)
    assert f'href="{SITEURL}/artikel/eins/"' in article_text(target)  # production settings

    # at no moment during the next publishes does current resolve to nothing
    with reading_in_a_loop(target / "current" / "index.html") as reader:
        site.article("eins", body="Fassung zwei.")
        assert publish(site, target, "--keep", "2").returncode == 0
        second = releases(target)[-1]
        assert live(target) == f"releases/{second}" and "Fassung zwei." in article_text(target)
        site.article("eins", body="Fassung drei.")
        assert publish(site, target, "--keep", "2").returncode == 0
    assert reader["misses"] == [] and reader["reads"] > 100

    third = releases(target)[-1]
    assert releases(target) == [second, third]  # --keep 2: the first release is gone
    # each kept release has the press's manifest beside it (the next publish reuses its
    # unchanged pages); the pruned one's went with it
    assert sorted(p.name for p in (target / "releases").iterdir() if p.is_file()) == [
        f"{second}.press.json", f"{third}.press.json"]
    assert live(target) == f"releases/{third}" and "Fassung drei." in article_text(target)

    back = rollback(target)
    assert back.returncode == 0, back.stderr
    assert live(target) == f"releases/{second}" and "Fassung zwei." in article_text(target)
    again = rollback(target)  # nothing older is kept
    assert again.returncode != 0 and "oldest release" in again.stderr
    assert live(target) == f"releases/{second}"


def test_a_publish_with_a_content_error_keeps_current(first_release):
    site, target = first_release
    before, kept = live(target), releases(target)
    site.article("zwei", department="nirgendwo")
    result = publish(site, target)
    assert result.returncode != 0
    printed = result.stdout + result.stderr
    wanted = r"zwei\.md:\d+: unknown-term: Department: unknown department \(got 'nirgendwo'\)"
    assert re.search(wanted, printed), printed
    assert live(target) == before and releases(target) == kept
    # nothing half-made: the kept releases and their manifests only
    assert sorted(p.name for p in (target / "releases").iterdir()) == sorted(
        [*kept, *(f"{name}.press.json" for name in kept)])


def test_production_builds_require_magazine_siteurl(site, tmp_path):
    site.article("eins")
    env = {key: value for key, value in os.environ.items() if key != "MAGAZINE_SITEURL"}
    result = publish(site, tmp_path / "www", env=env)
    assert result.returncode != 0
    assert "MAGAZINE_SITEURL is not set" in result.stderr
    assert "MAGAZINE_SITEURL=https://magazin.example.com ./magazine publish" in result.stderr
    assert not (tmp_path / "www").exists()
    direct = subprocess.run([sys.executable, "-m", "pelican", str(site.content), "-s",
                             str(ROOT / "publishconf.py"), "-o", str(tmp_path / "out")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert direct.returncode != 0 and "MAGAZINE_SITEURL is not set" in direct.stderr
