"""The serving tasks: a taken port fails at once, SIGTERM stops everything, the build knows
the port it is served on, and output/ is switched without a gap."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT
from servers import free_port, reading_in_a_loop, running_task

INVOKE = [sys.executable, "-m", "invoke"]


@pytest.fixture
def small_site(site):
    site.article("eins", body="Erster Text.")
    site.article("entwurf", body="Noch nicht fertig.", status="draft")
    return site


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        children = {child for child, ppid in parents.items() if ppid == parent}
        todo += children - found
        found |= children
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def port_is_free(port: int) -> bool:
    """Nobody listens on ``port``: a connection is refused and a server could bind it (with
    SO_REUSEADDR, as servers do: closed connections may linger in TIME_WAIT)."""
    with socket.socket() as client:
        if client.connect_ex(("127.0.0.1", port)) == 0:
            return False
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.mark.parametrize("task", ["serve", "livereload"])
def test_a_taken_port_fails_at_once_before_building(task, small_site, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [*INVOKE, task, "--port", str(port), "--content", str(small_site.content),
             "--output", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True,
            timeout=60)
    assert result.returncode != 0
    assert f"cannot serve at http://127.0.0.1:{port}/" in result.stderr
    assert "choose another port with --port" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.builds").exists()


def test_serve_builds_for_its_port_serves_comments_and_stops_on_sigterm(small_site, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out = tmp_path / "out"
    with running_task(["serve", "--port", str(port), "--content", str(small_site.content),
                       "--output", str(out)], base + "/", tmp_path / "serve.log") as process:
        # feeds and the API link to the port the site is served on, not the default 8000
        status, feed = fetch(base + "/feeds/all.atom.xml")
        assert status == 200 and f"{base}/artikel/eins/" in feed
        assert "127.0.0.1:8000" not in feed
        article = json.loads(fetch(base + "/api/v1/articles/eins.json")[1])
        assert article["url"] == f"{base}/artikel/eins/"
        # the comment server answers on the same origin
        assert fetch(base + "/comments/config")[0] == 200
        children = descendants(process.pid)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    assert port_is_free(port)
    assert [pid for pid in children if alive(pid)] == []


def test_serve_preview_serves_the_preview_build_with_comments(small_site, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out = tmp_path / "preview"
    with running_task(["serve", "--preview", "--port", str(port), "--content",
                       str(small_site.content), "--output", str(out)], base + "/",
                      tmp_path / "serve.log"):
        pages = []
        for path in ("/entwuerfe/entwurf/", "/artikel/entwurf/"):
            try:
                pages.append(fetch(base + path)[1])
            except urllib.error.HTTPError:
                continue
        assert any("Noch nicht fertig." in page for page in pages)  # the draft is shown
        assert fetch(base + "/comments/config")[0] == 200
    assert out.is_symlink() and (out / "index.html").is_file()


def test_swap_in_never_leaves_a_moment_without_output(tmp_path):
    """A reader going through output/index.html in a loop while builds are swapped in."""
    import tasks

    output = tmp_path / "output"

    def new_build(number: int) -> None:
        staging = tasks.fresh_folder(tasks.builds_of(output))
        (staging / "index.html").write_text(f"build {number}")
        tasks.swap_in(staging, output)

    new_build(0)
    with reading_in_a_loop(output / "index.html") as reader:
        for number in range(1, 301):
            new_build(number)
            # (a build is removed three swaps after it was replaced: 0.5 ms between swaps let
            # a reader preempted inside one open() on a loaded machine miss a pruned build,
            # which no real build, minutes apart, can do; the switch itself is what is tested)
            time.sleep(0.005)
    assert reader["misses"] == [] and reader["reads"] > 300
    assert len(reader["seen"]) > 10
    assert (output / "index.html").read_text() == "build 300"
    # the previous build is kept beside it, older ones are removed
    assert (tmp_path / "output.previous" / "index.html").read_text() == "build 299"
    assert len(list(tasks.builds_of(output).iterdir())) == tasks.KEEP_BUILDS


def test_build_replaces_a_real_output_folder_and_clean_removes_everything(small_site):
    from invoke import Context

    import tasks

    small_site.output.mkdir()
    (small_site.output / "old.html").write_text("from an older checkout")
    tasks.build_site(output=small_site.output, content=small_site.content)
    assert small_site.output.is_symlink()
    assert (small_site.output / "artikel/eins/index.html").is_file()
    assert (small_site.root / "output.previous" / "old.html").is_file()
    tasks.clean(Context(), output=str(small_site.output))
    assert [p.name for p in small_site.root.iterdir() if p.name.startswith("output")] == []


def test_livereload_keeps_a_save_made_during_a_build_and_answers_meanwhile(site, tmp_path):
    article = site.article("eins", body="Stand null.")
    site.article("zwei", body="Der andere Artikel.")
    for number in range(40):  # builds long enough to save in the middle of one
        site.article(f"fuell-{number}", body="Fülltext. " * 200)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    builds = tmp_path / "preview.builds"

    def building() -> bool:
        return any(p.name.startswith(".building-") for p in builds.iterdir())

    with running_task(["livereload", "--port", str(port), "--content", str(site.content),
                       "--output", str(tmp_path / "preview"), "--data", str(tmp_path / "db")],
                      base + "/artikel/eins/", tmp_path / "livereload.log"):
        article.write_text(article.read_text().replace("Stand null.", "Stand eins."))
        deadline = time.monotonic() + 30
        while not building():
            assert time.monotonic() < deadline, "no build started after the save"
            time.sleep(0.01)
        # a build is running: other pages answer from the last good build ...
        assert "Der andere Artikel." in fetch(base + "/artikel/zwei/")[1]
        # ... and a save made now is built after it
        article.write_text(article.read_text().replace("Stand eins.", "Stand zwei."))
        assert building()
        deadline = time.monotonic() + 60
        while "Stand zwei." not in fetch(base + "/artikel/eins/")[1]:
            assert time.monotonic() < deadline, "the second save was never built"
            time.sleep(0.1)


def test_livereload_builds_for_its_port_and_stops_on_sigterm_with_a_browser_listening(
        small_site, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running_task(["livereload", "--port", str(port), "--content",
                       str(small_site.content), "--output", str(tmp_path / "preview"),
                       "--data", str(tmp_path / "db")], base + "/feeds/all.atom.xml",
                      tmp_path / "livereload.log") as process:
        assert f"{base}/artikel/eins/" in fetch(base + "/feeds/all.atom.xml")[1]
        assert fetch(base + "/comments/config")[0] == 200  # comments in the live preview
        events = urllib.request.urlopen(base + "/_preview/events", timeout=10)
        assert events.headers["Content-Type"] == "text/event-stream"
        assert events.readline() == b"retry: 1000\n"
        children = descendants(process.pid)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
        events.close()
    assert port_is_free(port)
    assert [pid for pid in children if alive(pid)] == []
