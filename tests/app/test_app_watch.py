"""`trainer play SCENARIO --watch`: edits to the file reach the app without losing the call."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.pilot import Pilot

from trainer.app.screens.briefing import BriefingScreen
from trainer.app.screens.call import CallScreen
from trainer.app.widgets.transcript import Transcript

from appkit import ROOT, SCENARIO, AppFactory, say, script

POLL = 0.8  # a little more than the app's 0.5 s poll


def messages(pilot: Pilot[None]) -> list[str]:
    return [f"{n.title}: {n.message}" for n in pilot.app._notifications]


async def test_invalid_then_valid_edit(app_factory: AppFactory, tmp_path: Path) -> None:
    copy = tmp_path / f"{SCENARIO}.yaml"
    shutil.copy(ROOT / "scenarios" / f"{SCENARIO}.yaml", copy)
    original = copy.read_text("utf-8")
    app = app_factory(scenario=str(copy), watch=True)
    lines = script("win")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CallScreen)
        old = screen.call.scenario
        assert old.path == str(copy)
        await say(pilot, lines[0])
        await say(pilot, lines[1])

        # an invalid edit: an unknown mood; the error names file:line:col, the call goes on
        copy.write_text(original.replace("start: angry", "start: livid"), "utf-8")
        await pilot.pause(POLL)
        errors = [m for m in messages(pilot) if "has errors" in m]
        assert errors, messages(pilot)
        line_no = original.splitlines().index("  start: angry") + 1
        assert f"{copy}:{line_no}:" in errors[-1] and "livid" in errors[-1]
        assert not app.screen.query("#restart") and screen.newer is None
        await say(pilot, lines[2])
        assert len(screen.call.turns) == 3 and screen.call.scenario is old

        # a valid edit: applies to the next call, or now with F8 (lines replayed)
        copy.write_text(original.replace("Walt Brennan", "Walter Brennan"), "utf-8")
        await pilot.pause(POLL)
        assert any("Reloaded" in m for m in messages(pilot)), messages(pilot)
        assert screen.newer is not None and screen.newer.customer.name == "Walter Brennan"
        assert screen.call.scenario is old  # not yet
        await pilot.press("f8")
        await pilot.pause()
        assert screen.call.scenario.customer.name == "Walter Brennan"
        assert [t.trainee for t in screen.call.turns] == lines[:3]
        bubbles = screen.query_one(Transcript).bubbles()
        assert any("Restarted with the new version" in b.text for b in bubbles)
        for line in lines[3:]:
            await say(pilot, line)
        assert screen.call.outcome == "won"

        # and the next call starts on the new version
        app.start_call(SCENARIO)
        await pilot.pause()
        assert isinstance(app.screen, CallScreen)
        assert app.screen.call.scenario.customer.name == "Walter Brennan"


async def test_without_watch_nothing_polls(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.watch_path is None and app._watch_timer is None
