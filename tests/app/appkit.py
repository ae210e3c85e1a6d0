"""Helpers for the app tests: the reference catalog, the trainee scripts, playing lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from trainer.app import TrainerApp
from trainer.app.screens.call import CallScreen
from trainer.app.widgets.line_input import LineInput
from trainer.app.widgets.scenario_list import ScenarioList
from trainer.formats.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = "best-of-the-worst"

AppFactory = Callable[..., TrainerApp]


class ReferenceCatalog(Catalog):
    """Only the reference scenario and the shipped rubrics, so scenarios other people add
    do not change what the home screen (and its snapshots) shows."""

    def dirs(self) -> list[Path]:
        return [ROOT / "scenarios" / f"{SCENARIO}.yaml", ROOT / "rubrics"]


def script(kind: str) -> list[str]:
    """The trainee lines of scenarios/scripts/best-of-the-worst.<kind>.txt."""
    path = ROOT / "scenarios" / "scripts" / f"{SCENARIO}.{kind}.txt"
    lines = [ln.strip() for ln in path.read_text("utf-8").splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("#")]


async def say(pilot: Pilot[None], line: str) -> None:
    """Put a line in the call's input and press Enter (as pasting it would)."""
    screen = pilot.app.screen
    assert isinstance(screen, CallScreen)
    screen.query_one(LineInput).value = line
    await pilot.press("enter")
    await pilot.pause()


async def play(pilot: Pilot[None], lines: list[str]) -> list[str]:
    """Say ``lines`` one by one until the call ends; the lines actually said. A line after the
    end is never typed: the input is gone and Enter would press the scorecard button."""
    screen = pilot.app.screen
    assert isinstance(screen, CallScreen)
    said: list[str] = []
    for line in lines:
        if screen.call.ended:
            break
        await say(pilot, line)
        said.append(line)
    return said


async def pick(pilot: Pilot[None], scenario_id: str) -> None:
    """Move the home list's highlight to a scenario with the arrow keys."""
    listing = pilot.app.screen.query_one(ScenarioList)
    target = [s.id for s in listing.scenarios].index(scenario_id)
    await pilot.press("home", *["down"] * target)
    assert listing.current is not None and listing.current.id == scenario_id


async def to_call(pilot: Pilot[None]) -> CallScreen:
    """From home: move to best-of-the-worst, Enter for its briefing, Enter to start the call."""
    await pilot.pause()
    await pick(pilot, SCENARIO)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CallScreen)
    return screen


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the history worker has done everything queued, and its answers are shown."""
    import asyncio

    app = pilot.app
    assert isinstance(app, TrainerApp) and app.recorder is not None
    await asyncio.wrap_future(app.recorder.flushed())
    await pilot.pause()
    await pilot.pause()
