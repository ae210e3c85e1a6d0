"""Bad databases, locations and import files: a clear message, exit 1, existing data intact."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from trainer import cli
from trainer.cli import history_cmds
from trainer.engine.call import Call
from trainer.engine.models import Scenario
from trainer.store import SCHEMA_VERSION, Store, StoreError

from storekit import DATA, WIN, play, trainer


def _one_call(db: Path) -> None:
    proc = trainer(db, "record", "best-of-the-worst", "--name", "Ana", stdin="\n".join(WIN[:2]))
    assert proc.returncode == 0, proc.stderr


def _fails_cleanly(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 1
    err = proc.stderr
    assert "Traceback" not in err and err.startswith("trainer: "), err
    for w in words:
        assert w in err, err


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _one_call(db)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = db.read_bytes()
    for args in (["history"], ["record", "best-of-the-worst"], ["report", "--last"], ["export"]):
        _fails_cleanly(trainer(db, *args, stdin="hello\n"), "newer version of trainer")
    assert db.read_bytes() == before


def test_corrupted_db_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    db.write_bytes(b"this is not sqlite at all\n" * 200)
    before = db.read_bytes()
    for args in (["history"], ["record", "best-of-the-worst"], ["report", "1"], ["export"]):
        _fails_cleanly(trainer(db, *args, stdin="hello\n"), "not a trainer history database")
    assert db.read_bytes() == before


def test_damaged_pages_are_reported(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    _one_call(db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    raw = bytearray(db.read_bytes())
    raw[4096:] = b"\xff" * (len(raw) - 4096)  # keep the header, wreck every table page
    db.write_bytes(bytes(raw))
    _fails_cleanly(trainer(db, "history"), "damaged")


def test_read_only_location(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        place = Path("/sys/tough-call-trainer-test.db")  # root ignores chmod; sysfs refuses files
        if not Path("/sys").is_dir():
            pytest.skip("running as root and no /sys to stand in for a read-only folder")
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        place = ro / "h.db"
    proc = trainer(place, "record", "best-of-the-worst", stdin="hello\n")
    _fails_cleanly(proc, "read-only", "--db")
    assert not place.exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    _fails_cleanly(trainer(blocked / "h.db", "record", "best-of-the-worst"), "cannot create the folder")


def test_readonly_store_refuses_writes(tmp_path: Path, bow: Scenario) -> None:
    db = tmp_path / "h.db"
    _one_call(db)
    with Store.open(db, readonly=True) as store:
        assert len(store.calls()) == 1
        with pytest.raises(StoreError, match="read-only"):
            store.start_call(bow)


def _fill_up(store: Store) -> None:
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")


def test_disk_full_keeps_what_was_saved(tmp_path: Path, bow: Scenario) -> None:
    db = tmp_path / "h.db"
    store = Store.open(db)
    call = Call(bow, trainee_name="Ana")
    cid = store.begin(call)
    play(store, call, cid, [("Ana", WIN[0]), ("Ana", WIN[1])])
    _fill_up(store)
    big = WIN[2] + " " + " ".join(f"word{i}" for i in range(20000))
    with pytest.raises(StoreError, match="disk is full"):
        store.record_turn(cid, call.say(big))
    store.close()
    with Store.open(db) as again:
        rec = again.load_call(cid)
        assert [t.trainee for t in rec.turns] == WIN[:2]
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_disk_full_from_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "h.db"
    _one_call(db)

    class TinyStore(Store):
        @classmethod
        def open(cls, *args: object, **kwargs: object) -> Store:
            store = Store.open(*args, **kwargs)  # type: ignore[arg-type]
            _fill_up(store)
            return store

    monkeypatch.setattr(history_cmds, "Store", TinyStore)
    big = " ".join(f"word{i}" for i in range(20000))
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{WIN[0]}\n{big}\n"))
    code = cli.main(["record", "best-of-the-worst", "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1 and "disk is full" in err and "Traceback" not in err
    with Store.open(db) as store:
        assert [c.turns for c in store.calls()][-1] == 2  # the first call is intact


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("not-ours.json", "not a trainer export"),
        ("truncated.json", "looks truncated"),
        ("newer-version.json", "newer trainer"),
        ("missing-field.json", "calls[0].turns[0]: missing 'customer'"),
        ("not-json.txt", "not valid JSON"),
    ],
)
def test_bad_import_files(tmp_path: Path, name: str, words: str) -> None:
    db = tmp_path / "h.db"
    _one_call(db)
    before = trainer(db, "history", "--json").stdout
    proc = trainer(db, "import", str(DATA / name))
    _fails_cleanly(proc, words, name)
    assert trainer(db, "history", "--json").stdout == before


def test_a_bad_file_among_good_ones_imports_nothing(tmp_path: Path) -> None:
    src, db = tmp_path / "src.db", tmp_path / "h.db"
    _one_call(src)
    good = tmp_path / "good.json"
    assert trainer(src, "export", "-o", str(good)).returncode == 0
    proc = trainer(db, "import", str(good), str(DATA / "truncated.json"))
    _fails_cleanly(proc, "truncated")
    assert json.loads(trainer(db, "history", "--json").stdout) == []


def test_missing_import_file(tmp_path: Path) -> None:
    _fails_cleanly(trainer(tmp_path / "h.db", "import", str(tmp_path / "nope.json")), "cannot read")
