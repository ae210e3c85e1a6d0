"""Precision, recall and F1 of the listener against a labelled set of trainee lines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer.engine.listener.listen import Listener
from trainer.formats import yamlfile
from trainer.formats.diagnostics import InvalidFile


@dataclass(frozen=True)
class Example:
    text: str
    labels: frozenset[str]
    line: int
    style: str = ""


@dataclass(frozen=True)
class Result:
    behavior: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_examples(path: str | Path) -> list[Example]:
    doc = yamlfile.load(path)
    if not isinstance(doc.data, list):
        raise InvalidFile([doc.problem((), "TCT012", "expected a list of {text, behaviors}")])
    out = []
    for i, item in enumerate(doc.data):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InvalidFile([doc.problem((i,), "TCT012", "each item needs `text` and `behaviors`")])
        out.append(
            Example(
                item["text"],
                frozenset(item.get("behaviors") or []),
                doc.where((i,))[0],
                str(item.get("style", "")),
            )
        )
    return out


def evaluate(
    listener: Listener, examples: list[Example], behaviors: list[str]
) -> tuple[list[Result], list[tuple[Example, set[str]]]]:
    """Per-behaviour counts, and the examples the listener got wrong (with what it heard)."""
    counts = {b: [0, 0, 0] for b in behaviors}
    wrong = []
    for ex in examples:
        heard = set(listener.hear(ex.text).behavior_ids()) & set(behaviors)
        for b in behaviors:
            if b in heard and b in ex.labels:
                counts[b][0] += 1
            elif b in heard:
                counts[b][1] += 1
            elif b in ex.labels:
                counts[b][2] += 1
        if heard != (ex.labels & set(behaviors)):
            wrong.append((ex, heard))
    return [Result(b, *counts[b]) for b in behaviors], wrong


def by_style(
    listener: Listener, examples: list[Example], behaviors: list[str]
) -> list[tuple[str, int, float, float]]:
    """Per style: (style, lines, macro F1 over the behaviours present, exact-set accuracy).

    Exact-set: the line heard with exactly its labelled behaviours, no more, no fewer; the
    strict measure a whole multi-sentence turn needs.
    """
    out = []
    for style in sorted({ex.style for ex in examples if ex.style}):
        subset = [ex for ex in examples if ex.style == style]
        results, wrong = evaluate(listener, subset, behaviors)
        present = [r for r in results if r.tp + r.fn]
        macro = sum(r.f1 for r in present) / len(present) if present else 0.0
        exact = 1 - len(wrong) / len(subset)
        out.append((style, len(subset), macro, exact))
    return out
