"""Development: leave-one-out recall / near-miss false hits of example-detected behaviours."""
from __future__ import annotations
import sys
from trainer.formats.catalog import Catalog
from trainer.engine.listener.listen import scenario_listener
cat = Catalog()
grid = [(c, k) for c in (0.7, 0.8, 0.85) for k in (0.2, 0.25, 0.3)]
for g in grid:
    tp = fn = fp = tn = 0
    for sid, s in cat.scenarios().items():
        lis = scenario_listener(s)
        for bid, idx in lis._behavior_indexes.items():
            idx.confidence, idx.closeness = g
            for i, (lab, text) in enumerate(zip(idx.labels, idx.texts)):
                if lab == bid or lab == f"~{bid}":
                    got = idx.nearest(text, skip=i)
                    hit = got is not None and got.label == bid
                    if lab == bid: tp += hit; fn += not hit
                    else: fp += hit; tn += not hit
    print(f"conf {g[0]} close {g[1]}: LOO recall {tp/(tp+fn):.2f}  near-miss false {fp}/{fp+tn} precision {tp/max(1,tp+fp):.2f}")
