"""The Store API the app calls: calls, turns, scores, branches, sessions, schema and WAL."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from trainer.engine.call import Call
from trainer.engine.models import Scenario
from trainer.store import (
    SCHEMA_VERSION,
    Store,
    StoreError,
    default_db_path,
    passes,
    resolve_db_path,
)

from storekit import LOSE, WIN, hot_seat, play


def test_db_path_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAINER_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(tmp_path / "arg.db") == tmp_path / "arg.db"
    assert resolve_db_path(None) == tmp_path / "env.db"
    monkeypatch.delenv("TRAINER_DB")
    assert resolve_db_path(None) == default_db_path()
    assert str(default_db_path()).startswith(str(tmp_path))  # conftest isolates XDG/HOME


@pytest.mark.parametrize(
    ("outcome", "overall", "expected"),
    [("won", 70, True), ("won", 69, False), ("won", 100, True), ("lost", 95, False),
     ("open", 95, False), (None, 95, False), ("won", None, False)],
)  # fmt: skip
def test_pass_rule_needs_a_win_at_the_pass_mark(
    outcome: str | None, overall: int | None, expected: bool
) -> None:
    assert passes(outcome, overall, 70) is expected


def test_new_db_is_versioned_and_wal(tmp_path: Path) -> None:
    with Store.open(tmp_path / "h.db") as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    with Store.open(tmp_path / "h.db") as again:  # reopening migrates nothing twice
        assert again.calls() == []


def test_turns_are_committed_one_by_one(tmp_path: Path, bow: Scenario) -> None:
    db = tmp_path / "h.db"
    store = Store.open(db)
    call = Call(bow, trainee_name="Ana")
    cid = store.begin(call, mode="practice")
    play(store, call, cid, [("Ana", WIN[0]), ("Ana", WIN[1])])
    # Another connection sees both turns before the call finishes.
    other = sqlite3.connect(db)
    assert other.execute("SELECT COUNT(*) FROM turns WHERE call_id = ?", (cid,)).fetchone()[0] == 2
    other.close()
    rec = store.load_call(cid)
    assert rec.status == "unfinished" and not rec.finished
    assert [t.trainee for t in rec.turns] == WIN[:2]
    assert rec.turns[0].behaviors == call.turns[0].behaviors
    assert rec.turns[0].score_events[0]["evidence"] == call.turns[0].score_events[0].evidence
    assert rec.overall == call.scorecard().overall  # the running scorecard is kept up to date
    assert rec.mood_path == call.mood_path
    store.close()


def test_finished_call_round_trip(tmp_path: Path, bow: Scenario) -> None:
    with Store.open(tmp_path / "h.db") as store:
        call = Call(bow, seed=4, difficulty="hard", trainee_name="Ana")
        cid = store.begin(call, mode="assessment")
        play(store, call, cid, [("Ana", x) for x in WIN])
        store.finish_call(cid, call)
        rec = store.load_call(cid)
        expected = call.to_json()
        assert rec.outcome == expected["outcome"] and rec.end_reason == expected["end_reason"]
        assert rec.scores == {k: v for k, v in expected["scores"].items() if k != "overall"}
        assert rec.overall == expected["scores"]["overall"]
        assert rec.opening == call.opening and rec.difficulty == "hard" and rec.seed == 4
        assert [t.customer for t in rec.turns] == [t.customer for t in call.turns]
        assert rec.scale == list(bow.scale) and rec.pass_mark == bow.pass_mark
        assert rec.passed == (call.outcome == "won" and call.scorecard().overall >= bow.pass_mark)


def test_best_scores_and_leaderboard(tmp_path: Path, bow: Scenario) -> None:
    with Store.open(tmp_path / "h.db") as store:
        for name, script, mode in [
            ("Ana", WIN, "practice"),
            ("Ana", LOSE, "assessment"),
            ("Ben", LOSE, "practice"),
            ("Ben", WIN, "assessment"),
        ]:
            call = Call(bow, trainee_name=name)
            cid = store.begin(call, mode=mode)
            play(store, call, cid, [(name, x) for x in script])
            store.finish_call(cid, call)
        unfinished = Call(bow, trainee_name="Cy")
        cid = store.begin(unfinished)
        play(store, unfinished, cid, [("Cy", WIN[0])])
        win = Call(bow)
        for x in WIN:
            if not win.ended:
                win.say(x)
        best = win.scorecard().overall
        assert store.best_scores("Ana") == {bow.id: best}
        assert store.best_scores("Cy") == {}  # unfinished calls are not results
        board = {r.trainee: r for r in store.leaderboard()}
        assert board["Ana"].best == best and not board["Ana"].passed  # won only in practice
        assert board["Ben"].passed and board["Ben"].attempts == 2
        assert "Cy" not in board
        assert [c.trainee for c in store.calls(trainee="Ana")] == ["Ana", "Ana"]
        assert {c.mode for c in store.calls(mode="assessment")} == {"assessment"}


def test_branch_replays_the_customer_exactly(tmp_path: Path, bow: Scenario) -> None:
    with Store.open(tmp_path / "h.db") as store:
        sid, first, branch = hot_seat(store, bow)
        parent, child = store.load_call(first), store.load_call(branch)
        assert child.parent_id == first and child.parent_turn == 2
        assert parent.children == (branch,)
        assert [t.customer for t in child.turns[:2]] == [t.customer for t in parent.turns[:2]]
        assert [t.inherited for t in child.turns] == [True, True] + [False] * (len(child.turns) - 2)
        assert child.turns[2].trainee == WIN[2] and parent.turns[2].trainee == LOSE[1]
        assert child.speakers == ["Ana", "Ben", "Cy"]
        # The branch's scorecard equals a fresh replay of all its lines.
        fresh = Call(bow, seed=3, trainee_name="Team Blue")
        for line in child.lines():
            fresh.say(line)
        assert child.overall == fresh.scorecard().overall
        assert [c.id for c in store.family(branch)] == [first, branch]
        session = store.load_session(sid)
        assert [c.id for c in session.calls] == [first, branch]
        assert session.trainees == ("Ana", "Ben", "Cy") and session.title == "Hot seat <Tuesday>"


def test_a_rewound_first_try_is_not_a_result(tmp_path: Path, bow: Scenario) -> None:
    """In practice the branch replaces the try it was rewound from."""
    with Store.open(tmp_path / "h.db") as store:
        call = Call(bow, seed=2, trainee_name="Ana")
        first = store.begin(call, mode="practice")
        play(store, call, first, [("Ana", x) for x in WIN[:3]])
        store.finish_call(first, call)  # the app closes the first try when it rewinds
        branch_id, again = store.branch(first, 1, bow)
        play(store, again, branch_id, [("Ana", x) for x in LOSE[1:]])
        store.finish_call(branch_id, again)
        branch_score = store.load_call(branch_id).overall
        assert store.load_call(first).overall != branch_score
        assert store.best_scores("Ana") == {bow.id: branch_score}
        (row,) = [r for r in store.leaderboard() if r.trainee == "Ana"]
        assert row.attempts == 1 and row.best == branch_score


def test_an_assessment_counts_its_first_try(tmp_path: Path, bow: Scenario) -> None:
    """A coach may branch from a failed assessment afterwards: the branch is practice, and the
    failed first try stays the assessment's result."""
    with Store.open(tmp_path / "h.db") as store:
        call = Call(bow, seed=2, trainee_name="Ana")
        first = store.begin(call, mode="assessment")
        play(store, call, first, [("Ana", x) for x in LOSE])
        store.finish_call(first, call)
        failed = store.load_call(first)
        assert failed.finished and not failed.passed and failed.overall is not None
        branch_id, again = store.branch(first, 1, bow)
        play(store, again, branch_id, [("Ana", x) for x in WIN[1:]])
        store.finish_call(branch_id, again)
        branch = store.load_call(branch_id)
        assert branch.mode == "practice" and branch.overall != failed.overall
        (row,) = [r for r in store.leaderboard() if r.trainee == "Ana"]
        assert row.attempts == 2 and row.best_assessment == failed.overall and not row.passed
        assert row.best == max(failed.overall, branch.overall or 0)
        assert [c.mode for c in store.calls(trainee="Ana", mode="assessment")] == ["assessment"]


