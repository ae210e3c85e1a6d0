"""The debrief as JSON: the same tables as the page, and the calls in full."""

from __future__ import annotations

from typing import Any

from trainer.report.model import Report
from trainer.store import CallRecord


def to_json(report: Report) -> dict[str, Any]:
    """The whole debrief, versioned, with every call in full for other tools to read."""
    return {
        "report": "tough-call-trainer/debrief",
        "version": 1,
        "title": report.title,
        "generated_at": report.generated_at,
        "focus": report.focus,
        "session": report.session.to_json() if report.session else None,
        "people": [p.to_json() for p in report.people],
        "team": [_team_row(c) for c in report.calls],
        "calls": [c.to_json() for c in report.calls],
    }


def _team_row(c: CallRecord) -> dict[str, Any]:
    """The team table's row for one call."""
    return {
        "call": c.id,
        "branch_of": {"call": c.parent_id, "turn": c.parent_turn} if c.parent_uuid else None,
        "trainee": c.trainee,
        "speakers": c.speakers,
        "scenario": c.scenario_id,
        "status": c.status,
        "overall": c.overall,
        "scores": c.scores,
        "turns": len(c.turns),
        "passed": c.passed,
    }
