"""Development: topic recall on conversation-test lines vs off-topic hits on a fresh dev set."""
from __future__ import annotations
import glob, sys, yaml
from trainer.formats.catalog import Catalog
from trainer.engine.listener.listen import scenario_listener
cat = Catalog()
neutral = [e["text"] for e in yaml.safe_load(open("/work/incoming/neutral-dev/neutral-dev.yaml"))]
steps = []
for f in glob.glob("scenarios/tests/*.yaml"):
    for t in yaml.safe_load(open(f))["tests"]:
        for s in t["steps"]:
            for tid in (s.get("expect") or {}).get("topics", []):
                steps.append((t["scenario"], s["say"], tid))
lis = {sid: scenario_listener(s) for sid, s in cat.scenarios().items()}
def run(conf, close, nm=0.0):
    for l in lis.values():
        l._topic_index.confidence, l._topic_index.closeness = conf, close
        l._topic_index.neutral_margin = nm
    hit = sum(tid in lis[sid].hear(line).topic_ids() for sid, line, tid in steps)
    fp = sum(bool(l.hear(n).topics) for l in lis.values() for n in neutral)
    print(f"conf {conf} close {close} nm {nm}: test-line recall {hit}/{len(steps)} = {hit/len(steps):.2f}; off-topic hits {fp}/{len(neutral)*5} = {fp/len(neutral)/5:.2%}", flush=True)
for conf, close, nm in [(0.7, 0.25, 0.0), (0.7, 0.25, 0.05)]:
    run(conf, close, nm)
if len(sys.argv) > 1:
    for l in lis.values():
        l._topic_index.confidence, l._topic_index.closeness = 0.6, 0.2
    for sid, line, tid in steps:
        got = lis[sid].hear(line)
        if tid not in got.topic_ids(): print("MISS", sid, tid, "|", line[:90], got.topic_ids(), got.acts)
    for sid, l in lis.items():
        for n in neutral:
            h = l.hear(n)
            if h.topics: print("FP", sid, n, h.topic_ids(), h.acts)
