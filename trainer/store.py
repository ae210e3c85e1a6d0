"""Practice history in SQLite: every turn committed as it happens, so a crash loses at most one.

The store knows calls, turns and sessions; it never imports Textual and never needs the
catalog to *read* (each call keeps a snapshot of what its report needs: the scenario's title,
customer, mood scale and pass mark). Reading and writing are safe from several processes at
once (WAL, a busy timeout and one short ``BEGIN IMMEDIATE`` transaction per write) and from a
worker thread (one lock per store).

API (everything raises :class:`StoreError` with a message fit to show the user)::

    store = Store.open(path_or_None)         # None: --db / $TRAINER_DB / the user data folder
    sid = store.start_session("Tuesday coaching", trainees=["Ana", "Ben", "Cy"])   # optional
    cid = store.start_call(scenario, seed, difficulty, trainee, mode,   # mode practice|assessment
                           group=None, session=sid, parent=None, opening=call.opening)
    cid = store.begin(call, mode="practice", session=sid)   # the same, read from a live Call
    store.record_turn(cid, turn, speaker="Ana")   # one commit; the running scorecard with it
    store.finish_call(cid, call)                  # outcome, end reason, final scorecard
    new_id, call = store.branch(cid, 2, scenario) # rewind: replay the first 2 lines, go on
    store.best_scores("Ana")     -> {scenario_id: best overall}   (finished calls)
    store.calls(trainee=, scenario=, session=, mode=, since=) -> [CallSummary]   (newest first)
    store.load_call(cid)         -> CallRecord with TurnRecords (behaviours, mood, score events)
    store.family(cid)            -> [CallRecord]: the root call and every branch of it
    store.sessions() / store.load_session(sid) -> SessionRecord with its calls
    store.leaderboard(scenario=None) -> [LeaderRow]
    store.export(since=None) -> dict;  store.import_data(doc) -> ImportResult
    store.resolve_call("12" | uuid prefix) / store.last_call_id() / store.resolve_session(ref)

Schema (``PRAGMA user_version`` = :data:`SCHEMA_VERSION`; forward migrations in
:data:`MIGRATIONS`): ``sessions`` (id, uuid, title, grp, trainees JSON, created_at);
``calls`` (id, uuid, session_uuid, parent_uuid + parent_turn, scenario_id, scenario JSON snapshot,
seed, difficulty, trainee, mode, grp, opening, initial_mood, started/updated/finished_at, outcome,
end_reason, final_mood, overall, card JSON, origin); ``turns`` (call_id, number, speaker,
trainee line, customer reply, mood before/after, detections/topics/why/score_events JSON,
strikes, ended, outcome, reply_to, inherited, recorded_at). Links between calls (sessions,
branches) use UUIDs so they survive export and import between laptops.

A call whose ``finished_at`` is empty is *unfinished*: still running, or its process died.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import uuid as uuidlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from trainer.call import Call, Turn
from trainer.rubric import Rubric
from trainer.scenario import Scenario
from trainer.scoring import Ledger, Scorecard, ScoreEvent

APP_NAME = "tough-call-trainer"
ENV_VAR = "TRAINER_DB"
SCHEMA_VERSION = 1
EXPORT_FORMAT = "tough-call-trainer/history"
EXPORT_VERSION = 1
MODES = ("practice", "assessment")
BUSY_TIMEOUT_MS = 10_000

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        grp TEXT,
        trainees TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL
    );
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        session_uuid TEXT,
        parent_uuid TEXT,
        parent_turn INTEGER,
        scenario_id TEXT NOT NULL,
        scenario TEXT NOT NULL,
        seed INTEGER NOT NULL,
        difficulty TEXT NOT NULL,
        trainee TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('practice', 'assessment')),
        grp TEXT,
        opening TEXT NOT NULL,
        initial_mood TEXT NOT NULL,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT,
        end_reason TEXT,
        final_mood TEXT,
        overall INTEGER,
        card TEXT,
        origin TEXT NOT NULL DEFAULT 'local'
    );
    CREATE INDEX calls_by_trainee ON calls (trainee, scenario_id);
    CREATE INDEX calls_by_session ON calls (session_uuid);
    CREATE INDEX calls_by_parent ON calls (parent_uuid);
    CREATE TABLE turns (
        call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        speaker TEXT NOT NULL,
        trainee TEXT NOT NULL,
        customer TEXT NOT NULL,
        mood_before TEXT NOT NULL,
        mood_after TEXT NOT NULL,
        detections TEXT NOT NULL,
        topics TEXT NOT NULL,
        why TEXT NOT NULL,
        score_events TEXT NOT NULL,
        strikes INTEGER NOT NULL,
        ended INTEGER NOT NULL,
        outcome TEXT,
        reply_to TEXT NOT NULL,
        inherited INTEGER NOT NULL DEFAULT 0,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (call_id, number)
    );
    """,
)


