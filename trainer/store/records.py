"""What the store hands back (calls, turns, sessions, history lines), and the outcome rules.

Plain frozen dataclasses that need neither the database nor the catalog: each call keeps a
snapshot of what its report needs. Finished, status and passed are worked out here, the same way
for a history line and a full record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from trainer.engine.models import Rubric
from trainer.engine.scoring import Ledger, ScoreEvent


def passes(outcome: str | None, overall: int | None, pass_mark: int) -> bool:
    """The pass rule, the one place it lives: won, with an overall score at the pass mark or above.

    The app's assessment verdict and a stored call's ``passed`` both ask this.
    """
    return outcome == "won" and (overall or 0) >= pass_mark


class _CallResult(Protocol):
    @property
    def mode(self) -> str: ...
    @property
    def finished_at(self) -> str | None: ...
    @property
    def outcome(self) -> str | None: ...
    @property
    def overall(self) -> int | None: ...
    @property
    def pass_mark(self) -> int: ...


class Outcome:
    """Mixin for a record with mode, finished_at, outcome, overall and pass_mark."""

    @property
    def finished(self: _CallResult) -> bool:
        return self.finished_at is not None

    @property
    def status(self: _CallResult) -> str:
        """won / lost / open once finished; ``unfinished`` while running or after a crash."""
        return (self.outcome or "open") if self.finished_at is not None else "unfinished"

    @property
    def passed(self: _CallResult) -> bool:
        """Only a finished, won assessment at or above the pass mark counts as a pass."""
        return (
            self.finished_at is not None
            and self.mode == "assessment"
            and passes(self.outcome, self.overall, self.pass_mark)
        )


def criterion_scores(card: dict[str, Any]) -> dict[str, int]:
    """``{criterion id: score}`` from a stored scorecard."""
    return {str(c["id"]): int(c["score"]) for c in card.get("criteria", [])}


@dataclass(frozen=True)
class TurnRecord:
    """One saved turn: the line, the reply, and what the engine heard and scored."""

    number: int
    speaker: str
    trainee: str
    customer: str
    mood_before: str
    mood_after: str
    detections: tuple[dict[str, Any], ...]
    topics: tuple[str, ...]
    why: tuple[dict[str, Any], ...]
    score_events: tuple[dict[str, Any], ...]
    strikes: int
    ended: bool
    outcome: str | None
    reply_to: str
    inherited: bool
    recorded_at: str

    @property
    def behaviors(self) -> list[str]:
        return [str(d["id"]) for d in self.detections]

    @property
    def points(self) -> int:
        return sum(int(e["points"]) for e in self.score_events)

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "speaker": self.speaker,
            "trainee": self.trainee,
            "customer": self.customer,
            "behaviors": self.behaviors,
            "detections": list(self.detections),
            "topics": list(self.topics),
            "mood_before": self.mood_before,
            "mood": self.mood_after,
            "why": list(self.why),
            "score_changes": list(self.score_events),
            "strikes": self.strikes,
            "ended": self.ended,
            "outcome": self.outcome,
            "reply_to": self.reply_to,
            "inherited": self.inherited,
            "recorded_at": self.recorded_at,
        }


@dataclass(frozen=True)
class PersonRow:
    """One person's part in a hot seat, from the turns they typed (see trainer.store.records).

    ``scores`` and ``overall``: the scorecard of their own score events, when the rubric was at
    hand (saved with the call); over several calls, the best call's.
    """

    name: str
    turns: int
    points: dict[str, int]
    net: int
    mood_steps: int
    behaviors: dict[str, int]
    scores: dict[str, int] = field(default_factory=dict)
    overall: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "turns": self.turns,
            "points": self.points,
            "net_points": self.net,
            "mood_steps": self.mood_steps,
            "behaviors": self.behaviors,
            "scores": self.scores,
            "overall": self.overall,
        }


@dataclass(frozen=True)
class CallRecord(Outcome):
    """Everything a review or report needs about one call, without the catalog."""

    id: int
    uuid: str
    scenario_id: str
    scenario: dict[str, Any]  # title, customer, scale, pass_mark, won_mood, lost_mood
    seed: int
    difficulty: str
    trainee: str
    mode: str
    group: str | None
    session_id: int | None
    session_uuid: str | None
    parent_id: int | None
    parent_uuid: str | None
    parent_turn: int | None
    opening: str
    initial_mood: str
    started_at: str
    updated_at: str
    finished_at: str | None
    outcome: str | None
    end_reason: str | None
    final_mood: str | None
    overall: int | None
    card: dict[str, Any]  # overall, criteria [{id, title, score, weight, tip, events}], tips
    turns: tuple[TurnRecord, ...]
    children: tuple[int, ...] = ()
    origin: str = "local"
    people: tuple[PersonRow, ...] = ()
    """A finished hot seat's per-person rows, as saved (empty for one trainee)."""

    @property
    def title(self) -> str:
        return str(self.scenario.get("title", self.scenario_id))

    @property
    def customer(self) -> str:
        return str(self.scenario.get("customer", "Customer"))

    @property
    def scale(self) -> list[str]:
        return [str(s) for s in self.scenario.get("scale", [])]

    @property
    def pass_mark(self) -> int:
        return int(self.scenario.get("pass_mark", 70))

    @property
    def mood_path(self) -> list[str]:
        return [self.initial_mood, *(t.mood_after for t in self.turns)]

    @property
    def speakers(self) -> list[str]:
        seen: list[str] = []
        for t in self.turns:
            if t.speaker not in seen:
                seen.append(t.speaker)
        return seen

    @property
    def scores(self) -> dict[str, int]:
        return criterion_scores(self.card)

    def lines(self, upto: int | None = None) -> list[str]:
        return [t.trainee for t in self.turns[:upto]]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "scenario": self.scenario_id,
            "scenario_info": self.scenario,
            "seed": self.seed,
            "difficulty": self.difficulty,
            "trainee": self.trainee,
            "mode": self.mode,
            "group": self.group,
            "session": self.session_id,
            "parent": (
                {"call": self.parent_id, "uuid": self.parent_uuid, "turn": self.parent_turn}
                if self.parent_uuid
                else None
            ),
            "children": list(self.children),
            "opening": self.opening,
            "initial_mood": self.initial_mood,
            "mood_path": self.mood_path,
            "started_at": self.started_at,
            "updated_at": self.updated_at,
            "finished_at": self.finished_at,
            "status": self.status,
            "finished": self.finished,
            "outcome": self.outcome,
            "end_reason": self.end_reason,
            "final_mood": self.final_mood,
            "overall": self.overall,
            "passed": self.passed,
            "scorecard": self.card,
            "turns": [t.to_json() for t in self.turns],
            "origin": self.origin,
            "people": [p.to_json() for p in self.people],
        }


