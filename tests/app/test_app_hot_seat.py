"""A coach's hot seat: speakers in rotation, F5 / F7, a rewind, per-person scores, debrief."""

from __future__ import annotations

from pathlib import Path

from trainer.app.screens.call import CallScreen
from trainer.app.screens.rewind import RewindScreen
from trainer.app.screens.scorecard import ScorecardScreen
from trainer.app.screens.speaker_pick import SpeakerPickScreen
from trainer.app.widgets.transcript import Transcript
from trainer.report import render, session_report
from trainer.store import Store

from appkit import AppFactory, say, script, settle, to_call

GROUP = ["Ana", "Ben", "Chloe"]


def labels(screen: CallScreen) -> list[str]:
    return [str(b.border_title) for b in screen.query_one(Transcript).bubbles()]


async def test_hot_seat_with_a_rewind(app_factory: AppFactory, tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    app = app_factory(db=db, group=GROUP)
    lines = script("win")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        assert "▶ 1 Ana" in str(screen.query_one("#speaker").render())
        await say(pilot, lines[0])  # Ana
        await say(pilot, lines[1])  # Ben
        await pilot.press("f5")  # the coach skips Chloe
        assert screen.speaker == "Ana"
        await pilot.press("f7")  # no: the coach picks Chloe after all
        await pilot.pause()
        assert isinstance(app.screen, SpeakerPickScreen)
        await pilot.press("3")
        await pilot.pause()
        assert screen.speaker == "Chloe"
        assert "▶ 3 Chloe" in str(screen.query_one("#speaker").render())
        await say(pilot, "That sounds completely unacceptable, I'm sorry.")  # Chloe
        assert screen.speakers == ["Ana", "Ben", "Chloe"]
        assert [lb for lb in labels(screen) if "turn" in lb] == [
            "Ana · turn 1",
            "Ben · turn 2",
            "Chloe · turn 3",
        ]
        first_try = screen.call
        await settle(pilot)

        await pilot.press("f6")  # rewind to after turn 2: what if Chloe had said...
        await pilot.pause()
        assert isinstance(app.screen, RewindScreen)
        await pilot.press("up", "enter")  # highlighted starts on turn 3; up = turn 2
        await settle(pilot)
        assert isinstance(app.screen, CallScreen) and app.screen is screen
        assert screen.call is not first_try and len(screen.call.turns) == 2
        assert [t.mood_after for t in screen.call.turns] == [
            t.mood_after for t in first_try.turns[:2]
        ]
        assert screen.speaker == "Chloe"  # after Ben comes Chloe again
        notes = [b.text for b in screen.query_one(Transcript).bubbles() if b.kind == "note"]
        assert any("Rewound to after turn 2" in n for n in notes)
        for line in lines[2:]:
            await say(pilot, line)
        assert screen.call.outcome == "won"
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ScorecardScreen)
        people = str(app.screen.query_one("#people").render())
        for name in [*GROUP, "Team"]:
            assert name in people

    with Store.open(db) as store:
        (session,) = store.sessions()
        assert list(session.trainees) == GROUP
        full = store.load_session(session.id)
        first, branch = sorted(full.calls, key=lambda c: c.id)
        assert branch.parent_id == first.id and branch.parent_turn == 2
        assert [t.speaker for t in first.turns] == ["Ana", "Ben", "Chloe"]
        assert [t.inherited for t in branch.turns[:2]] == [True, True]
        assert branch.turns[2].speaker == "Chloe" and branch.outcome == "won"
        assert first.finished and "rewound" in (first.end_reason or "")
        html = render(session_report(store, session.id), "html")
    (tmp_path / "session.html").write_text(html, "utf-8")
    for name in GROUP:
        assert name in html
    assert "branch" in html.lower()


async def test_single_trainee_has_no_speaker_bar(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_call(pilot)
        assert not screen.query_one("#speaker").display
        await say(pilot, script("win")[0])
        assert labels(screen)[1] == "You · turn 1"


async def test_rewind_without_history_replays_locally(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"nope" * 500)
    app = app_factory(db=bad)
    lines = script("win")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        for line in lines[:3]:
            await say(pilot, line)
        before = [t.customer for t in screen.call.turns]
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("up", "enter")
        await settle(pilot)
        assert [t.customer for t in screen.call.turns] == before[:2]


async def test_f7_prompts_for_a_number(app_factory: AppFactory) -> None:
    app = app_factory(group=["Ana", "Ben", "Cara"])
    async with app.run_test(size=(80, 24)) as pilot:
        await to_call(pilot)
        await pilot.press("f7")
        await pilot.pause()
        prompt = str(app.screen.query_one("#speaker-prompt").render())
        assert "Press 1-3" in prompt
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen) and app.screen.speaker == "Ben"


async def test_branch_scorecard_counts_people_like_the_report(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    """After a rewind, the replayed turns belong to the first try: the branch's per-person rows
    count the lines said after the rewind, as the session report does."""
    from trainer.report.model import people

    db = tmp_path / "h.db"
    app = app_factory(db=db, group=GROUP)
    lines = script("win")
    async with app.run_test(size=(120, 40)) as pilot:
        await to_call(pilot)
        for line in lines[:3]:  # Ana, Ben, Chloe
            await say(pilot, line)
        await settle(pilot)
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("up", "up", "enter")  # back to after Ana's turn 1
        await settle(pilot)
        for line in lines[1:3]:  # Ben and Chloe again
            await say(pilot, line)
        await pilot.press("f4")
        await pilot.pause()
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        card = str(app.screen.query_one("#people").render())
    shown = {
        row.split()[0]: int(row.split()[1])
        for row in card.splitlines()
        if row.split() and row.split()[0] in [*GROUP, "Team"]
    }
    with Store.open(db) as store:
        branch = max(store.load_session(store.sessions()[0].id).calls, key=lambda c: c.id)
        assert branch.parent_turn == 1
        counted = {p.name: p.turns for p in people((branch,))}
    assert counted == {"Ben": 1, "Chloe": 1}
    assert {k: v for k, v in shown.items() if k != "Team"} == counted
    assert shown["Team"] == 3 and "replayed from the first try" in card
