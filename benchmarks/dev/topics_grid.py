"""Development: leave-one-out recall of topic examples vs false hits on the neutral corpus,
for a grid of matcher settings (authoring data only; the held-out paraphrases are not read)."""
from __future__ import annotations
from trainer.formats.catalog import Catalog
from trainer.engine.listener.listen import scenario_listener
cat = Catalog()
grid = [(c, k, v) for c in (0.6, 0.8) for k in (0.2, 0.25) for v in (0.0, 0.1, 9)]
tot = {g: [0, 0, 0, 0] for g in grid}
for sid in cat.scenarios():
    lis = scenario_listener(cat.scenario(sid)); idx = lis._topic_index
    for g in grid:
        idx.confidence, idx.closeness, idx.veto_margin = g
        for i, (lab, text) in enumerate(zip(idx.labels, idx.texts)):
            got = idx.nearest(text, skip=i)
            if not lab.startswith("-"):
                tot[g][1] += 1; tot[g][0] += got is not None and got.label == lab
            elif lab == "-neutral":
                tot[g][3] += 1; tot[g][2] += got is not None
for g, (h, p, fp, n) in tot.items():
    print(f"conf {g[0]} close {g[1]} veto {g[2]}: LOO recall {h/p:.3f}  neutral false {fp}/{n} = {fp/n:.2%}")
