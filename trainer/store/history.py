"""The Store: one object for the CLI and the app, made of the connection, reads and writes."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from trainer.store.branches import Branches
from trainer.store.exchange import Exchange
from trainer.store.leaderboard import Leaderboard
from trainer.store.times import utcnow


class Store(Branches, Leaderboard, Exchange):
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
