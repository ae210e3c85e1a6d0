"""A hot seat's per-person rows: saved beside the team's call, migrated into old histories,
carried by export and import, and listed by `trainer history` and the leaderboard."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from trainer.engine.call import Call
from trainer.engine.models import Scenario
from trainer.engine.scoring import Ledger
from trainer.store import MIGRATIONS, Store

from storekit import WIN, hot_seat, trainer


def own_score(call: Call, numbers: set[int]) -> int:
    """The overall of a scorecard folded from the score events of these turn numbers only."""
    events = [e for t in call.turns if t.number in numbers for e in t.score_events]
    return Ledger(call.scenario.rubric, events=events).scorecard().overall


def test_an_old_history_is_migrated_and_keeps_its_calls(tmp_path: Path, bow: Scenario) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(MIGRATIONS[0])  # the schema-1 tables, as the previous trainer made them
    conn.execute(
        """INSERT INTO calls (uuid, scenario_id, scenario, seed, difficulty, trainee, mode,
           opening, initial_mood, started_at, updated_at, finished_at, outcome, overall, card)
           VALUES ('u-1', 'best-of-the-worst', '{"title": "Old"}', 0, 'normal', 'team',
           'practice', 'Hello', 'angry', '2026-01-01T10:00:00+00:00',
           '2026-01-01T10:05:00+00:00', '2026-01-01T10:05:00+00:00', 'won', 77, '{}')"""
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 2
        (old,) = store.calls()
        assert old.overall == 77 and old.people == ()
        assert store.load_call(old.id).people == ()
        _, _, branch = hot_seat(store, bow)  # a new hot seat in the migrated file gets rows
        assert [p.name for p in store.load_call(branch).people] == ["Cy", "Ana", "Ben"]


def test_a_hot_seat_call_keeps_each_persons_row(tmp_path: Path, bow: Scenario) -> None:
    with Store.open(tmp_path / "h.db") as store:
        call = Call(bow, seed=3, trainee_name="team")
        cid = store.begin(call)
        for i, line in enumerate(WIN[:4]):
            store.record_turn(cid, call.say(line), ["Ana", "Ben"][i % 2])
        store.finish_call(cid, call)
        record = store.load_call(cid)
        (summary,) = store.calls(trainee="Ana")
        solo = Call(bow, seed=3, trainee_name="Dana")
        sid = store.begin(solo)
        store.record_turn(sid, solo.say(WIN[0]))
        store.finish_call(sid, solo)
        assert store.load_call(sid).people == ()  # one trainee: the call row says it all
    assert record.trainee == "team" and record.overall == call.scorecard().overall
    rows = {p.name: p for p in record.people}
    assert list(rows) == ["Ana", "Ben"] and summary.people == record.people
    assert rows["Ana"].turns == 2 and rows["Ben"].turns == 2
    assert rows["Ana"].overall == own_score(call, {1, 3})
    assert rows["Ben"].overall == own_score(call, {2, 4})
    ana_points = sum(e.points for t in call.turns if t.number in {1, 3} for e in t.score_events)
    assert rows["Ana"].net == ana_points


def test_a_branch_credits_only_the_lines_typed_after_the_rewind(
    tmp_path: Path, bow: Scenario
) -> None:
    with Store.open(tmp_path / "h.db") as store:
        _, first, branch = hot_seat(store, bow)
        firsts = {p.name: p.turns for p in store.load_call(first).people}
        branches = {p.name: p.turns for p in store.load_call(branch).people}
    assert firsts == {"Ana": 2, "Ben": 1, "Cy": 1}
    assert branches == {"Cy": 2, "Ana": 1, "Ben": 1}  # Ana's and Ben's turns 1-2 are the first's


def test_export_import_keeps_the_rows_and_old_files_still_import(
    tmp_path: Path, bow: Scenario
) -> None:
    laptop, coach, older = tmp_path / "laptop.db", tmp_path / "coach.db", tmp_path / "older.db"
    with Store.open(laptop) as store:
        hot_seat(store, bow)
        doc = store.export()
        before = {c.uuid: c.people for c in store.calls()}
    assert all(c["people"] for c in doc["calls"])
    exported = tmp_path / "x.json"
    exported.write_text(json.dumps(doc), "utf-8")
    assert trainer(coach, "import", str(exported)).returncode == 0
    with Store.open(coach) as store:
        assert {c.uuid: c.people for c in store.calls()} == before
    for call in doc["calls"]:  # a file from before per-person rows existed
        del call["people"]
    exported.write_text(json.dumps(doc), "utf-8")
    proc = trainer(older, "import", str(exported))
    assert proc.returncode == 0 and "2 call(s) added" in proc.stdout, proc.stderr
    with Store.open(older) as store:
        assert [c.people for c in store.calls()] == [(), ()]


def test_a_bad_person_row_is_refused_by_name(tmp_path: Path, bow: Scenario) -> None:
    with Store.open(tmp_path / "a.db") as store:
        hot_seat(store, bow)
        doc = store.export()
    doc["calls"][1]["people"][0]["points"] = {"empathy": "lots"}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), "utf-8")
    proc = trainer(tmp_path / "b.db", "import", str(bad))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "calls[1].people[0].points" in proc.stderr and "nothing was imported" in proc.stderr


def _hot_seat_by_cli(db: Path, *extra: str) -> None:
    proc = trainer(
        db, "record", "best-of-the-worst", "--name", "team", "--speakers", "Ana,Ben", *extra,
        stdin="\n".join(WIN),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr


def _played(bow: Scenario) -> Call:
    """The call `_hot_seat_by_cli` plays (same scenario, seed and lines)."""
    call = Call(bow, seed=0, trainee_name="team")
    for line in WIN:
        if not call.ended:
            call.say(line)
    return call


def test_history_lists_the_team_and_each_person(tmp_path: Path, bow: Scenario) -> None:
    db = tmp_path / "h.db"
    _hot_seat_by_cli(db)
    call = _played(bow)
    odd = {t.number for t in call.turns if t.number % 2}
    even = {t.number for t in call.turns} - odd
    text = trainer(db, "history").stdout
    lines = text.splitlines()
    team = next(ln for ln in lines if " team " in ln)
    ana = next(ln for ln in lines if ln.split() and ln.split()[0] == "Ana")
    ben = next(ln for ln in lines if ln.split() and ln.split()[0] == "Ben")
    assert team.split()[-2:] == [str(call.scorecard().overall), str(len(call.turns))]
    assert ana.split() == ["Ana", str(own_score(call, odd)), str(len(odd))]
    assert ben.split() == ["Ben", str(own_score(call, even)), str(len(even))]
    assert lines.index(team) < lines.index(ana) < lines.index(ben)
    (only,) = json.loads(trainer(db, "history", "--trainee", "Ben", "--json").stdout)
    assert only["trainee"] == "team"
    assert [(p["name"], p["overall"]) for p in only["people"]] == [
        ("Ana", own_score(call, odd)),
        ("Ben", own_score(call, even)),
    ]
    csv_rows = trainer(db, "history", "--trainee", "Ben", "--csv").stdout.splitlines()
    assert len(csv_rows) == 3 and csv_rows[2].split(",")[3] == "Ben"
    assert csv_rows[2].split(",")[-1] == "team"


def test_leaderboard_ranks_each_person_beside_the_team(tmp_path: Path, bow: Scenario) -> None:
    db = tmp_path / "h.db"
    _hot_seat_by_cli(db, "--mode", "assessment")
    call = _played(bow)
    odd = {t.number for t in call.turns if t.number % 2}
    even = {t.number for t in call.turns} - odd
    board = json.loads(trainer(db, "history", "--leaderboard", "--json").stdout)
    best = {r["trainee"]: r["best"] for r in board}
    assert best == {
        "team": call.scorecard().overall,
        "Ana": own_score(call, odd),
        "Ben": own_score(call, even),
    }
    for r in board:
        mark = bow.pass_mark
        assert r["passed"] == (call.outcome == "won" and r["best"] >= mark)
    text = trainer(db, "history", "--leaderboard", "--trainee", "Ana").stdout
    (row,) = [ln for ln in text.splitlines()[1:] if ln.strip()]
    assert row.split()[:3] == ["Ana", "best-of-the-worst", str(own_score(call, odd))]
    with Store.open(db) as store:
        assert store.best_scores("Ben") == {"best-of-the-worst": own_score(call, even)}
