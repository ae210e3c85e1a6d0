"""Paths and small helpers shared by the test modules (imported by name: `from testkit import ...`).

Kept out of conftest.py because several conftest files exist (tests/app has its own), and
`from testkit import` would pick whichever was imported first.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def script(name: str) -> list[str]:
    """The trainee lines of a shipped script, without blanks and comments."""
    path = ROOT / "scenarios" / "scripts" / name
    return [
        ln.strip()
        for ln in path.read_text("utf-8").splitlines()
        if ln.strip() and not ln.strip().startswith("#")
    ]


def run_cli(
    *args: str,
    stdin: str | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m trainer ARGS` in a subprocess, the way scripts call it."""
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
    )
