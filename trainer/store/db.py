"""The database file: where it lives, its tables and migrations, and the open connection.

Everything below the :class:`trainer.store.Store`'s reads and writes: the path (``--db``, else
``$TRAINER_DB``, else the user data folder), the one exception the store raises, moments as ISO
text, the schema, and the short locked transactions every read and write goes through. Safe
from several processes at once (WAL, a busy timeout and one ``BEGIN IMMEDIATE`` transaction per
write) and from a worker thread (one lock per store).

``PRAGMA user_version`` holds :data:`SCHEMA_VERSION`; :data:`MIGRATIONS` ``[n]`` takes a database
from version n to n + 1. Tables: ``sessions`` (id, uuid, title, grp, trainees JSON, created_at);
``calls`` (id, uuid, session_uuid, parent_uuid + parent_turn, scenario_id, scenario JSON snapshot,
seed, difficulty, trainee, mode, grp, opening, initial_mood, started/updated/finished_at, outcome,
end_reason, final_mood, overall, card JSON, origin); ``turns`` (call_id, number, speaker,
trainee line, customer reply, mood before/after, detections/topics/why/score_events JSON,
strikes, ended, outcome, reply_to, inherited, recorded_at); ``call_people`` (call_id, position,
name, turns, points JSON, net, mood_steps, behaviors JSON, scores JSON, overall): a finished hot
seat's per-person rows (see trainer.store.records), beside the team's call row. Links between
calls (sessions, branches) use UUIDs so they survive export and import between laptops.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Self

from trainer.engine.models import Rubric

# --- Where the history lives -------------------------------------------------------------------

APP_NAME = "tough-call-trainer"
ENV_VAR = "TRAINER_DB"


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


# --- Errors, worded for the user ------------------------------------------------------------


class StoreError(Exception):
    """A problem with the history database or an import file, worded for the user."""


def describe(exc: sqlite3.Error, path: Path, action: str) -> str:
    """What went wrong while ``action`` and what to do about it, without SQLite jargon."""
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


# --- Moments as UTC ISO text, so the database sorts and compares them as plain strings -------


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """The form every ``*_at`` column holds: UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


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
    return iso(moment)


# --- The tables and their migrations --------------------------------------------------------

SCHEMA_VERSION = 2
MODES = ("practice", "assessment")

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
    # 1 -> 2: a hot seat's per-person rows (calls saved before have none)
    """
    CREATE TABLE call_people (
        call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        turns INTEGER NOT NULL,
        points TEXT NOT NULL,
        net INTEGER NOT NULL,
        mood_steps INTEGER NOT NULL,
        behaviors TEXT NOT NULL,
        scores TEXT NOT NULL,
        overall INTEGER,
        PRIMARY KEY (call_id, name)
    );
    CREATE INDEX call_people_by_name ON call_people (name);
    """,
)


def user_version(c: sqlite3.Connection) -> int:
    """The schema version the file is at (this is also what fails first on a non-database)."""
    return int(c.execute("PRAGMA user_version").fetchone()[0])


def check_version(version: int, path: Path) -> None:
    """Refuse a database written by a newer trainer rather than guess at its tables."""
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer version of trainer (history schema "
            f"{version}; this version knows up to {SCHEMA_VERSION}). Nothing was changed. "
            "Upgrade trainer, or pass --db PATH to use another file."
        )


def migrate(c: sqlite3.Connection, path: Path) -> None:
    """Bring the database up to :data:`SCHEMA_VERSION`; call inside a write transaction.

    The version is read again here because another process may have migrated while this one
    waited for the write lock.
    """
    version = user_version(c)
    check_version(version, path)
    for step in range(version, SCHEMA_VERSION):
        for statement in MIGRATIONS[step].split(";"):
            if statement.strip():
                c.execute(statement)
        c.execute(f"PRAGMA user_version = {step + 1}")


# --- The open connection ----------------------------------------------------------------------

BUSY_TIMEOUT_MS = 10_000


class Connection:
    """The open database; :class:`trainer.store.Store` adds the reads and writes on top."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        clock: Callable[[], datetime] = utcnow,
        readonly: bool = False,
    ) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self.readonly = readonly
        self._lock = threading.RLock()
        # The rubric of each call this store is recording, to keep its running scorecard.
        self._rubrics: dict[int, Rubric] = {}

    @classmethod
    def _open(
        cls, path: str | os.PathLike[str] | None, readonly: bool, clock: Callable[[], datetime]
    ) -> Self:
        """Open (creating and migrating) the history at ``path``; Store.open is the public face."""
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
    def _connect(cls, uri: str, where: Path, clock: Callable[[], datetime], readonly: bool) -> Self:
        try:
            conn = sqlite3.connect(
                uri,
                uri=True,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise StoreError(describe(exc, where, "opening the history")) from None
        conn.row_factory = sqlite3.Row
        store = cls(conn, where, clock, readonly)
        try:
            store._prepare()
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(describe(exc, where, "opening the history")) from None
        except StoreError:
            conn.close()
            raise
        return store

    def _prepare(self) -> None:
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = user_version(c)
        check_version(version, self.path)
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
                migrate(c, self.path)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Self:
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
                raise StoreError(describe(exc, self.path, action)) from None
            try:
                yield c
                c.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):
                    c.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(describe(exc, self.path, action)) from None
                raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """The connection under the store's lock; a failure becomes a StoreError."""
        with self._lock:
            try:
                yield self.conn
            except sqlite3.Error as exc:
                raise StoreError(describe(exc, self.path, "reading the history")) from None

    def _now(self) -> str:
        return iso(self.clock())
