"""The example matcher's shortcuts (cached terms, per-label sums, bounds, the screen) must give
exactly what the plain definition gives: the same label, score and example, to the last bit.

The reference here is the matcher as first written: every cosine summed in a dict over all the
examples, naive Bayes summed class by class, vetoes read off the full comparison.
"""

from __future__ import annotations

import copy
import math
from functools import cache

import pytest

from tests.testkit import ROOT
from trainer.authoring.evaluate import load_examples
from trainer.engine.listener import similar
from trainer.engine.listener.listen import Listener, scenario_listener
from trainer.engine.listener.similar import STOPWORDS, ExampleIndex, Match, featurize, tokens
from trainer.engine.listener.textnorm import sentences
from trainer.formats.catalog import Catalog


def _weigh(ix: ExampleIndex, feats: dict[str, float]) -> dict[str, float]:
    vec = {k: v * ix.idf.get(k, ix.default_idf) for k, v in feats.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


def _closest(
    ix: ExampleIndex, vec: dict[str, float], postings: similar.Postings
) -> dict[str, tuple[float, int]]:
    dots: dict[int, float] = {}
    for k, v in vec.items():
        if k in postings:
            ids, weights = postings[k]
            for i, w in zip(ids, weights, strict=True):
                dots[i] = dots.get(i, 0.0) + v * w
    best: dict[str, tuple[float, int]] = {}
    for i, d in dots.items():
        label = ix.labels[i]
        if label not in best or d > best[label][0]:
            best[label] = (d, i)
    return best


def _posterior(ix: ExampleIndex, feats: dict[str, float]) -> dict[str, float]:
    f = {k: v for k, v in feats.items() if k in ix.idf}
    logp: dict[str, float] = {}
    for cls, bag in ix.counts.items():
        total = ix.totals.get(cls, 0.0)
        lp = 0.0
        for k, v in f.items():
            c = bag.get(k, 0.0)
            lp += v * math.log((c + similar._ALPHA) / (total + similar._ALPHA * ix.vocab))
        logp[cls] = lp
    if not logp:
        return {}
    top = max(logp.values())
    z = sum(math.exp(x - top) for x in logp.values())
    return {cls: math.exp(x - top) / z for cls, x in logp.items()}


def reference_nearest(ix: ExampleIndex, norm: str) -> Match | None:
    words = [t for t in tokens(norm) if t not in STOPWORDS and t not in ix.ignore]
    if len(words) < ix.min_words:
        return None
    feats = featurize(norm, ix.concepts, ix.ignore)
    vec = _weigh(ix, feats)
    mine = _closest(ix, vec, ix.positive_postings)
    close = None
    if any(score >= similar._STRONG for score, _ in mine.values()):
        close = {**mine, **_closest(ix, vec, ix.negative_postings)}
        ranked = sorted(close.items(), key=lambda kv: -kv[1][0])
        label, (score, i) = ranked[0]
        runner = ranked[1][1][0] if len(ranked) > 1 else 0.0
        if label[0] not in "-~" and score >= similar._STRONG and score - runner >= 0.2:
            return Match(label, round(score, 3), ix.texts[i])
    post = _posterior(ix, feats)
    if not post:
        return None
    cls, p = max(post.items(), key=lambda kv: kv[1])
    if cls == "-" or p < ix.confidence:
        return None
    if close is None:
        close = {**mine, **_closest(ix, vec, ix.negative_postings)}
    near = close.get(cls)
    if near is None or near[0] < ix.closeness:
        return None
    margin = similar._VETO_MARGIN + (similar._SURE_VETO_EXTRA if p >= similar._SURE_VOTE else 0.0)
    for veto in (close.get(f"~{cls}"), close.get("~*"), close.get("-neutral")):
        if veto is not None and veto[0] > near[0] + margin:
            return None
    return Match(cls, round(min(p, near[0] + 0.5), 3), ix.texts[near[1]])


@cache
def _listener(sid: str) -> Listener:
    return scenario_listener(Catalog(use_env=False).scenario(sid))


@cache
def _sentences() -> list[str]:
    """Trainee sentences (labelled lines and the scenario scripts), normalised."""
    lines = [ex.text for ex in load_examples(ROOT / "tests" / "data" / "utterances.yaml")]
    for script in sorted((ROOT / "scenarios" / "scripts").glob("*.txt")):
        lines += [ln for ln in script.read_text("utf-8").splitlines() if ln.strip()]
    return [norm for line in lines[:400] for _, norm in sentences(line)]


@pytest.mark.parametrize("sid", ["hardware-refund", "ceo-hotline"])
def test_every_index_hears_what_the_plain_definition_hears(sid: str) -> None:
    listener = _listener(sid)
    indexes = [listener._topic_index, listener._neutral_index, *listener._behavior_indexes.values()]
    heard = 0
    for norm in _sentences():
        for ix in indexes:
            assert ix is not None
            want = reference_nearest(ix, norm)
            assert ix.nearest(norm) == want, (norm, ix.labels[0])
            heard += want is not None
    assert heard  # the lines do land things: the comparison is not all None


@pytest.mark.parametrize("sid", ["hardware-refund", "ceo-hotline"])
def test_the_screen_rules_out_only_indexes_that_hear_nothing(sid: str) -> None:
    listener = _listener(sid)
    screen = listener._screen
    ruled_out = 0
    for norm in _sentences():
        for ix, may in zip(screen.indexes, screen.may_hear(norm), strict=True):
            if not may:
                ruled_out += 1
                assert reference_nearest(ix, norm) is None, norm
    assert ruled_out  # it does rule some out, so the check above is not empty


def test_closest_and_posterior_match_the_plain_sums() -> None:
    ix = _listener("hardware-refund")._topic_index
    assert ix is not None
    for norm in _sentences()[:150]:
        feats = featurize(norm, ix.concepts, ix.ignore)
        assert ix.closest(norm) == {
            **_closest(ix, _weigh(ix, feats), ix.positive_postings),
            **_closest(ix, _weigh(ix, feats), ix.negative_postings),
        }
        assert ix.posterior(norm) == _posterior(ix, feats)


def _filled(by_label: dict[str, similar.Postings]) -> dict[str, similar.Postings]:
    """Each label's postings without features (or labels) left with no example."""
    out = {lab: {k: p for k, p in ps.items() if p[0]} for lab, ps in by_label.items()}
    return {lab: ps for lab, ps in out.items() if ps}


def test_leaving_negatives_out_rebuilds_only_what_they_touch() -> None:
    """``without_negatives`` (authoring.convtest's leave-one-out) gives what the full rebuild
    gives: the same postings per label, the same bounds, the same answers."""
    listener = _listener("hardware-refund")
    checked = 0
    for index in listener._behavior_indexes.values():
        near = [i for i, lab in enumerate(index.labels) if lab.startswith("~")][:3]
        for i in near:
            fast = index.without_negatives([i])
            full = copy.copy(index)
            full.negative_postings = similar.postings_of(
                {
                    k: [(j, w) for j, w in zip(*v, strict=True) if j != i]
                    for k, v in index.negative_postings.items()
                }
            )
            assert _filled(fast._negative_by_label) == _filled(full._negative_by_label)
            assert fast._negative_max == full._negative_max
            for text in [index.texts[i], *_sentences()[:40]]:
                assert fast.nearest(text) == full.nearest(text)
            checked += 1
    assert checked >= 10
