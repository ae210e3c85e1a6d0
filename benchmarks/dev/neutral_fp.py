"""Development: off-topic lines (a fresh dev set, not the shipped corpus) landing a topic."""
from __future__ import annotations
import sys, yaml
from trainer.formats.catalog import Catalog
from trainer.engine.listener.listen import scenario_listener
lines = [e["text"] for e in yaml.safe_load(open(sys.argv[1]))]
cat = Catalog()
for conf, close in [(0.8, 0.25), (0.6, 0.2), (0.5, 0.15)]:
    hits = 0; n = 0; ex = []
    for sid, s in cat.scenarios().items():
        lis = scenario_listener(s); lis._topic_index.confidence = conf; lis._topic_index.closeness = close
        for ln in lines:
            h = lis.hear(ln); n += 1
            if h.topics: hits += 1; ex.append((sid, ln, h.topic_ids()))
    print(f"conf {conf} close {close}: {hits}/{n} = {hits/n:.2%}", ex[:6])
