"""Practice history in SQLite: every turn committed as it happens, so a crash loses at most one.

The store knows calls, turns and sessions; it never imports Textual and never needs the
catalog to *read* (each call keeps a snapshot of what its report needs: the scenario's title,
customer, mood scale and pass mark). Reading and writing are safe from several processes at
once and from a worker thread (see :mod:`trainer.store.db`).

Files: ``db`` (where the file lives, the schema and migrations, the connection and its
transactions), ``store`` (the Store: writes, rewinds, reads, the leaderboard), ``records``
(what reads hand back, and the finished/status/passed rules), ``rows`` (database rows to
records, engine objects to columns), ``exchange`` (the export file, checking and importing it),
``people`` (each person's part in a hot seat: the one definition the app and the report use).

API (everything raises :class:`StoreError` with a message fit to show the user)::

    store = Store.open(path_or_None)         # None: --db / $TRAINER_DB / the user data folder
    sid = store.start_session("Tuesday coaching", trainees=["Ana", "Ben", "Cy"])   # optional
    cid = store.start_call(scenario, seed, difficulty, trainee, mode,   # mode practice|assessment
                           group=None, session=sid, parent=None, opening=call.opening)
    cid = store.begin(call, mode="practice", session=sid)   # the same, read from a live Call
    store.record_turn(cid, turn, speaker="Ana")   # one commit; the running scorecard with it
    store.finish_call(cid, call)                  # outcome, end reason, final scorecard
    new_id, call = store.branch(cid, 2, scenario) # rewind: replay the first 2 lines, go on
    store.best_scores("Ana")     -> {scenario_id: best overall}   (finished calls, hot seats too)
    store.calls(trainee=, scenario=, session=, mode=, since=) -> [CallSummary]   (newest first)
    store.load_call(cid)         -> CallRecord with TurnRecords (behaviours, mood, score events)
    store.family(cid)            -> [CallRecord]: the root call and every branch of it
    store.sessions() / store.load_session(sid) -> SessionRecord with its calls
    store.leaderboard(scenario=None) -> [LeaderRow]   (a hot seat: the team and each person)
    person_rows(turns, scale, rubric) -> (PersonRow, ...)   each person's turns, points, score
    store.export(since=None) -> dict;  store.import_data(doc) -> ImportResult
    store.resolve_call("12" | uuid prefix) / store.last_call_id() / store.resolve_session(ref)

The tables are described in :mod:`trainer.store.db`. A call whose ``finished_at`` is empty
is *unfinished*: still running, or its process died.
"""

from trainer.store.db import (
    APP_NAME,
    BUSY_TIMEOUT_MS,
    ENV_VAR,
    MIGRATIONS,
    MODES,
    SCHEMA_VERSION,
    StoreError,
    default_db_path,
    parse_since,
    resolve_db_path,
)
from trainer.store.exchange import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    ImportResult,
    check_export,
    read_export,
)
from trainer.store.records import (
    CallRecord,
    CallSummary,
    LeaderRow,
    PersonRow,
    SessionRecord,
    TurnRecord,
    merge_rows,
    passes,
    person_rows,
    typed_turns,
)
from trainer.store.rows import card_json, turn_record
from trainer.store.store import Store

__all__ = [
    "APP_NAME",
    "BUSY_TIMEOUT_MS",
    "ENV_VAR",
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "MIGRATIONS",
    "MODES",
    "SCHEMA_VERSION",
    "CallRecord",
    "CallSummary",
    "ImportResult",
    "LeaderRow",
    "PersonRow",
    "SessionRecord",
    "Store",
    "StoreError",
    "TurnRecord",
    "card_json",
    "check_export",
    "default_db_path",
    "merge_rows",
    "parse_since",
    "passes",
    "person_rows",
    "read_export",
    "resolve_db_path",
    "turn_record",
    "typed_turns",
]
