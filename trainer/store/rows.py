"""Rows and columns: the one place where the database's columns meet records and engine objects.

Reading: a row of :data:`CALL_ROWS` (or a turn or session row) to a record. Writing: a live
scorecard, scenario or turn to the JSON and values the store saves.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from trainer.engine.call import Turn
from trainer.engine.models import Scenario
from trainer.engine.scoring import Scorecard
from trainer.store.records import (
    CallRecord,
    CallSummary,
    PersonRow,
    SessionRecord,
    TurnRecord,
    criterion_scores,
)

# Every call column plus its session's and parent's ids and its turn count; add a WHERE.
CALL_ROWS = """
    SELECT c.*, s.id AS session_id, p.id AS parent_id,
           (SELECT COUNT(*) FROM turns t WHERE t.call_id = c.id) AS turn_count
    FROM calls c
    LEFT JOIN sessions s ON s.uuid = c.session_uuid
    LEFT JOIN calls p ON p.uuid = c.parent_uuid
"""


def insert_row(
    c: sqlite3.Connection, table: str, row: Mapping[str, Any], *, or_ignore: bool = False
) -> sqlite3.Cursor:
    """``INSERT`` one row given as {column: value}."""
    verb = "INSERT OR IGNORE" if or_ignore else "INSERT"
    columns = ", ".join(row)
    marks = ",".join("?" * len(row))
    return c.execute(f"{verb} INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))


def _call_fields(r: sqlite3.Row) -> dict[str, Any]:
    """The fields a history line and a full record share, from a :data:`CALL_ROWS` row."""
    return {
        "id": int(r["id"]),
        "uuid": str(r["uuid"]),
        "scenario_id": str(r["scenario_id"]),
        "trainee": str(r["trainee"]),
        "mode": str(r["mode"]),
        "group": r["grp"],
        "session_id": r["session_id"],
        "parent_id": r["parent_id"],
        "parent_turn": r["parent_turn"],
        "started_at": str(r["started_at"]),
        "finished_at": r["finished_at"],
        "outcome": r["outcome"],
        "overall": r["overall"],
    }


def summary_from_row(r: sqlite3.Row, people: Sequence[PersonRow] = ()) -> CallSummary:
    snap = json.loads(r["scenario"])
    return CallSummary(
        **_call_fields(r),
        scenario_title=str(snap.get("title", r["scenario_id"])),
        scores=criterion_scores(json.loads(r["card"] or "{}")),
        turns=int(r["turn_count"]),
        pass_mark=int(snap.get("pass_mark", 70)),
        people=tuple(people),
    )


def call_from_row(
    r: sqlite3.Row,
    turns: Sequence[sqlite3.Row],
    children: Sequence[sqlite3.Row],
    people: Sequence[sqlite3.Row] = (),
) -> CallRecord:
    """A full record from a :data:`CALL_ROWS` row, its turn rows, its branches' id rows and
    its per-person rows."""
    return CallRecord(
        **_call_fields(r),
        scenario=json.loads(r["scenario"]),
        seed=int(r["seed"]),
        difficulty=str(r["difficulty"]),
        session_uuid=r["session_uuid"],
        parent_uuid=r["parent_uuid"],
        opening=str(r["opening"]),
        initial_mood=str(r["initial_mood"]),
        updated_at=str(r["updated_at"]),
        end_reason=r["end_reason"],
        final_mood=r["final_mood"],
        card=json.loads(r["card"] or "{}"),
        turns=tuple(turn_from_row(t) for t in turns),
        children=tuple(int(ch["id"]) for ch in children),
        origin=str(r["origin"]),
        people=tuple(person_from_row(p) for p in people),
    )


def turn_from_row(t: sqlite3.Row | Mapping[str, Any]) -> TurnRecord:
    """A turn row (or :func:`turn_columns` plus speaker, inherited, recorded_at) as a record."""
    return TurnRecord(
        number=int(t["number"]),
        speaker=str(t["speaker"]),
        trainee=str(t["trainee"]),
        customer=str(t["customer"]),
        mood_before=str(t["mood_before"]),
        mood_after=str(t["mood_after"]),
        detections=tuple(json.loads(t["detections"])),
        topics=tuple(json.loads(t["topics"])),
        why=tuple(json.loads(t["why"])),
        score_events=tuple(json.loads(t["score_events"])),
        strikes=int(t["strikes"]),
        ended=bool(t["ended"]),
        outcome=t["outcome"],
        reply_to=str(t["reply_to"]),
        inherited=bool(t["inherited"]),
        recorded_at=str(t["recorded_at"]),
    )


def turn_record(turn: Turn, speaker: str, inherited: bool = False) -> TurnRecord:
    """A live turn as it will be saved, so the app counts it the way a saved one is counted."""
    row = {**turn_columns(turn), "speaker": speaker, "inherited": int(inherited)}
    return turn_from_row({**row, "recorded_at": ""})


def person_from_row(p: sqlite3.Row | Mapping[str, Any]) -> PersonRow:
    return PersonRow(
        name=str(p["name"]),
        turns=int(p["turns"]),
        points=json.loads(p["points"]),
        net=int(p["net"]),
        mood_steps=int(p["mood_steps"]),
        behaviors=json.loads(p["behaviors"]),
        scores=json.loads(p["scores"]),
        overall=p["overall"],
    )


def person_columns(call_id: int, position: int, p: PersonRow) -> dict[str, Any]:
    """A per-person row's columns (see :func:`trainer.store.records.person_rows`)."""
    return {
        "call_id": call_id,
        "position": position,
        "name": p.name,
        "turns": p.turns,
        "points": json_text(p.points),
        "net": p.net,
        "mood_steps": p.mood_steps,
        "behaviors": json_text(p.behaviors),
        "scores": json_text(p.scores),
        "overall": p.overall,
    }


