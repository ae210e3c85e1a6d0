"""Lines of history: one per call for listings, one per trainee and scenario for the board."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trainer.store.outcome import Outcome


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
