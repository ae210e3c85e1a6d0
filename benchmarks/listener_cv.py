"""The whole core listener, cross-validated over the training files: a development figure.

For each fold (a training file, by default the newest writers' files), the learned model is
retrained on every other training file and the listener is heard on the fold. So a change to
the model or its fitting can be judged without the measuring set, which is never used here.
The rules were partly written against the older files, so their absolute figures flatter;
compare runs with each other, not with the measuring set.

    python benchmarks/listener_cv.py [--folds FILE ...] [--balance 0.5] [--threshold 0.5] [--doubt 0.03]
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
from pathlib import Path

from trainer.authoring.evaluate import Result, evaluate, load_examples
from trainer.cli.engine_cmds import CORE_BEHAVIORS
from trainer.engine.listener import learned
from trainer.engine.listener.listen import listener_for
from trainer.formats.catalog import Catalog
from trainer.formats.rubric_file import small_talk_corpus

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
TRAINING = sorted(DATA.glob("utterances*.yaml")) + sorted((DATA / "train").glob("lines-*.yaml"))
SMALL_TALK = DATA / "train" / "small-talk.txt"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", nargs="*", type=Path, help="files to hold out, one at a time")
    ap.add_argument("--balance", type=float, default=learned.Fitting().balance)
    ap.add_argument("--threshold", type=float, default=None, help="default: the rubric's")
    ap.add_argument("--doubt", type=float, default=None, help="default: the rubric's")
    args = ap.parse_args()
    folds = args.folds or [
        p for p in TRAINING if p.name.startswith("lines-") and p.stem[-1].isalpha()
    ]
    rubric = Catalog(use_env=False).rubric("core")
    assert rubric is not None and rubric.learned is not None
    chat = small_talk_corpus(rubric, [SMALL_TALK])
    totals = {b: [0, 0, 0] for b in CORE_BEHAVIORS}
    lines = wrong_lines = 0
    with tempfile.TemporaryDirectory() as tmp:
        for fold in folds:
            rest = [p for p in TRAINING if p.resolve() != fold.resolve()]
            examples = [(e.text, e.labels) for p in rest for e in load_examples(p)]
            model = learned.train(
                examples,
                CORE_BEHAVIORS,
                small_talk=chat,
                fitting=learned.Fitting(balance=args.balance),
            )
            path = Path(tmp) / f"{fold.stem}.json"
            learned.save(model, path)
            spec = dataclasses.replace(
                rubric.learned,
                path=str(path),
                threshold=args.threshold or rubric.learned.threshold,
                doubt=rubric.learned.doubt if args.doubt is None else args.doubt,
            )
            listener = listener_for(dataclasses.replace(rubric, learned=spec))
            held = load_examples(fold)
            results, wrong = evaluate(listener, held, CORE_BEHAVIORS)
            for r in results:
                totals[r.behavior][0] += r.tp
                totals[r.behavior][1] += r.fp
                totals[r.behavior][2] += r.fn
            lines += len(held)
            wrong_lines += len(wrong)
            f1 = [r.f1 for r in results]
            print(
                f"{fold.name:24s} {len(held):5d} lines  macro-F1 {sum(f1) / len(f1):.3f}  exact {1 - len(wrong) / len(held):.3f}",
                flush=True,
            )
    pooled = {b: Result(b, *v).f1 for b, v in totals.items()}
    print("pooled: " + "  ".join(f"{b} {v:.3f}" for b, v in pooled.items()))
    core = sum(pooled[b] for b in CORE_BEHAVIORS[:3]) / 3
    print(
        f"macro-F1 {sum(pooled.values()) / len(pooled):.3f}  core-3 {core:.3f}  exact {1 - wrong_lines / lines:.3f}"
    )


if __name__ == "__main__":
    main()
