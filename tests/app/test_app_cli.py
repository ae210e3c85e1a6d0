"""`trainer play` and bare `trainer` reach make_app; the engine never imports Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from trainer.cli import build_parser, main, play_cmds
from trainer.formats.catalog import Catalog

from appkit import ROOT


def test_play_options_parse() -> None:
    args = build_parser().parse_args(
        [
            "play",
            "best-of-the-worst",
            "--seed",
            "3",
            "--difficulty",
            "hard",
            "--name",
            "Dana",
            "--mode",
            "assessment",
        ]
    )
    assert (args.scenario, args.seed, args.difficulty, args.name, args.mode) == (
        "best-of-the-worst",
        3,
        "hard",
        "Dana",
        "assessment",
    )
    assert args.handler is play_cmds.start_app


@pytest.mark.parametrize("argv", [["play", "best-of-the-worst", "--seed", "5"], []])
def test_start_app_builds_the_app(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    from textual.app import App

    monkeypatch.setattr(App, "run", lambda self, *a, **k: started.append(self))
    assert main(argv) == 0
    (app,) = started
    assert app.setup.seed == (5 if argv else 0)  # type: ignore[attr-defined]
    assert app.start_with == ("best-of-the-worst" if argv else None)  # type: ignore[attr-defined]


def test_unknown_scenario_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["play", "best-of-the-wrst"]) == 1
    assert "did you mean best-of-the-worst" in capsys.readouterr().err


def test_engine_imports_no_textual() -> None:
    code = (
        "import sys, trainer.engine.call, trainer.engine.coach, trainer.formats.catalog, trainer.cli;"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'textual'], 'textual loaded'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_play_history_group_and_watch_options(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[object] = []
    from textual.app import App

    monkeypatch.setattr(App, "run", lambda self, *a, **k: started.append(self))
    db = tmp_path / "mine.db"
    argv = ["play", "best-of-the-worst", "--db", str(db), "--group", "Ana, Ben,,Chloe", "--watch"]
    assert main(argv) == 0
    (app,) = started
    assert app.db == str(db)  # type: ignore[attr-defined]
    assert app.setup.group == ("Ana", "Ben", "Chloe")  # type: ignore[attr-defined]
    assert app.setup.trainee == "team"  # type: ignore[attr-defined]
    shipped = Path(Catalog(use_env=False).scenario("best-of-the-worst").path)
    assert app.watch_path == shipped  # type: ignore[attr-defined]  # installed or source tree


def test_watch_needs_a_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--watch"]) == 1
    assert "--watch needs a SCENARIO" in capsys.readouterr().err
