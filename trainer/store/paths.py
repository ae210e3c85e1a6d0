"""Where the history database lives: ``--db``, else ``$TRAINER_DB``, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

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
