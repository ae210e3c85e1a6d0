"""Moving history between laptops: the export file's format, checking it, and importing it.

A file from another laptop, an older or newer trainer, or a truncated copy must fail with a
message that says which, before anything is written. Calls and sessions are matched by UUID, so
importing the same file twice adds nothing. The :class:`trainer.store.Store` reads the records
and opens the one transaction; this module turns records into the document and back into rows.
A hot seat's per-person rows travel with their call (``people``); a file from before they
existed has none and still imports.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.store.db import MODES, StoreError
from trainer.store.records import CallRecord, PersonRow, SessionRecord
from trainer.store.rows import insert_row, json_text, save_people

EXPORT_FORMAT = "tough-call-trainer/history"
EXPORT_VERSION = 1

_CALL_FIELDS: Mapping[str, tuple[type, ...]] = {
    "uuid": (str,),
    "session": (str, type(None)),
    "parent_uuid": (str, type(None)),
    "parent_turn": (int, type(None)),
    "scenario_id": (str,),
    "scenario": (dict,),
    "seed": (int,),
    "difficulty": (str,),
    "trainee": (str,),
    "mode": (str,),
    "group": (str, type(None)),
    "opening": (str,),
    "initial_mood": (str,),
    "started_at": (str,),
    "updated_at": (str,),
    "finished_at": (str, type(None)),
    "outcome": (str, type(None)),
    "end_reason": (str, type(None)),
    "final_mood": (str, type(None)),
    "overall": (int, type(None)),
    "scorecard": (dict,),
    "turns": (list,),
}
_TURN_FIELDS: Mapping[str, tuple[type, ...]] = {
    "number": (int,),
    "speaker": (str,),
    "trainee": (str,),
    "customer": (str,),
    "mood_before": (str,),
    "mood": (str,),
    "detections": (list,),
    "topics": (list,),
    "why": (list,),
    "score_changes": (list,),
    "strikes": (int,),
    "ended": (bool,),
    "outcome": (str, type(None)),
    "reply_to": (str,),
    "inherited": (bool,),
    "recorded_at": (str,),
}
_PERSON_FIELDS: Mapping[str, tuple[type, ...]] = {
    "name": (str,),
    "turns": (int,),
    "points": (dict,),
    "net_points": (int,),
    "mood_steps": (int,),
    "behaviors": (dict,),
    "scores": (dict,),
    "overall": (int, type(None)),
}
_SESSION_FIELDS: Mapping[str, tuple[type, ...]] = {
    "uuid": (str,),
    "title": (str,),
    "group": (str, type(None)),
    "trainees": (list,),
    "created_at": (str,),
}


def export_call(c: CallRecord) -> dict[str, Any]:
    """A call as the export file holds it (links by UUID, no local ids)."""
    return {
        "uuid": c.uuid,
        "session": c.session_uuid,
        "parent_uuid": c.parent_uuid,
        "parent_turn": c.parent_turn,
        "scenario_id": c.scenario_id,
        "scenario": c.scenario,
        "seed": c.seed,
        "difficulty": c.difficulty,
        "trainee": c.trainee,
        "mode": c.mode,
        "group": c.group,
        "opening": c.opening,
        "initial_mood": c.initial_mood,
        "started_at": c.started_at,
        "updated_at": c.updated_at,
        "finished_at": c.finished_at,
        "outcome": c.outcome,
        "end_reason": c.end_reason,
        "final_mood": c.final_mood,
        "overall": c.overall,
        "scorecard": c.card,
        "turns": [t.to_json() for t in c.turns],
        "people": [p.to_json() for p in c.people],
    }


def _check_fields(obj: object, fields: Mapping[str, tuple[type, ...]], where: str) -> None:
    """Every field present with one of its types (a bool is not an int here)."""
    if not isinstance(obj, dict):
        raise StoreError(f"{where}: expected an object")
    for name, types in fields.items():
        if name not in obj:
            raise StoreError(f"{where}: missing '{name}'")
        value = obj[name]
        if isinstance(value, bool) and bool not in types:
            raise StoreError(f"{where}.{name}: wrong type")
        if not isinstance(value, types):
            raise StoreError(f"{where}.{name}: wrong type ({type(value).__name__})")


def read_export(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse an export file, with a clear message for anything that is not one of ours."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read {p}: {exc.strerror}") from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError(f"{p} is not a trainer export (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        at_end = exc.pos >= len(raw.decode("utf-8").rstrip()) - 1
        cut = at_end or exc.msg.startswith("Unterminated string")
        hint = "it looks truncated" if cut else "it is not valid JSON"
        raise StoreError(
            f"{p} is not a complete trainer export: {hint} (line {exc.lineno}, column "
            f"{exc.colno}). Nothing was imported; export it again."
        ) from None
    if not isinstance(doc, dict):
        raise StoreError(f"{p} is not a trainer export (no '{EXPORT_FORMAT}' format marker)")
    return doc


def check_export(
    doc: object, source: str = "import"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The sessions and calls of a valid export; a StoreError naming the first problem."""
    if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT:
        raise StoreError(
            f"{source} is not a trainer export (no '{EXPORT_FORMAT}' format marker); "
            "nothing was imported"
        )
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise StoreError(f"{source}: the export has no version number; nothing was imported")
    if version > EXPORT_VERSION:
        raise StoreError(
            f"{source} was exported by a newer trainer (format version {version}; this one "
            f"reads up to {EXPORT_VERSION}); upgrade trainer to import it"
        )
    sessions, calls = doc.get("sessions", []), doc.get("calls")
    if not isinstance(sessions, list) or not isinstance(calls, list):
        raise StoreError(f"{source}: 'sessions' and 'calls' must be lists; nothing was imported")
    try:
        for i, s in enumerate(sessions):
            _check_fields(s, _SESSION_FIELDS, f"sessions[{i}]")
        for i, call in enumerate(calls):
            _check_fields(call, _CALL_FIELDS, f"calls[{i}]")
            if call["mode"] not in MODES:
                raise StoreError(f"calls[{i}].mode: must be one of {', '.join(MODES)}")
            for j, t in enumerate(call["turns"]):
                _check_fields(t, _TURN_FIELDS, f"calls[{i}].turns[{j}]")
            people = call.get("people", [])  # absent in files from before per-person rows
            if not isinstance(people, list):
                raise StoreError(f"calls[{i}].people: wrong type ({type(people).__name__})")
            for j, p in enumerate(people):
                _check_fields(p, _PERSON_FIELDS, f"calls[{i}].people[{j}]")
                for name in ("points", "behaviors", "scores"):
                    if not all(type(v) is int for v in p[name].values()):
                        raise StoreError(f"calls[{i}].people[{j}].{name}: counts must be numbers")
    except StoreError as exc:
        raise StoreError(f"{source}: {exc}; nothing was imported") from None
    return sessions, calls


