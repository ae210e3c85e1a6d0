"""The live call: one LiveCall object per call on screen, its typed messages, no id() lookups."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.message import Message

from trainer.app.live import LiveCall
from trainer.app.screens.call import CallScreen
from trainer.store import Store, StoreError

from appkit import AppFactory, say, script, settle, to_call


class Seen:
    """Every LiveCall message once, in the order it was first handled (a message that bubbles
    from the screen to the app reaches the hook at each)."""

    def __init__(self) -> None:
        self.messages: list[LiveCall.TurnTaken | LiveCall.Ended | LiveCall.SaveFailed] = []

    def __call__(self, message: Message) -> None:
        kinds = (LiveCall.TurnTaken, LiveCall.Ended, LiveCall.SaveFailed)
        if isinstance(message, kinds) and not any(m is message for m in self.messages):
            self.messages.append(message)


async def test_lines_and_the_end_are_messages_in_order(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    db = tmp_path / "h.db"
    app = app_factory(db=db, trainee="Dana")
    lines = script("win")[:2]
    seen = Seen()
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await to_call(pilot)
        live = screen.live
        for line in lines:
            await say(pilot, line)
        await pilot.press("f4")
        await settle(pilot)
        assert [type(m) for m in seen.messages] == [
            LiveCall.TurnTaken,
            LiveCall.TurnTaken,
            LiveCall.Ended,
        ]
        taken = [m for m in seen.messages if isinstance(m, LiveCall.TurnTaken)]
        assert [(m.turn.number, m.turn.trainee, m.speaker) for m in taken] == [
            (1, lines[0], "Dana"),
            (2, lines[1], "Dana"),
        ]
        ended = seen.messages[2]
        assert isinstance(ended, LiveCall.Ended) and ended.outcome == "open"
        assert all(m.live is live for m in seen.messages)
        assert live.handle is not None and live.handle.id is not None
        # nothing in the app is keyed by the calls' id()
        assert not [
            name
            for name, value in vars(app).items()
            if isinstance(value, dict) and value and all(isinstance(k, int) for k in value)
        ]
    with Store.open(db) as store:
        record = store.load_call(live.handle.id)
    assert [t.trainee for t in record.turns] == lines
    assert record.finished and record.end_reason == "the trainee ended the call"


async def test_a_rewind_goes_on_with_a_new_live_call(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    app = app_factory(db=tmp_path / "h.db")
    lines = script("win")
    seen = Seen()
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await to_call(pilot)
        first = screen.live
        for line in lines[:3]:
            await say(pilot, line)
        await settle(pilot)
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("up", "enter")  # keep up to turn 2
        await settle(pilot)
        branch = screen.live
        assert branch is not first and branch.replayed == 2
        assert first.call.end_reason == "rewound to turn 2"
        assert branch.handle is not None and first.handle is not None
        assert branch.handle.id not in (None, first.handle.id)
        await say(pilot, lines[2])
        taken = [m for m in seen.messages if isinstance(m, LiveCall.TurnTaken)]
        assert [(m.live, m.turn.number) for m in taken] == [
            (first, 1),
            (first, 2),
            (first, 3),
            (branch, 3),
        ]


async def test_a_failed_write_is_a_save_failed_message(
    app_factory: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object, **_kwargs: object) -> None:
        raise StoreError("the disk is full")

    monkeypatch.setattr(Store, "record_turn", fail)
    app = app_factory(db=tmp_path / "h.db")
    seen = Seen()
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await to_call(pilot)
        for line in script("win")[:2]:
            await say(pilot, line)
        await settle(pilot)
        failed = [m for m in seen.messages if isinstance(m, LiveCall.SaveFailed)]
        assert len(failed) == 1
        assert failed[0].live is screen.live and "the disk is full" in failed[0].error
        assert isinstance(app.screen, CallScreen) and len(screen.call.turns) == 2
        shown = [str(n.message) for n in app._notifications]
        assert sum("the disk is full" in m for m in shown) == 1, shown
