"""The README's two set-up commands are the ones CI runs."""

from __future__ import annotations

from tests.testkit import ROOT


def commands() -> list[str]:
    lines = (ROOT / "README.md").read_text("utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.startswith("    python3 -m venv")]


def test_readme_has_exactly_two_setup_commands() -> None:
    assert len(commands()) == 2


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    test_command = commands()[1]
    assert "pytest" in test_command
    assert test_command in ci
