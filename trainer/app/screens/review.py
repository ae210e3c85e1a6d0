"""Review: step through the turns to see what counted and why."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header

from trainer.app.screens.reading import ReadingScreen
from trainer.app.widgets.turn_detail import TurnDetail
from trainer.engine.call import Call


class ReviewScreen(ReadingScreen):
    BODY = "review-body"
    BINDINGS = [
        Binding("left,p", "step(-1)", "Previous turn"),
        Binding("right,n", "step(1)", "Next turn"),
        Binding("home", "go(0)", "First", show=False),
        Binding("end", "go(-1)", "Last", show=False),
        Binding("escape", "close", "Back to scorecard"),
    ]

    def __init__(self, call: Call, start: int = 0) -> None:
        super().__init__()
        self.call = call
        self.index = start

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="review-body"):
            yield TurnDetail(self.call, self.call.turns[self.index], id="turn")
        with Horizontal(classes="buttons"):
            yield Button("◀ Previous", id="prev", compact=True)
            yield Button("Next ▶", id="next", variant="primary", compact=True)
            yield Button("Back", id="close", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        self.query_one(TurnDetail).show(self.call.turns[self.index])
        self.query_one("#prev", Button).disabled = self.index == 0
        self.query_one("#next", Button).disabled = self.index >= len(self.call.turns) - 1
        self.query_one("#review-body", VerticalScroll).scroll_home(animate=False)
        self.sub_title = f"Review · turn {self.index + 1} of {len(self.call.turns)}"

    def action_step(self, step: int) -> None:
        self.action_go(max(0, min(len(self.call.turns) - 1, self.index + step)))

    def action_go(self, index: int) -> None:
        self.index = index % len(self.call.turns)
        self._show()

    @on(Button.Pressed, "#prev")
    def _prev(self) -> None:
        self.action_step(-1)

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.action_step(1)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss()
