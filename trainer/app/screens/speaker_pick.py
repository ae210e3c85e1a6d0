"""The coach picks who answers next in a hot seat (F7, then a number or Enter)."""

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


class SpeakerPickScreen(ModalScreen[int | None]):
    """Dismisses with the index of the chosen trainee, or None."""

    BINDINGS = [
        Binding("escape", "dismiss_none", "Cancel"),
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)],
    ]

    def __init__(self, names: Sequence[str], current: int) -> None:
        super().__init__()
        self.names = list(names)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="speaker-pick"):
            numbers = "1" if len(self.names) == 1 else f"1-{min(len(self.names), 9)}"
            yield Static(
                Content.assemble(("Who answers next? ", "bold"), (f"Press {numbers}", "bold $accent")),
                id="speaker-prompt",
            )
            yield OptionList(
                *[
                    Option(Content.assemble((f"{i + 1}  ", "bold $accent"), name), id=str(i))
                    for i, name in enumerate(self.names)
                ],
                id="speaker-names",
            )
            yield Static(Content("or ↑ ↓ and Enter · Esc: cancel"), classes="muted")

    def on_mount(self) -> None:
        names = self.query_one(OptionList)
        names.highlighted = self.current
        names.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def action_pick(self, index: int) -> None:
        if index < len(self.names):
            self.dismiss(index)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