def save_people(c: sqlite3.Connection, call_id: int, people: Sequence[PersonRow]) -> None:
    """Replace a call's per-person rows."""
    c.execute("DELETE FROM call_people WHERE call_id = ?", (call_id,))
    for i, p in enumerate(people):
        insert_row(c, "call_people", person_columns(call_id, i, p))


def session_from_row(r: sqlite3.Row, calls: tuple[CallRecord, ...] = ()) -> SessionRecord:
    return SessionRecord(
        id=int(r["id"]),
        uuid=str(r["uuid"]),
        title=str(r["title"]),
        group=r["grp"],
        trainees=tuple(json.loads(r["trainees"])),
        created_at=str(r["created_at"]),
        calls=calls,
    )


def json_text(value: object) -> str:
    """JSON as the columns hold it (text kept as written, not escaped to ASCII)."""
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
    return {"overall": card.overall, "card": json_text(card_json(card))}


def scenario_snapshot(s: Scenario) -> str:
    """What a report needs of the scenario, so reading the history never needs the catalog."""
    return json_text(
        {
            "title": s.title,
            "customer": s.customer.name,
            "scale": list(s.scale),
            "pass_mark": s.pass_mark,
            "won_mood": s.scale[s.won_mood],
            "lost_mood": s.scale[s.lost_mood],
            "rubric": s.rubric.id,
            "negative": sorted(s.negative_behaviors()),  # marked in reports; old calls lack it
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
        "detections": json_text([{**d.to_json(), "rule": d.rule} for d in turn.heard.behaviors]),
        "topics": json_text(list(turn.topics)),
        "why": json_text(
            [
                {"trigger": c.trigger, "before": c.before, "after": c.after, "why": c.why}
                for c in turn.changes
            ]
        ),
        "score_events": json_text([e.to_json() for e in turn.score_events]),
        "strikes": turn.strikes,
        "ended": int(turn.ended),
        "outcome": turn.outcome,
        "reply_to": turn.reply_to,
    }
