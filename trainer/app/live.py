"""The call being played: the engine's Call, who said each line, and its row in the history.

One :class:`LiveCall` per call on screen. The screens and the app hand it to each other (the
app never looks a call up by ``id()``, which Python reuses once a call is gone). What happens
to it is told with its typed messages: the call screen posts ``TurnTaken`` and ``Ended`` and
the app saves them; the history worker posts ``SaveFailed`` when a write for this call fails.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.message import Message

from trainer.app.recorder import Handle, Recorder
from trainer.engine.call import Call, Turn, replay
from trainer.engine.models import Scenario

Post = Callable[[Message], object]


class LiveCall:
    """A call in play with its hot-seat and rewind state and, once saving, its history row."""

    @dataclass
    class TurnTaken(Message):
        """A line was said and answered: save it (``speaker`` typed it)."""

        live: LiveCall
        turn: Turn
        speaker: str

    @dataclass
    class Ended(Message):
        """The call is over (won, lost, hung up, rewound or restarted): save its outcome."""

        live: LiveCall

        @property
        def outcome(self) -> str:
            return self.live.call.outcome or "open"

    @dataclass
    class SaveFailed(Message):
        """The history worker could not write this call; it goes on unsaved."""

        live: LiveCall
        error: str

    def __init__(self, call: Call, speakers: Sequence[str] = (), replayed: int = 0) -> None:
        self.call = call
        self.speakers = list(speakers)[: len(call.turns)]
        """Who said each line, in turn order (a hot seat; otherwise the trainee every time)."""
        self.replayed = replayed
        """After a rewind, the turns replayed from the first try: that try's credit."""
        self.recorder: Recorder | None = None
        self.handle: Handle | None = None
        """Its row in the history; None while it is not being saved."""

    # -- playing -------------------------------------------------------------------------

    def say(self, text: str, speaker: str) -> Turn:
        """``speaker`` says ``text``; the customer's answer is in the turn."""
        turn = self.call.say(text)
        self.speakers.append(speaker)
        return turn

    def stop(self, reason: str) -> bool:
        """End a call left behind (rewound, restarted); False when it had already ended."""
        if self.call.ended:
            return False
        self.call.end_reason = reason
        return True

    def next_speaker(self, names: Sequence[str]) -> int:
        """Index in ``names`` of who answers after the last line (the first if unknown)."""
        if not self.speakers or self.speakers[-1] not in names:
            return 0
        return (list(names).index(self.speakers[-1]) + 1) % len(names)

    def replayed_to(self, turn: int) -> LiveCall:
        """A new try that keeps this call's first ``turn`` lines, played again here."""
        old = self.call
        call = replay(
            old.scenario,
            [t.trainee for t in old.turns[:turn]],
            seed=old.seed,
            difficulty=old.difficulty,
            trainee_name=old.trainee_name,
        )
        return LiveCall(call, self.speakers[:turn], replayed=turn)

    def restarted(self, newer: Scenario) -> LiveCall:
        """All of this call's lines said again to ``newer`` (a restart's turns are new)."""
        old = self.call
        lines = [t.trainee for t in old.turns]
        call = replay(
            newer, lines, seed=old.seed, difficulty=old.difficulty, trainee_name=old.trainee_name
        )
        return LiveCall(call, self.speakers)

    # -- saving (the recorder's worker does the writing) ---------------------------------

    def begin_saving(
        self,
        recorder: Recorder,
        post: Post,
        mode: str,
        *,
        group: str | None,
        session: Handle | None,
        parent: tuple[LiveCall, int] | None = None,
    ) -> None:
        """Save this call from now on (with the lines it already has); ``post`` takes the
        worker's ``SaveFailed``. ``parent``: the try it was rewound from, and after which turn."""
        link = None
        if parent is not None and parent[0].handle is not None:
            link = (parent[0].handle, parent[1])
        self.recorder = recorder
        self.handle = recorder.begin(
            self.call,
            mode,
            group=group,
            session=session,
            speakers=self.speakers,
            parent=link,
            replayed=self.replayed,
            on_broken=self._failed(post),
        )

    def saved_as(self, recorder: Recorder, handle: Handle, post: Post) -> None:
        """Its row is ``handle``, saved already (a rewind the history branched)."""
        self.recorder, self.handle = recorder, handle
        handle.on_broken = self._failed(post)

    def _failed(self, post: Post) -> Callable[[str], None]:
        def failed(message: str) -> None:
            post(self.SaveFailed(self, message))

        return failed

    def save_turn(self, turn: Turn, speaker: str) -> None:
        if self.recorder is not None and self.handle is not None:
            self.recorder.record_turn(self.handle, turn, speaker)

    def save_end(self) -> None:
        if self.recorder is not None and self.handle is not None:
            self.recorder.finish(self.handle, self.call)
