"""The database's tables, its version, and the forward migrations between versions.

``PRAGMA user_version`` holds :data:`SCHEMA_VERSION`; :data:`MIGRATIONS` ``[n]`` takes a database
from version n to n + 1. Tables: ``sessions`` (id, uuid, title, grp, trainees JSON, created_at);
``calls`` (id, uuid, session_uuid, parent_uuid + parent_turn, scenario_id, scenario JSON snapshot,
seed, difficulty, trainee, mode, grp, opening, initial_mood, started/updated/finished_at, outcome,
end_reason, final_mood, overall, card JSON, origin); ``turns`` (call_id, number, speaker,
trainee line, customer reply, mood before/after, detections/topics/why/score_events JSON,
strikes, ended, outcome, reply_to, inherited, recorded_at). Links between calls (sessions,
branches) use UUIDs so they survive export and import between laptops.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from trainer.store.errors import StoreError

SCHEMA_VERSION = 1
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
