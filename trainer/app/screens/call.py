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

from trainer.app.live import LiveCall
from trainer.app.looks import end_reason
from trainer.app.screens.rewind import RewindScreen
from trainer.app.screens.speaker_pick import SpeakerPickScreen
from trainer.app.setup import Setup
from trainer.app.widgets.line_input import LineInput
from trainer.app.widgets.mood_meter import MoodMeter
from trainer.app.widgets.rubric_panel import RubricPanel
from trainer.app.widgets.transcript import Transcript
from trainer.app.widgets.typing_indicator import TypingIndicator
from trainer.engine import coach
from trainer.engine.call import Call, Turn
from trainer.engine.models import Scenario

OUTCOME_WORDS = {"won": "You won the call", "lost": "You lost the call", "open": "The call ended"}


class CallTitle(Static):
    """Title, level and customer on one line; the customer goes to a second line when the
    terminal is too narrow, so nothing is cut off."""

    def __init__(self, scenario: Scenario, level: str, *, id: str | None = None) -> None:
        self.scenario = scenario
        self.level = level
        super().__init__(self.text(200), id=id)

    def text(self, width: int) -> Content:
        """The header for ``width`` cells of content."""
        s = self.scenario
        head = Content.assemble((s.title, "bold"), (f"  ·  {self.level}", "$text-muted"))
        who = f"{s.customer.name}, {s.customer.role}, {s.customer.company}"
        if head.cell_length + 5 + len(who) <= width:
            return Content.assemble(head, (f"  ·  {who}", "$text-muted"))
        return Content.assemble(head, "\n", (who, "$text-muted"))

    def on_resize(self) -> None:
        self.update(self.text(self.size.width))