@dataclass
class ImportResult:
    """What an import did, for the one line the CLI prints."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    sessions_added: int = 0
    files: list[str] = field(default_factory=list)


def export_document(
    calls: Sequence[CallRecord],
    sessions: Sequence[SessionRecord],
    exported_at: str,
    since: str | None,
) -> dict[str, Any]:
    """Calls (oldest first) and their sessions as one JSON-ready document for an import."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": exported_at,
        "since": since,
        "sessions": [
            {
                "uuid": s.uuid,
                "title": s.title,
                "group": s.group,
                "trainees": list(s.trainees),
                "created_at": s.created_at,
            }
            for s in sessions
        ],
        "calls": [export_call(c) for c in calls],
    }


def import_checked(
    c: sqlite3.Connection,
    sessions: Sequence[dict[str, Any]],
    calls: Sequence[dict[str, Any]],
    source: str,
) -> ImportResult:
    """Add checked sessions and calls inside the caller's transaction (see :func:`check_export`).

    A call already here (same UUID) is not added again, except that an unfinished call is
    replaced by a later copy with more turns or an ending.
    """
    result = ImportResult(files=[source])
    for s in sessions:
        cur = insert_row(
            c,
            "sessions",
            {
                "uuid": s["uuid"],
                "title": s["title"],
                "grp": s.get("group"),
                "trainees": json.dumps(s["trainees"]),
                "created_at": s["created_at"],
            },
            or_ignore=True,
        )
        result.sessions_added += cur.rowcount
    for call in calls:
        row = c.execute(
            """SELECT id, finished_at, (SELECT COUNT(*) FROM turns t WHERE t.call_id = calls.id)
               AS n FROM calls WHERE uuid = ?""",
            (call["uuid"],),
        ).fetchone()
        if row is not None:
            newer = row["finished_at"] is None and (
                call["finished_at"] is not None or len(call["turns"]) > int(row["n"])
            )
            if not newer:
                result.skipped += 1
                continue
            c.execute("DELETE FROM turns WHERE call_id = ?", (row["id"],))
            c.execute("DELETE FROM call_people WHERE call_id = ?", (row["id"],))
            c.execute("DELETE FROM calls WHERE id = ?", (row["id"],))
            result.updated += 1
        else:
            result.added += 1
        _insert_exported(c, call)
    return result


# Export fields stored as they are, in a column of the same name.
_SAME_NAME_CALL = (
    "uuid", "parent_uuid", "parent_turn", "scenario_id", "seed", "difficulty", "trainee", "mode",
    "opening", "initial_mood", "started_at", "updated_at", "finished_at", "outcome",
    "end_reason", "final_mood", "overall",
)  # fmt: skip
_SAME_NAME_TURN = (
    "number", "speaker", "trainee", "customer", "mood_before", "strikes", "outcome", "reply_to",
    "recorded_at",
)  # fmt: skip


def _insert_exported(c: sqlite3.Connection, call: dict[str, Any]) -> None:
    """One checked call from an export file, marked as imported, with its turns."""
    cur = insert_row(
        c,
        "calls",
        {
            **{name: call[name] for name in _SAME_NAME_CALL},
            "session_uuid": call["session"],
            "scenario": json_text(call["scenario"]),
            "grp": call["group"],
            "card": json_text(call["scorecard"]),
            "origin": "import",
        },
    )
    for t in call["turns"]:
        insert_row(
            c,
            "turns",
            {
                "call_id": cur.lastrowid,
                **{name: t[name] for name in _SAME_NAME_TURN},
                "mood_after": t["mood"],
                "detections": json_text(t["detections"]),
                "topics": json_text(t["topics"]),
                "why": json_text(t["why"]),
                "score_events": json_text(t["score_changes"]),
                "ended": int(t["ended"]),
                "inherited": int(t["inherited"]),
            },
        )
    save_people(c, int(cur.lastrowid or 0), [_person(p) for p in call.get("people", [])])


def _person(p: Mapping[str, Any]) -> PersonRow:
    """A checked per-person row from an export file."""
    return PersonRow(
        name=p["name"],
        turns=p["turns"],
        points=dict(p["points"]),
        net=p["net_points"],
        mood_steps=p["mood_steps"],
        behaviors=dict(p["behaviors"]),
        scores=dict(p["scores"]),
        overall=p["overall"],
    )
