"""The Store: the practice history the CLI and the app record to and read from.

One class over the open database (:mod:`trainer.store.db`). Writes are each one short
transaction, so a crash loses one turn at most, and a call stays *unfinished* until
:meth:`Store.finish_call`. Reads need no catalog, since each call keeps a snapshot of its
scenario. Export and import go through :mod:`trainer.store.exchange`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid as uuidlib
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from trainer.engine.call import Call, Turn, replay
from trainer.engine.models import Rubric, Scenario
from trainer.engine.scoring import Ledger, Scorecard
from trainer.store.db import MODES, Connection, StoreError, parse_since, utcnow
from trainer.store.exchange import ImportResult, check_export, export_document, import_checked
from trainer.store.records import (
    CallRecord,
    CallSummary,
    LeaderRow,
    PersonRow,
    SessionRecord,
    is_hot_seat,
    passes,
    person_rows,
    score_event,
)
from trainer.store.rows import (
    CALL_ROWS,
    call_from_row,
    card_columns,
    insert_row,
    person_from_row,
    save_people,
    scenario_snapshot,
    session_from_row,
    summary_from_row,
    turn_columns,
    turn_from_row,
)

# A practice call someone rewound and branched from is a first try the branch replaced, not a
# result. An assessment counts its first try: branching from it later does not replace it.
_NOT_REWOUND = (
    "({alias}.mode = 'assessment' "
    "OR NOT EXISTS (SELECT 1 FROM calls k WHERE k.parent_uuid = {alias}.uuid))"
)


class Store(Connection):
    """The practice history. Create with :meth:`open`; close with :meth:`close` or ``with``."""

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        readonly: bool = False,
        clock: Callable[[], datetime] = utcnow,
    ) -> Store:
        """Open (creating and migrating) the history at ``path`` (None: see resolve_db_path)."""
        return cls._open(path, readonly, clock)

    # --- Recording: sessions, calls and turns, each committed at once ---

    def start_session(
        self, title: str = "", trainees: Sequence[str] = (), group: str | None = None
    ) -> int:
        """A session groups calls (a coach's hot seat, or one trainee's sitting)."""
        with self._write("the session") as c:
            cur = insert_row(
                c,
                "sessions",
                {
                    "uuid": str(uuidlib.uuid4()),
                    "title": title,
                    "grp": group,
                    "trainees": json.dumps(list(trainees)),
                    "created_at": self._now(),
                },
            )
            return int(cur.lastrowid or 0)

    def start_call(
        self,
        scenario: Scenario,
        seed: int = 0,
        difficulty: str | None = None,
        trainee: str = "you",
        mode: str = "practice",
        group: str | None = None,
        session: int | None = None,
        parent: tuple[int, int] | None = None,
        *,
        opening: str | None = None,
    ) -> int:
        """A new call row (unfinished until :meth:`finish_call`); returns its id."""
        if mode not in MODES:
            raise StoreError(f"mode must be one of {', '.join(MODES)}")
        fresh = Call(scenario, seed=seed, difficulty=difficulty, trainee_name=trainee)
        if opening is None:
            opening = fresh.opening
        with self._write("the new call") as c:
            parent_uuid, parent_turn = None, None
            if parent is not None:
                row = c.execute("SELECT uuid FROM calls WHERE id = ?", (parent[0],)).fetchone()
                if row is None:
                    raise StoreError(f"no call {parent[0]} to branch from")
                parent_uuid, parent_turn = str(row["uuid"]), parent[1]
            now = self._now()
            cur = insert_row(
                c,
                "calls",
                {
                    "uuid": str(uuidlib.uuid4()),
                    "session_uuid": _session_uuid(c, session),
                    "parent_uuid": parent_uuid,
                    "parent_turn": parent_turn,
                    "scenario_id": scenario.id,
                    "scenario": scenario_snapshot(scenario),
                    "seed": seed,
                    "difficulty": fresh.difficulty,
                    "trainee": trainee,
                    "mode": mode,
                    "grp": group,
                    "opening": opening,
                    "initial_mood": fresh.mood.path[0],
                    "started_at": now,
                    "updated_at": now,
                    **card_columns(fresh.scorecard()),
                },
            )
            call_id = int(cur.lastrowid or 0)
        self._rubrics[call_id] = scenario.rubric
        return call_id

    def begin(
        self,
        call: Call,
        mode: str = "practice",
        group: str | None = None,
        session: int | None = None,
        *,
        parent: tuple[int, int] | None = None,
        turns: Sequence[Turn] | None = None,
        speakers: Sequence[str] = (),
        replayed: int = 0,
    ) -> int:
        """:meth:`start_call` for a live :class:`Call`, recording the turns it already has
        (``turns``: those it had when asked, if it may have moved on since) with who said them;
        the first ``replayed`` are a rewound try's, saved inherited so nobody is credited twice."""
        cid = self.start_call(
            call.scenario,
            call.seed,
            call.difficulty,
            call.trainee_name,
            mode,
            group,
            session,
            parent,
            opening=call.opening,
        )
        for i, turn in enumerate(call.turns if turns is None else turns):
            who = speakers[i] if i < len(speakers) else None
            self.record_turn(cid, turn, who, inherited=i < replayed)
        return cid

    def record_turn(
        self, call_id: int, turn: Turn, speaker: str | None = None, *, inherited: bool = False
    ) -> None:
        """Commit one turn (and the running scorecard) now; ``speaker`` defaults to the trainee."""
        self._insert_turns(call_id, [(turn, speaker)], inherited=inherited)

    def _insert_turns(
        self, call_id: int, turns: Sequence[tuple[Turn, str | None]], inherited: bool
    ) -> None:
        """Turns and the call's running state (mood, scorecard, an ending) in one commit."""
        if not turns:
            return
        with self._write(f"turn {turns[-1][0].number}") as c:
            row = c.execute(
                "SELECT trainee, finished_at FROM calls WHERE id = ?", (call_id,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no call {call_id}")
            now = self._now()
            for turn, speaker in turns:
                insert_row(
                    c,
                    "turns",
                    {
                        "call_id": call_id,
                        "speaker": speaker or str(row["trainee"]),
                        **turn_columns(turn),
                        "inherited": int(inherited),
                        "recorded_at": now,
                    },
                )
            last = turns[-1][0]
            sets = ["updated_at = ?", "final_mood = ?"]
            params: list[Any] = [now, last.mood_after]
            rubric = self._rubrics.get(call_id)
            if rubric is not None:
                card = card_columns(_running_card(c, call_id, rubric))
                sets += ["overall = ?", "card = ?"]
                params += [card["overall"], card["card"]]
            if last.ended:
                sets += ["outcome = ?", "finished_at = COALESCE(finished_at, ?)"]
                params += [last.outcome, now]
            c.execute(f"UPDATE calls SET {', '.join(sets)} WHERE id = ?", (*params, call_id))

    def finish_call(self, call_id: int, call: Call) -> None:
        """The call is over (won, lost, open or hung up): store its outcome and scorecard, and
        for a hot seat each person's row beside the team's (see trainer.store.records)."""
        card = card_columns(call.scorecard())
        with self._write("the end of the call") as c:
            cur = c.execute(
                """UPDATE calls SET finished_at = COALESCE(finished_at, ?), updated_at = ?,
                   outcome = ?, end_reason = ?, final_mood = ?, overall = ?, card = ?
                   WHERE id = ?""",
                (
                    self._now(),
                    self._now(),
                    call.outcome or "open",
                    call.end_reason or "the script ran out",
                    call.mood.current,
                    card["overall"],
                    card["card"],
                    call_id,
                ),
            )
            if cur.rowcount == 0:
                raise StoreError(f"no call {call_id}")
            trainee = str(
                c.execute("SELECT trainee FROM calls WHERE id = ?", (call_id,)).fetchone()[0]
            )
            turns = [
                turn_from_row(t)
                for t in c.execute(
                    "SELECT * FROM turns WHERE call_id = ? ORDER BY number", (call_id,)
                )
            ]
            people: tuple[PersonRow, ...] = ()
            if is_hot_seat(trainee, turns):
                people = person_rows(turns, call.scenario.scale, call.scenario.rubric)
            save_people(c, call_id, people)
        self._rubrics.pop(call_id, None)

    # --- Rewinding: a new linked call that replays the first lines, then goes its own way ---

    def branch(
        self, call_id: int, turn: int, scenario: Scenario, speaker: str | None = None
    ) -> tuple[int, Call]:
        """Rewind ``call_id`` to after ``turn``: a new linked call replaying its first lines.

        The customer's state is restored by replaying the same lines with the same seed, so it
        is exactly what it was. Returns the new call's id and the live call to go on with.
        """
        parent = self.load_call(call_id)
        if scenario.id != parent.scenario_id:
            raise StoreError(f"call {call_id} is {parent.scenario_id}, not {scenario.id}")
        if not 0 <= turn <= len(parent.turns):
            raise StoreError(
                f"call {call_id} has {len(parent.turns)} turns; cannot rewind to {turn}"
            )
        if turn > 0 and parent.turns[turn - 1].ended:
            raise StoreError(f"call {call_id} ended at turn {turn}; rewind to an earlier turn")
        call = replay(
            scenario,
            parent.lines(turn),
            seed=parent.seed,
            difficulty=parent.difficulty,
            trainee_name=parent.trainee,
        )
        for old, new in zip(parent.turns[:turn], call.turns, strict=True):
            if (old.customer, old.mood_after) != (new.customer, new.mood_after):
                raise StoreError(
                    f"scenario '{scenario.id}' has changed since call {call_id} was recorded "
                    f"(turn {old.number} now goes differently), so it cannot be rewound exactly"
                )
        new_id = self.start_call(
            scenario,
            parent.seed,
            parent.difficulty,
            parent.trainee,
            "practice",  # a branch is another go, never an assessment's counted first try
            parent.group,
            parent.session_id,
            parent=(call_id, turn),
            opening=call.opening,
        )
        speakers = [old.speaker for old in parent.turns[:turn]]
        self._insert_turns(new_id, list(zip(call.turns, speakers, strict=True)), inherited=True)
        return new_id, call

    # --- Reading: listings, one call or session in full, branch trees, ids from refs ---

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
            rows = c.execute(sql, params).fetchall()
            people = _people_of(c, [int(r["id"]) for r in rows])
        return [summary_from_row(r, people.get(int(r["id"]), ())) for r in rows]

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
            people = c.execute(
                "SELECT * FROM call_people WHERE call_id = ? ORDER BY position", (call_id,)
            ).fetchall()
        return call_from_row(r, turns, children, people)

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

    # --- Bests and the leaderboard, over finished calls only (a running call has no score) ---

    def best_scores(self, trainee: str) -> dict[str, int]:
        """The trainee's best overall per scenario, over finished calls: their own calls and
        their rows in hot seats (the score of the turns they typed)."""
        done = "c.finished_at IS NOT NULL AND " + _NOT_REWOUND.format(alias="c")
        with self._read() as c:
            rows = c.execute(
                f"""SELECT scenario_id, MAX(best) AS best FROM (
                       SELECT c.scenario_id, c.overall AS best FROM calls c
                       WHERE c.trainee = ? AND c.overall IS NOT NULL AND {done}
                       UNION ALL
                       SELECT c.scenario_id, p.overall AS best FROM call_people p
                       JOIN calls c ON c.id = p.call_id
                       WHERE p.name = ? AND p.overall IS NOT NULL AND {done})
                   GROUP BY scenario_id""",
                (trainee, trainee),
            ).fetchall()
        return {str(r["scenario_id"]): int(r["best"]) for r in rows}

    def leaderboard(self, scenario: str | None = None) -> list[LeaderRow]:
        """Each trainee's best per scenario and whether they passed it in assessment mode.

        A hot seat counts for the team (the call's trainee) and for each person in it, with
        the score of the turns they typed."""
        sql = CALL_ROWS + " WHERE c.finished_at IS NOT NULL AND " + _NOT_REWOUND.format(alias="c")
        params: list[Any] = []
        if scenario is not None:
            sql += " AND c.scenario_id = ?"
            params.append(scenario)
        with self._read() as c:
            found = c.execute(sql, params).fetchall()
            people = _people_of(c, [int(r["id"]) for r in found])
        results: list[tuple[str, CallSummary, int | None, bool]] = []
        for r in found:
            s = summary_from_row(r)
            results.append((s.trainee, s, s.overall, s.passed))
            for p in people.get(s.id, ()):
                ok = s.mode == "assessment" and passes(s.outcome, p.overall, s.pass_mark)
                results.append((p.name, s, p.overall, ok))
        rows: dict[tuple[str, str], LeaderRow] = {}
        for name, s, overall, ok in results:
            key = (name, s.scenario_id)
            old = rows.get(key)
            best = max(
                (x for x in (old.best if old else None, overall) if x is not None), default=None
            )
            assess = [old.best_assessment if old else None]
            if s.mode == "assessment":
                assess.append(overall)
            rows[key] = LeaderRow(
                trainee=name,
                scenario_id=s.scenario_id,
                scenario_title=s.scenario_title,
                best=best,
                attempts=(old.attempts if old else 0) + 1,
                best_assessment=max((x for x in assess if x is not None), default=None),
                passed=(old.passed if old else False) or ok,
            )
        return sorted(rows.values(), key=lambda r: (r.scenario_id, -(r.best or -1), r.trainee))

    # --- Export and import: an import is one transaction, so a bad file changes nothing ---

    def export(self, since: str | None = None) -> dict[str, Any]:
        """Calls (and their sessions) as one JSON-ready document for :meth:`import_data`."""
        summaries = self.calls(since=since)
        calls = [self.load_call(s.id) for s in reversed(summaries)]
        session_uuids = {c.session_uuid for c in calls if c.session_uuid}
        sessions = [s for s in self.sessions() if s.uuid in session_uuids]
        return export_document(
            calls, sessions, exported_at=self._now(), since=parse_since(since) if since else None
        )

    def import_data(self, doc: object, source: str = "import") -> ImportResult:
        """Add an export's sessions and calls; a call already here (same UUID) is not added again.

        An unfinished call is replaced by a later copy with more turns or an ending. All or
        nothing: a bad file changes nothing.
        """
        sessions, calls = check_export(doc, source)
        with self._write(f"the import of {source}") as c:
            return import_checked(c, sessions, calls, source)


def _session_uuid(c: sqlite3.Connection, session: int | None) -> str | None:
    """Calls link to their session by UUID, so the link survives export and import."""
    if session is None:
        return None
    row = c.execute("SELECT uuid FROM sessions WHERE id = ?", (session,)).fetchone()
    if row is None:
        raise StoreError(f"no session {session}")
    return str(row["uuid"])


def _running_card(c: sqlite3.Connection, call_id: int, rubric: Rubric) -> Scorecard:
    """The scorecard so far, from every saved turn's score events."""
    events = [
        score_event(e)
        for r in c.execute(
            "SELECT score_events FROM turns WHERE call_id = ? ORDER BY number", (call_id,)
        )
        for e in json.loads(r["score_events"])
    ]
    return Ledger(rubric, events=events).scorecard()


def _people_of(c: sqlite3.Connection, call_ids: Sequence[int]) -> dict[int, list[PersonRow]]:
    """The per-person rows of these calls, by call id."""
    out: dict[int, list[PersonRow]] = {}
    for start in range(0, len(call_ids), 500):  # SQLite's limit on ? marks
        chunk = call_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for p in c.execute(
            f"SELECT * FROM call_people WHERE call_id IN ({marks}) ORDER BY call_id, position",
            chunk,
        ):
            out.setdefault(int(p["call_id"]), []).append(person_from_row(p))
    return out


def _filters(
    trainee: str | None,
    scenario: str | None,
    session: int | None,
    mode: str | None,
    since: str | None,
) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters for :meth:`Store.calls`."""
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
