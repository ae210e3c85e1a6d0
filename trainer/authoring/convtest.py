"""Conversation tests: scripted calls with expectations, written in YAML next to scenarios.

A test is the author's proof that the scenario behaves: this line is heard as ownership, the
mood is at least `listening` by now, the customer mentions the budget, the call ends `won`
with overall of at least 70. The same runner serves `trainer test` and pytest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from rapidfuzz import fuzz, process

from trainer.engine.call import Call
from trainer.engine.listener.listen import Listener, scenario_listener
from trainer.engine.listener.similar import ExampleIndex, Match
from trainer.engine.listener.textnorm import normalize
from trainer.engine.models import Behavior, Samples, Scenario
from trainer.formats.test_file import ConversationTest


@dataclass
class Failure:
    step: int | None
    expected: str
    actual: str
    line: int

    def __str__(self) -> str:
        where = f"step {self.step}" if self.step else "end of call"
        return f"{where} (line {self.line}): expected {self.expected}; got {self.actual}"


@dataclass
class TestResult:
    name: str
    path: str
    line: int
    failures: list[Failure] = field(default_factory=list)
    call: Call | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


def run(test: ConversationTest, resolve: Callable[[str], Scenario]) -> TestResult:
    """Play the test's lines and check every expectation; never raises for a failing test."""
    result = TestResult(test.name, test.doc.path, test.line)
    scenario = resolve(test.scenario)
    call = Call(scenario, seed=test.seed, difficulty=test.difficulty)
    result.call = call
    scale = scenario.scale
    for i, step in enumerate(test.steps):
        n = i + 1
        line = test.step_line(i)
        if call.ended:
            result.failures.append(
                Failure(n, "the call to still be going", f"it ended ({call.outcome}) earlier", line)
            )
            break
        turn = call.say(step["say"])
        exp = step.get("expect") or {}

        def fail(expected: str, actual: str, n: int = n, line: int = line) -> None:
            result.failures.append(Failure(n, expected, actual, line))

        heard = set(turn.behaviors)
        for b in _as_list(exp.get("behaviors")):
            if b not in heard:
                fail(f"behaviour {b}", f"heard {sorted(heard) or 'nothing'}")
        for b in _as_list(exp.get("not_behaviors")):
            if b in heard:
                fail(f"no {b}", f"{b} heard in '{_evidence(turn, b)}'")
        idx = scale.index(turn.mood_after)
        for key in ("mood", "mood_at_least", "mood_at_most"):
            if key not in exp:
                continue
            want = exp[key]
            if want not in scale:
                fail(f"{key} {want!r} (a mood on the scale)", f"scale is {list(scale)}")
                continue
            target = scale.index(want)
            ok = {"mood": idx == target, "mood_at_least": idx >= target, "mood_at_most": idx <= target}
            if not ok[key]:
                fail(f"{key.replace('_', ' ')} {want}", f"mood {turn.mood_after}")
        for t in _as_list(exp.get("topics")):
            if t not in call.covered:
                fail(f"topic {t} covered", f"covered {call.covered or 'none'}")
        for t in _as_list(exp.get("not_topics")):
            if t in call.covered:
                fail(f"topic {t} not covered", "it was covered")
        for words in _as_list(exp.get("reply_contains")):
            if str(words).lower() not in turn.customer.lower():
                fail(f"reply containing {words!r}", repr(turn.customer))
        if "ended" in exp and bool(exp["ended"]) != turn.ended:
            fail(f"ended={exp['ended']}", f"ended={turn.ended}")
        if "outcome" in exp and exp["outcome"] != turn.outcome:
            fail(f"outcome {exp['outcome']}", f"outcome {turn.outcome}")
    end_line = test.doc.where((*test.base, "outcome"))[0]
    if test.outcome is not None:
        got = call.outcome or "open"
        if got != test.outcome:
            why = f" ({call.end_reason})" if call.end_reason else ""
            result.failures.append(
                Failure(None, f"outcome {test.outcome}", f"{got}{why}", end_line)
            )
    numbers = call.scorecard().as_numbers()
    for cid, bounds in test.scores.items():
        sline = test.doc.where((*test.base, "scores", cid))[0]
        if cid not in numbers:
            result.failures.append(Failure(None, f"a criterion {cid}", f"{list(numbers)}", sline))
            continue
        value = numbers[cid]
        lo, hi = bounds.get("min", 0), bounds.get("max", 100)
        if not lo <= value <= hi:
            result.failures.append(Failure(None, f"{cid} in {lo}..{hi}", str(value), sline))
    return result


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _evidence(turn: Any, bid: str) -> str:
    det = turn.heard.get(bid)
    return det.evidence if det else ""


