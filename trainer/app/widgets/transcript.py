"""The conversation as bubbles: customer on the left, trainee on the right, coach in between.

Every line is shown as a :class:`Content` built from plain strings, so whatever the trainee
types or a scenario author writes appears literally.
"""

from __future__ import annotations

from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static


class Bubble(Static):
    """One line of the conversation, with the speaker in the border title."""

    def __init__(self, speaker: str, text: str, kind: str) -> None:
        super().__init__(Content(text), classes=f"bubble {kind}")
        self.border_title = Content(speaker)
        self.kind = kind
        self.text = text


class Transcript(VerticalScroll):
    """Bubbles in order; it follows the newest line unless the trainee scrolled up."""

    can_focus = False

    def __init__(self, customer: str, trainee: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.customer = customer
        self.trainee = trainee

    def _add(self, bubble: Bubble, side: str) -> None:
        row = Horizontal(bubble, classes=f"row {side}")
        self.mount(row)
        self.call_after_refresh(self.scroll_end, animate=False)

    def add_customer(self, text: str) -> None:
        self._add(Bubble(self.customer, text, "customer"), "left")

    def add_trainee(self, number: int, text: str, speaker: str | None = None) -> None:
        who = speaker or self.trainee
        label = f"{who} · turn {number}" if who != "you" else f"You · turn {number}"
        self._add(Bubble(label, text, "trainee"), "right")

    def add_coach(self, text: str) -> None:
        self._add(Bubble("Coach", text, "coach"), "middle")

    def add_note(self, text: str) -> None:
        self._add(Bubble("", text, "note"), "middle")

    def clear(self) -> None:
        """Remove every line (before showing a rewound or restarted call again)."""
        self.remove_children()

    def bubbles(self) -> list[Bubble]:
        return list(self.query(Bubble))