class StoreError(Exception):
    """A problem with the history database or an import file, worded for the user."""


# -- where the database lives ------------------------------------------------------------------


def default_db_path() -> Path:
    """``history.db`` in the user's data folder (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_path(APP_NAME, appauthor=False)) / "history.db"


def resolve_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """``path`` if given, else ``$TRAINER_DB``, else :func:`default_db_path`."""
    if path:
        return Path(path).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def _utcnow() -> datetime:
    return datetime.now(UTC)


def parse_since(text: str) -> str:
    """A date or date-time from the user as the ISO text the store compares against."""
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            moment = datetime(d.year, d.month, d.day, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
    except ValueError:
        raise StoreError(f"'{text}' is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    return moment.astimezone(UTC).isoformat(timespec="seconds")


# -- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TurnRecord:
    number: int
    speaker: str
    trainee: str
    customer: str
    mood_before: str
    mood_after: str
    detections: tuple[dict[str, Any], ...]
    topics: tuple[str, ...]
    why: tuple[dict[str, Any], ...]
    score_events: tuple[dict[str, Any], ...]
    strikes: int
    ended: bool
    outcome: str | None
    reply_to: str
    inherited: bool
    recorded_at: str

    @property
    def behaviors(self) -> list[str]:
        return [str(d["id"]) for d in self.detections]

    @property
    def points(self) -> int:
        return sum(int(e["points"]) for e in self.score_events)

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "speaker": self.speaker,
            "trainee": self.trainee,
            "customer": self.customer,
            "behaviors": self.behaviors,
            "detections": list(self.detections),
            "topics": list(self.topics),
            "mood_before": self.mood_before,
            "mood": self.mood_after,
            "why": list(self.why),
            "score_changes": list(self.score_events),
            "strikes": self.strikes,
            "ended": self.ended,
            "outcome": self.outcome,
            "reply_to": self.reply_to,
            "inherited": self.inherited,
            "recorded_at": self.recorded_at,
        }


def _passed(mode: str, outcome: str | None, overall: int | None, pass_mark: int) -> bool:
    return mode == "assessment" and outcome == "won" and (overall or 0) >= pass_mark


@dataclass(frozen=True)
class CallSummary:
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

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def status(self) -> str:
        return (self.outcome or "open") if self.finished else "unfinished"

    @property
    def passed(self) -> bool:
        return self.finished and _passed(self.mode, self.outcome, self.overall, self.pass_mark)

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
class CallRecord:
    """Everything a review or report needs about one call, without the catalog."""

    id: int
    uuid: str
    scenario_id: str
    scenario: dict[str, Any]  # title, customer, scale, pass_mark, won_mood, lost_mood
    seed: int
    difficulty: str
    trainee: str
    mode: str
    group: str | None
    session_id: int | None
    session_uuid: str | None
    parent_id: int | None
    parent_uuid: str | None
    parent_turn: int | None
    opening: str
    initial_mood: str
    started_at: str
    updated_at: str
    finished_at: str | None
    outcome: str | None
    end_reason: str | None
    final_mood: str | None
    overall: int | None
    card: dict[str, Any]  # overall, criteria [{id, title, score, weight, tip, events}], tips
    turns: tuple[TurnRecord, ...]
    children: tuple[int, ...] = ()
    origin: str = "local"

    @property
    def title(self) -> str:
        return str(self.scenario.get("title", self.scenario_id))

    @property
    def customer(self) -> str:
        return str(self.scenario.get("customer", "Customer"))

    @property
    def scale(self) -> list[str]:
        return [str(s) for s in self.scenario.get("scale", [])]

    @property
    def pass_mark(self) -> int:
        return int(self.scenario.get("pass_mark", 70))

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def status(self) -> str:
        return (self.outcome or "open") if self.finished else "unfinished"

    @property
    def passed(self) -> bool:
        return self.finished and _passed(self.mode, self.outcome, self.overall, self.pass_mark)

    @property
    def mood_path(self) -> list[str]:
        return [self.initial_mood, *(t.mood_after for t in self.turns)]

    @property
    def speakers(self) -> list[str]:
        seen: list[str] = []
        for t in self.turns:
            if t.speaker not in seen:
                seen.append(t.speaker)
        return seen

    @property
    def scores(self) -> dict[str, int]:
        return {str(c["id"]): int(c["score"]) for c in self.card.get("criteria", [])}

    def lines(self, upto: int | None = None) -> list[str]:
        return [t.trainee for t in self.turns[:upto]]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "scenario": self.scenario_id,
            "scenario_info": self.scenario,
            "seed": self.seed,
            "difficulty": self.difficulty,
            "trainee": self.trainee,
            "mode": self.mode,
            "group": self.group,
            "session": self.session_id,
            "parent": (
                {"call": self.parent_id, "uuid": self.parent_uuid, "turn": self.parent_turn}
                if self.parent_uuid
                else None
            ),
            "children": list(self.children),
            "opening": self.opening,
            "initial_mood": self.initial_mood,
            "mood_path": self.mood_path,
            "started_at": self.started_at,
            "updated_at": self.updated_at,
            "finished_at": self.finished_at,
            "status": self.status,
            "finished": self.finished,
            "outcome": self.outcome,
            "end_reason": self.end_reason,
            "final_mood": self.final_mood,
            "overall": self.overall,
            "passed": self.passed,
            "scorecard": self.card,
            "turns": [t.to_json() for t in self.turns],
            "origin": self.origin,
        }


@dataclass(frozen=True)
class SessionRecord:
    id: int
    uuid: str
    title: str
    group: str | None
    trainees: tuple[str, ...]
    created_at: str
    calls: tuple[CallRecord, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "uuid": self.uuid,
            "title": self.title,
            "group": self.group,
            "trainees": list(self.trainees),
            "created_at": self.created_at,
            "calls": [c.id for c in self.calls],
        }


@dataclass(frozen=True)
class LeaderRow:
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


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    sessions_added: int = 0
    files: list[str] = field(default_factory=list)


# -- helpers -----------------------------------------------------------------------------------


def card_json(card: Scorecard) -> dict[str, Any]:
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


def _scenario_snapshot(s: Scenario) -> dict[str, Any]:
    return {
        "title": s.title,
        "customer": s.customer.name,
        "scale": list(s.scale),
        "pass_mark": s.pass_mark,
        "won_mood": s.scale[s.won_mood],
        "lost_mood": s.scale[s.lost_mood],
        "rubric": s.rubric.id,
    }


def _turn_values(turn: Turn) -> dict[str, Any]:
    return {
        "trainee": turn.trainee,
        "customer": turn.customer,
        "mood_before": turn.mood_before,
        "mood_after": turn.mood_after,
        "detections": json.dumps(
            [{**d.to_json(), "rule": d.rule} for d in turn.heard.behaviors], ensure_ascii=False
        ),
        "topics": json.dumps(list(turn.topics), ensure_ascii=False),
        "why": json.dumps(
            [
                {"trigger": c.trigger, "before": c.before, "after": c.after, "why": c.why}
                for c in turn.changes
            ],
            ensure_ascii=False,
        ),
        "score_events": json.dumps([e.to_json() for e in turn.score_events], ensure_ascii=False),
        "strikes": turn.strikes,
        "ended": int(turn.ended),
        "outcome": turn.outcome,
        "reply_to": turn.reply_to,
    }


def replay_as(
    scenario: Scenario, lines: Sequence[str], seed: int, difficulty: str | None, trainee: str
) -> Call:
    """:func:`trainer.call.replay` with the trainee's name (it fills the customer's lines)."""
    call = Call(scenario, seed=seed, difficulty=difficulty, trainee_name=trainee)
    for line in lines:
        if call.ended:
            break
        call.say(line)
    return call


def _message(exc: sqlite3.Error, path: Path, action: str) -> str:
    text = str(exc)
    low = text.lower()
    if "disk is full" in low or "database or disk is full" in low:
        return (
            f"{path}: the disk is full, so {action} was not saved; everything saved before "
            "is intact. Free some space (or pass --db to another drive) and try again."
        )
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        return (
            f"{path} is not a trainer history database, or it is damaged. Nothing was changed. "
            "Move it aside to start a new history, or pass --db PATH to use another file."
        )
    if "readonly" in low or "read-only" in low or "unable to open" in low:
        return (
            f"cannot write to {path}: the location is read-only. Pass --db PATH (or set "
            f"{ENV_VAR}) to a file in a writable folder."
        )
    if "locked" in low or "busy" in low:
        return f"{path} is busy (another trainer is writing to it); try again in a moment."
    return f"{path}: database error while {action}: {text}"


# -- the store ---------------------------------------------------------------------------------


class Store:
    """The practice history. Create with :meth:`open`; close with :meth:`close` or ``with``."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        clock: Callable[[], datetime] = _utcnow,
        readonly: bool = False,
    ) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self.readonly = readonly
        self._lock = threading.RLock()
        self._rubrics: dict[int, Rubric] = {}

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        readonly: bool = False,
        clock: Callable[[], datetime] = _utcnow,
    ) -> Store:
        """Open (creating and migrating) the history at ``path`` (None: see resolve_db_path)."""
        where = resolve_db_path(path)
        if readonly:
            if not where.exists():
                raise StoreError(f"no history at {where} yet")
            uri = where.resolve().as_uri() + "?mode=ro"
        else:
            try:
                where.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the folder for {where}: {exc.strerror}. Pass --db PATH "
                    f"(or set {ENV_VAR}) to a file in a writable folder."
                ) from None
            if where.is_dir():
                raise StoreError(f"{where} is a folder; pass a file name to --db")
            uri = where.resolve().as_uri()
        try:
            return cls._connect(uri, where, clock, readonly)
        except StoreError:
            if not readonly:
                raise
            # A WAL database on read-only media cannot make its -shm file; read it as-is.
            return cls._connect(uri + "&immutable=1", where, clock, readonly)

    @classmethod
    def _connect(
        cls, uri: str, where: Path, clock: Callable[[], datetime], readonly: bool
    ) -> Store:
        try:
            conn = sqlite3.connect(
                uri,
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise StoreError(_message(exc, where, "opening the history")) from None
        conn.row_factory = sqlite3.Row
        store = cls(conn, where, clock, readonly)
        try:
            store._prepare()
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(_message(exc, where, "opening the history")) from None
        except StoreError:
            conn.close()
            raise
        return store

    def _prepare(self) -> None:
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = int(c.execute("PRAGMA user_version").fetchone()[0])  # fails on a non-DB
        self._check_version(version)
        if self.readonly:
            if version < SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} uses an older history format (schema {version}); open it "
                    "once with write access to upgrade it"
                )
            return
        if c.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = NORMAL")
        c.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            with self._write("upgrading the history"):
                # Another process may have migrated while we waited for the write lock.
                version = int(c.execute("PRAGMA user_version").fetchone()[0])
                self._check_version(version)
                for step in range(version, SCHEMA_VERSION):
                    for statement in MIGRATIONS[step].split(";"):
                        if statement.strip():
                            c.execute(statement)
                    c.execute(f"PRAGMA user_version = {step + 1}")

    def _check_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer version of trainer (history schema "
                f"{version}; this version knows up to {SCHEMA_VERSION}). Nothing was changed. "
                "Upgrade trainer, or pass --db PATH to use another file."
            )

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self, action: str) -> Iterator[sqlite3.Connection]:
        """One short write transaction; a failure rolls back and becomes a StoreError."""
        with self._lock:
            if self.readonly:
                raise StoreError(f"{self.path} is open read-only; cannot save {action}")
            c = self.conn
            try:
                c.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(_message(exc, self.path, action)) from None
            try:
                yield c
                c.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    c.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(_message(exc, self.path, action)) from None
                raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self.conn
            except sqlite3.Error as exc:
                raise StoreError(_message(exc, self.path, "reading the history")) from None

    def _now(self) -> str:
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    # -- sessions ----------------------------------------------------------------------------

    def start_session(
        self, title: str = "", trainees: Sequence[str] = (), group: str | None = None
    ) -> int:
        """A session groups calls (a coach's hot seat, or one trainee's sitting)."""
        with self._write("the session") as c:
            cur = c.execute(
                "INSERT INTO sessions (uuid, title, grp, trainees, created_at) VALUES (?,?,?,?,?)",
                (str(uuidlib.uuid4()), title, group, json.dumps(list(trainees)), self._now()),
            )
            return int(cur.lastrowid or 0)

    def _session_uuid(self, c: sqlite3.Connection, session: int | None) -> str | None:
        if session is None:
            return None
        row = c.execute("SELECT uuid FROM sessions WHERE id = ?", (session,)).fetchone()
        if row is None:
            raise StoreError(f"no session {session}")
        return str(row["uuid"])

    # -- writing a call ------------------------------------------------------------------------

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
            cur = c.execute(
                """INSERT INTO calls (uuid, session_uuid, parent_uuid, parent_turn, scenario_id,
                   scenario, seed, difficulty, trainee, mode, grp, opening, initial_mood,
                   started_at, updated_at, overall, card)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (
                    str(uuidlib.uuid4()),
                    self._session_uuid(c, session),
                    parent_uuid,
                    parent_turn,
                    scenario.id,
                    json.dumps(_scenario_snapshot(scenario), ensure_ascii=False),
                    seed,
                    fresh.difficulty,
                    trainee,
                    mode,
                    group,
                    opening,
                    fresh.mood.path[0],
                    now,
                    now,
                    fresh.scorecard().overall,
                    json.dumps(card_json(fresh.scorecard()), ensure_ascii=False),
                ),
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
                values = _turn_values(turn)
                c.execute(
                    """INSERT INTO turns (call_id, number, speaker, trainee, customer, mood_before,
                       mood_after, detections, topics, why, score_events, strikes, ended, outcome,
                       reply_to, inherited, recorded_at)
                       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                    (
                        call_id,
                        turn.number,
                        speaker or str(row["trainee"]),
                        values["trainee"],
                        values["customer"],
                        values["mood_before"],
                        values["mood_after"],
                        values["detections"],
                        values["topics"],
                        values["why"],
                        values["score_events"],
                        values["strikes"],
                        values["ended"],
                        values["outcome"],
                        values["reply_to"],
                        int(inherited),
                        now,
                    ),
                )
            last = turns[-1][0]
            sets = ["updated_at = ?", "final_mood = ?"]
            params: list[Any] = [now, last.mood_after]
            rubric = self._rubrics.get(call_id)
            if rubric is not None:
                card = self._running_card(c, call_id, rubric)
                sets += ["overall = ?", "card = ?"]
                params += [card.overall, json.dumps(card_json(card), ensure_ascii=False)]
            if last.ended:
                sets += ["outcome = ?", "finished_at = COALESCE(finished_at, ?)"]
                params += [last.outcome, now]
            c.execute(f"UPDATE calls SET {', '.join(sets)} WHERE id = ?", (*params, call_id))

    @staticmethod
    def _running_card(c: sqlite3.Connection, call_id: int, rubric: Rubric) -> Scorecard:
        events: list[ScoreEvent] = []
        for r in c.execute(
            "SELECT score_events FROM turns WHERE call_id = ? ORDER BY number", (call_id,)
        ):
            for e in json.loads(r["score_events"]):
                events.append(
                    ScoreEvent(e["criterion"], int(e["points"]), int(e["turn"]), e["on"], e["evidence"])
                )
        return Ledger(rubric, events=events).scorecard()

    def finish_call(self, call_id: int, call: Call) -> None:
        """The call is over (won, lost, open or hung up): store its outcome and scorecard."""
        card = call.scorecard()
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
                    card.overall,
                    json.dumps(card_json(card), ensure_ascii=False),
                    call_id,
                ),
            )
            if cur.rowcount == 0:
                raise StoreError(f"no call {call_id}")
        self._rubrics.pop(call_id, None)

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
            raise StoreError(f"call {call_id} has {len(parent.turns)} turns; cannot rewind to {turn}")
        if turn > 0 and parent.turns[turn - 1].ended:
            raise StoreError(f"call {call_id} ended at turn {turn}; rewind to an earlier turn")
        call = replay_as(scenario, parent.lines(turn), parent.seed, parent.difficulty, parent.trainee)
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
            parent.mode,
            parent.group,
            parent.session_id,
            parent=(call_id, turn),
            opening=call.opening,
        )
        speakers = [old.speaker for old in parent.turns[:turn]]
        self._insert_turns(new_id, list(zip(call.turns, speakers, strict=True)), inherited=True)
        return new_id, call

    # -- reading -------------------------------------------------------------------------------

    _SUMMARY = """
        SELECT c.*, s.id AS session_id, p.id AS parent_id,
               (SELECT COUNT(*) FROM turns t WHERE t.call_id = c.id) AS turn_count
        FROM calls c
        LEFT JOIN sessions s ON s.uuid = c.session_uuid
        LEFT JOIN calls p ON p.uuid = c.parent_uuid
    """

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
        where, params = self._filters(trainee, scenario, session, mode, since)
        sql = self._SUMMARY + where + " ORDER BY c.started_at DESC, c.id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        with self._read() as c:
            return [self._summary(r) for r in c.execute(sql, params)]

    @staticmethod
    def _filters(
        trainee: str | None,
        scenario: str | None,
        session: int | None,
        mode: str | None,
        since: str | None,
    ) -> tuple[str, list[Any]]:
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

    @staticmethod
    def _summary(r: sqlite3.Row) -> CallSummary:
        snap = json.loads(r["scenario"])
        card = json.loads(r["card"] or "{}")
        return CallSummary(
            id=int(r["id"]),
            uuid=str(r["uuid"]),
            scenario_id=str(r["scenario_id"]),
            scenario_title=str(snap.get("title", r["scenario_id"])),
            trainee=str(r["trainee"]),
            mode=str(r["mode"]),
            group=r["grp"],
            session_id=r["session_id"],
            parent_id=r["parent_id"],
            parent_turn=r["parent_turn"],
            started_at=str(r["started_at"]),
            finished_at=r["finished_at"],
            outcome=r["outcome"],
            overall=r["overall"],
            scores={str(c["id"]): int(c["score"]) for c in card.get("criteria", [])},
            turns=int(r["turn_count"]),
            pass_mark=int(snap.get("pass_mark", 70)),
        )

    def best_scores(self, trainee: str) -> dict[str, int]:
        """The trainee's best overall per scenario, over finished calls."""
        with self._read() as c:
            rows = c.execute(
                """SELECT scenario_id, MAX(overall) AS best FROM calls
                   WHERE trainee = ? AND finished_at IS NOT NULL AND overall IS NOT NULL
                   GROUP BY scenario_id""",
                (trainee,),
            ).fetchall()
        return {str(r["scenario_id"]): int(r["best"]) for r in rows}

    def leaderboard(self, scenario: str | None = None) -> list[LeaderRow]:
        """Each trainee's best per scenario and whether they passed it in assessment mode."""
        sql = self._SUMMARY + " WHERE c.finished_at IS NOT NULL"
        params: list[Any] = []
        if scenario is not None:
            sql += " AND c.scenario_id = ?"
            params.append(scenario)
        rows: dict[tuple[str, str], LeaderRow] = {}
        with self._read() as c:
            summaries = [self._summary(r) for r in c.execute(sql, params)]
        for s in summaries:
            key = (s.trainee, s.scenario_id)
            old = rows.get(key)
            best = max((x for x in (old.best if old else None, s.overall) if x is not None), default=None)
            assess = [old.best_assessment if old else None]
            if s.mode == "assessment":
                assess.append(s.overall)
            rows[key] = LeaderRow(
                trainee=s.trainee,
                scenario_id=s.scenario_id,
                scenario_title=s.scenario_title,
                best=best,
                attempts=(old.attempts if old else 0) + 1,
                best_assessment=max((x for x in assess if x is not None), default=None),
                passed=(old.passed if old else False) or s.passed,
            )
        return sorted(rows.values(), key=lambda r: (r.scenario_id, -(r.best or -1), r.trainee))

    def resolve_call(self, ref: str | int) -> int:
        """A call id from a number, a UUID or a unique UUID prefix."""
        text = str(ref).strip()
        with self._read() as c:
            if text.isdigit():
                row = c.execute("SELECT id FROM calls WHERE id = ?", (int(text),)).fetchone()
                if row is not None:
                    return int(row["id"])
            if len(text) >= 4:
                rows = c.execute(
                    "SELECT id FROM calls WHERE uuid LIKE ? LIMIT 2", (text.lower() + "%",)
                ).fetchall()
                if len(rows) == 1:
                    return int(rows[0]["id"])
                if len(rows) > 1:
                    raise StoreError(f"'{text}' matches several calls; give more of the id")
        raise StoreError(f"no call '{text}' in {self.path} (see `trainer history`)")

    def resolve_session(self, ref: str | int) -> int:
        text = str(ref).strip()
        with self._read() as c:
            if text.isdigit():
                row = c.execute("SELECT id FROM sessions WHERE id = ?", (int(text),)).fetchone()
                if row is not None:
                    return int(row["id"])
            if len(text) >= 4:
                rows = c.execute(
                    "SELECT id FROM sessions WHERE uuid LIKE ? LIMIT 2", (text.lower() + "%",)
                ).fetchall()
                if len(rows) == 1:
                    return int(rows[0]["id"])
        raise StoreError(f"no session '{text}' in {self.path}")

    def last_call_id(self, trainee: str | None = None) -> int | None:
        found = self.calls(trainee=trainee, limit=1)
        return found[0].id if found else None

    def load_call(self, call_id: int) -> CallRecord:
        with self._read() as c:
            r = c.execute(self._SUMMARY + " WHERE c.id = ?", (call_id,)).fetchone()
            if r is None:
                raise StoreError(f"no call {call_id} in {self.path}")
            turns = c.execute(
                "SELECT * FROM turns WHERE call_id = ? ORDER BY number", (call_id,)
            ).fetchall()
            children = c.execute(
                "SELECT id FROM calls WHERE parent_uuid = ? ORDER BY id", (r["uuid"],)
            ).fetchall()
        return CallRecord(
            id=int(r["id"]),
            uuid=str(r["uuid"]),
            scenario_id=str(r["scenario_id"]),
            scenario=json.loads(r["scenario"]),
            seed=int(r["seed"]),
            difficulty=str(r["difficulty"]),
            trainee=str(r["trainee"]),
            mode=str(r["mode"]),
            group=r["grp"],
            session_id=r["session_id"],
            session_uuid=r["session_uuid"],
            parent_id=r["parent_id"],
            parent_uuid=r["parent_uuid"],
            parent_turn=r["parent_turn"],
            opening=str(r["opening"]),
            initial_mood=str(r["initial_mood"]),
            started_at=str(r["started_at"]),
            updated_at=str(r["updated_at"]),
            finished_at=r["finished_at"],
            outcome=r["outcome"],
            end_reason=r["end_reason"],
            final_mood=r["final_mood"],
            overall=r["overall"],
            card=json.loads(r["card"] or "{}"),
            turns=tuple(_turn_record(t) for t in turns),
            children=tuple(int(ch["id"]) for ch in children),
            origin=str(r["origin"]),
        )

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
        return [_session_record(r) for r in rows]

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
        calls = tuple(self.load_call(i) for i in ids)
        base = _session_record(r)
        return SessionRecord(
            base.id, base.uuid, base.title, base.group, base.trainees, base.created_at, calls
        )

    # -- export and import ---------------------------------------------------------------------

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
            "calls": [_export_call(c) for c in calls],
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
                cur = c.execute(
                    """INSERT OR IGNORE INTO sessions (uuid, title, grp, trainees, created_at)
                       VALUES (?,?,?,?,?)""",
                    (s["uuid"], s["title"], s.get("group"), json.dumps(s["trainees"]), s["created_at"]),
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


def _turn_record(t: sqlite3.Row) -> TurnRecord:
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


def _session_record(r: sqlite3.Row) -> SessionRecord:
    return SessionRecord(
        id=int(r["id"]),
        uuid=str(r["uuid"]),
        title=str(r["title"]),
        group=r["grp"],
        trainees=tuple(json.loads(r["trainees"])),
        created_at=str(r["created_at"]),
    )


# -- the export format -------------------------------------------------------------------------

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
_SESSION_FIELDS: Mapping[str, tuple[type, ...]] = {
    "uuid": (str,),
    "title": (str,),
    "group": (str, type(None)),
    "trainees": (list,),
    "created_at": (str,),
}


def _export_call(c: CallRecord) -> dict[str, Any]:
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
    }


