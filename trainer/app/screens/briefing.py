"""Briefing: the setting, who the customer is and what you are there to achieve."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Footer, Header, Static

from trainer.app.looks import mood_text
from trainer.app.screens.reading import ReadingScreen
from trainer.app.setup import Setup
from trainer.engine.models import Scenario


def briefing_text(scenario: Scenario, setup: Setup) -> Content:
    s = scenario
    c = s.customer

    def fill(text: str) -> str:
        return s.fill(text, setup.trainee)

    difficulty = setup.difficulty or s.difficulty
    return Content.assemble(
        (s.title, "bold $accent"),
        (f"   {difficulty} · {setup.mode}", "$text-muted"),
        "\n\n",
        ("The setting\n", "bold"),
        fill(s.setting),
        "\n\n",
        ("Who you are talking to\n", "bold"),
        (c.name, "bold"),
        f", {c.role}, {c.company}",
        "\n",
        ("Their mood right now: ", "$text-muted"),
        mood_text(s, s.scale[s.start]),
        "\n\n",
        ("Your goal\n", "bold"),
        fill(s.goal),
        "\n\n",
        (
            "Hints and the live rubric are on (F2, F3)."
            if setup.practice
            else "Assessment: no hints, no live rubric; you pass by winning the customer over "
            f"(a won call scores {s.pass_mark} or more).",
            "italic $text-muted",
        ),
    )


class Body(VerticalScroll):
    """The briefing's scrolling body; ``more`` says whether some of it is below the fold."""

    more: reactive[bool] = reactive(False)

    def _check(self) -> None:
        self.more = self.scroll_y < self.max_scroll_y

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._check()

    def watch_virtual_size(self) -> None:
        self.call_after_refresh(self._check)

    def on_resize(self) -> None:
        self.call_after_refresh(self._check)


MORE = "▼ more below (↓ or PgDn)"


class BriefingScreen(ReadingScreen):
    BODY = "briefing-body"
    BINDINGS = [
        Binding("enter", "begin", "Start the call"),
        Binding("escape", "back", "Back"),
    ]

    @dataclass
    class Begin(Message):
        scenario_id: str

    class Back(Message):
        pass

    def __init__(self, scenario: Scenario, setup: Setup) -> None:
        super().__init__()
        self.scenario = scenario
        self.setup = setup

    def compose(self) -> ComposeResult:
        yield Header()
        with Body(id="briefing-body"):
            yield Static(briefing_text(self.scenario, self.setup), id="brief")
        with Horizontal(classes="buttons"):
            yield Button("Start the call", id="begin", variant="primary", compact=True)
            yield Button("Back", id="back", compact=True)
            yield Static(Content(MORE), id="more")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#begin").focus()
        self.watch(self.query_one(Body), "more", self._show_more)
        # While the briefing is read, build the call's listener and compile its patterns, so
        # the first turns answer as fast as the rest.
        self.run_worker(self._warm, thread=True, group="warm", exit_on_error=False)

    def _warm(self) -> None:
        from trainer.engine.listener.listen import scenario_listener

        scenario_listener(self.scenario).warm()

    def _show_more(self, more: bool) -> None:
        """The cue shows while part of the briefing (often the goal) is below the fold; it
        only changes visibility, so the body's size never depends on it."""
        self.query_one("#more").visible = more

    @on(Button.Pressed, "#begin")
    def action_begin(self) -> None:
        self.post_message(self.Begin(self.scenario.id))

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.post_message(self.Back())
