"""Home: pick a scenario, say who you are, choose difficulty and mode."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from trainer.app.setup import Setup
from trainer.app.widgets.scenario_list import Listed, ScenarioList
from trainer.app.widgets.setup_bar import SetupBar


class HomeScreen(Screen[None]):
    """Choices go up as :class:`SetupBar.Changed`; a pick goes up as :class:`ScenarioList.Chosen`."""

    BINDINGS = [
        Binding("enter", "start", "Start", show=True),
        Binding("n", "focus_name", "Name", show=False),
        Binding("h", "app.history", "History", show=True),
    ]

    def __init__(
        self,
        scenarios: Sequence[Listed],
        setup: Setup,
        best_scores: Mapping[str, int] | None = None,
        problems: int = 0,
    ) -> None:
        super().__init__(name="home")
        self.scenarios = list(scenarios)
        self.setup = setup
        self.best_scores = best_scores
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield SetupBar(self.setup, id="setup")
            yield Static(Content.styled("Scenarios", "bold"), id="scenarios-title")
            if self.scenarios:
                yield ScenarioList(self.scenarios, self.best_scores, id="scenarios")
            else:
                yield Static(
                    Content("No scenarios found. Add YAML files with --scenarios DIR."),
                    id="empty",
                )
            yield Static(
                Content(
                    "↑↓ choose · Enter read the briefing · Tab: name, difficulty, mode · "
                    "h history · F1 help"
                ),
                id="home-keys",
            )
            problems = Static(self._problems_text(), id="problems")
            problems.display = bool(self.problems)
            yield problems
        yield Footer()

    def on_mount(self) -> None:
        if self.scenarios:
            self.query_one(ScenarioList).focus()
            self.query_one(ScenarioList).highlighted = 0

    def on_screen_resume(self) -> None:
        if self.scenarios:
            self.query_one(ScenarioList).focus()

    def action_start(self) -> None:
        if not self.scenarios:
            return
        current = self.query_one(ScenarioList).current
        if current is not None:
            self.post_message(ScenarioList.Chosen(current.id))

    def show_scenarios(self, scenarios: Sequence[Listed], problems: int) -> None:
        """List these scenarios and count these problem files instead (the app builds every
        scenario once Home is drawn: a file that does not build leaves the list)."""
        if self.is_mounted and bool(scenarios) == bool(self.scenarios):
            if scenarios:
                self.query_one(ScenarioList).set_scenarios(scenarios)
            self.scenarios, self.problems = list(scenarios), problems
            self.query_one("#problems", Static).update(self._problems_text())
            self.query_one("#problems").display = bool(problems)
            return
        self.scenarios, self.problems = list(scenarios), problems
        if self.is_mounted:
            self.refresh(recompose=True)

    def _problems_text(self) -> Content:
        return Content(
            f"{self.problems} problem(s) in scenario files were skipped; "
            "run `trainer validate` to see them."
        )

    def show_best_scores(
        self,
        best_scores: Mapping[str, int],
        people: Mapping[str, Mapping[str, int]] | None = None,
    ) -> None:
        """The trainee's best per scenario, from the history (after a call or a new name); in
        a hot seat, each person's too."""
        self.best_scores = best_scores
        if self.scenarios and self.is_mounted:
            self.query_one(ScenarioList).set_best_scores(best_scores, people)

    @on(Input.Submitted, "#trainee")
    def _name_done(self, event: Input.Submitted) -> None:
        """Enter after the name goes to the scenarios, so the arrow keys pick one next."""
        event.stop()
        if self.scenarios:
            self.query_one(ScenarioList).focus()
        else:
            self.focus_next()

    def action_focus_name(self) -> None:
        self.query_one("#trainee").focus()