@dataclass(frozen=True)
class SessionRecord:
    """A coach's session (or one trainee's sitting) and, when loaded, its calls."""

    id: int
    uuid: str
    title: str
    group: str | None
    trainees: tuple[str, ...]
    created_at: str
    calls: tuple[CallRecord, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "title": self.title,
            "group": self.group,
            "trainees": list(self.trainees),
            "created_at": self.created_at,
            "calls": [c.id for c in self.calls],
        }


@dataclass(frozen=True)
class CallSummary(Outcome):
    """One line of history."""

    id: int
    uuid: str
    scenario_id: str
    scenario_title: str
    trainee: str
    mode: str
    group: str | None
    session_id: int | None
    parent_id: int | None
    parent_turn: int | None
    started_at: str
    finished_at: str | None
    outcome: str | None
    overall: int | None
    scores: dict[str, int]
    turns: int
    pass_mark: int
    people: tuple[PersonRow, ...] = ()
    """A finished hot seat's per-person rows (empty for one trainee)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "scenario": self.scenario_id,
            "scenario_title": self.scenario_title,
            "trainee": self.trainee,
            "mode": self.mode,
            "group": self.group,
            "session": self.session_id,
            "parent": (
                {"call": self.parent_id, "turn": self.parent_turn}
                if self.parent_turn is not None
                else None
            ),
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "status": self.status,
            "finished": self.finished,
            "outcome": self.outcome,
            "overall": self.overall,
            "scores": self.scores,
            "turns": self.turns,
            "pass_mark": self.pass_mark,
            "passed": self.passed,
            "people": [p.to_json() for p in self.people],
        }


@dataclass(frozen=True)
class LeaderRow:
    """One trainee's best on one scenario, over every finished call."""

    trainee: str
    scenario_id: str
    scenario_title: str
    best: int | None
    attempts: int
    best_assessment: int | None
    passed: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "trainee": self.trainee,
            "scenario": self.scenario_id,
            "scenario_title": self.scenario_title,
            "best": self.best,
            "attempts": self.attempts,
            "best_assessment": self.best_assessment,
            "passed": self.passed,
        }

