"""Live engine objects (scorecard, scenario, turn) as the JSON and values the store saves."""

from __future__ import annotations

import json
from typing import Any

from trainer.engine.call import Turn
from trainer.engine.models import Scenario
from trainer.engine.scoring import Scorecard


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def card_json(card: Scorecard) -> dict[str, Any]:
    """A scorecard as stored: overall, criteria with their evidence, and the tips."""
    return {
        "overall": card.overall,
        "criteria": [
            {
                "id": c.id,
                "title": c.title,
                "score": c.score,
                "weight": c.weight,
                "tip": c.tip,
                "events": [e.to_json() for e in c.events],
            }
            for c in card.criteria.values()
        ],
        "tips": [{"criterion": cid, "tip": tip} for cid, tip in card.tips],
    }


def card_columns(card: Scorecard) -> dict[str, Any]:
    """The ``overall`` and ``card`` columns of a call."""
    return {"overall": card.overall, "card": _dumps(card_json(card))}


def scenario_snapshot(s: Scenario) -> str:
    """What a report needs of the scenario, so reading the history never needs the catalog."""
    return _dumps(
        {
            "title": s.title,
            "customer": s.customer.name,
            "scale": list(s.scale),
            "pass_mark": s.pass_mark,
            "won_mood": s.scale[s.won_mood],
            "lost_mood": s.scale[s.lost_mood],
            "rubric": s.rubric.id,
        }
    )


def turn_columns(turn: Turn) -> dict[str, Any]:
    """A turn's columns, all but call_id, speaker, inherited and recorded_at."""
    return {
        "number": turn.number,
        "trainee": turn.trainee,
        "customer": turn.customer,
        "mood_before": turn.mood_before,
        "mood_after": turn.mood_after,
        "detections": _dumps([{**d.to_json(), "rule": d.rule} for d in turn.heard.behaviors]),
        "topics": _dumps(list(turn.topics)),
        "why": _dumps(
            [
                {"trigger": c.trigger, "before": c.before, "after": c.after, "why": c.why}
                for c in turn.changes
            ]
        ),
        "score_events": _dumps([e.to_json() for e in turn.score_events]),
        "strikes": turn.strikes,
        "ended": int(turn.ended),
        "outcome": turn.outcome,
        "reply_to": turn.reply_to,
    }
