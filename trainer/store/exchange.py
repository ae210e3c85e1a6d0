"""Moving history between laptops: export calls to one JSON document, import one back.

Calls and sessions are matched by UUID, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from trainer.store.export_format import EXPORT_FORMAT, EXPORT_VERSION, check_export, export_call
from trainer.store.reads import Reads
from trainer.store.rows import insert_row
from trainer.store.times import parse_since


@dataclass
class ImportResult:
    """What an import did, for the one line the CLI prints."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    sessions_added: int = 0
    files: list[str] = field(default_factory=list)


class Exchange(Reads):
    """Export and import; an import is one transaction, so a bad file changes nothing."""

    def export(self, since: str | None = None) -> dict[str, Any]:
        """Calls (and their sessions) as one JSON-ready document for :meth:`import_data`."""
        summaries = self.calls(since=since)
        calls = [self.load_call(s.id) for s in reversed(summaries)]
        session_uuids = {c.session_uuid for c in calls if c.session_uuid}
        sessions = [s for s in self.sessions() if s.uuid in session_uuids]
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": self._now(),
            "since": parse_since(since) if since else None,
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

    def import_data(self, doc: object, source: str = "import") -> ImportResult:
        """Add an export's sessions and calls; a call already here (same UUID) is not added again.

        An unfinished call is replaced by a later copy with more turns or an ending. All or
        nothing: a bad file changes nothing.
        """
        sessions, calls = check_export(doc, source)
        result = ImportResult(files=[source])
        with self._write(f"the import of {source}") as c:
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
                    c.execute("DELETE FROM calls WHERE id = ?", (row["id"],))
                    result.updated += 1
                else:
                    result.added += 1
                _insert_exported(c, call)
        return result


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


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
            "scenario": _dumps(call["scenario"]),
            "grp": call["group"],
            "card": _dumps(call["scorecard"]),
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
                "detections": _dumps(t["detections"]),
                "topics": _dumps(t["topics"]),
                "why": _dumps(t["why"]),
                "score_events": _dumps(t["score_changes"]),
                "ended": int(t["ended"]),
                "inherited": int(t["inherited"]),
            },
        )
