"""The figures of issue 12, whole process, as a user runs them. Prints; asserts nothing.

    python benchmarks/startup.py [--trainer PATH/TO/bin/trainer] [--runs 5] [--readme]

Measure an installed console script (a non-editable ``pip install .`` in a throwaway venv), not
the checkout: an editable install finds files differently. Every figure is the median of
``--runs`` fresh processes. Each run uses an empty cache folder for the cold figure and a filled
one for the warm figure, so neither depends on what ran before. The listener's speed is printed
beside a plain baseline measured in the same process (every core pattern searched in every
line), so a loaded machine shows in both. ``--readme`` also times the README's test command on
a clean clone of the checkout's last commit (minutes; ``--readme-runs`` times).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "best-of-the-worst.yaml"

# Whole process until the home screen's first frame: the app runs headless (run_test), and the
# child prints the wall clock when the pilot gets control, i.e. after the home screen mounted.
APP_SNIPPET = """
import asyncio, sys, time
from trainer.app import make_app

async def main():
    app = make_app(history=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        print(time.time() - float(sys.argv[1]), app.screen.__class__.__name__)

asyncio.run(main())
"""


# The listener against a plain baseline, in one process of the installed package: rounds
# alternate, each with a new listener (nothing heard before is remembered), lines on stdin.
LISTENER_SNIPPET = """
import json, statistics, sys, time
from trainer.engine.listener.listen import listener_for
from trainer.engine.listener.textnorm import normalize
from trainer.formats.catalog import Catalog

lines = [ln for ln in sys.stdin.read().splitlines() if ln.strip()]
rubric = Catalog(use_env=False).rubric("core")
patterns = [p for b in rubric.behaviors.values() for p in (*b.patterns, *b.not_patterns)]
for p in patterns:
    p.search("")  # compiled before timing, for both sides

def plain():
    for line in lines:
        text = normalize(line)
        for p in patterns:
            p.search(text)

def listener():
    hear = listener_for(rubric).hear  # built outside the clock below
    return hear

heard, base = [], []
for _ in range(int(sys.argv[1])):
    hear = listener()
    t = time.perf_counter()
    for line in lines:
        hear(line)
    heard.append(len(lines) / (time.perf_counter() - t))
    t = time.perf_counter()
    plain()
    base.append(len(lines) / (time.perf_counter() - t))
print(json.dumps([statistics.median(heard), statistics.median(base), len(lines), len(patterns)]))
"""

# name, target in seconds (issue 12), on a 2-core machine
TARGETS = {
    "trainer list": 0.3,
    'trainer analyze "one line"': 0.4,
    "trainer validate one scenario": 0.4,
    "app, first screen (headless)": 1.0,
    "README test command, clean clone": 240.0,
}


def labelled_texts() -> list[str]:
    """The trainee lines of the labelled sets in tests/data, in file order."""
    texts: list[str] = []
    for f in sorted((ROOT / "tests" / "data").glob("*.yaml")):
        for raw in f.read_text("utf-8").splitlines():
            line = raw.strip()
            if line.startswith("- text:"):
                texts.append(line[len("- text:") :].strip().strip("\"'"))
    if not texts:
        raise SystemExit("no labelled lines found under tests/data")
    return texts


def labelled_lines(count: int) -> str:
    """``count`` trainee lines from the labelled sets, repeated in order."""
    texts = labelled_texts()
    return "\n".join(texts[i % len(texts)] for i in range(count)) + "\n"


def timed(cmd: list[str], env: dict[str, str], stdin: str | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, input=stdin, capture_output=True, text=True, env=env, cwd=env["HOME"], check=False
    )
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return took


def median_of(runs: int, cmd: list[str], base: dict[str, str], *, warm: bool, stdin: str | None = None) -> float:
    """Median wall time; ``warm`` runs once first to fill a fresh cache folder."""
    times = []
    for _ in range(runs):
        cache = tempfile.mkdtemp(prefix="trainer-bench-cache-")
        env = {**base, "TRAINER_CACHE": cache}
        try:
            if warm:
                timed(cmd, env, stdin)
            times.append(timed(cmd, env, stdin))
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    return statistics.median(times)


def app_first_screen(python: str, runs: int, base: dict[str, str], *, warm: bool) -> float:
    times = []
    for _ in range(runs):
        cache = tempfile.mkdtemp(prefix="trainer-bench-cache-")
        env = {**base, "TRAINER_CACHE": cache}
        try:
            for attempt in range(2 if warm else 1):
                # -I and a neutral folder: import the installed trainer, not a checkout.
                proc = subprocess.run(
                    [python, "-I", "-c", APP_SNIPPET, repr(time.time())],
                    capture_output=True, text=True, env=env, cwd=env["HOME"], check=False,
                )
                if proc.returncode != 0:
                    raise SystemExit(f"app start failed:\n{proc.stderr[-2000:]}")
                if attempt == (1 if warm else 0):
                    times.append(float(proc.stdout.split()[0]))
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    return statistics.median(times)


def listener_speed(python: str, runs: int, base: dict[str, str]) -> tuple[float, float, int, int]:
    """(listener lines/s, plain baseline lines/s, lines, patterns), medians of ``runs`` rounds."""
    import json

    texts = sorted(set(labelled_texts()))
    proc = subprocess.run(
        [python, "-I", "-c", LISTENER_SNIPPET, str(runs)],
        input="\n".join(texts), capture_output=True, text=True, env=base, cwd=base["HOME"], check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"listener benchmark failed:\n{proc.stderr[-2000:]}")
    heard, plain, n, pats = json.loads(proc.stdout.splitlines()[-1])
    return float(heard), float(plain), int(n), int(pats)


def readme_command() -> str:
    for line in (ROOT / "README.md").read_text("utf-8").splitlines():
        if line.startswith("    python3 -m venv .venv && ") and "pytest" in line:
            return line.strip()
    raise SystemExit("README.md has no test command")


def readme_time(runs: int) -> list[list[tuple[str, float]]]:
    """The README's test command on a fresh clone of HEAD (so only committed work counts), step
    by step (its ``&&`` parts, run in order in one folder): [(step, seconds), ...] per run."""
    steps = readme_command().split(" && ")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRAINER_", "PYTHON", "VIRTUAL_ENV"))}
    out = []
    for _ in range(runs):
        where = Path(tempfile.mkdtemp(prefix="trainer-bench-clone-")) / "clone"
        try:
            subprocess.run(["git", "clone", "-q", str(ROOT), str(where)], check=True)
            times = []
            for step in steps:
                start = time.perf_counter()
                proc = subprocess.run(["bash", "-c", step], cwd=where, env=env, capture_output=True, text=True)
                times.append((step, time.perf_counter() - start))
                if proc.returncode != 0:
                    done = "".join(f"  {t:>6.0f} s  {s}\n" for s, t in times)
                    raise SystemExit(
                        f"{proc.stdout[-2500:]}\n{proc.stderr[-1000:]}\n"
                        f"README step failed ({proc.returncode}) after:\n{done}"
                    )
            out.append(times)
        finally:
            shutil.rmtree(where.parent, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = shutil.which("trainer") or str(Path(sys.executable).parent / "trainer")
    ap.add_argument("--trainer", default=default, help="the console script (default: on PATH)")
    ap.add_argument("--runs", type=int, default=5, help="processes per figure (default 5)")
    ap.add_argument("--lines", type=int, default=10_000, help="lines for the throughput figure")
    ap.add_argument("--readme", action="store_true", help="also time the README's test command")
    ap.add_argument("--readme-runs", type=int, default=1, help="clean clones to time (default 1)")
    args = ap.parse_args()
    exe = str(Path(args.trainer).absolute())
    python = str(Path(exe).parent / "python")
    home = tempfile.mkdtemp(prefix="trainer-bench-home-")
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("TRAINER_", "PYTHON"))
    }
    base.update(HOME=home, XDG_DATA_HOME=home, TRAINER_DB=str(Path(home) / "bench.db"))
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"trainer: {exe}")
    print(f"cores: {cores} (usable by this process: {usable}); load average {load:.2f} at start")
    print(f"median of {args.runs} runs\n")
    print(f"{'what':<44} {'cold cache':>11} {'warm cache':>11} {'target':>9}")

    def show(name: str, cold: float, warm: float) -> None:
        target = TARGETS[name]
        mark = "ok" if warm < target else "OVER"
        print(f"{name:<44} {cold * 1000:>8.0f} ms {warm * 1000:>8.0f} ms {target * 1000:>6.0f} ms {mark}", flush=True)

    def row(name: str, cmd: list[str], stdin: str | None = None) -> None:
        cold = median_of(args.runs, cmd, base, warm=False, stdin=stdin)
        warm = median_of(args.runs, cmd, base, warm=True, stdin=stdin)
        show(name, cold, warm)

    row("trainer list", [exe, "list"])
    row('trainer analyze "one line"', [exe, "analyze", "That one is on us, and I'm sorry."])
    row("trainer validate one scenario", [exe, "validate", str(SCENARIO)])
    cold = app_first_screen(python, args.runs, base, warm=False)
    warm = app_first_screen(python, args.runs, base, warm=True)
    show("app, first screen (headless)", cold, warm)
    text = labelled_lines(args.lines)
    cmd = [exe, "analyze"]
    cold = median_of(max(1, args.runs // 2), cmd, base, warm=False, stdin=text)
    warm = median_of(max(1, args.runs // 2), cmd, base, warm=True, stdin=text)
    name = f"trainer analyze, {args.lines} lines (lines/s)"
    print(f"{name:<44} {args.lines / cold:>11.0f} {args.lines / warm:>11.0f}")
    heard, plain, n, pats = listener_speed(python, args.runs, base)
    print(f"\nlistener, in process: {heard:,.0f} lines/s; plain baseline (each of {pats} core")
    print(f"patterns searched in each line): {plain:,.0f} lines/s; ratio {heard / plain:.2f} ({n} lines)")
    shutil.rmtree(home, ignore_errors=True)
    if args.readme:
        runs = readme_time(args.readme_runs)
        totals = [sum(t for _, t in steps) for steps in runs]
        took = statistics.median(totals)
        mark = "ok" if took < TARGETS["README test command, clean clone"] else "OVER"
        print(f"\nREADME test command, clean clone of HEAD: median {took:.0f} s of {len(totals)} "
              f"({', '.join(f'{t:.0f}' for t in totals)}); target 240 s {mark}")
        for i, (step, _) in enumerate(runs[0]):
            print(f"  {statistics.median(r[i][1] for r in runs):>6.0f} s  {step}")


if __name__ == "__main__":
    main()
