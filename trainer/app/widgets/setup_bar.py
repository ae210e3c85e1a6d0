"""Name, difficulty and mode: the choices that apply to whichever scenario is played."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select

from trainer.app.setup import MODES, Mode, Setup
from trainer.engine.models import LEVEL_NAMES

DEFAULT = "scenario"


class SetupBar(Horizontal):
    """Posts :class:`SetupBar.Changed` with a new :class:`Setup` whenever a choice changes."""

    @dataclass
    class Changed(Message):
        setup: Setup

    def __init__(self, setup: Setup, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.setup = setup

    def compose(self) -> ComposeResult:
        with Vertical(classes="field"):
            yield Label("Your name")
            yield Input(
                self.setup.trainee if self.setup.trainee != "you" else "",
                placeholder="you",
                id="trainee",
                max_length=40,
            )
        with Vertical(classes="field"):
            yield Label("Difficulty")
            yield Select(
                [("scenario's own", DEFAULT)] + [(lv, lv) for lv in LEVEL_NAMES],
                value=self.setup.difficulty or DEFAULT,
                allow_blank=False,
                id="difficulty",
            )
        with Vertical(classes="field"):
            yield Label("Mode")
            yield Select(
                [(m, m) for m in MODES],
                value=self.setup.mode,
                allow_blank=False,
                id="mode",
            )

    def _changed(self, **changes: object) -> None:
        self.setup = self.setup.with_(**changes)
        self.post_message(self.Changed(self.setup))

    @on(Input.Changed, "#trainee")
    def _trainee_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._changed(trainee=event.value.strip() or "you")

    @on(Select.Changed, "#difficulty")
    def _difficulty_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = str(event.value)
        self._changed(difficulty=None if value == DEFAULT else value)

    @on(Select.Changed, "#mode")
    def _mode_changed(self, event: Select.Changed) -> None:
        event.stop()
        mode: Mode = "assessment" if event.value == "assessment" else "practice"
        self._changed(mode=mode)
