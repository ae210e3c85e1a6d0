"""Recording: sessions, calls and turns, each committed at once so a crash loses one turn at most."""

from __future__ import annotations

import json
import sqlite3
import uuid as uuidlib
from collections.abc import Sequence
from typing import Any

from trainer.engine.call import Call, Turn
from trainer.engine.models import Rubric, Scenario
from trainer.engine.scoring import Ledger, Scorecard, ScoreEvent
from trainer.store.columns import card_columns, scenario_snapshot, turn_columns
from trainer.store.db import Connection
from trainer.store.errors import StoreError
from trainer.store.rows import insert_row
from trainer.store.schema import MODES


class Writes(Connection):
    """Each method is one short transaction; a call stays *unfinished* until finish_call."""

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
    ) -> int:
        """:meth:`start_call` for a live :class:`Call` (records any turns it already has)."""
        cid = self.start_call(
            call.scenario,
            call.seed,
            call.difficulty,
            call.trainee_name,
            mode,
            group,
            session,
            opening=call.opening,
        )
        for turn in call.turns:
            self.record_turn(cid, turn)
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
        """The call is over (won, lost, open or hung up): store its outcome and scorecard."""
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
        self._rubrics.pop(call_id, None)


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
    events: list[ScoreEvent] = []
    for r in c.execute(
        "SELECT score_events FROM turns WHERE call_id = ? ORDER BY number", (call_id,)
    ):
        for e in json.loads(r["score_events"]):
            events.append(
                ScoreEvent(e["criterion"], int(e["points"]), int(e["turn"]), e["on"], e["evidence"])
            )
    return Ledger(rubric, events=events).scorecard()
