"""Helpers for the history tests: running the CLI against a tmp database, a hot-seat session."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.testkit import run_cli, script
from trainer.engine.call import Call
from trainer.engine.models import Scenario
from trainer.store import Store

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scenarios" / "scripts"
DATA = ROOT / "tests" / "data" / "store"


WIN = script("best-of-the-worst.win.txt")
LOSE = script("best-of-the-worst.lose.txt")


def env(db: Path) -> dict[str, str]:
    """The subprocess environment: this checkout, the tmp database, no user data folder."""
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT)
    e["TRAINER_DB"] = str(db)
    e["XDG_DATA_HOME"] = str(db.parent / "xdg")
    e.pop("TRAINER_SCENARIOS", None)
    return e


def trainer(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, stdin=stdin, cwd=ROOT, env=env(db))


def play(store: Store, call: Call, call_id: int, said: list[tuple[str, str]]) -> None:
    """Say (speaker, line) pairs, recording each turn."""
    for speaker, line in said:
        if call.ended:
            break
        store.record_turn(call_id, call.say(line), speaker)


def hot_seat(store: Store, scenario: Scenario) -> tuple[int, int, int]:
    """Ana, Ben and Cy take turns; Cy's excuse is rewound to turn 2 and answered better.

    Returns (session id, first call id, branch call id).
    """
    sid = store.start_session("Hot seat <Tuesday>", ["Ana", "Ben", "Cy"], group="Team Blue")
    call = Call(scenario, seed=3, trainee_name="Team Blue")
    first = store.begin(call, mode="practice", session=sid)
    play(store, call, first, [("Ana", WIN[0]), ("Ben", WIN[1]), ("Cy", LOSE[1]), ("Ana", LOSE[2])])
    store.finish_call(first, call)
    branch_id, again = store.branch(first, 2, scenario)
    play(store, again, branch_id, [("Cy", WIN[2]), ("Ana", WIN[3]), ("Ben", WIN[4]), ("Cy", WIN[5])])
    store.finish_call(branch_id, again)
    return sid, first, branch_id