def test_branch_refuses_a_changed_scenario(tmp_path: Path, bow: Scenario) -> None:
    with Store.open(tmp_path / "h.db") as store:
        call = Call(bow)
        cid = store.begin(call)
        play(store, call, cid, [("you", WIN[0]), ("you", WIN[1])])
        store.conn.execute("UPDATE turns SET customer = 'something else' WHERE number = 1")
        with pytest.raises(StoreError, match="has changed"):
            store.branch(cid, 2, bow)
        with pytest.raises(StoreError, match="cannot rewind"):
            store.branch(cid, 9, bow)


def test_resolve_ids_and_frozen_clock(tmp_path: Path, bow: Scenario) -> None:
    moment = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    with Store.open(tmp_path / "h.db", clock=lambda: moment) as store:
        cid = store.start_call(bow, trainee="Ana")
        rec = store.load_call(cid)
        assert rec.started_at == "2024-05-01T09:30:00+00:00"
        assert store.resolve_call(str(cid)) == cid
        assert store.resolve_call(rec.uuid[:8]) == cid
        with pytest.raises(StoreError, match="no call"):
            store.resolve_call("999")
        assert store.calls(since="2024-05-01") and not store.calls(since="2024-05-02")
        with pytest.raises(StoreError, match="not a date"):
            store.calls(since="yesterday")


def test_threads_share_one_store(tmp_path: Path, bow: Scenario) -> None:
    """The app saves from worker threads; one store must serialise them."""
    store = Store.open(tmp_path / "h.db")
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            call = Call(bow, trainee_name=name)
            cid = store.begin(call)
            play(store, call, cid, [(name, x) for x in WIN[:3]])
            store.finish_call(cid, call)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(f"t{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sum(c.turns for c in store.calls()) == 12
    store.close()
