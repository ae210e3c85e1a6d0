"""What the store hands back for a call, its turns and its session, without the catalog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trainer.store.outcome import Outcome, criterion_scores


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
