"""Rewind: the coach picks the turn to go back to ("what if we had said...")."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trainer.engine.call import Call


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class RewindScreen(ModalScreen[int | None]):
    """Dismisses with the number of turns to keep (0: from the opening), or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, call: Call, speakers: Sequence[str]) -> None:
        super().__init__()
        self.call = call
        self.speakers = list(speakers)

    def compose(self) -> ComposeResult:
        options = [Option(Content("Start again after the opening (keep no lines)"), id="0")]
        for turn in self.call.turns:
            n = turn.number
            who = self.speakers[n - 1] if n - 1 < len(self.speakers) else self.call.trainee_name
            if turn.ended:
                break
            options.append(
                Option(
                    Content.assemble(
                        (f"Keep up to turn {n}", "bold"),
                        (f"  {who}: ", "$accent"),
                        (_short(turn.trainee), "$text-muted"),
                    ),
                    id=str(n),
                )
            )
        with Vertical(id="rewind"):
            yield Static(
                Content.styled("Rewind: say something else after which turn?", "bold"),
                id="rewind-title",
            )
            yield OptionList(*options, id="rewind-turns")
            yield Static(
                Content("Enter: branch from there (the first try is kept) · Esc: cancel"),
                id="rewind-keys",
            )

    def on_mount(self) -> None:
        turns = self.query_one(OptionList)
        turns.highlighted = turns.option_count - 1
        turns.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
