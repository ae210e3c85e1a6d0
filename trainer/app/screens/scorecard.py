"""Scorecard: outcome, criteria with evidence, coaching tips, the mood's path; what next."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Footer, Header, Static

from trainer.app.screens.reading import ReadingScreen
from trainer.app.setup import Setup
from trainer.app.widgets.criteria_card import CriteriaCard, Tips
from trainer.app.widgets.mood_chart import MoodChart
from trainer.app.widgets.people_card import PeopleCard
from trainer.app.widgets.verdict import Verdict
from trainer.engine.call import Call


class ScorecardScreen(ReadingScreen):
    BODY = "scorecard-body"
    BINDINGS = [
        Binding("r", "retry", "Retry"),
        Binding("v", "review", "Review"),
        Binding("escape,h", "home", "Home"),
    ]

    class Retry(Message):
        pass

    class Review(Message):
        pass

    class Home(Message):
        pass

    def __init__(
        self, call: Call, setup: Setup, speakers: list[str] | None = None, replayed: int = 0
    ) -> None:
        super().__init__()
        self.call = call
        self.setup = setup
        self.speakers = list(speakers or [])
        self.replayed = replayed

    def compose(self) -> ComposeResult:
        card = self.call.scorecard()
        yield Header()
        with VerticalScroll(id="scorecard-body"):
            yield Verdict(self.call, assessment=not self.setup.practice, id="verdict")
            if len(set(self.speakers)) > 1:
                yield Static(
                    Content.styled("Each person (from their own lines) and the team", "bold"),
                    classes="section",
                )
                yield PeopleCard(self.call, self.speakers, self.replayed, id="people")
            yield Static(Content.styled("Criteria and evidence", "bold"), classes="section")
            yield CriteriaCard(card, id="criteria")
            yield Static(Content.styled("Coaching tips", "bold"), classes="section")
            yield Tips(card, id="tips")
            yield Static(Content.styled("How the mood moved", "bold"), classes="section")
            yield MoodChart(self.call.scenario, self.call.mood_path, id="mood-chart")
        with Horizontal(classes="buttons"):
            yield Button("Retry", id="retry", variant="primary", compact=True)
            yield Button("Review", id="review", compact=True)
            yield Button("Home", id="home", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#retry").focus()

    @on(Button.Pressed, "#retry")
    def action_retry(self) -> None:
        self.post_message(self.Retry())

    @on(Button.Pressed, "#review")
    def action_review(self) -> None:
        if self.call.turns:
            self.post_message(self.Review())
        else:
            self.notify("Nothing to review: no lines were said.")

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        self.post_message(self.Home())
