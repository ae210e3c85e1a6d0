"""'Walt is typing…' while the customer's reply is on its way."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static


class TypingIndicator(Static):
    typing: reactive[bool] = reactive(False)

    def __init__(self, who: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.who = who

    def watch_typing(self, typing: bool) -> None:
        self.update(
            Content.styled(f"{self.who} is typing…", "italic $text-muted") if typing else ""
        )
