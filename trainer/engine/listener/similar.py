"""Topics and scenario behaviours heard from examples, not keyword walls.

An author writes a handful of example lines for a topic (and, where it helps, near-misses that
must not land it). A sentence lands the topic when it is close enough to one of the examples and
clearly closer to them than to anything else the matcher knows: the near-misses, the other
topics' examples and the shipped neutral corpus (small talk, logistics, unrelated questions).
Like an intent classifier with an out-of-scope class, it prefers saying nothing to landing the
wrong topic.

Closeness is the cosine of tf-idf vectors over word stems, adjacent stem pairs and the names of
the concepts a word belongs to (ChatScript-style word sets: ``~money`` for "invoice", "bill",
"$10k"...), so two lines that share meaning through a concept are close even when they share no
word. Everything is plain Python, built once per scenario, deterministic and fast.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce
from itertools import compress, repeat
from operator import add, mul, truediv

_WORD = re.compile(r"\$?\d[\d,.]*k?|[a-z][a-z']*")
# Function words carry form, not topic; question words and negators are kept (they matter).
_STOP = """a an the and or but so of to in on at for from with by as into onto about than then
    i me my mine we us our ours you your yours he him his she her hers it its they them their
    theirs this that these those there here is are was were be been being am do does did done
    have has had having will would shall should can could may might must just really very
    quite also too even still yet again ok okay well right oh um uh erm hmm like all
    s t d ll re ve m im ive id youre youve youd ill thats theres its"""
STOPWORDS = frozenset(_STOP.split())
_SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "s",
)


def stem(word: str) -> str:
    """A crude, stable stem: enough to tell "rebuilds" and "rebuilding" are one word."""
    w = word.strip("'").replace("'", "")
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if suffix in ("ies", "ied"):
                w += "y"
            break
    return w


@dataclass(frozen=True)
class Concepts:
    """Named word sets: whole words, or stems written with a trailing ``*``."""

    words: Mapping[str, frozenset[str]]
    prefixes: Mapping[str, tuple[str, ...]]
    phrases: tuple[tuple[str, frozenset[str]], ...] = ()
    _by_token: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    # Each multi-word entry by its first word: a sentence tests only the entries it could hold.
    _by_first: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        at: dict[str, list[int]] = {}
        for k, (phrase, _) in enumerate(self.phrases):
            at.setdefault(phrase.split(" ")[1], []).append(k)
        self._by_first.update((w, tuple(ks)) for w, ks in at.items())

    @classmethod
    def build(cls, raw: Mapping[str, Iterable[str]]) -> Concepts:
        words: dict[str, set[str]] = {}
        prefixes: dict[str, list[str]] = {}
        for name, entries in raw.items():
            for e in entries:
                e = e.lower().strip()
                if e.endswith("*"):
                    prefixes.setdefault(name, []).append(e[:-1])
                else:
                    words.setdefault(e, set()).add(name)
        return cls(
            {w: frozenset(n) for w, n in words.items()},
            {n: tuple(p) for n, p in prefixes.items()},
            tuple((f" {w} ", frozenset(n)) for w, n in words.items() if " " in w),
        )

    def of(self, tokens: Sequence[str], text: str) -> set[str]:
        """The concepts present: by word, by stem prefix, or by a multi-word entry in ``text``."""
        found: set[str] = set()
        for t in tokens:
            known = self._by_token.get(t)
            if known is None:
                by_prefix = {n for n, pres in self.prefixes.items() if t.startswith(pres)}
                known = self.words.get(t, frozenset()) | by_prefix
                self._by_token[t] = known
            found |= known
        padded = f" {' '.join(_WORD.findall(text))} "  # words only: "done to you?" holds "to you"
        # A phrase " w ... " in the padded text has its first word w between two spaces there.
        words = set(padded.split(" "))
        for k in sorted(k for w in words for k in self._by_first.get(w, ())):
            phrase, named = self.phrases[k]
            if phrase in padded:
                found |= named  # in the entries' order, as a scan of them all would
        return found


def tokens(norm: str) -> list[str]:
    return _WORD.findall(norm)


# A sentence as the indexes read it: its features, their names and values in order, and how
# many content words it has (not stop words, not ignored).
Reading = tuple[
    dict[str, float], tuple[str, ...], tuple[float, ...], int, tuple[tuple[str, float], ...]
]
# What one feature of a sentence brings in one index (see ExampleIndex._term).
_Term = tuple[float, tuple[float, ...] | None, tuple[float, ...]]
# Indexes built together read each (sentence, ignored words) once.
SharedReadings = dict[tuple[str, frozenset[str]], Reading]


def read(norm: str, concepts: Concepts, ignore: frozenset[str] = frozenset()) -> Reading:
    """:func:`featurize` with its names, values and content-word count."""
    feats, words = _featurize(norm, concepts, ignore)
    return feats, tuple(feats), tuple(feats.values()), words, tuple(feats.items())


def featurize(
    norm: str, concepts: Concepts, ignore: frozenset[str] = frozenset()
) -> dict[str, float]:
    """Stems, stem pairs (half weight) and concept names of one normalised sentence."""
    return _featurize(norm, concepts, ignore)[0]


def _featurize(
    norm: str, concepts: Concepts, ignore: frozenset[str]
) -> tuple[dict[str, float], int]:
    toks = [t for t in tokens(norm) if t not in ignore]
    content = [stem(t) for t in toks if t not in STOPWORDS]
    feats: dict[str, float] = {}
    for s in content:
        feats[s] = 1.0
    for a, b in zip(content, content[1:], strict=False):
        feats[f"{a}_{b}"] = 0.5
    for c in concepts.of(toks, norm):
        feats["~" + c] = 1.0
    return feats, len(content)


# Feature -> the examples that have it and its weight in each, as two parallel tuples (they
# are walked faster than a list of pairs).
Postings = dict[str, tuple[tuple[int, ...], tuple[float, ...]]]


def postings_of(pairs: Mapping[str, Iterable[tuple[int, float]]]) -> Postings:
    """Feature -> (example, weight) pairs, stored as :data:`Postings`."""
    out: Postings = {}
    for k, items in pairs.items():
        listed = list(items)
        out[k] = (tuple(i for i, _ in listed), tuple(w for _, w in listed))
    return out


# Naive Bayes smoothing (add-alpha).
_ALPHA = 0.3
# A sentence this close to one example, and this far ahead of every other label's, is that label.
_STRONG = 0.6
# The share of the whole vote a label needs before the labels a sentence's form rules out are
# taken away (see ExampleIndex.nearest): without it, a label with a sliver of the vote could
# inherit all of it.
_FAIR_SHARE = 0.25
_STRONG_LEAD = 0.2
# A near-miss, trap or neutral line must be this much closer than the label's best example to
# veto it: one shared phrase ("the real problem is...") must not outweigh what the rest says.
_VETO_MARGIN = 0.05
_SURE_VOTE = 0.999
_SURE_VETO_EXTRA = 0.05
# A bound must fall short of a threshold by this much to rule something out: far more than the
# rounding of any of its sums, so it never rules out what the exact sums would let through.
_SCREEN_MARGIN = 1e-6


@dataclass(frozen=True)
class Match:
    label: str
    score: float
    example: str


class ExampleIndex:
    """Labelled example sentences, and which label a new sentence clearly belongs to.

    Two views of the same examples must agree before anything is heard: a naive Bayes model
    over all of a label's examples (it generalises across them) must be confident, and the
    sentence must also be close (cosine) to at least one of that label's own examples (so a
    lone shared word cannot carry it). Labels starting with ``-`` are negative classes (the
    neutral corpus, what a label must not be mistaken for): when one wins, nothing is heard.
    ``~label`` marks a near-miss of one label: closer than the label's own examples, it vetoes
    that label; ``~*`` lines veto every label that way.

    A sentence is compared with every example in many indexes, so the per-sentence sums run
    in C (``map``, ``sum``, ``reduce``) over its features in order: each float is the one a
    plain loop would make, added up in the same order.
    """

    def __init__(
        self,
        examples: Iterable[tuple[str, str]],
        concepts: Concepts,
        confidence: float = 0.8,
        closeness: float = 0.25,
        ignore: Iterable[str] = (),
        min_words: int = 1,
        shared: SharedReadings | None = None,
    ) -> None:
        self.concepts = concepts
        # Indexes built with the same concepts can share features: a sentence is featurised once.
        self._shared = shared if shared is not None else {}
        self.min_words = min_words
        self.ignore = frozenset(w.lower() for w in ignore)
        self.confidence = confidence
        self.closeness = closeness
        self.labels: list[str] = []
        self.texts: list[str] = []
        feats: list[dict[str, float]] = []
        for label, text in examples:
            self.labels.append(label)
            self.texts.append(text)
            feats.append(self._features(text))
        df: dict[str, int] = {}
        for f in feats:
            for k in f:
                df[k] = df.get(k, 0) + 1
        n = max(1, len(feats))
        self.idf = {k: math.log((1 + n) / (1 + v)) + 1.0 for k, v in df.items()}
        self.default_idf = math.log(1 + n) + 1.0
        # Feature -> (example, weight), in two lists: the positive labels' examples, and the
        # rest. Most sentences are near no example of any label, and the short positive list
        # shows it without scanning the negatives; when they are needed, only they are added.
        pos: dict[str, list[tuple[int, float]]] = {}
        neg: dict[str, list[tuple[int, float]]] = {}
        self.counts: dict[str, dict[str, float]] = {}
        self.totals: dict[str, float] = {}
        for i, f in enumerate(feats):
            positive = self.labels[i][0] not in "-~"
            postings = pos if positive else neg
            for k, v in self._weigh(f).items():
                postings.setdefault(k, []).append((i, v))
            if self.labels[i].startswith("~"):
                continue  # a near-miss only vetoes its own label (see nearest)
            cls = self._class(self.labels[i])
            bag = self.counts.setdefault(cls, {})
            for k, v in f.items():
                bag[k] = bag.get(k, 0.0) + v
                self.totals[cls] = self.totals.get(cls, 0.0) + v
        self.positive_postings = postings_of(pos)
        self.negative_postings = postings_of(neg)
        self.vocab = len(df)
        self._feats = feats
        self._logs = {cls: self._log_likelihoods(cls) for cls in self.counts}
        # Each positive label's examples apart (a label's best is then summed over its own
        # examples only), and the heaviest weight each feature has in each label's examples:
        # they bound a label's cosines cheaply (see _bounds).
        self._positive_by_label = _by_label(self.positive_postings, self.labels)
        self._positive_labels = tuple(self._positive_by_label)
        self._positive_tops = [
            _heaviest(self._positive_by_label[lab]) for lab in self._positive_labels
        ]
        # Per (feature, value) of the sentences heard: see _term.
        self._terms: dict[tuple[str, float], _Term] = {}

    @property
    def negative_postings(self) -> Postings:
        return self._negative_postings

    @negative_postings.setter
    def negative_postings(self, postings: Postings) -> None:
        """Also splits them by label: a veto is looked up among its own label's examples."""
        self._negative_postings = postings
        self._negative_by_label = _by_label(postings, self.labels)
        self._negative_labels = {lab: n for n, lab in enumerate(self._negative_by_label)}
        self._negative_tops = [_heaviest(p) for p in self._negative_by_label.values()]
        self._negative_max = _heaviest(postings)
        self._terms = {}

    def without_negatives(self, drop: Collection[int]) -> ExampleIndex:
        """A shallow copy whose negative examples ``drop`` no longer veto or count: what
        ``negative_postings = ...`` with them filtered out gives, rebuilt only for the features
        and labels those examples touch (authoring.convtest leaves one sample out at a time)."""
        gone = frozenset(drop)
        touched = {k for i in gone for k in self._feats[i]} & self._negative_postings.keys()
        labels = {self.labels[i] for i in gone}

        def kept(p: tuple[tuple[int, ...], tuple[float, ...]]) -> tuple[tuple[int, ...], tuple[float, ...]]:
            pairs = [(i, w) for i, w in zip(*p, strict=True) if i not in gone]
            return tuple(i for i, _ in pairs), tuple(w for _, w in pairs)

        left = copy.copy(self)
        postings = dict(self._negative_postings)
        for k in touched:
            postings[k] = kept(postings[k])
        by_label = dict(self._negative_by_label)
        for label in labels & by_label.keys():
            mine = dict(by_label[label])
            for k in touched & mine.keys():
                mine[k] = kept(mine[k])
            by_label[label] = mine
        left._negative_postings = postings
        left._negative_by_label = by_label
        left._negative_tops = [
            _heaviest(p) if lab in labels else top
            for (lab, p), top in zip(by_label.items(), self._negative_tops, strict=True)
        ]
        heaviest = dict(self._negative_max)
        for k in touched:
            ws = postings[k][1]
            if ws:
                heaviest[k] = max(ws)
            else:
                heaviest.pop(k, None)
        left._negative_max = heaviest
        left._terms = {}
        return left

    def _log_likelihoods(self, cls: str) -> tuple[dict[str, float], float]:
        """Each feature's smoothed log-likelihood in ``cls``, and an unseen feature's: worked
        out once here, with the very expression :meth:`posterior` would use per sentence."""
        bag, total = self.counts[cls], self.totals.get(cls, 0.0)
        alpha = _ALPHA
        logs = {k: math.log((c + alpha) / (total + alpha * self.vocab)) for k, c in bag.items()}
        return logs, math.log((0.0 + alpha) / (total + alpha * self.vocab))

    def _read(self, norm: str) -> Reading:
        key = (norm, self.ignore)
        got = self._shared.get(key)
        if got is None:
            if len(self._shared) > 4096:
                self._shared.clear()
            got = self._shared[key] = read(norm, self.concepts, self.ignore)
        return got

    def _features(self, norm: str) -> dict[str, float]:
        return self._read(norm)[0]

    @staticmethod
    def _class(label: str) -> str:
        return "-" if label.startswith("-") else label

    def _weigh(self, feats: Mapping[str, float]) -> dict[str, float]:
        vec = {k: v * self.idf.get(k, self.default_idf) for k, v in feats.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {k: v / norm for k, v in vec.items()}

    def _weights(self, reading: Reading) -> list[float]:
        """:meth:`_weigh` of a sentence's features, as a list in their order."""
        keys, values = reading[1], reading[2]
        raw = list(map(mul, values, map(self.idf.get, keys, repeat(self.default_idf))))
        norm = math.sqrt(sum(map(mul, raw, raw))) or 1.0
        return list(map(truediv, raw, repeat(norm)))

    def closest(
        self, norm: str, skip: int | None = None, positive_only: bool = False
    ) -> dict[str, tuple[float, int]]:
        """The best cosine per label, and which example gave it (``skip``: leave one out)."""
        reading = self._read(norm)
        keys, weights = reading[1], self._weights(reading)
        best = self._closest(keys, weights, skip, self.positive_postings)
        if not positive_only:
            best.update(self._closest(keys, weights, skip, self.negative_postings))
        return best

    def _closest(
        self, keys: Sequence[str], weights: Sequence[float], skip: int | None, postings: Postings
    ) -> dict[str, tuple[float, int]]:
        """:meth:`closest` of the weighed sentence (``keys``, ``weights``) over the examples in
        ``postings``. A label's examples are all in one list, so splitting them changes no
        label's best (nor which example gives it): a subset of the examples is summed in the
        same order and reached in the same order."""
        dots = _dots(keys, weights, skip, postings)
        best: dict[str, tuple[float, int]] = {}
        labels = self.labels
        for i, d in dots.items():
            label = labels[i]
            if label not in best or d > best[label][0]:
                best[label] = (d, i)
        return best

    def _best_of(
        self,
        keys: Sequence[str],
        weights: Sequence[float],
        skip: int | None,
        label: str,
        by_label: Mapping[str, Postings],
    ) -> tuple[float, int] | None:
        """``_closest(...).get(label)``, summing only the examples of ``label``: the first
        example reached among those on top, as :meth:`_closest`'s scan keeps it (``max``
        keeps the first of equals too)."""
        postings = by_label.get(label)
        if postings is None:
            return None
        dots = _dots(keys, weights, skip, postings)
        if not dots:
            return None
        i = max(dots, key=dots.__getitem__)
        return dots[i], i

    def posterior(self, norm: str, skip: int | None = None) -> dict[str, float]:
        """Naive Bayes over classes (flat prior; each negative label pooled as one class)."""
        if skip is None:
            return self._posterior(self._read(norm))
        # Features no example has say nothing about any class; scoring them would only favour
        # the classes with the fewest words.
        f = {k: v for k, v in self._features(norm).items() if k in self.idf}
        left_out = self._feats[skip] if skip is not None else {}
        left_cls = self._class(self.labels[skip]) if skip is not None else ""
        alpha = _ALPHA
        logp: dict[str, float] = {}
        for cls, bag in self.counts.items():
            if cls != left_cls:
                logs, unseen = self._logs[cls]
                lp = 0.0
                for k, v in f.items():
                    lp += v * logs.get(k, unseen)
                logp[cls] = lp
                continue
            total = self.totals.get(cls, 0.0) - (sum(left_out.values()) if cls == left_cls else 0)
            lp = 0.0
            for k, v in f.items():
                c = bag.get(k, 0.0) - (left_out.get(k, 0.0) if cls == left_cls else 0.0)
                lp += v * math.log((c + alpha) / (total + alpha * self.vocab))
            logp[cls] = lp
        if not logp:
            return {}
        top = max(logp.values())
        z = sum(math.exp(x - top) for x in logp.values())
        return {cls: math.exp(x - top) / z for cls, x in logp.items()}

    def _term(self, item: tuple[str, float]) -> _Term:
        """What one feature of a sentence (name, value) brings in this index: its weight before
        the sentence's length divides it (``v * idf``); its vote per class (``v * log``, None
        for a feature no example has), the very product :meth:`posterior`'s loop adds; and,
        for the bounds, per positive label that weight times the feature's heaviest weight in
        the label's examples, then its square where there is one.
        """
        got = self._terms.get(item)
        if got is None:
            key, value = item
            raw = value * self.idf.get(key, self.default_idf)
            votes = (
                tuple(value * logs.get(key, unseen) for logs, unseen in self._logs.values())
                if key in self.idf
                else None
            )
            tops = [t.get(key, 0.0) for t in self._positive_tops]
            square = raw * raw
            bounds = (*(raw * t for t in tops), *(square if t else 0.0 for t in tops))
            if len(self._terms) > 65536:
                self._terms.clear()
            got = self._terms[item] = (raw, votes, bounds)
        return got

    def _terms_of(self, reading: Reading) -> list[_Term]:
        terms = list(map(self._terms.get, reading[4]))
        if None in terms:
            terms = [
                self._term(item) if got is None else got
                for got, item in zip(terms, reading[4], strict=True)
            ]
        return terms  # type: ignore[return-value]

    def _posterior(self, reading: Reading) -> dict[str, float]:
        """:meth:`posterior` with nothing left out. Each class's sum is ``reduce(add, ...)``
        from 0.0 over the known features' votes in order, exactly the loop's ``lp += v * log``."""
        return self._vote([t[1] for t in self._terms_of(reading) if t[1] is not None])

    def _vote(self, votes: list[tuple[float, ...]]) -> dict[str, float]:
        if not self._logs:
            return {}
        sums = (
            list(map(reduce, repeat(add), zip(*votes, strict=True), repeat(0.0)))
            if votes
            else [0.0] * len(self._logs)
        )
        top = max(sums)
        z = sum(math.exp(x - top) for x in sums)
        return {cls: math.exp(x - top) / z for cls, x in zip(self._logs, sums, strict=True)}

    def _bounds(self, terms: list[_Term], length: float) -> list[float]:
        """Per positive label, at most the best cosine it can have.

        Every weight is positive and every example's vector has length one, so a cosine with
        one of a label's examples is at most the sentence's length on the features that label's
        examples have (Cauchy-Schwarz), and at most its weights times each feature's heaviest
        weight there. These sums are rounded differently from the cosines: a bound is only
        trusted when it falls short by more than ``_SCREEN_MARGIN``.
        """
        sums = list(map(sum, zip(*(t[2] for t in terms), strict=True)))
        half = len(sums) // 2
        return [
            min(top, math.sqrt(square)) / length
            for top, square in zip(sums[:half], sums[half:], strict=True)
        ]

    def _veto_bound(self, keys: Sequence[str], weights: Sequence[float], label: str) -> float:
        """At most the best cosine of negative ``label`` (see :meth:`_bounds`), 0.0 if none."""
        at = self._negative_labels.get(label)
        if at is None:
            return 0.0
        return _bound(keys, weights, self._negative_tops[at])

    def nearest(
        self, norm: str, skip: int | None = None, among: Collection[str] | None = None
    ) -> Match | None:
        """The positive label this sentence clearly belongs to, or None.

        ``among``: the only labels the sentence can be, by its form (a question that offers
        nothing cannot be a proposal). A near copy of another label is not heard, and the
        others leave the vote, so a label they shared it with can win it, if it already held
        a fair share (``_FAIR_SHARE``)."""
        reading = self._read(norm)
        if reading[3] < self.min_words:
            return None  # too little said to be sure of anything
        terms = self._terms_of(reading)
        raws = [t[0] for t in terms]
        length = math.sqrt(sum(map(mul, raws, raws))) or 1.0
        bounds = self._bounds(terms, length) if terms else []
        # Only a label whose bound reaches _STRONG can have a near copy of the sentence, and
        # only one whose bound reaches the closeness can be heard at all: for the others, no
        # comparison is made. Each label's best is worked out on its own (its examples summed
        # in the same order, so the same best comes out): for the labels that might hold a
        # near copy, their rivals if one does, then the label the vote names and its vetoes.
        labels = self._positive_labels
        near_copy, close_enough = _STRONG - _SCREEN_MARGIN, self.closeness - _SCREEN_MARGIN
        strong = [lab for lab, b in zip(labels, bounds, strict=False) if b >= near_copy]
        reach = {lab for lab, b in zip(labels, bounds, strict=False) if b >= close_enough}
        if not strong and not reach:
            return None
        keys = reading[1]
        weights = list(map(truediv, raws, repeat(length)))
        bests = {
            label: self._best_of(keys, weights, skip, label, self._positive_by_label)
            for label in strong
        }
        scored = [(got, label) for label, got in bests.items() if got is not None]
        if scored:
            top, top_label = max(scored)
            if top[0] >= _STRONG:
                found = self._near_copy(keys, weights, skip, bounds, bests, top_label, top)
                if found is not None and (among is None or found.label in among):
                    return found
        if skip is None:
            post = self._vote([t[1] for t in terms if t[1] is not None])
        else:
            post = self.posterior(norm, skip)
        if among is not None:
            post = {c: v for c, v in post.items() if c == "-" or c in among}
        if not post:
            return None
        cls, p = max(post.items(), key=lambda kv: kv[1])
        if among is not None and p >= _FAIR_SHARE:
            p /= sum(post.values())
        if cls == "-" or p < self.confidence or cls not in reach:
            return None  # not sure enough, or no example of it is close enough
        if cls in bests:
            near = bests[cls]
        else:
            near = self._best_of(keys, weights, skip, cls, self._positive_by_label)
        if near is None or near[0] < self.closeness:
            return None
        # A near-miss, a trap line or a neutral line (chit-chat, logistics) clearly closer than
        # every example of the label wins: the sentence is more like what the label is not.
        # A veto whose bound cannot pass the label's best by the margin is not summed.
        # When the vote is all but unanimous, a near-miss must be clearly closer still.
        margin = _VETO_MARGIN + (_SURE_VETO_EXTRA if p >= _SURE_VOTE else 0.0)
        need = near[0] + margin - _SCREEN_MARGIN
        for veto in (f"~{cls}", "~*", "-neutral"):
            if self._veto_bound(keys, weights, veto) > need:
                found_veto = self._best_of(keys, weights, skip, veto, self._negative_by_label)
                if found_veto is not None and found_veto[0] > near[0] + margin:
                    return None
        return Match(cls, round(min(p, near[0] + 0.5), 3), self.texts[near[1]])

    def _near_copy(
        self,
        keys: Sequence[str],
        weights: Sequence[float],
        skip: int | None,
        bounds: list[float],
        bests: dict[str, tuple[float, int] | None],
        label: str,
        best: tuple[float, int],
    ) -> Match | None:
        """A near copy: ``label``'s best example (``best``) scores at least ``_STRONG`` and no
        other positive label's does better. It is heard at once, unless some other label (a
        negative one may score higher) comes within ``_STRONG_LEAD`` of it.
        A label whose bound is short of that is not summed, nor are the negative ones if all of
        theirs together is. (``a - b`` only grows as ``b`` shrinks, so one rival within the
        lead is the runner-up within it.)"""
        top, at = best
        cutoff = top - _STRONG_LEAD - _SCREEN_MARGIN
        for other, bound in zip(self._positive_labels, bounds, strict=False):
            if other == label or bound < cutoff:
                continue
            if other not in bests:
                bests[other] = self._best_of(keys, weights, skip, other, self._positive_by_label)
            rival = bests[other]
            if rival is not None and top - rival[0] < _STRONG_LEAD:
                return None
        if _bound(keys, weights, self._negative_max) >= cutoff:
            for other, n in self._negative_labels.items():
                if _bound(keys, weights, self._negative_tops[n]) < cutoff:
                    continue
                rival = self._best_of(keys, weights, skip, other, self._negative_by_label)
                if rival is not None and top - rival[0] < _STRONG_LEAD:
                    return None
        return Match(label, round(top, 3), self.texts[at])


def _dots(
    keys: Sequence[str], weights: Sequence[float], skip: int | None, postings: Postings
) -> dict[int, float]:
    """The weighed sentence's dot product with each example in ``postings`` that shares a
    feature with it, summed feature by feature in the sentence's order (``skip``: left out)."""
    dots: dict[int, float] = {}
    get = dots.get
    for v, found in zip(weights, map(postings.get, keys), strict=True):
        if found is not None:
            ids, ws = found
            for i, w in zip(ids, ws, strict=True):
                dots[i] = get(i, 0.0) + v * w
    if skip is not None:
        dots.pop(skip, None)
    return dots


def _bound(keys: Sequence[str], weights: Sequence[float], tops: Mapping[str, float]) -> float:
    """At most the best cosine of the sentence with examples whose heaviest weights per
    feature are ``tops`` (see :meth:`ExampleIndex._bounds`)."""
    heaviest = list(map(tops.get, keys, repeat(0.0)))
    square = sum(compress(map(mul, weights, weights), heaviest))
    return min(float(sum(map(mul, weights, heaviest))), math.sqrt(square))


def _heaviest(postings: Postings) -> dict[str, float]:
    """Each feature's heaviest weight in ``postings`` (a feature may be left with none, see
    authoring.convtest)."""
    return {k: max(ws) for k, (_, ws) in postings.items() if ws}


def _by_label(postings: Postings, labels: Sequence[str]) -> dict[str, Postings]:
    """``postings`` split by the label of each example, in their order."""
    split: dict[str, dict[str, list[tuple[int, float]]]] = {}
    for k, (ids, weights) in postings.items():
        for i, w in zip(ids, weights, strict=True):
            split.setdefault(labels[i], {}).setdefault(k, []).append((i, w))
    return {label: postings_of(p) for label, p in split.items()}


class Screen:
    """Which of several yes/no indexes could hear a sentence at all, worked out for them all
    at once: a listener asks every behaviour's index about every sentence, and almost none hears.

    An index hears a sentence only if one of its examples is a near copy (cosine at least
    ``_STRONG``), or its vote is sure (``confidence``) and one example is close enough
    (``closeness``). Per index, the screen bounds the best cosine from above (see
    :meth:`ExampleIndex._bounds`) and adds up the vote's margin between the label and the
    rest, both from a row of per-feature terms summed across the sentence's features in C.
    An index whose bound is short of a near copy, and whose bound is short of the closeness
    or whose vote is short of sure, by more than any rounding, cannot hear: its
    :meth:`ExampleIndex.nearest` would say None. Indexes of another shape (not one label
    against the rest) are always asked.
    """

    def __init__(self, indexes: Sequence[ExampleIndex]) -> None:
        self.indexes = tuple(indexes)
        first = self.indexes[0] if self.indexes else None
        self._simple = tuple(
            first is not None
            and ix.ignore == first.ignore
            and ix._shared is first._shared
            and len(ix._positive_labels) == 1
            and tuple(ix._logs) in ((ix._positive_labels[0], "-"), ("-", ix._positive_labels[0]))
            for ix in self.indexes
        )
        # The vote's margin the label needs: p >= confidence with two classes.
        self._needs = tuple(
            math.log(ix.confidence / (1.0 - ix.confidence)) if 0.0 < ix.confidence < 1.0 else None
            for ix in self.indexes
        )
        self._rows: dict[tuple[str, float], tuple[float, ...]] = {}

    def _row(self, item: tuple[str, float]) -> tuple[float, ...]:
        """The feature's terms in every index: its squared weight before normalising, its
        weight times its heaviest in a positive example, the same squared where there is one,
        and its vote for the label."""
        got = self._rows.get(item)
        if got is None:
            key, value = item
            norms, tops, squares, votes = [], [], [], []
            for ix, simple in zip(self.indexes, self._simple, strict=True):
                raw = value * ix.idf.get(key, ix.default_idf)
                norms.append(raw * raw)
                top = ix._positive_tops[0].get(key) if simple else None
                tops.append(raw * top if top is not None else 0.0)
                squares.append(raw * raw if top is not None else 0.0)
                vote = 0.0
                if simple and key in ix.idf:
                    (label,) = ix._positive_labels
                    mine, rest = ix._logs[label], ix._logs["-"]
                    vote = value * (mine[0].get(key, mine[1]) - rest[0].get(key, rest[1]))
                votes.append(vote)
            got = (*norms, *tops, *squares, *votes)
            if len(self._rows) > 65536:
                self._rows.clear()
            self._rows[item] = got
        return got

    def may_hear(self, norm: str) -> list[bool]:
        """Per index, False when it cannot hear ``norm`` (True: ask it)."""
        count = len(self.indexes)
        if not any(self._simple):
            return [True] * count
        items = self.indexes[0]._read(norm)[4]
        if not items:
            return [True] * count
        rows = list(map(self._rows.get, items))
        if None in rows:
            rows = [
                self._row(item) if got is None else got
                for got, item in zip(rows, items, strict=True)
            ]
        sums = list(map(sum, zip(*rows, strict=True)))
        out = []
        for j, ix in enumerate(self.indexes):
            if not self._simple[j]:
                out.append(True)
                continue
            norm2, top, square = sums[j], sums[count + j], sums[2 * count + j]
            vote = sums[3 * count + j]
            length = math.sqrt(norm2) or 1.0
            bound = min(top, math.sqrt(square)) / length
            if bound >= _STRONG - _SCREEN_MARGIN:
                out.append(True)
                continue
            needs = self._needs[j]
            out.append(
                bound >= ix.closeness - _SCREEN_MARGIN
                and (needs is None or vote >= needs - _SCREEN_MARGIN)
            )
        return out