def realism(test: ConversationTest, scenario: Scenario) -> list[str]:
    """Problems with `reworded: true` marks: a `kind: win` test needs them on half its lines.

    A line marked reworded must not be a near copy of any phrase-bank entry (behaviours or
    topics), so the test proves that plain, unscripted wording wins.
    """
    problems = []
    bank = [p.lower() for b in scenario.all_behaviors().values() for p in b.phrases]
    bank += [p.lower() for t in scenario.topics.values() for p in t.examples]
    marked = [s for s in test.steps if s.get("reworded")]
    if test.kind == "win" and len(marked) * 2 < len(test.steps):
        problems.append(
            f"only {len(marked)} of {len(test.steps)} lines are marked reworded; at least half "
            "of a winning test's lines must be in words that are not in the phrase banks"
        )
    for i, step in enumerate(test.steps, start=1):
        if not step.get("reworded") or not bank:
            continue
        norm = normalize(step["say"])
        hit = process.extractOne(norm, bank, scorer=fuzz.token_set_ratio, score_cutoff=90)
        if hit:
            problems.append(f"step {i} is marked reworded but is close to the phrase '{hit[0]}'")
    return problems


def check_samples(scenario_or_behaviors: Scenario, listener: Listener | None = None) -> list[str]:
    """Phrase-bank samples: each `match` line heard as its behaviour/topic, `no_match` not."""
    s = scenario_or_behaviors
    listener = listener or scenario_listener(s)
    problems = []
    for b in s.all_behaviors().values():
        for line in b.samples.match:
            heard = listener.hear(line)
            if b.id not in heard.behavior_ids():
                problems.append(
                    f"behaviour {b.id}: sample '{line}' not heard "
                    f"(heard {heard.behavior_ids() or 'nothing'})"
                )
        for line in b.samples.no_match:
            heard = listener.hear(line)
            if b.id in heard.behavior_ids():
                det = heard.get(b.id)
                problems.append(
                    f"behaviour {b.id}: no_match sample '{line}' was heard ({det.rule if det else ''})"
                )
    for t in s.topics.values():
        for line in t.samples.match:
            if t.id not in listener.hear(line).topic_ids():
                problems.append(f"topic {t.id}: sample '{line}' does not cover it")
        for line in t.samples.no_match:
            if t.id in listener.hear(line).topic_ids():
                problems.append(f"topic {t.id}: no_match sample '{line}' covers it")
    return problems


# The bar a behaviour heard from examples must reach on its own samples, each sample left out of
# what the matcher learned from: a trap can be a strike, so a false hit costs the trainee more
# than a miss (precision first). The samples are deliberately hard (half are near-misses in the
# same words), so the recall floor catches a broken trap, not an imperfect one.
MIN_PRECISION = 0.7
MIN_RECALL = 0.3


@dataclass(frozen=True)
class Figures:
    """How one topic or behaviour does on its samples: hits and false hits, as counts."""

    kind: str  # "topic" or "behaviour"
    id: str
    method: str  # "leave-one-out" (the samples are its examples) or "direct"
    tp: int
    fn: int
    fp: int
    tn: int
    gated: bool  # whether the bar decides pass or fail

    @property
    def precision(self) -> float | None:
        heard = self.tp + self.fp
        return self.tp / heard if heard else None

    @property
    def recall(self) -> float | None:
        wanted = self.tp + self.fn
        return self.tp / wanted if wanted else None

    @property
    def passed(self) -> bool:
        """At the bar (a figure with nothing to measure cannot fail it)."""
        p, r = self.precision, self.recall
        return (p is None or p >= MIN_PRECISION) and (r is None or r >= MIN_RECALL)

    def to_json(self) -> dict[str, Any]:
        def rounded(x: float | None) -> float | None:
            return None if x is None else round(x, 3)

        return {
            "kind": self.kind,
            "id": self.id,
            "method": self.method,
            "tp": self.tp,
            "fn": self.fn,
            "fp": self.fp,
            "tn": self.tn,
            "precision": rounded(self.precision),
            "recall": rounded(self.recall),
            "gated": self.gated,
            "passed": self.passed,
        }