def _check_fields(obj: object, fields: Mapping[str, tuple[type, ...]], where: str) -> None:
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
    except StoreError as exc:
        raise StoreError(f"{source}: {exc}; nothing was imported") from None
    return sessions, calls


def _insert_exported(c: sqlite3.Connection, call: dict[str, Any]) -> None:
    cur = c.execute(
        """INSERT INTO calls (uuid, session_uuid, parent_uuid, parent_turn, scenario_id, scenario,
           seed, difficulty, trainee, mode, grp, opening, initial_mood, started_at, updated_at,
           finished_at, outcome, end_reason, final_mood, overall, card, origin)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,'import')""",
        (
            call["uuid"],
            call["session"],
            call["parent_uuid"],
            call["parent_turn"],
            call["scenario_id"],
            json.dumps(call["scenario"], ensure_ascii=False),
            call["seed"],
            call["difficulty"],
            call["trainee"],
            call["mode"],
            call["group"],
            call["opening"],
            call["initial_mood"],
            call["started_at"],
            call["updated_at"],
            call["finished_at"],
            call["outcome"],
            call["end_reason"],
            call["final_mood"],
            call["overall"],
            json.dumps(call["scorecard"], ensure_ascii=False),
        ),
    )
    call_id = cur.lastrowid
    for t in call["turns"]:
        c.execute(
            """INSERT INTO turns (call_id, number, speaker, trainee, customer, mood_before,
               mood_after, detections, topics, why, score_events, strikes, ended, outcome,
               reply_to, inherited, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                call_id,
                t["number"],
                t["speaker"],
                t["trainee"],
                t["customer"],
                t["mood_before"],
                t["mood"],
                json.dumps(t["detections"], ensure_ascii=False),
                json.dumps(t["topics"], ensure_ascii=False),
                json.dumps(t["why"], ensure_ascii=False),
                json.dumps(t["score_changes"], ensure_ascii=False),
                t["strikes"],
                int(t["ended"]),
                t["outcome"],
                t["reply_to"],
                int(t["inherited"]),
                t["recorded_at"],
            ),
        )
