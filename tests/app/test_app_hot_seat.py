"""A coach's hot seat: speakers in rotation, F5 / F7, a rewind, per-person scores, debrief."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from trainer.app.screens.call import CallScreen
from trainer.app.screens.rewind import RewindScreen
from trainer.app.screens.scorecard import ScorecardScreen
from trainer.app.screens.speaker_pick import SpeakerPickScreen
from trainer.app.widgets.scenario_list import ScenarioList
from trainer.app.widgets.transcript import Transcript
from trainer.engine.call import Call
from trainer.engine.scoring import Ledger
from trainer.report import call_report, people, render, session_report
from trainer.store import Store, StoreError

from appkit import SCENARIO, AppFactory, say, script, settle, to_call

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


def _own_overall(call: Call, numbers: set[int]) -> int:
    """The overall of a scorecard folded from the score events of these turns only."""
    events = [e for t in call.turns if t.number in numbers for e in t.score_events]
    return Ledger(call.scenario.rubric, events=events).scorecard().overall


async def test_two_people_get_their_own_bests_on_home(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    """A short hot seat (Ana and Ben): the team's call is saved, and Home and the history
    credit each person with the score of the turns they typed."""
    db = tmp_path / "h.db"
    app = app_factory(db=db, group=["Ana", "Ben"])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await to_call(pilot)
        for line in script("win")[:4]:  # Ana, Ben, Ana, Ben
            await say(pilot, line)
        await pilot.press("f4")  # the coach hangs up: a short call
        await pilot.pause()
        await settle(pilot)
        call = screen.call
        ana, ben = _own_overall(call, {1, 3}), _own_overall(call, {2, 4})
        app.action_go_home()
        await settle(pilot)
        listing = app.screen.query_one(ScenarioList)
        assert listing.best_scores == {SCENARIO: call.scorecard().overall}  # the team's
        assert listing.people_bests == {"Ana": {SCENARIO: ana}, "Ben": {SCENARIO: ben}}
        shown = str(app.screen.query_one(ScenarioList).get_option_at_index(0).prompt)
        assert f"best {call.scorecard().overall}" in shown
        assert f"Ana {ana}" in shown and f"Ben {ben}" in shown
    with Store.open(db) as store:
        (mine,) = store.calls(trainee="Ana")
        assert mine.trainee == "team"
        assert [(p.name, p.turns, p.overall) for p in mine.people] == [
            ("Ana", 2, ana),
            ("Ben", 2, ben),
        ]
        assert store.best_scores("Ben") == {SCENARIO: ben}


def _card_rows(card: str) -> dict[str, tuple[int, int]]:
    """Person -> (lines, overall) from the scorecard's people table."""
    out = {}
    for row in card.splitlines():
        cells = row.split()
        if cells and cells[0] in GROUP:
            out[cells[0]] = (int(cells[1]), int(cells[-1]))
    return out


async def _rewind_and_finish(pilot: Pilot[None]) -> str:
    """Ana, Ben, Chloe; rewind to after Ana's turn; Ben and Chloe again; hang up; the people
    table of the scorecard."""
    lines = script("win")
    await to_call(pilot)
    for line in lines[:3]:
        await say(pilot, line)
    await settle(pilot)
    await pilot.press("f6")
    await pilot.pause()
    await pilot.press("up", "up", "enter")
    await settle(pilot)
    for line in lines[1:3]:
        await say(pilot, line)
    await pilot.press("f4")
    await pilot.pause()
    await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()
    return str(pilot.app.screen.query_one("#people").render())


async def test_the_scorecard_and_the_report_give_the_same_numbers(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    """The same branch: each person's lines and score on the scorecard are the report's."""
    db = tmp_path / "h.db"
    app = app_factory(db=db, group=GROUP)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = _card_rows(await _rewind_and_finish(pilot))
    with Store.open(db) as store:
        branch = max(store.calls(), key=lambda c: c.id)
        report = call_report(store, branch.id)
        reported = {p.name: (p.turns, p.overall) for p in people((store.load_call(branch.id),))}
    assert set(shown) == {"Ben", "Chloe"} and shown == reported
    md = render(report, "md")
    for who, (_, overall) in shown.items():
        assert any(
            row.startswith(f"| {who} |") and f"| {overall} |" in row for row in md.splitlines()
        )


async def test_a_rewind_saved_without_the_history_branch_still_counts_alike(
    app_factory: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the history cannot branch the saved call, the app replays the lines itself and saves
    a new call: its replayed turns are saved as inherited, so the report does not credit them
    again (the scorecard never did)."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise StoreError("no branching today")

    monkeypatch.setattr(Store, "branch", refuse)
    db = tmp_path / "h.db"
    app = app_factory(db=db, group=GROUP)
    async with app.run_test(size=(120, 40)) as pilot:
        shown = _card_rows(await _rewind_and_finish(pilot))
    with Store.open(db) as store:
        again = store.load_call(max(c.id for c in store.calls()))
    assert [t.inherited for t in again.turns] == [True, False, False]
    reported = {p.name: (p.turns, p.overall) for p in people((again,))}
    assert set(shown) == {"Ben", "Chloe"} and shown == reported