class CallScreen(Screen[None]):
    BINDINGS = [
        Binding("f2", "hint", "Hint"),
        Binding("f3", "toggle_rubric", "Rubric"),
        Binding("f4", "hang_up", "End call"),
        Binding("f5", "next_speaker", "Next speaker"),
        Binding("f6", "rewind", "Rewind"),
        Binding("f8", "restart", "Restart (new version)"),
        Binding("f7", "choose_speaker", "Who's next"),
    ]

    @dataclass
    class Finished(Message):
        """The trainee asked for the scorecard of a finished call."""

        live: LiveCall

    @dataclass
    class RewindTo(Message):
        """The coach wants to go back to after ``turn`` and branch from there."""

        live: LiveCall
        turn: int

    @dataclass
    class Restart(Message):
        """Play this call's lines again on the newer version of the scenario."""

        live: LiveCall

    def __init__(self, live: LiveCall, setup: Setup, reply_delay: float = 0.45) -> None:
        super().__init__()
        self.live = live
        self.setup = setup
        self.reply_delay = reply_delay
        self.pending: Turn | None = None
        self._timer: Timer | None = None
        self.current = 0
        """Index in ``setup.speakers`` of who answers next."""
        self.newer: Scenario | None = None
        """A newer version of the scenario (--watch); F8 restarts the call with it."""

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        s = self.call.scenario
        yield Header()
        yield CallTitle(s, f"{self.call.difficulty}, {self.setup.mode}", id="call-title")
        yield MoodMeter(s, id="mood")
        with Horizontal(id="call-body"):
            yield Transcript(s.customer.name, self.setup.trainee, id="transcript")
            panel = RubricPanel(id="rubric")
            panel.display = self.setup.practice
            yield panel
        yield TypingIndicator(s.customer.name.split()[0], id="typing")
        yield Static(id="speaker")
        yield LineInput(placeholder="Type what you say and press Enter", id="line")
        with Horizontal(id="ended"):
            yield Static(id="ended-text")
            yield Button("See the scorecard", id="to-scorecard", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Transcript).add_customer(self.call.opening)
        self.query_one(RubricPanel).show(None, self.call.scorecard())
        self.query_one("#ended").display = False
        self.query_one("#speaker").display = self.group
        self._show_speaker()
        self.query_one(LineInput).focus()

    @property
    def call(self) -> Call:
        return self.live.call

    @property
    def speakers(self) -> list[str]:
        """Who said each line, in turn order."""
        return self.live.speakers

    @property
    def group(self) -> bool:
        return len(self.setup.group) > 1

    @property
    def can_rewind(self) -> bool:
        """Practice only: an assessment counts its first try, so it has no rewind."""
        return self.setup.practice and bool(self.call.turns) and self.pending is None

    @property
    def speaker(self) -> str:
        return self.setup.speakers[self.current % len(self.setup.speakers)]

    def _show_speaker(self) -> None:
        """The hot seat: who answers now, the others, and the keys to change it."""
        if not self.group:
            return
        parts: list[str | tuple[str, str]] = [("Speaking now: ", "bold")]
        for i, name in enumerate(self.setup.speakers):
            if i:
                parts.append(("  ", ""))
            if name == self.speaker:
                parts.append((f"▶ {i + 1} {name}", "bold reverse $accent"))
            else:
                parts.append((f"{i + 1} {name}", "$text-muted"))
        parts.append(("   F5 next · F7 pick · F6 rewind", "$text-muted"))
        self.query_one("#speaker", Static).update(Content.assemble(*parts))
        self.query_one(LineInput).placeholder = f"{self.speaker}: type what you say and press Enter"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hint", "toggle_rubric"):
            return self.setup.practice and not self.call.ended
        if action == "hang_up":
            return not self.call.ended
        if action in ("next_speaker", "pick_speaker", "choose_speaker"):
            return self.group and not self.call.ended
        if action == "rewind":
            return self.can_rewind
        if action == "restart":
            return self.newer is not None
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
        speaker = self.speaker
        turn = self.live.say(text, speaker)
        self.query_one(Transcript).add_trainee(turn.number, text, speaker)
        self.post_message(LiveCall.TurnTaken(self.live, turn, speaker))
        if self.group:
            self.current = (self.current + 1) % len(self.setup.speakers)
            self._show_speaker()
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
        else:
            self.refresh_bindings()

    def _ended(self) -> None:
        outcome = self.call.outcome or "open"
        line = self.query_one(LineInput)
        line.disabled = True
        line.display = False
        self.query_one(TypingIndicator).display = False
        self.query_one("#ended-text", Static).update(
            Content.assemble(
                (OUTCOME_WORDS.get(outcome, "The call ended"), "bold"),
                (f": {end_reason(self.call)}.", "$text-muted"),
            )
        )
        self.query_one("#speaker").display = False
        self.query_one("#ended").display = True
        self.query_one("#to-scorecard").focus()
        self.refresh_bindings()
        self.post_message(LiveCall.Ended(self.live))

    # -- going on from another point: a rewind or a newer scenario --------------------------

    def restore(self, live: LiveCall, note: str) -> None:
        """Go on with ``live`` (its lines already said): redraw the transcript, then ``note``."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.pending = None
        self.live = live
        call = live.call
        transcript = self.query_one(Transcript)
        transcript.clear()
        transcript.customer = call.scenario.customer.name
        title = self.query_one(CallTitle)
        title.scenario = call.scenario
        title.update(title.text(title.size.width))
        transcript.add_customer(call.opening)
        for turn, who in zip(call.turns, self.speakers, strict=False):
            transcript.add_trainee(turn.number, turn.trainee, who)
            transcript.add_customer(turn.customer)
        transcript.add_note(note)
        self.query_one(MoodMeter).reset(call.scenario, call.mood.current, note)
        self.query_one(RubricPanel).show(call.turns[-1] if call.turns else None, call.scorecard())
        if self.group:
            self.current = live.next_speaker(self.setup.speakers)
        if call.ended:
            self._ended()
            return
        line = self.query_one(LineInput)
        line.disabled = False
        line.display = True
        self.query_one(TypingIndicator).display = True
        self.query_one(TypingIndicator).typing = False
        self.query_one("#ended").display = False
        self.query_one("#speaker").display = self.group
        self._show_speaker()
        line.focus()
        self.refresh_bindings()

    def action_rewind(self) -> None:
        if not self.can_rewind:
            return

        def picked(turn: int | None) -> None:
            if turn is not None:
                self.post_message(self.RewindTo(self.live, turn))

        self.app.push_screen(RewindScreen(self.call, self.speakers), picked)

    def action_restart(self) -> None:
        if self.newer is not None:
            self.post_message(self.Restart(self.live))

    def action_next_speaker(self) -> None:
        if self.group and not self.call.ended:
            self.current = (self.current + 1) % len(self.setup.speakers)
            self._show_speaker()

    def action_choose_speaker(self) -> None:
        """F7: a list of the trainees; 1-9 or Enter picks who answers next."""
        if not self.group or self.call.ended:
            return

        def chosen(index: int | None) -> None:
            if index is not None:
                self.action_pick_speaker(index)
            self.query_one(LineInput).focus()

        self.app.push_screen(SpeakerPickScreen(self.setup.speakers, self.current), chosen)

    def action_pick_speaker(self, index: int) -> None:
        if self.group and not self.call.ended and index < len(self.setup.speakers):
            self.current = index
            self._show_speaker()

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
        self.post_message(self.Finished(self.live))
