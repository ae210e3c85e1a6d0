"""Opening the history, and the short locked transactions every read and write goes through.

Safe from several processes at once (WAL, a busy timeout and one ``BEGIN IMMEDIATE``
transaction per write) and from a worker thread (one lock per store).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Self

from trainer.engine.models import Rubric
from trainer.store import schema
from trainer.store.errors import StoreError, describe
from trainer.store.paths import ENV_VAR, resolve_db_path
from trainer.store.times import iso, utcnow

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
    def _connect(
        cls, uri: str, where: Path, clock: Callable[[], datetime], readonly: bool
    ) -> Self:
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
        version = schema.user_version(c)
        schema.check_version(version, self.path)
        if self.readonly:
            if version < schema.SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} uses an older history format (schema {version}); open it "
                    "once with write access to upgrade it"
                )
            return
        if c.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA synchronous = NORMAL")
        c.execute("PRAGMA foreign_keys = ON")
        if version < schema.SCHEMA_VERSION:
            with self._write("upgrading the history"):
                schema.migrate(c, self.path)

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
