"""Paths and small helpers shared by the test modules (`from tests.testkit import ...`).

Kept out of conftest.py because fixtures belong there and helpers are imported: tests/ is a
package, so this is tests.testkit wherever it is imported from.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Any

import pytest

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
    real_process: bool = False,
) -> subprocess.CompletedProcess[str]:
    """`trainer ARGS` with its exit code and output, the way scripts see them.

    In-process by default (trainer.cli.main with stdin, stdout, stderr, the environment and the
    working folder swapped for the call), which saves a ~2 s interpreter start per call.
    ``real_process=True`` runs `python -m trainer` in a subprocess, for the few end-to-end
    checks that need a real process (exit status, encoding, import side effects).
    """
    if real_process:
        return subprocess.run(
            [sys.executable, "-m", "trainer", *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=cwd,
            env=env,
        )
    return _run_in_process(list(args), stdin, cwd, env)


def _run_in_process(
    args: list[str], stdin: str | None, cwd: Path | None, env: dict[str, str] | None
) -> subprocess.CompletedProcess[str]:
    from trainer.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_stdin = sys.stdin
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        if cwd is not None:
            os.chdir(cwd)
        sys.stdin = io.StringIO(stdin or "")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as exc:  # argparse errors and --help
                if exc.code is None or isinstance(exc.code, int):
                    code = exc.code or 0
                else:
                    print(exc.code, file=sys.stderr)
                    code = 1
            except Exception:  # what the interpreter would print, and its exit status
                traceback.print_exc()
                code = 1
    finally:
        sys.stdin = saved_stdin
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["trainer", *args], code, out.getvalue(), err.getvalue())


def counting_compile(monkeypatch: pytest.MonkeyPatch, texts: set[str]) -> list[str]:
    """Patch re.compile to record each compile of one of ``texts``; returns the record."""
    calls: list[str] = []
    real = re.compile

    def counting(pattern: Any, flags: int = 0) -> re.Pattern[Any]:
        if pattern in texts:
            calls.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    return calls
