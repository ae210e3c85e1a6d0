"""A screen with one scrolling body that the arrow and page keys move, whatever has focus."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen


class ReadingScreen(Screen[None]):
    BODY = "body"
    """The id of the VerticalScroll to move."""

    BINDINGS = [
        Binding("up", "scroll_body(-1)", "Scroll up", show=False),
        Binding("down", "scroll_body(1)", "Scroll down", show=False),
        Binding("pageup", "scroll_body(-10)", "Page up", show=False),
        Binding("pagedown", "scroll_body(10)", "Page down", show=False),
    ]

    def action_scroll_body(self, lines: int) -> None:
        body = self.query_one(f"#{self.BODY}", VerticalScroll)
        body.scroll_relative(y=lines, animate=False)
