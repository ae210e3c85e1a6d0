"""History in the app: every call saved as it happens, bests on Home, the History screen."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from textual.widgets import DataTable

from trainer.app.screens.call import CallScreen
from trainer.app.screens.history import HistoryScreen
from trainer.app.widgets.scenario_list import ScenarioList
from trainer.app.widgets.transcript import Transcript
from trainer.store import Store, StoreError

from appkit import SCENARIO, AppFactory, play, say, script, settle, to_call


async def test_each_turn_is_saved_as_it_happens(app_factory: AppFactory, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    app = app_factory(db=db, trainee="Dana")
    lines = script("win")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        await say(pilot, lines[0])
        await settle(pilot)
        with Store.open(db) as store:
            (summary,) = store.calls(trainee="Dana")
            assert summary.turns == 1 and not summary.finished
        for line in lines[1:]:
            await say(pilot, line)
        assert screen.call.outcome == "won"
        await settle(pilot)
        with Store.open(db) as store:
            (summary,) = store.calls(trainee="Dana")
            record = store.load_call(summary.id)
            assert store.best_scores("Dana") == {SCENARIO: screen.call.scorecard().overall}
        assert record.finished and record.outcome == "won"
        assert [t.trainee for t in record.turns] == lines
        assert {t.speaker for t in record.turns} == {"Dana"}
        # Home shows the new best once the call is over
        await pilot.press("escape")  # scorecard button has focus; go home via the app
        app.action_go_home()
        await settle(pilot)
        listing = app.screen.query_one(ScenarioList)
        assert listing.best_scores == {SCENARIO: screen.call.scorecard().overall}


async def test_hang_up_is_saved(app_factory: AppFactory, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    app = app_factory(db=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_call(pilot)
        await say(pilot, "Hello Walt.")
        await pilot.press("f4")
        await settle(pilot)
    with Store.open(db) as store:
        (summary,) = store.calls()
    assert summary.finished and summary.turns == 1


async def test_best_scores_follow_the_name(app_factory: AppFactory, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    with Store.open(db) as store:
        from trainer.engine.call import replay
        from trainer.formats.catalog import Catalog

        scenario = Catalog(use_env=False).scenario(SCENARIO)
        call = replay(scenario, script("win"), trainee_name="Ana")
        cid = store.begin(call)
        store.finish_call(cid, call)
        ana_best = call.scorecard().overall
    app = app_factory(db=db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ScenarioList)
        assert listing.best_scores == {}
        await pilot.press("n", *"Ana")
        await settle(pilot)
        assert listing.best_scores == {SCENARIO: ana_best}


async def test_unwritable_history_keeps_the_call_going(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    bad = tmp_path / "corrupt.db"
    bad.write_bytes(b"this is not a database" * 100)
    app = app_factory(db=bad)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        for line in script("win")[:3]:
            await say(pilot, line)
        await settle(pilot)
        assert len(screen.call.turns) == 3
        said = [b.text for b in screen.query_one(Transcript).bubbles() if b.kind == "trainee"]
        assert said == script("win")[:3]
        messages = [str(n.message) for n in app._notifications]
        assert any("History is off" in m and "unsaved" in m for m in messages), messages


async def test_read_only_history_is_a_notification(app_factory: AppFactory, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write to a read-only file")
    db = tmp_path / "ro.db"
    Store.open(db).close()
    db.chmod(stat.S_IRUSR)
    app = app_factory(db=db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        await say(pilot, script("win")[0])
        await settle(pilot)
        assert len(screen.call.turns) == 1
        assert app._notifications


async def test_history_screen_lists_calls_trend_and_report(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    db = tmp_path / "h.db"
    app = app_factory(db=db, trainee="Dana")
    async with app.run_test(size=(120, 40)) as pilot:
        for kind in ("lose", "win"):
            await to_call(pilot) if kind == "lose" else None
            if kind == "win":
                app.start_call(SCENARIO)
                await pilot.pause()
            for line in script(kind):
                current = app.screen
                if isinstance(current, CallScreen) and current.call.ended:
                    break
                await say(pilot, line)
            await settle(pilot)
        app.action_go_home()
        await pilot.pause()
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 2
        assert [c.outcome for c in screen.calls] == ["won", "lost"]
        trend = screen.query_one("#trend-text").render()
        assert "empathy" in str(trend).lower()
        assert "Best per scenario" in str(screen.query_one("#bests").render())
        await pilot.press("r")
        await settle(pilot)
        report = tmp_path / "reports" / f"call-{screen.calls[0].id}.html"
        assert report.exists() and "<html" in report.read_text("utf-8").lower()
        assert any(str(report) in str(n.message) for n in app._notifications)


async def test_history_from_the_command_palette(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"History")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


def test_call_screen_is_not_the_writer() -> None:
    """Saving lives in the recorder (a worker), never in the call screen."""
    import inspect

    from trainer.app.screens import call

    assert "Store" not in inspect.getsource(call)


async def test_a_failed_write_is_reported_once_and_the_call_goes_on(
    app_factory: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise StoreError("the disk is full")

    monkeypatch.setattr(Store, "record_turn", fail)
    app = app_factory(db=tmp_path / "h.db")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        for line in script("win")[:3]:
            await say(pilot, line)
        await settle(pilot)
        assert len(screen.call.turns) == 3
        messages = [str(n.message) for n in app._notifications]
        assert sum("the disk is full" in m for m in messages) == 1, messages


async def test_a_call_not_won_explains_its_overall_tip(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    """A strong call hung up before the win is held below the pass mark; the engine says so in a
    tip on "overall", which is no rubric criterion: the scorecard and the saved call's reports
    head it "Overall" (and do not crash looking it up among the criteria)."""
    from trainer.report import call_report, render

    db = tmp_path / "h.db"
    app = app_factory(db=db)
    lines = [*script("win")[:7], "I'll send the written plan by Thursday noon."]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        assert await play(pilot, lines) == lines
        await pilot.press("f4")
        await pilot.pause()
        assert screen.call.outcome == "open"
        await pilot.press("enter")
        await pilot.pause()
        tips = str(app.screen.query_one("#tips").render())
        assert tips.startswith("Overall: ") and "below the pass mark" in tips
        await settle(pilot)
    with Store.open(db) as store:
        (summary,) = store.calls()
        report = call_report(store, summary.id)
    markdown = render(report, "md")
    assert "**Tip (Overall):**" in markdown and "below the pass mark" in markdown
    assert "<b>Tip (Overall):</b>" in render(report, "html")
