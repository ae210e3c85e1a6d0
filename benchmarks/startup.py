"""Start-up figures of issue 12, whole process, as a user runs them. Prints; asserts nothing.

    python benchmarks/startup.py [--trainer PATH/TO/bin/trainer] [--runs 5]

Measure an installed console script (a non-editable ``pip install .`` in a throwaway venv), not
the checkout: an editable install finds files differently. Every figure is the median of
``--runs`` fresh processes. Each run uses an empty cache folder for the cold figure and a filled
one for the warm figure, so neither depends on what ran before.
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


def labelled_lines(count: int) -> str:
    """``count`` trainee lines from the labelled sets in tests/data, repeated in order."""
    texts: list[str] = []
    for f in sorted((ROOT / "tests" / "data").glob("*.yaml")):
        for raw in f.read_text("utf-8").splitlines():
            line = raw.strip()
            if line.startswith("- text:"):
                texts.append(line[len("- text:") :].strip().strip("\"'"))
    if not texts:
        raise SystemExit("no labelled lines found under tests/data")
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = shutil.which("trainer") or str(Path(sys.executable).parent / "trainer")
    ap.add_argument("--trainer", default=default, help="the console script (default: on PATH)")
    ap.add_argument("--runs", type=int, default=5, help="processes per figure (default 5)")
    ap.add_argument("--lines", type=int, default=10_000, help="lines for the throughput figure")
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
    print(f"trainer: {exe}")
    print(f"cores: {cores} (usable by this process: {usable}); median of {args.runs} runs\n")
    print(f"{'what':<44} {'cold cache':>11} {'warm cache':>11}")

    def row(name: str, cmd: list[str], stdin: str | None = None) -> None:
        cold = median_of(args.runs, cmd, base, warm=False, stdin=stdin)
        warm = median_of(args.runs, cmd, base, warm=True, stdin=stdin)
        print(f"{name:<44} {cold * 1000:>8.0f} ms {warm * 1000:>8.0f} ms", flush=True)

    row("trainer list", [exe, "list"])
    row('trainer analyze "one line"', [exe, "analyze", "That one is on us, and I'm sorry."])
    row("trainer validate one scenario", [exe, "validate", str(SCENARIO)])
    cold = app_first_screen(python, args.runs, base, warm=False)
    warm = app_first_screen(python, args.runs, base, warm=True)
    print(f"{'app, first screen (headless)':<44} {cold * 1000:>8.0f} ms {warm * 1000:>8.0f} ms")
    text = labelled_lines(args.lines)
    cmd = [exe, "analyze"]
    cold = median_of(max(1, args.runs // 2), cmd, base, warm=False, stdin=text)
    warm = median_of(max(1, args.runs // 2), cmd, base, warm=True, stdin=text)
    name = f"trainer analyze, {args.lines} lines (lines/s)"
    print(f"{name:<44} {args.lines / cold:>11.0f} {args.lines / warm:>11.0f}")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
