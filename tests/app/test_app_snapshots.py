"""SVG snapshots of home, a call in progress and the scorecard at 80x24 and 120x40.

Update with `pytest tests/app --snapshot-update`, then look at the SVGs in __snapshots__.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from trainer.app.widgets.line_input import LineInput

from appkit import SCENARIO, AppFactory, pick, say, script, settle, to_call

SIZES = [(80, 24), (120, 40)]
SnapCompare = Callable[..., bool]


async def _mid_call(pilot: Pilot[Any]) -> None:
    await to_call(pilot)
    for line in script("win")[:3]:
        await say(pilot, line)
    await pilot.press("f2")  # a coach bubble
    await pilot.pause()


async def _scorecard(pilot: Pilot[Any]) -> None:
    await to_call(pilot)
    for line in script("win"):
        await say(pilot, line)
    await pilot.press("enter")
    await pilot.pause()


async def _home(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pick(pilot, SCENARIO)


class TestHome:
    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_home(
        self, snap_compare: SnapCompare, app_factory: AppFactory, size: tuple[int, int]
    ) -> None:
        assert snap_compare(app_factory(), run_before=_home, terminal_size=size)


class TestCall:
    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_mid_call(
        self, snap_compare: SnapCompare, app_factory: AppFactory, size: tuple[int, int]
    ) -> None:
        assert snap_compare(app_factory(), run_before=_mid_call, terminal_size=size)

    def test_markup_typed_literally(
        self, snap_compare: SnapCompare, app_factory: AppFactory
    ) -> None:
        async def run_before(pilot: Pilot[Any]) -> None:
            await to_call(pilot)

        assert snap_compare(
            app_factory(),
            run_before=run_before,
            press=[*"[bold]hi[/ [link=x]", "enter"],
            terminal_size=(80, 24),
        )


class TestScorecard:
    @pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
    def test_scorecard(
        self, snap_compare: SnapCompare, app_factory: AppFactory, size: tuple[int, int]
    ) -> None:
        assert snap_compare(app_factory(), run_before=_scorecard, terminal_size=size)

    def test_assessment_scorecard(self, snap_compare: SnapCompare, app_factory: AppFactory) -> None:
        assert snap_compare(
            app_factory(mode="assessment"), run_before=_scorecard, terminal_size=(80, 24)
        )


class TestHotSeat:
    def test_hot_seat_call(self, snap_compare: SnapCompare, app_factory: AppFactory) -> None:
        async def run_before(pilot: Pilot[Any]) -> None:
            await to_call(pilot)
            for line in script("win")[:2]:
                await say(pilot, line)
            await settle(pilot)  # the session's notice arrives from the history worker
            pilot.app.clear_notifications()
            # a blinking cursor makes the picture depend on timing: keep it steady
            pilot.app.screen.query_one(LineInput).cursor_blink = False
            await pilot.pause()

        assert snap_compare(
            app_factory(group=["Ana", "Ben", "Chloe"]),
            run_before=run_before,
            terminal_size=(100, 30),
        )
