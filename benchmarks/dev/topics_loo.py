"""Development: leave-one-out recall of topic examples and false hits on the neutral corpus.

Tunes the example matcher's threshold and margin on authoring data only (never on
tests/data/topics-holdout.yaml, the paraphrases kept aside).
"""
from __future__ import annotations
import glob, sys, yaml
from trainer.engine.listener.similar import Concepts, ExampleIndex
from trainer.engine.listener.textnorm import normalize
sys.path.insert(0, "benchmarks/dev")
from concepts_draft import CONCEPTS  # noqa: E402

neutral = [e["text"] for e in yaml.safe_load(open("/work/incoming/neutral/neutral.yaml"))]
def fill(s, det):
    for k, v in det.items(): s = s.replace("{" + k + "}", str(v))
    return s
grid = [(t, m) for t in (0.3, 0.35, 0.4, 0.45, 0.5) for m in (0.0, 0.05, 0.1)]
tot = {g: [0, 0, 0, 0] for g in grid}  # hits, positives, neutral false, neutral total
for f in sorted(glob.glob("scenarios/*.yaml")):
    d = yaml.safe_load(open(f)); sid = d["id"]; det = d["customer"].get("details", {})
    ex = yaml.safe_load(open(f"/work/incoming/examples/{sid}.yaml"))
    items = []
    for tid, t in d["topics"].items():
        pos = list(t.get("phrases", [])) + list((t.get("samples") or {}).get("match", []))
        if t.get("model_answer"): pos.append(t["model_answer"])
        pos += ex["topics"].get(tid, {}).get("examples", [])
        items += [(tid, normalize(fill(p, det))) for p in pos]
        neg = list((t.get("samples") or {}).get("no_match", [])) + ex["topics"].get(tid, {}).get("near", [])
        items += [("-near", normalize(fill(p, det))) for p in neg]
    items += [("-neutral", normalize(n)) for n in neutral]
    idx = ExampleIndex(items, Concepts.build(CONCEPTS))
    for g in grid:
        th, m = g
        for i, (lab, text) in enumerate(items):
            got = idx.nearest(text, th, m, skip=i)
            if not lab.startswith("-"):
                tot[g][1] += 1; tot[g][0] += got is not None and got.label == lab
            elif lab == "-neutral":
                tot[g][3] += 1; tot[g][2] += got is not None
for g, (h, p, fp, n) in tot.items():
    print(f"th {g[0]:.2f} margin {g[1]:.2f}: LOO recall {h/p:.3f}  neutral false {fp}/{n} = {fp/n:.3%}")
