"""Score events and the scorecard folded from them.

A call's score is never a black box: every point is an event naming the criterion, the turn,
the behaviour or topic that earned it and the trainee's own words. The scorecard is just the
sum of those events, so review can show each one and a coach can argue with any of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from trainer.engine.models import Rubric


@dataclass(frozen=True)
class ScoreEvent:
    criterion: str
    points: int
    turn: int
    on: str
    evidence: str

    def to_json(self) -> dict[str, object]:
        return {
            "criterion": self.criterion,
            "points": self.points,
            "turn": self.turn,
            "on": self.on,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class CriterionScore:
    id: str
    title: str
    score: int
    weight: float
    events: tuple[ScoreEvent, ...]
    tip: str


@dataclass(frozen=True)
class Scorecard:
    criteria: dict[str, CriterionScore]
    overall: int
    tips: tuple[tuple[str, str], ...]

    def as_numbers(self) -> dict[str, int]:
        out = {cid: c.score for cid, c in self.criteria.items()}
        out["overall"] = self.overall
        return out


@dataclass
class Ledger:
    """Turns heard behaviours and topics into score events, honouring each rule's `times`."""

    rubric: Rubric
    extra: dict[str, dict[str, int]] = field(default_factory=dict)
    used: Counter[tuple[str, str]] = field(default_factory=Counter)
    events: list[ScoreEvent] = field(default_factory=list)

    def record(self, turn: int, on: str, evidence: str) -> list[ScoreEvent]:
        """Events earned when ``on`` (a behaviour id or topic token) is heard at ``turn``."""
        new: list[ScoreEvent] = []
        for cid, crit in self.rubric.criteria.items():
            for rule in crit.points:
                if rule.on != on:
                    continue
                key = (cid, on)
                if rule.times is not None and self.used[key] >= rule.times:
                    continue
                self.used[key] += 1
                new.append(ScoreEvent(cid, rule.points, turn, on, evidence))
        for cid, points in self.extra.get(on, {}).items():
            new.append(ScoreEvent(cid, points, turn, on, evidence))
        self.events.extend(new)
        return new

    def scorecard(self, tips: int = 2) -> Scorecard:
        criteria: dict[str, CriterionScore] = {}
        for cid, crit in self.rubric.criteria.items():
            mine = tuple(e for e in self.events if e.criterion == cid)
            raw = crit.start + sum(e.points for e in mine)
            criteria[cid] = CriterionScore(
                cid, crit.title, max(0, min(100, raw)), crit.weight, mine, crit.tip
            )
        total_weight = sum(c.weight for c in criteria.values()) or 1.0
        overall = round(sum(c.score * c.weight for c in criteria.values()) / total_weight)
        weakest = sorted(
            (c for c in criteria.values() if c.score < 70 and c.weight > 0),
            key=lambda c: (c.score, -c.weight),
        )[:tips]
        return Scorecard(criteria, overall, tuple((c.id, c.tip) for c in weakest))
