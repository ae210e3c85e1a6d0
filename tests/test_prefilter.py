"""The prefilter may skip a pattern only when it truly cannot match."""

from __future__ import annotations

import re

from tests.testkit import DATA
from trainer.authoring.evaluate import load_examples
from trainer.engine.listener.prefilter import gate, may_match, needles
from trainer.engine.listener.textnorm import sentences
from trainer.formats.catalog import Catalog


def test_needles_of_simple_shapes() -> None:
    assert needles(r"\bno excuses\b") == (frozenset({"no excuses"}),)
    assert needles(r"\b(sorry|apolog\w+)") == (frozenset({"sorry", "apolog"}),)
    # Every set a match needs, the most selective first (longest shortest string, fewest).
    assert needles(r"\byou\s+were\s+(warned|told)") == (
        frozenset({"were"}),
        frozenset({"warned", "told"}),
        frozenset({"you"}),
    )
    assert needles(r"(a|b)?c") is None  # nothing required is at least two characters long
    assert needles(r"x(?:foo|\w+)y") is None


def test_gate_never_hides_a_real_match(catalog: Catalog) -> None:
    patterns: list[re.Pattern[str]] = []
    for s in catalog.scenarios().values():
        for b in s.all_behaviors().values():
            patterns += [*b.patterns, *b.not_patterns]
    texts = [
        norm
        for f in ("utterances.yaml", "utterances-holdout.yaml")
        for ex in load_examples(DATA / f)
        for _, norm in sentences(ex.text)
    ]
    assert len(patterns) > 100 and len(texts) > 400
    hits = 0
    for p in set(patterns):
        required = gate(p)
        for text in texts:
            if p.search(text):
                hits += 1
                assert may_match(required, text), (p.pattern, text)
    assert hits > 100
