"""The call: transcript, mood meter, input line, and in practice the coach and live rubric.

The engine answers at once; the reply is shown after ``reply_delay`` seconds by a timer, so
the UI (and the input line) stays live while the customer "types".
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Header, Input, Static

from trainer import coach
from trainer.app.setup import Setup
from trainer.app.widgets.line_input import LineInput
from trainer.app.widgets.mood_meter import MoodMeter
from trainer.app.widgets.rubric_panel import RubricPanel
from trainer.app.widgets.transcript import Transcript
from trainer.app.widgets.typing_indicator import TypingIndicator
from trainer.call import Call, Turn

OUTCOME_WORDS = {"won": "You won the call", "lost": "You lost the call", "open": "The call ended"}


class CallScreen(Screen[None]):
    BINDINGS = [
        Binding("f2", "hint", "Hint"),
        Binding("f3", "toggle_rubric", "Rubric"),
        Binding("f4", "hang_up", "End call"),
    ]

    @dataclass
    class Finished(Message):
        """The trainee asked for the scorecard of a finished call."""

        call: Call

    def __init__(self, call: Call, setup: Setup, reply_delay: float = 0.45) -> None:
        super().__init__()
        self.call = call
        self.setup = setup
        self.reply_delay = reply_delay
        self.pending: Turn | None = None
        self._timer: Timer | None = None

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        s = self.call.scenario
        yield Header()
        yield Static(
            Content.assemble(
                (s.title, "bold"),
                (f"  ·  {self.call.difficulty}, {self.setup.mode}", "$text-muted"),
                (f"  ·  {s.customer.name}, {s.customer.role}, {s.customer.company}", "$text-muted"),
            ),
            id="call-title",
        )
        yield MoodMeter(s, id="mood")
        with Horizontal(id="call-body"):
            yield Transcript(s.customer.name, self.setup.trainee, id="transcript")
            panel = RubricPanel(id="rubric")
            panel.display = self.setup.practice
            yield panel
        yield TypingIndicator(s.customer.name.split()[0], id="typing")
        yield LineInput(placeholder="Type what you say and press Enter", id="line")
        with Horizontal(id="ended"):
            yield Static(id="ended-text")
            yield Button("See the scorecard", id="to-scorecard", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Transcript).add_customer(self.call.opening)
        self.query_one(RubricPanel).show(None, self.call.scorecard())
        self.query_one("#ended").display = False
        self.query_one(LineInput).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hint", "toggle_rubric"):
            return self.setup.practice and not self.call.ended
        if action == "hang_up":
            return not self.call.ended
        return True

    # -- a turn -----------------------------------------------------------------------------

    @on(Input.Submitted, "#line")
    def _said(self, event: Input.Submitted) -> None:
        event.stop()
        line = self.query_one(LineInput)
        text = event.value.strip()
        if not text or self.call.ended:
            return
        if self.pending is not None:
            self.app.bell()
            self.notify(f"{self.call.scenario.customer.name} is still answering.", markup=False)
            return
        line.remember(text)
        line.value = ""
        turn = self.call.say(text)
        self.query_one(Transcript).add_trainee(turn.number, text)
        self.pending = turn
        if self.reply_delay <= 0:
            self._deliver()
        else:
            self.query_one(TypingIndicator).typing = True
            self._timer = self.set_timer(self.reply_delay, self._deliver)

    def _deliver(self) -> None:
        """Show the pending reply: the customer's words, the mood's move, the rubric."""
        turn, self.pending = self.pending, None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.query_one(TypingIndicator).typing = False
        if turn is None:
            return
        self.query_one(Transcript).add_customer(turn.customer)
        self.query_one(MoodMeter).show(turn.mood_before, turn.mood_after, turn.changes)
        self.query_one(RubricPanel).show(turn, self.call.scorecard())
        if turn.ended:
            self._ended()

    def _ended(self) -> None:
        outcome = self.call.outcome or "open"
        line = self.query_one(LineInput)
        line.disabled = True
        line.display = False
        self.query_one(TypingIndicator).display = False
        self.query_one("#ended-text", Static).update(
            Content.assemble(
                (OUTCOME_WORDS.get(outcome, "The call ended"), "bold"),
                (f": {self.call.end_reason}.", "$text-muted"),
            )
        )
        self.query_one("#ended").display = True
        self.query_one("#to-scorecard").focus()
        self.refresh_bindings()

    # -- keys -------------------------------------------------------------------------------

    def action_hint(self) -> None:
        if self.setup.practice and not self.call.ended:
            self.query_one(Transcript).add_coach(coach.hint(self.call).text)

    def action_toggle_rubric(self) -> None:
        if self.setup.practice:
            panel = self.query_one(RubricPanel)
            panel.display = not panel.display

    def action_hang_up(self) -> None:
        if self.pending is not None:
            self._deliver()
        if self.call.ended:
            return
        goodbye = self.call.hang_up()
        self.query_one(TypingIndicator).typing = False
        self.query_one(Transcript).add_note("You ended the call.")
        if goodbye:
            self.query_one(Transcript).add_customer(goodbye)
        self._ended()

    @on(Button.Pressed, "#to-scorecard")
    def _to_scorecard(self) -> None:
        self.post_message(self.Finished(self.call))
