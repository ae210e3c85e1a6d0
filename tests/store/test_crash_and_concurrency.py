"""The acceptance tests that need real processes: kill -9 mid-call, two writers at once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from storekit import DATA, ROOT, WIN, env, trainer


def _turns_in(db: Path) -> int:
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM turns").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        conn.close()


def _wait_for(db: Path, count: int, proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while _turns_in(db) < count:
        assert proc.poll() is None, f"recorder exited early: {proc.stderr.read() if proc.stderr else ''}"
        assert time.monotonic() < deadline, f"only {_turns_in(db)} of {count} turns arrived"
        time.sleep(0.05)


def test_kill_9_after_third_turn_keeps_all_three(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainer", "record", "best-of-the-worst", "--name", "Ana"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(db),
        cwd=ROOT,
    )
    assert proc.stdin is not None
    try:
        for line in WIN[:3]:
            proc.stdin.write(line + "\n")
            proc.stdin.flush()
        _wait_for(db, 3, proc)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdin.close()
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    hist = trainer(db, "history", "--json")
    assert hist.returncode == 0, hist.stderr
    (call,) = json.loads(hist.stdout)
    assert call["status"] == "unfinished" and call["finished"] is False
    assert call["turns"] == 3 and call["trainee"] == "Ana"

    rep = trainer(db, "report", str(call["id"]), "--format", "json")
    assert rep.returncode == 0, rep.stderr
    (rec,) = json.loads(rep.stdout)["calls"]
    assert rec["status"] == "unfinished"
    assert [t["trainee"] for t in rec["turns"]] == WIN[:3]
    assert all(t["customer"] and t["mood"] for t in rec["turns"])
    assert rec["turns"][0]["behaviors"]

    md = trainer(db, "report", "--last", "--format", "md")
    assert md.returncode == 0, md.stderr
    assert "did not finish" in md.stdout and "[3]" in md.stdout
    html = trainer(db, "report", "--last", "--format", "html")
    assert "unfinished" in html.stdout and html.stdout.count('class="turn"') == 4  # opening + 3


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    script = "".join(f"Noted, item {i}.\n" for i in range(20))
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "trainer",
                "record",
                "long-call",
                "--scenarios",
                str(DATA / "scenarios"),
                "--name",
                name,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env(db),
            cwd=ROOT,
        )
        for name in ("Ana", "Ben")
    ]
    # Feed both line by line, interleaved, so their transactions really overlap.
    for line in script.splitlines(keepends=True):
        for p in procs:
            assert p.stdin is not None
            p.stdin.write(line)
            p.stdin.flush()
    for p in procs:
        assert p.stdin is not None and p.stderr is not None
        p.stdin.close()
        assert p.wait(timeout=120) == 0, p.stderr.read()
        p.stderr.close()
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT c.trainee, COUNT(t.number), c.finished_at IS NOT NULL FROM calls c "
        "JOIN turns t ON t.call_id = c.id GROUP BY c.id ORDER BY c.trainee"
    ).fetchall()
    conn.close()
    assert rows == [("Ana", 20, 1), ("Ben", 20, 1)]
