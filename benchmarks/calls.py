"""Whole calls written from the stories by writers who never saw the scenario files.

Each file in a folder (default tests/data/calls-holdout, the set kept aside) is one trainee's
lines, with `# expect: won` or `# expect: not-won` on its first line. A coach's verdict holds
when a "won" call wins and scores at least the pass mark, and a "not-won" call is not won and
scores below it. Prints the agreement per scenario and difficulty, and each disagreement.

    python benchmarks/calls.py [FOLDER] [--difficulty normal,hard]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from trainer.engine.call import replay
from trainer.formats.catalog import Catalog


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default="tests/data/calls-holdout")
    ap.add_argument("--difficulty", default="normal,hard")
    ap.add_argument("--seeds", type=int, default=3)
    args = ap.parse_args()
    cat = Catalog()
    agree: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for path in sorted(Path(args.folder).glob("*.txt")):
        scenario_id = path.name.split(".")[0]
        text = path.read_text("utf-8").splitlines()
        expect = text[0].split(":", 1)[1].strip()
        lines = [ln for ln in text if ln.strip() and not ln.startswith("#")]
        s = cat.scenario(scenario_id)
        for level in args.difficulty.split(","):
            for seed in range(args.seeds):
                call = replay(s, lines, seed=seed, difficulty=level)
                overall = call.scorecard().overall
                won = call.outcome == "won"
                ok = (won and overall >= s.pass_mark) if expect == "won" else not won
                key = f"{scenario_id} {level}"
                total[key] += 1
                agree[key] += ok
                if not ok and seed == 0:
                    print(f"  MISS {path.name} [{level}] expected {expect}, got "
                          f"{call.outcome or 'open'} {overall}: {call.end_reason}; "
                          f"missing {call.missing_for_win()}", file=sys.stderr)
    for key in sorted(total):
        print(f"{key:36s} {agree[key]}/{total[key]}")
    print(f"all: {sum(agree.values())}/{sum(total.values())} = "
          f"{sum(agree.values()) / max(1, sum(total.values())):.1%} of runs get a coach's verdict")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
