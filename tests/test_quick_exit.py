"""Pelican's command line ends without freeing its heap object by object once a build has
succeeded (press.quick_exit): every exit handler still runs, the log is complete, and any
other end keeps its exit code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuilder import ROOT

PROBE = '''"""A plugin leaving two marks when its process ends: one from an exit handler, one
from an object freed at the interpreter's teardown."""
import atexit
from pathlib import Path
from pelican import signals

MARKS = Path(__file__).with_name("marks.txt")


class Freed:
    def __del__(self):
        with MARKS.open("a") as marks:
            marks.write("teardown\\n")


def handler():
    with MARKS.open("a") as marks:
        marks.write("exit handler\\n")


def register():
    atexit.register(handler)
    globals()["kept"] = Freed()
'''


def pelican(site, tmp_path: Path, *settings: str) -> subprocess.CompletedProcess:
    probe = tmp_path / "probe"
    probe.mkdir(exist_ok=True)
    (probe / "exit_probe.py").write_text(PROBE, encoding="utf-8")
    conf = tmp_path / "probeconf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
                    "from publishconf import *\n"
                    f"PLUGIN_PATHS = [*PLUGIN_PATHS, {str(probe)!r}]\n"
                    "PLUGINS = [*PLUGINS, 'exit_probe']\nSEARCH_ENABLED = False\n",
                    encoding="utf-8")
    (probe / "marks.txt").unlink(missing_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "pelican", str(site.content), "-s", str(conf),
         "-o", str(tmp_path / "out"), *settings],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "MAGAZINE_SITEURL": "https://magazin.example.com"})


def marks(tmp_path: Path) -> list[str]:
    path = tmp_path / "probe" / "marks.txt"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


@pytest.mark.parametrize("quick", [True, False])
def test_a_good_build_ends_quickly_with_every_exit_handler_run(site, tmp_path, quick):
    site.article("artikel", body="Ein Absatz.")
    done = pelican(site, tmp_path, *([] if quick else ["-e", "PRESS_QUICK_EXIT=false"]))
    assert done.returncode == 0, done.stderr
    assert "Done: Processed 1 article" in done.stdout  # the log is flushed
    assert (tmp_path / "out" / "artikel" / "artikel" / "index.html").is_file()
    assert marks(tmp_path) == (["exit handler"] if quick else ["exit handler", "teardown"])


def test_a_failed_build_keeps_its_exit_code(site, tmp_path):
    site.article("artikel", body="Ein Absatz.", topics="gibt-es-nicht")
    done = pelican(site, tmp_path)
    assert done.returncode != 0
    assert "gibt-es-nicht" in done.stdout + done.stderr
    assert "teardown" in marks(tmp_path)  # Python ended it as always
