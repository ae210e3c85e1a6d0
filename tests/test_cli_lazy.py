"""Each command loads only what it needs (issue 12): checked in a fresh interpreter."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

import pytest

from tests.testkit import ROOT
from trainer import cli


def test_the_command_table_matches_what_each_module_registers() -> None:
    for name in cli.MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(f"trainer.cli.{name}").register(sub)
        registered = set(sub.choices)
        assert registered == {c for c, m in cli.COMMANDS.items() if m == name}, name


def loaded_after(args: list[str], prefixes: tuple[str, ...]) -> list[str]:
    """The modules under ``prefixes`` that `trainer ARGS` imported, in a fresh interpreter."""
    code = (
        "import sys, io, contextlib\n"
        "from trainer.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        f"    main({args!r})\n"
        f"print(','.join(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return [m for m in proc.stdout.strip().split(",") if m]


HEAVY_UI = ("textual", "rich", "trainer.app", "trainer.store", "trainer.report", "trainer.cli.history_cmds")


@pytest.mark.parametrize(
    "args",
    [["list"], ["validate", str(ROOT / "scenarios" / "best-of-the-worst.yaml")], ["analyze", "hello"]],
)
def test_headless_commands_load_no_ui_and_no_store(args: list[str]) -> None:
    assert loaded_after(args, HEAVY_UI) == []


def test_list_builds_no_scenario_and_no_rubric() -> None:
    """Listing reads summaries from the documents: the builders (and their patterns) stay out."""
    builders = ("trainer.formats.scenario_file", "trainer.formats.rubric_file")
    assert loaded_after(["list"], builders) == []


def test_list_and_validate_load_no_listener() -> None:
    assert loaded_after(["list"], ("trainer.engine.listener", "rapidfuzz.process")) == []
