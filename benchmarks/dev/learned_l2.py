"""Development: choose the learned fallback's L2 on a split of the training pool (never the
measuring set): train without train/lines-3.yaml, evaluate the listener on it."""
from __future__ import annotations
import glob, json, tempfile
from trainer.authoring.evaluate import evaluate, load_examples
from trainer.engine.listener import learned
from trainer.engine.listener.listen import listener_for
from trainer.engine.models import LearnedSpec
from trainer.formats.catalog import Catalog
from dataclasses import replace
CORE = ["ownership", "excuse", "clarifying_question", "empathy", "apology", "action_commitment", "dismissive"]
held = "tests/data/train/lines-3.yaml"
train = [f for f in sorted(glob.glob("tests/data/utterances*.yaml")) + sorted(glob.glob("tests/data/train/lines-*.yaml")) if f != held]
ex = [(e.text, e.labels) for f in train for e in load_examples(f)]
test = load_examples(held)
rub = Catalog().rubric("core")
for l2, th in [(1e-3, 0.6), (1e-3, 0.7), (3e-3, 0.6), (1e-2, 0.5)]:
    model = learned.train(ex, CORE, l2=l2)
    path = tempfile.mktemp(suffix=".json"); learned.save(model, path)
    lis = listener_for(replace(rub, learned=LearnedSpec(path, th, ())))
    res, wrong = evaluate(lis, test, CORE)
    macro = sum(r.f1 for r in res) / len(res)
    print(f"l2 {l2} th {th}: macro {macro:.3f} core3 {sum(r.f1 for r in res[:3])/3:.3f} exact {1-len(wrong)/len(test):.3f}", " ".join(f"{r.behavior[:5]} {r.f1:.2f}" for r in res), flush=True)
