"""The one exception the store raises, and SQLite's errors reworded for the user."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from trainer.store.paths import ENV_VAR


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