# Each person's part in a hot seat: the one definition the app, the report and the history use.
#
#
# A turn is credited once, to who typed it, in the call where it was typed. The turns a rewind
# replays from the first try are saved ``inherited``: they are that try's, so a branch's rows
# count only the lines typed after the rewind. The app's live scorecard, the saved per-person
# rows behind ``trainer history`` and the leaderboard, and the debrief all come from
# :func:`person_rows`, so they cannot count differently.


def score_event(e: Mapping[str, Any]) -> ScoreEvent:
    """A saved score event (a turn's JSON) as the engine's event."""
    return ScoreEvent(
        str(e["criterion"]), int(e["points"]), int(e["turn"]), str(e["on"]), str(e["evidence"])
    )


def typed_turns(turns: Iterable[TurnRecord]) -> list[TurnRecord]:
    """The turns typed in this call (not replayed from the try it was rewound from)."""
    return [t for t in turns if not t.inherited]


def is_hot_seat(trainee: str, turns: Iterable[TurnRecord]) -> bool:
    """Whether anyone but the call's trainee typed a line: then the call has per-person rows."""
    return any(t.speaker != trainee for t in typed_turns(turns))


def person_rows(
    turns: Iterable[TurnRecord], scale: Sequence[str], rubric: Rubric | None = None
) -> tuple[PersonRow, ...]:
    """Per person who typed a line, in order of their first: turns, points by criterion, net
    points, mood steps, behaviours; with ``rubric``, the scorecard of their own score events."""
    mine: dict[str, list[TurnRecord]] = {}
    for t in typed_turns(turns):
        mine.setdefault(t.speaker, []).append(t)
    rows = []
    for who, theirs in mine.items():
        points: Counter[str] = Counter()
        for t in theirs:
            for e in t.score_events:
                points[str(e["criterion"])] += int(e["points"])
        steps = sum(
            scale.index(t.mood_after) - scale.index(t.mood_before)
            for t in theirs
            if t.mood_before in scale and t.mood_after in scale
        )
        behaviors = Counter(b for t in theirs for b in t.behaviors)
        scores: dict[str, int] = {}
        overall = None
        if rubric is not None:
            events = [score_event(e) for t in theirs for e in t.score_events]
            card = Ledger(rubric, events=events).scorecard()
            scores = {cid: c.score for cid, c in card.criteria.items()}
            overall = card.overall
        rows.append(
            PersonRow(
                name=who,
                turns=len(theirs),
                points=dict(points),
                net=sum(points.values()),
                mood_steps=steps,
                behaviors=dict(behaviors),
                scores=scores,
                overall=overall,
            )
        )
    return tuple(rows)


def merge_rows(groups: Iterable[Iterable[PersonRow]]) -> tuple[PersonRow, ...]:
    """Several calls' rows as one per person: turns, points, mood steps and behaviours add up;
    the scores are the best call's (the highest overall)."""
    merged: dict[str, PersonRow] = {}
    for rows in groups:
        for r in rows:
            old = merged.get(r.name)
            if old is None:
                merged[r.name] = r
                continue
            best = r if (r.overall or -1) > (old.overall or -1) else old
            merged[r.name] = PersonRow(
                name=r.name,
                turns=old.turns + r.turns,
                points=_add(old.points, r.points),
                net=old.net + r.net,
                mood_steps=old.mood_steps + r.mood_steps,
                behaviors=_add(old.behaviors, r.behaviors),
                scores=best.scores,
                overall=best.overall,
            )
    return tuple(merged.values())


def _add(a: Mapping[str, int], b: Mapping[str, int]) -> dict[str, int]:
    """Counts added key by key (negative points stay, unlike ``Counter +``)."""
    out = dict(a)
    for key, n in b.items():
        out[key] = out.get(key, 0) + n
    return out
