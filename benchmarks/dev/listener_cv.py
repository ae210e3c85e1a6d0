"""Development experiment: compare listener designs by cross-validation on the training pool.

Never reads the measuring set (tests/data/measure/).
"""
from __future__ import annotations
import glob, sys, random
import numpy as np
import yaml
from sklearn.linear_model import LogisticRegression
from sklearn.feature_extraction import DictVectorizer
from sklearn.model_selection import KFold

from trainer.formats.catalog import Catalog
from trainer.engine.listener.listen import Listener
from trainer.engine.listener.learned import text_features
from trainer.engine.listener.textnorm import normalize

CORE = ["ownership","excuse","clarifying_question","empathy","apology","action_commitment","dismissive"]
files = sorted(glob.glob("tests/data/utterances*.yaml")) + sorted(glob.glob("tests/data/train/lines-*.yaml"))
rows = []
for f in files:
    for e in yaml.safe_load(open(f)):
        rows.append((e["text"], frozenset(e.get("behaviors") or [])))
print(len(rows), "lines")
rub = Catalog().rubric("core")
lis = Listener(rub.behaviors, [], phrase_threshold=rub.phrase_threshold, topic_threshold=rub.topic_threshold, learned=None)
pats = [set(lis.hear(t).behavior_ids()) for t, _ in rows]
def feats(i, use_pat=True, use_words=True):
    d = {}
    if use_words:
        for w in text_features(rows[i][0]): d["w:"+w] = 1
    if use_pat:
        for b in pats[i]: d["pat:"+b] = 1
    return d
def f1(tp, fp, fn):
    p = tp/(tp+fp) if tp+fp else 0; r = tp/(tp+fn) if tp+fn else 0
    return 2*p*r/(p+r) if p+r else 0
def cv(name, use_pat, use_words, C=1.0, th=0.5, mode="stack"):
    X = [feats(i, use_pat, use_words) for i in range(len(rows))]
    idx = np.arange(len(rows)); kf = KFold(5, shuffle=True, random_state=0)
    counts = {b: [0,0,0] for b in CORE}
    for tr, te in kf.split(idx):
        v = DictVectorizer(); Xtr = v.fit_transform([X[i] for i in tr]); Xte = v.transform([X[i] for i in te])
        for b in CORE:
            y = [b in rows[i][1] for i in tr]
            m = LogisticRegression(C=C, max_iter=2000).fit(Xtr, y)
            p = m.predict_proba(Xte)[:,1]
            for k, i in enumerate(te):
                gold = b in rows[i][1]
                if mode == "stack": pred = p[k] >= th
                elif mode == "add": pred = (b in pats[i]) or p[k] >= th
                else: pred = b in pats[i]
                counts[b][0] += pred and gold; counts[b][1] += pred and not gold; counts[b][2] += gold and not pred
    fs = {b: f1(*counts[b]) for b in CORE}
    print(f"{name:28s} macro {np.mean(list(fs.values())):.3f} core3 {np.mean([fs[b] for b in CORE[:3]]):.3f} ", " ".join(f"{b[:5]} {fs[b]:.2f}" for b in CORE))
cv("patterns only", True, False, mode="pat")
cv("add words C1 .7", False, True, C=1, th=0.7, mode="add")
cv("add words C1 .5", False, True, C=1, th=0.5, mode="add")
for C in (0.5, 1, 3):
    for th in (0.4, 0.5):
        cv(f"stack C{C} th{th}", True, True, C=C, th=th)
