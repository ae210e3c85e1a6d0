"""Each person's part in a hot seat: the one definition the app, the report and the history use.

A turn is credited once, to who typed it, in the call where it was typed. The turns a rewind
replays from the first try are saved ``inherited``: they are that try's, so a branch's rows
count only the lines typed after the rewind. The app's live scorecard, the saved per-person
rows behind ``trainer history`` and the leaderboard, and the debrief all come from
:func:`person_rows`, so they cannot count differently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from trainer.engine.models import Rubric
from trainer.engine.scoring import Ledger, ScoreEvent
from trainer.store.records import PersonRow, TurnRecord


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
