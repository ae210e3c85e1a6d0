"""Development experiment 2: word and character features, stacked on the patterns (cached)."""
from __future__ import annotations
import glob, os, pickle, re
import numpy as np, yaml
from sklearn.linear_model import LogisticRegression
from sklearn.feature_extraction import DictVectorizer
from sklearn.model_selection import KFold
from trainer.engine.listener.learned import text_features
from trainer.engine.listener.textnorm import sentences
CORE = ["ownership","excuse","clarifying_question","empathy","apology","action_commitment","dismissive"]
files = sorted(glob.glob("tests/data/utterances*.yaml")) + sorted(glob.glob("tests/data/train/lines-*.yaml"))
rows = [(e["text"], frozenset(e.get("behaviors") or [])) for f in files for e in yaml.safe_load(open(f))]
cache = "/tmp/pats.pkl"
if os.path.exists(cache): pats = pickle.load(open(cache, "rb"))
else:
    from trainer.formats.catalog import Catalog
    from trainer.engine.listener.listen import Listener
    rub = Catalog().rubric("core")
    lis = Listener(rub.behaviors, [], phrase_threshold=rub.phrase_threshold, topic_threshold=rub.topic_threshold, learned=None)
    pats = [set(lis.hear(t).behavior_ids()) for t, _ in rows]; pickle.dump(pats, open(cache, "wb"))
W = re.compile(r"[a-z][a-z']*|\d+")
def chars(text):
    out = set()
    for _, norm in sentences(text):
        for w in W.findall(norm):
            w = f" {w} "
            for n in (3, 4):
                for k in range(len(w) - n + 1): out.add("c:" + w[k:k+n])
    return out
def feats(i, char):
    d = {"w:" + w: 1 for w in text_features(rows[i][0])}
    for b in pats[i]: d["pat:" + b] = 1
    if char:
        for c in chars(rows[i][0]): d[c] = 1
    return d
def f1(tp, fp, fn):
    p = tp/(tp+fp) if tp+fp else 0; r = tp/(tp+fn) if tp+fn else 0
    return 2*p*r/(p+r) if p+r else 0
def cv(name, char, C, th):
    X = [feats(i, char) for i in range(len(rows))]
    counts = {b: [0,0,0] for b in CORE}
    for tr, te in KFold(5, shuffle=True, random_state=0).split(np.arange(len(rows))):
        v = DictVectorizer(); Xtr = v.fit_transform([X[i] for i in tr]); Xte = v.transform([X[i] for i in te])
        for b in CORE:
            m = LogisticRegression(C=C, max_iter=3000).fit(Xtr, [b in rows[i][1] for i in tr])
            p = m.predict_proba(Xte)[:, 1]
            for k, i in enumerate(te):
                gold = b in rows[i][1]; pred = p[k] >= th
                counts[b][0] += pred and gold; counts[b][1] += pred and not gold; counts[b][2] += gold and not pred
    fs = {b: f1(*counts[b]) for b in CORE}
    print(f"{name:24s} macro {np.mean(list(fs.values())):.3f} core3 {np.mean([fs[b] for b in CORE[:3]]):.3f} ", " ".join(f"{b[:5]} {fs[b]:.2f}" for b in CORE), flush=True)
cv("words C3 .4", False, 3, 0.4)
cv("words+chars C1 .4", True, 1, 0.4)
cv("words+chars C0.3 .4", True, 0.3, 0.4)
cv("words+chars C3 .4", True, 3, 0.4)
