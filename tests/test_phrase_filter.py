"""The listener's cheap pre-check before fuzzy phrase matching may skip a phrase only when it
truly cannot reach the threshold."""

from __future__ import annotations

import random

from rapidfuzz import fuzz

from tests.testkit import DATA
from trainer.authoring.evaluate import load_examples
from trainer.engine.listener.listen import _PhraseFilter
from trainer.engine.listener.textnorm import sentences
from trainer.formats.catalog import Catalog


def _misses(norm: str, phrases: list[str], threshold: float) -> list[str]:
    kept = set(_PhraseFilter(phrases, threshold)(norm))
    return [p for p in phrases if p not in kept and fuzz.partial_ratio(norm, p) >= threshold]


def test_random_strings_never_lose_a_phrase_that_scores() -> None:
    rnd = random.Random(7)
    letters = "abcde "
    for _ in range(20_000):
        phrase = "".join(rnd.choice(letters) for _ in range(rnd.randint(1, 14)))
        norm = "".join(rnd.choice(letters) for _ in range(rnd.randint(0, 30)))
        threshold = rnd.choice([60.0, 75.0, 88.0, 95.0, 100.0])
        assert not _misses(norm, [phrase], threshold), (norm, phrase, threshold)


def test_the_labelled_lines_keep_every_phrase_that_scores(catalog: Catalog) -> None:
    phrases = sorted(
        {p.lower() for s in catalog.scenarios().values() for b in s.all_behaviors().values() for p in b.phrases}
    )
    norms = [norm for ex in load_examples(DATA / "utterances.yaml") for _, norm in sentences(ex.text)]
    assert len(phrases) > 20 and len(norms) > 400
    for norm in norms:
        assert not _misses(norm, phrases, 88.0), norm
    may_reach = _PhraseFilter(phrases, 88.0)
    kept = sum(len(may_reach(norm)) for norm in norms)
    assert kept < len(norms) * len(phrases) / 5  # and it is worth having
