"""Topics heard from examples: recall on paraphrases kept aside, and off-topic false hits.

    python benchmarks/topics.py [--paraphrases FILE] [--off-topic FILE]

Paraphrases (default tests/data/topics-holdout.yaml) were written by someone who saw each
topic's title and hint but never its examples; the matcher never trained on them. Off-topic
lines (default tests/data/neutral-dev.yaml) should land no topic in any scenario.
"""

from __future__ import annotations

import argparse
from collections import Counter

import yaml

from trainer.engine.listener.listen import scenario_listener
from trainer.formats.catalog import Catalog


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--paraphrases", default="tests/data/topics-holdout.yaml")
    ap.add_argument("--off-topic", default="tests/data/neutral-dev.yaml")
    args = ap.parse_args()
    cat = Catalog()
    listeners = {sid: scenario_listener(s) for sid, s in cat.scenarios().items()}
    hit: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    with open(args.paraphrases, encoding="utf-8") as f:
        for item in yaml.safe_load(f):
            sid, tid = item["scenario"], item["topic"]
            got = listeners[sid].hear(item["text"]).topic_ids()
            total[sid] += 1
            hit[sid] += tid in got
            wrong[sid] += bool(set(got) - {tid})
    print("paraphrases kept aside: recall (and lines that also landed another topic)")
    for sid in sorted(total):
        print(f"  {sid:28s} {hit[sid]:3d}/{total[sid]:3d} = {hit[sid] / total[sid]:.2f}   other topic: {wrong[sid]}")
    print(f"  {'all':28s} {sum(hit.values())}/{sum(total.values())} = {sum(hit.values()) / sum(total.values()):.2f}")
    with open(args.off_topic, encoding="utf-8") as f:
        lines = [item["text"] for item in yaml.safe_load(f)]
    false = sum(bool(lis.hear(ln).topics) for lis in listeners.values() for ln in lines)
    n = len(lines) * len(listeners)
    print(f"off-topic lines landing a topic: {false}/{n} = {false / n:.2%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
