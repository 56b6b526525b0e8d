"""`./magazine test` on a machine without Chromium, Java or npm (and `./magazine serve`
without npm): it installs them as root with apt (.ci/system-packages), or prints the one
command to run and stops before anything runs.

The machine's own Chromium, Java and npm stay where they are: each test runs the real scripts
with a PATH of its own, a folder holding only the tools the scripts may use, plus fakes
(apt-get, sudo, id, python3) that record what they were asked to do.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT

SCRIPT = ROOT / ".ci" / "system-packages"
TOOLS = ("sh", "cat", "dirname")  # what the scripts need besides the fakes


def machine(tmp_path: Path, *, root: bool, apt: str | None = "", sudo: bool = True,
            python: bool = False, present: tuple[str, ...] = ()) -> tuple[dict[str, str], Path]:
    """An environment whose PATH hides Chromium, Java and npm but for those ``present``
    (stand-ins that do nothing); returns it and the call log.

    ``apt``: None for no apt-get; otherwise extra shell run by ``apt-get install``
    (e.g. creating the commands in the folder, as a real install would).
    """
    folder, log = tmp_path / "bin", tmp_path / "calls.log"
    folder.mkdir(parents=True)
    for tool in TOOLS:
        (folder / tool).symlink_to(shutil.which(tool))
    for command in present:
        (folder / command).symlink_to(shutil.which("true"))
    fakes = {"id": f'echo {0 if root else 1000}'}
    if apt is not None:
        fakes["apt-get"] = (f'echo "apt-get $*" >> {log}\n'
                            f'[ "$1" = install ] && {{ {apt or ":"}; }}; true')
    if sudo:
        fakes["sudo"] = f'echo "sudo $*" >> {log}'
    if python:  # records that something tried to start Python (a venv, invoke, pytest)
        fakes["python3"] = f'echo "python3 $*" >> {log}; exit 99'
    for name, body in fakes.items():
        (folder / name).write_text(f"#!/bin/sh\n{body}\n")
        (folder / name).chmod(0o755)
    env = {"PATH": str(folder), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    return env, log


def run(command: list[str], env: dict[str, str], cwd: Path = ROOT):
    started = time.monotonic()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=60)
    return result, time.monotonic() - started


def calls(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_without_root_it_prints_the_one_command_and_installs_nothing(tmp_path):
    env, log = machine(tmp_path, root=False)
    result, _ = run(["sh", str(SCRIPT)], env)
    assert result.returncode == 1
    assert "The tests need Chromium, Java and npm, which are not installed" in result.stderr
    commands = [line.strip() for line in result.stderr.splitlines() if line.startswith("    ")]
    assert commands == [f"sudo sh {SCRIPT}"]
    assert calls(log) == []


def test_the_environment_override_simulates_a_user_without_root(tmp_path):
    env, log = machine(tmp_path, root=True)
    result, _ = run(["sh", str(SCRIPT)], {**env, "MAGAZINE_ASSUME_NOT_ROOT": "1"})
    assert result.returncode == 1 and f"    sudo sh {SCRIPT}\n" in result.stderr
    assert calls(log) == []


def test_without_sudo_the_command_uses_su(tmp_path):
    env, _ = machine(tmp_path, root=False, sudo=False)
    result, _ = run(["sh", str(SCRIPT)], env)
    assert result.returncode == 1 and f"    su root -c 'sh {SCRIPT}'\n" in result.stderr


def test_without_apt_it_names_what_to_install(tmp_path):
    env, _ = machine(tmp_path, root=True, apt=None)
    result, _ = run(["sh", str(SCRIPT)], env)
    assert result.returncode == 1
    assert "no apt-get" in result.stderr and "`chromium`" in result.stderr


def test_as_root_it_installs_with_apt_and_checks_again(tmp_path):
    folder = tmp_path / "bin"
    link, true = shutil.which("ln"), shutil.which("true")
    made = f"for t in chromium java npm; do {link} -s {true} {folder}/$t; done"
    env, log = machine(tmp_path, root=True, apt=made)
    result, _ = run(["sh", str(SCRIPT)], env)
    assert result.returncode == 0, result.stderr
    assert calls(log) == ["apt-get update -qq", "apt-get install -y -qq --no-install-recommends "
                          "chromium default-jre-headless nodejs npm"]
    assert run(["sh", str(SCRIPT)], env)[0].returncode == 0  # now a no-op
    assert len(calls(log)) == 2


def test_as_root_a_failed_install_stops_instead_of_looping(tmp_path):
    env, log = machine(tmp_path, root=True)  # apt-get "succeeds" but installs nothing
    result, _ = run(["sh", str(SCRIPT)], env)
    assert result.returncode == 1 and "still cannot be found" in result.stderr
    assert len(calls(log)) == 2


def test_only_what_is_missing_is_installed(tmp_path):
    env, log = machine(tmp_path, root=True, present=("chromium", "npm"))
    run(["sh", str(SCRIPT)], env)
    assert calls(log)[1] == "apt-get install -y -qq --no-install-recommends default-jre-headless"


def test_magazine_test_stops_before_anything_runs(tmp_path):
    """The README's second command: no venv, no pip, no ruff, no pytest before the check."""
    env, log = machine(tmp_path, root=False, python=True)
    result, seconds = run([str(ROOT / "magazine"), "test"], env)
    assert result.returncode == 1
    assert f"\n    sudo sh {SCRIPT}\n" in result.stderr
    assert result.stdout == "" and calls(log) == []  # not even Python was started
    assert seconds < 10


