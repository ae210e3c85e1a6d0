"""A small learned fallback for the listener: logistic regression over words and word pairs.

Hand-written patterns are precise and explainable, but people find endless new ways to make
an excuse. This model, trained on the labelled trainee lines in tests/data/, catches some of
the wordings the patterns miss. It only ever adds a behaviour the patterns did not hear, it
respects the same vetoes, and its evidence names the words that weighed most, so a score
still says why. Training is plain Python with a fixed seed: the same data gives the same file.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from trainer.engine.listener.textnorm import sentences

_WORD = re.compile(r"[a-z][a-z']*|\d+")
FORMAT = "tough-call-trainer/listener-model"


@lru_cache(maxsize=64)
def features(norm: str) -> tuple[str, ...]:
    """Words and adjacent word pairs of one normalised sentence, in sorted order: a set's order
    changes with each process's hash seed, and with it a float sum's last bits and the order of
    tied reasons, so a seeded replay would not be the same call in another process. (Cached: a
    turn reads each sentence's features for small talk, for doubt and for what the model adds.)"""
    words = _WORD.findall(norm)
    return tuple(sorted(set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}))


def text_features(text: str) -> set[str]:
    out: set[str] = set()
    for _, norm in sentences(text):
        out.update(features(norm))
    return out


@dataclass(frozen=True)
class Weights:
    bias: float
    weights: dict[str, float]

    def score(self, feats: Iterable[str]) -> float:
        # map() looks the weights up in C; the sum is the same, in the same order.
        z = self.bias + sum(map(self.weights.get, feats, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def reasons(self, feats: Iterable[str], k: int = 3) -> list[str]:
        top = sorted(
            (f for f in feats if self.weights.get(f, 0.0) > 0),
            key=lambda f: (-self.weights[f], f),
        )
        return top[:k]


@dataclass(frozen=True)
class LinearModel:
    """One model per behaviour, and per act it tells apart (``small_talk``: chit-chat and
    logistics against anything said about the business of the call)."""

    behaviors: dict[str, Weights] = field(default_factory=dict)
    trained_on: tuple[str, ...] = ()
    acts: dict[str, Weights] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "format": FORMAT,
            "version": 1,
            "trained_on": list(self.trained_on),
            "behaviors": _weights_json(self.behaviors),
        }
        if self.acts:
            out["acts"] = _weights_json(self.acts)
        return out


def _weights_json(models: dict[str, Weights]) -> dict[str, object]:
    return {
        bid: {
            "bias": round(w.bias, 4),
            "weights": {f: round(v, 4) for f, v in sorted(w.weights.items())},
        }
        for bid, w in sorted(models.items())
    }


def _weights(raw: dict[str, dict[str, object]]) -> dict[str, Weights]:
    return {
        bid: Weights(float(r["bias"]), {f: float(v) for f, v in r["weights"].items()})  # type: ignore[arg-type, attr-defined]
        for bid, r in raw.items()
    }


def load(path: str | Path) -> LinearModel:
    data = json.loads(Path(path).read_text("utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path} is not a listener model")
    return LinearModel(
        _weights(data["behaviors"]),
        tuple(data.get("trained_on", [])),
        _weights(data.get("acts", {})),
    )


def save(model: LinearModel, path: str | Path) -> None:
    Path(path).write_text(json.dumps(model.to_json(), indent=0, sort_keys=False) + "\n", "utf-8")


@dataclass(frozen=True)
class Fitting:
    """How a model is fitted. A behaviour is in a minority of lines, so plain training learns
    to say "absent" and its probabilities run low; ``balance`` weights each positive line by
    (negatives / positives) to that power (0 leaves them alone, 1 balances the classes)."""

    epochs: int = 30
    rate: float = 0.3
    l2: float = 1e-3
    prune: float = 0.05
    seed: int = 0
    balance: float = 0.5


def train(
    examples: list[tuple[str, frozenset[str]]],
    behaviors: list[str],
    sources: tuple[str, ...] = (),
    small_talk: list[str] | None = None,
    fitting: Fitting = Fitting(),
) -> LinearModel:
    """One logistic regression per behaviour.

    With ``small_talk`` lines (a rubric's neutral corpus), it also learns to tell them from
    every line that carries a behaviour; lines labelled with none could be either, so they
    are left out of that model.
    """
    xs = [sorted(text_features(text)) for text, _ in examples]
    out = {
        bid: _fit(xs, [1.0 if bid in labels else 0.0 for _, labels in examples], fitting)
        for bid in behaviors
    }
    acts: dict[str, Weights] = {}
    if small_talk:
        business = [x for x, (_, labels) in zip(xs, examples, strict=True) if labels]
        chat = [sorted(text_features(text)) for text in small_talk]
        acts["small_talk"] = _fit(chat + business, [1.0] * len(chat) + [0.0] * len(business), fitting)
    return LinearModel(out, sources, acts)


def _fit(xs: list[list[str]], ys: list[float], how: Fitting) -> Weights:
    """A logistic regression by seeded stochastic gradient descent."""
    positives = sum(ys)
    lift = ((len(ys) - positives) / positives) ** how.balance if positives else 1.0
    w: dict[str, float] = {}
    bias = 0.0
    order = list(range(len(xs)))
    rnd = random.Random(how.seed)
    decay = 1 - how.rate * how.l2  # the same factors as written out per step, so the same floats
    get = w.get
    for _ in range(how.epochs):
        rnd.shuffle(order)
        for i in order:
            x = xs[i]
            # map() looks the weights up in C; the sum is the same, in the same order.
            z = bias + sum(map(get, x, repeat(0.0)))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = (p - ys[i]) * (lift if ys[i] else 1.0)
            step = how.rate * g
            bias -= step
            for f in x:
                w[f] = get(f, 0.0) * decay - step
    return Weights(bias, {f: v for f, v in w.items() if abs(v) >= how.prune})
