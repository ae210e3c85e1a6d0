"""Reading the history: listings, one call or session in full, branch trees, ids from refs."""

from __future__ import annotations

from typing import Any

from trainer.store.db import Connection
from trainer.store.errors import StoreError
from trainer.store.records import CallRecord, SessionRecord
from trainer.store.rows import CALL_ROWS, call_from_row, session_from_row, summary_from_row
from trainer.store.summaries import CallSummary
from trainer.store.times import parse_since


class Reads(Connection):
    """Queries; they need no catalog, since each call keeps a snapshot of its scenario."""

    def calls(
        self,
        trainee: str | None = None,
        scenario: str | None = None,
        session: int | None = None,
        mode: str | None = None,
        since: str | None = None,
        limit: int | None = None,
    ) -> list[CallSummary]:
        """History, newest first, filtered by whatever is given (``since``: ISO date)."""
        where, params = _filters(trainee, scenario, session, mode, since)
        sql = CALL_ROWS + where + " ORDER BY c.started_at DESC, c.id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        with self._read() as c:
            return [summary_from_row(r) for r in c.execute(sql, params)]

    def last_call_id(self, trainee: str | None = None) -> int | None:
        found = self.calls(trainee=trainee, limit=1)
        return found[0].id if found else None

    def load_call(self, call_id: int) -> CallRecord:
        with self._read() as c:
            r = c.execute(CALL_ROWS + " WHERE c.id = ?", (call_id,)).fetchone()
            if r is None:
                raise StoreError(f"no call {call_id} in {self.path}")
            turns = c.execute(
                "SELECT * FROM turns WHERE call_id = ? ORDER BY number", (call_id,)
            ).fetchall()
            children = c.execute(
                "SELECT id FROM calls WHERE parent_uuid = ? ORDER BY id", (r["uuid"],)
            ).fetchall()
        return call_from_row(r, turns, children)

    def family(self, call_id: int) -> list[CallRecord]:
        """The root of ``call_id``'s branch tree, then every branch below it, in id order."""
        record = self.load_call(call_id)
        seen = {record.id}
        while record.parent_id is not None and record.parent_id not in seen:
            record = self.load_call(record.parent_id)
            seen.add(record.id)
        out: list[CallRecord] = []
        todo = [record.id]
        done: set[int] = set()
        while todo:
            cid = todo.pop(0)
            if cid in done:
                continue
            done.add(cid)
            rec = self.load_call(cid)
            out.append(rec)
            todo.extend(rec.children)
        return sorted(out, key=lambda x: x.id)

    def sessions(self) -> list[SessionRecord]:
        with self._read() as c:
            rows = c.execute("SELECT * FROM sessions ORDER BY created_at DESC, id DESC").fetchall()
        return [session_from_row(r) for r in rows]

    def load_session(self, session_id: int) -> SessionRecord:
        with self._read() as c:
            r = c.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
            if r is None:
                raise StoreError(f"no session {session_id} in {self.path}")
            ids = [
                int(x["id"])
                for x in c.execute(
                    "SELECT id FROM calls WHERE session_uuid = ? ORDER BY started_at, id",
                    (r["uuid"],),
                )
            ]
        return session_from_row(r, tuple(self.load_call(i) for i in ids))

    def resolve_call(self, ref: str | int) -> int:
        """A call id from a number, a UUID or a unique UUID prefix."""
        text = str(ref).strip()
        found = self._ids_matching("calls", text)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise StoreError(f"'{text}' matches several calls; give more of the id")
        raise StoreError(f"no call '{text}' in {self.path} (see `trainer history`)")

    def resolve_session(self, ref: str | int) -> int:
        """A session id from a number, a UUID or a unique UUID prefix."""
        text = str(ref).strip()
        found = self._ids_matching("sessions", text)
        if len(found) == 1:
            return found[0]
        raise StoreError(f"no session '{text}' in {self.path}")

    def _ids_matching(self, table: str, text: str) -> list[int]:
        """The row whose id is ``text``, else up to two rows whose UUID starts with it."""
        with self._read() as c:
            if text.isdigit():
                row = c.execute(f"SELECT id FROM {table} WHERE id = ?", (int(text),)).fetchone()
                if row is not None:
                    return [int(row["id"])]
            if len(text) < 4:
                return []
            rows = c.execute(
                f"SELECT id FROM {table} WHERE uuid LIKE ? LIMIT 2", (text.lower() + "%",)
            ).fetchall()
        return [int(r["id"]) for r in rows]


def _filters(
    trainee: str | None,
    scenario: str | None,
    session: int | None,
    mode: str | None,
    since: str | None,
) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters for :meth:`Reads.calls`."""
    clauses: list[str] = []
    params: list[Any] = []
    if trainee is not None:
        clauses.append(
            "(c.trainee = ? OR EXISTS (SELECT 1 FROM turns t WHERE t.call_id = c.id "
            "AND t.speaker = ? AND t.inherited = 0))"
        )
        params += [trainee, trainee]
    if scenario is not None:
        clauses.append("c.scenario_id = ?")
        params.append(scenario)
    if session is not None:
        clauses.append("s.id = ?")
        params.append(session)
    if mode is not None:
        clauses.append("c.mode = ?")
        params.append(mode)
    if since is not None:
        clauses.append("c.started_at >= ?")
        params.append(parse_since(since))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