def test_magazine_serve_needs_only_npm_and_says_so(tmp_path):
    env, log = machine(tmp_path, root=False, python=True)  # no Chromium and no Java either
    result, _ = run([str(ROOT / "magazine"), "serve"], env)
    assert result.returncode == 1
    assert result.stderr.startswith("The site's web editor (/admin/) needs npm, which")
    assert f"\n    sudo sh {SCRIPT} node\n" in result.stderr
    assert calls(log) == []
    env, _ = machine(tmp_path / "with-npm", root=False, present=("npm",))
    assert run(["sh", str(SCRIPT), "node"], env)[0].returncode == 0  # Chromium, Java: tests only


def test_the_invoke_task_checks_first_too(tmp_path):
    env, _ = machine(tmp_path, root=False)
    result, _ = run([sys.executable, "-m", "invoke", "test"], env)
    assert result.returncode == 1
    assert f"\n    sudo sh {SCRIPT}\n" in result.stderr
    assert "ruff" not in result.stdout + result.stderr and "passed" not in result.stdout


def test_a_python_without_venv_gets_the_one_command_too(tmp_path):
    """Debian's python3 without python3-venv: `./magazine serve` (any task) says what to run."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "magazine", project / "magazine")
    shutil.copy(ROOT / "requirements.txt", project / "requirements.txt")
    shutil.copytree(ROOT / ".ci", project / ".ci")
    env, log = machine(tmp_path, root=False, present=("npm",))
    (tmp_path / "bin" / "rm").symlink_to(shutil.which("rm"))
    broken = tmp_path / "bin" / "python3"  # as Debian's: makes bin/python, then fails
    broken.write_text(f'#!/bin/sh\necho "python3 $*" >> {tmp_path / "calls.log"}\n'
                      f'{shutil.which("mkdir")} -p .venv/bin && : > .venv/bin/python\n'
                      'echo "ensurepip is not available" >&2; exit 1\n')
    broken.chmod(0o755)
    result, _ = run([str(project / "magazine"), "serve"], env, cwd=project)
    assert result.returncode == 1
    assert "\n    sudo apt-get install -y python3-venv\n" in result.stderr
    assert calls(log) == ["python3 -m venv .venv"]  # tried once, no pip, no invoke
    assert not (project / ".venv").exists()  # the next run starts clean