def _counted(
    kind: str, ident: str, method: str, samples: Samples, tp: int, fp: int, gated: bool
) -> Figures:
    """Figures from hits on the match samples and false hits on the no_match ones."""
    misses, rejected = len(samples.match) - tp, len(samples.no_match) - fp
    return Figures(kind, ident, method, tp, misses, fp, rejected, gated=gated)


def sample_figures(scenario: Scenario, listener: Listener | None = None) -> list[Figures]:
    """Precision and recall of each topic and each behaviour heard from examples.

    A behaviour heard from examples learned from its own samples, so hearing them proves
    nothing: each sample is left out of its index before it is heard (leave-one-out). A topic
    learns from `examples`, so its `samples` are unseen lines and are heard as they are.
    Only the behaviours' figures are held to the bar (MIN_PRECISION, MIN_RECALL); a topic's
    misses are reported by `check_samples`.
    """
    s = scenario
    listener = listener or scenario_listener(s)
    out: list[Figures] = []
    for b in s.behaviors.values():
        index = listener._behavior_indexes.get(b.id)
        if index is None or not (b.samples.match or b.samples.no_match):
            continue
        tp = sum(_heard_left_out(listener, index, b, s.fill(x)) for x in b.samples.match)
        fp = sum(_heard_left_out(listener, index, b, s.fill(x)) for x in b.samples.no_match)
        out.append(_counted("behaviour", b.id, "leave-one-out", b.samples, tp, fp, gated=True))
    for topic in s.topics.values():
        if not (topic.samples.match or topic.samples.no_match):
            continue
        tp = sum(topic.id in listener.hear(x).topic_ids() for x in topic.samples.match)
        fp = sum(topic.id in listener.hear(x).topic_ids() for x in topic.samples.no_match)
        out.append(_counted("topic", topic.id, "direct", topic.samples, tp, fp, gated=False))
    return out


class _LeftOut:
    """A behaviour's index as the listener calls it, with one sample left out."""

    def __init__(self, index: ExampleIndex, skip: int | None) -> None:
        self.index, self.skip = index, skip

    def nearest(self, norm: str, skip: int | None = None) -> Match | None:
        return self.index.nearest(norm, skip=self.skip)


def _heard_left_out(listener: Listener, index: ExampleIndex, b: Behavior, line: str) -> bool:
    """Whether the listener hears ``b`` in ``line`` once every copy of the line is taken out of
    the behaviour's index (the rest of the listener, acts and clause rules, stays as it is).

    A near-miss is stored twice (once to veto, once for the 'none' class), so ``skip`` alone
    would leave a copy of the line that vetoes itself. Vetoing copies only count through the
    index's negative postings, which a shallow copy can drop cheaply; more than one copy that counts
    for a class (a line written twice) needs the index rebuilt without them.
    """
    text = normalize(line)
    same = [i for i, t in enumerate(index.texts) if t == text]
    counted = [i for i in same if not index.labels[i].startswith("~")]
    skip: int | None = counted[0] if counted else None
    left = index
    if len(counted) > 1:
        keep = [
            (label, t)
            for i, (label, t) in enumerate(zip(index.labels, index.texts, strict=True))
            if i not in same
        ]
        left = ExampleIndex(
            keep, index.concepts, index.confidence, index.closeness, index.ignore, index.min_words
        )
        skip = None
    elif len(same) > len(counted):
        left = index.without_negatives(same)
    indexes = listener._behavior_indexes
    indexes[b.id] = cast(ExampleIndex, _LeftOut(left, skip))
    try:
        return b.id in listener.hear(line).behavior_ids()
    finally:
        indexes[b.id] = index


def format_figures(sid: str, figures: list[Figures]) -> str:
    """A compact table: one row per topic or behaviour, with the bar's verdict."""

    def pct(x: float | None) -> str:
        return "   -" if x is None else f"{x:4.2f}"

    width = max([len(f"{f.kind} {f.id}") for f in figures] + [len(f"samples of {sid}")])
    rows = [
        f"  {'samples of ' + sid:<{width}}  {'P':>4} {'R':>4}  {'TP':>3} {'FN':>3} {'FP':>3} {'TN':>3}"
    ]
    for f in figures:
        verdict = ("ok" if f.passed else "BELOW THE BAR") if f.gated else "not gated"
        rows.append(
            f"  {f.kind + ' ' + f.id:<{width}}  {pct(f.precision)} {pct(f.recall)}  "
            f"{f.tp:>3} {f.fn:>3} {f.fp:>3} {f.tn:>3}  {f.method}, {verdict}"
        )
    return "\n".join(rows)
