"""The few CLI checks that need a real process: exit status, pipes and what a bare start loads.

Every other CLI test runs `trainer` in-process (testkit.run_cli); these make sure that shortcut
tells the truth, one command family each.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.testkit import DATA, ROOT, run_cli

SCRIPTS = ROOT / "scenarios" / "scripts"


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["TRAINER_DB"] = str(tmp_path / "calls.db")
    env.pop("TRAINER_SCENARIOS", None)
    return env


def test_in_process_and_real_process_agree_on_run_and_bad_files(tmp_path: Path) -> None:
    """The engine family: the same output and exit code through both runners."""
    env = _env(tmp_path)
    for args in (
        ("run", "best-of-the-worst", "--script", str(SCRIPTS / "best-of-the-worst.win.txt"), "--json"),
        ("validate", str(DATA / "bad" / "unknown-key.yaml")),
    ):
        real = run_cli(*args, env=env, real_process=True)
        fake = run_cli(*args, env=env)
        assert (fake.returncode, fake.stdout, fake.stderr) == (real.returncode, real.stdout, real.stderr)
    assert real.returncode == 1 and "Traceback" not in real.stderr


def test_analyze_reads_a_pipe_line_by_line(tmp_path: Path) -> None:
    proc = run_cli("analyze", stdin="policy is policy\n", env=_env(tmp_path), real_process=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["behaviors"][0]["id"] == "excuse"


def test_history_family_records_in_a_real_process(tmp_path: Path) -> None:
    env = _env(tmp_path)
    script = str(SCRIPTS / "best-of-the-worst.win.txt")
    rec = run_cli("record", "best-of-the-worst", "--script", script, env=env, real_process=True)
    assert rec.returncode == 0, rec.stderr
    hist = run_cli("history", "--json", env=env, real_process=True)
    assert hist.returncode == 0, hist.stderr
    assert [c["scenario"] for c in json.loads(hist.stdout)] == ["best-of-the-worst"]
