"""`trainer record / history / report / export / import` through a subprocess, as scripts use them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from trainer.engine.models import Scenario
from trainer.store import EXPORT_FORMAT, Store

from storekit import LOSE, SCRIPTS, WIN, hot_seat, trainer


def _record(db: Path, name: str, script: list[str], *extra: str) -> None:
    proc = trainer(db, "record", "best-of-the-worst", "--name", name, *extra, stdin="\n".join(script))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# call ")


def test_history_json_csv_and_filters(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _record(db, "Ana", WIN, "--mode", "assessment")
    _record(db, "Ben", LOSE)
    calls = json.loads(trainer(db, "history", "--json").stdout)
    assert [c["trainee"] for c in calls] == ["Ben", "Ana"]  # newest first
    ana = calls[1]
    assert ana["status"] == "won" and ana["passed"] and ana["mode"] == "assessment"
    assert ana["overall"] >= ana["pass_mark"] and ana["turns"] == 8 and "ownership" in ana["scores"]
    only = json.loads(trainer(db, "history", "--trainee", "Ben", "--json").stdout)
    assert [c["trainee"] for c in only] == ["Ben"]
    assert json.loads(trainer(db, "history", "--scenario", "nope", "--json").stdout) == []
    rows = list(csv.DictReader(io.StringIO(trainer(db, "history", "--csv").stdout)))
    assert [r["trainee"] for r in rows] == ["Ben", "Ana"] and rows[1]["passed"] == "True"
    text = trainer(db, "history").stdout
    assert "won*" in text and "passed in assessment mode" in text


def test_leaderboard(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _record(db, "Ana", WIN)  # won, but in practice
    _record(db, "Ana", LOSE, "--mode", "assessment")
    _record(db, "Ben", WIN, "--mode", "assessment")
    board = {r["trainee"]: r for r in json.loads(trainer(db, "history", "--leaderboard", "--json").stdout)}
    assert board["Ana"]["passed"] is False and board["Ana"]["attempts"] == 2
    assert board["Ben"]["passed"] is True and board["Ben"]["best"] == board["Ana"]["best"]
    text = trainer(db, "history", "--leaderboard").stdout
    assert "passed" in text and "not passed" in text


def test_record_from_a_file_and_report_formats(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    proc = trainer(db, "record", "best-of-the-worst", "--script", str(SCRIPTS / "best-of-the-worst.win.txt"))
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    for fmt in ("html", "md", "json"):
        r = trainer(db, "report", "1", "-o", str(out / f"r.{fmt}"))
        assert r.returncode == 0, r.stderr
    assert (out / "r.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert "## Call 1: won" in (out / "r.md").read_text("utf-8")
    doc = json.loads((out / "r.json").read_text("utf-8"))
    assert doc["report"] == "tough-call-trainer/debrief" and doc["calls"][0]["outcome"] == "won"
    last = json.loads(trainer(db, "report", "--last", "--format", "json").stdout)
    assert last["focus"] == doc["focus"] == 1
    assert trainer(db, "report", "1").stdout.startswith("# Debrief")  # stdout default: Markdown


def test_report_errors(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    none = trainer(db, "report", "--last")
    assert none.returncode == 1 and "no history" in none.stderr and "Traceback" not in none.stderr
    _record(db, "Ana", WIN[:2])
    missing = trainer(db, "report", "42")
    assert missing.returncode == 1 and "no call '42'" in missing.stderr
    bad_out = trainer(db, "report", "1", "-o", str(db / "x.html"))
    assert bad_out.returncode == 1 and "cannot write" in bad_out.stderr


def test_history_of_a_missing_db_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    proc = trainer(db, "history", "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout) == []
    assert not db.exists()


def test_export_import_twice_adds_once(tmp_path: Path, bow: Scenario) -> None:
    laptop, coach = tmp_path / "laptop.db", tmp_path / "coach.db"
    _record(laptop, "Ana", WIN)
    with Store.open(laptop) as store:
        hot_seat(store, bow)
    exported = tmp_path / "ana.json"
    proc = trainer(laptop, "export", "-o", str(exported))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(exported.read_text("utf-8"))
    assert doc["format"] == EXPORT_FORMAT and doc["version"] == 1 and len(doc["calls"]) == 3
    first = trainer(coach, "import", str(exported))
    assert first.returncode == 0 and "3 call(s) added" in first.stdout and "1 session(s)" in first.stdout
    again = trainer(coach, "import", str(exported), str(exported))
    assert again.returncode == 0 and "0 call(s) added" in again.stdout and "3 already here" in again.stdout
    calls = json.loads(trainer(coach, "history", "--json").stdout)
    assert len(calls) == 3
    # Links survive the trip: the branch still points at its parent, the session holds both.
    branch = next(c for c in calls if c["parent"])
    assert branch["parent"]["turn"] == 2 and branch["parent"]["call"] is not None
    with Store.open(coach) as store:
        (session,) = store.sessions()
        assert len(store.load_session(session.id).calls) == 2
        orig = {c["uuid"]: c for c in doc["calls"]}
        for c in store.calls():
            assert c.overall == orig[c.uuid]["overall"]
    html = trainer(coach, "report", "--session", "1", "--format", "html")
    assert html.returncode == 0 and "Per trainee" in html.stdout


def test_export_since(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _record(db, "Ana", WIN[:2])
    future = json.loads(trainer(db, "export", "--since", "2999-01-01").stdout)
    assert future["calls"] == []
    past = json.loads(trainer(db, "export", "--since", "2000-01-01").stdout)
    assert len(past["calls"]) == 1
    bad = trainer(db, "export", "--since", "last tuesday")
    assert bad.returncode == 1 and "not a date" in bad.stderr


def test_import_updates_an_unfinished_call(tmp_path: Path, bow: Scenario) -> None:
    """A coach imports mid-session, then again after the call ended: the call is replaced once."""
    from trainer.engine.call import Call

    from storekit import play

    laptop, coach = tmp_path / "laptop.db", tmp_path / "coach.db"
    with Store.open(laptop) as store:
        call = Call(bow)
        cid = store.begin(call)
        play(store, call, cid, [("you", WIN[0])])
        early = store.export()
        play(store, call, cid, [("you", x) for x in WIN[1:]])
        store.finish_call(cid, call)
        late = store.export()
    with Store.open(coach) as store:
        assert store.import_data(early).added == 1
        assert store.import_data(late).updated == 1
        assert store.import_data(late).skipped == 1
        (only,) = store.calls()
        assert only.finished and only.turns == len(call.turns)


def test_history_never_cuts_ids_and_passed_only_where_it_applies(tmp_path: Path) -> None:
    """The long scenario id and name are whole in their columns; `passed` is empty for practice
    (a won practice call above the pass mark is not "passed=False")."""
    db = tmp_path / "h.db"
    _record(db, "Alexandra Montgomery", WIN)  # won above the pass mark, in practice
    other = trainer(db, "record", "misleading-decision-maker", "--name", "Ben", stdin="Hello.\n")
    assert other.returncode == 0, other.stderr
    text = trainer(db, "history").stdout.splitlines()
    head, rows = text[0], text[1:]
    assert any("misleading-decision-maker" in r for r in rows), text
    assert any("Alexandra Montgomery" in r for r in rows), text
    start = head.index("scenario")
    assert all(r[start:].split()[0] in ("best-of-the-worst", "misleading-decision-maker") for r in rows)
    csv_rows = list(csv.DictReader(io.StringIO(trainer(db, "history", "--csv").stdout)))
    ana = next(r for r in csv_rows if r["trainee"] == "Alexandra Montgomery")
    calls = json.loads(trainer(db, "history", "--json").stdout)
    mark = next(c for c in calls if c["trainee"] == "Alexandra Montgomery")["pass_mark"]
    assert ana["status"] == "won" and int(ana["overall"]) >= mark and ana["passed"] == ""
    board = list(csv.DictReader(io.StringIO(trainer(db, "history", "--leaderboard", "--csv").stdout)))
    assert all(r["passed"] == "" for r in board)
    table = trainer(db, "history", "--leaderboard").stdout
    assert "misleading-decision-maker" in table and "Alexandra Montgomery" in table
