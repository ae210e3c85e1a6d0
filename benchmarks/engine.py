"""Per-turn latency of Call.say and listener throughput. Prints figures; asserts nothing.

    python benchmarks/engine.py [--turns 2000]

Pinned to one core where the OS allows it, so the figure matches the "p99 below 5 ms per turn
on one core" target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from trainer.engine.call import Call
from trainer.engine.listener.listen import listener_for, scenario_listener
from trainer.formats.catalog import Catalog

ROOT = Path(__file__).resolve().parent.parent


def lines_of(name: str) -> list[str]:
    text = (ROOT / "scenarios" / "scripts" / name).read_text("utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--turns", type=int, default=2000)
    ap.add_argument("--scenario", default="best-of-the-worst")
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    cat = Catalog(use_env=False)
    scenario = cat.scenario(args.scenario)
    # Steady state: the app compiles the scenario's patterns while the briefing is read.
    scenario_listener(scenario).warm()
    script = lines_of(f"{args.scenario}.win.txt") + lines_of(f"{args.scenario}.lose.txt")
    samples: list[float] = []
    setup: list[float] = []
    seed = 0
    while len(samples) < args.turns:
        t0 = time.perf_counter()
        call = Call(scenario, seed=seed)
        setup.append(time.perf_counter() - t0)
        for line in script:
            if call.ended:
                break
            t0 = time.perf_counter()
            call.say(line)
            samples.append(time.perf_counter() - t0)
        seed += 1
    ms = [s * 1000 for s in samples]
    print(f"Call.say on {args.scenario}: {len(ms)} turns")
    print(f"  p50 {statistics.median(ms):.3f} ms   p99 {percentile(ms, 99):.3f} ms   max {max(ms):.3f} ms")
    print(f"  new Call (builds the mood machine): median {statistics.median(setup) * 1000:.2f} ms")

    rubric = scenario.rubric
    listener = listener_for(rubric)
    corpus = script * 50
    t0 = time.perf_counter()
    for line in corpus:
        listener.hear(line)
    elapsed = time.perf_counter() - t0
    print(f"Listener: {len(corpus) / elapsed:,.0f} lines/s ({len(corpus)} lines, avg {sum(map(len, corpus)) / len(corpus):.0f} chars)")


if __name__ == "__main__":
    main()
