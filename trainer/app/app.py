"""The application: it owns the catalog and the setup, and moves between screens.

Screens post messages up (a scenario chosen, a call finished, retry...); the app answers by
switching screens. :func:`make_app` is the one way to build it, for the CLI and the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from trainer.app.commands import TrainerCommands
from trainer.app.screens.briefing import BriefingScreen
from trainer.app.screens.call import CallScreen
from trainer.app.screens.help import HelpScreen
from trainer.app.screens.home import HomeScreen
from trainer.app.screens.review import ReviewScreen
from trainer.app.screens.scorecard import ScorecardScreen
from trainer.app.setup import Mode, Setup
from trainer.app.widgets.scenario_list import ScenarioList
from trainer.app.widgets.setup_bar import SetupBar
from trainer.call import Call
from trainer.catalog import Catalog
from trainer.scenario import Scenario

REPLY_DELAY = 0.45


class TrainerApp(App[None]):
    CSS_PATH = "trainer.tcss"
    TITLE = "Tough Call Trainer"
    COMMANDS = App.COMMANDS | {TrainerCommands}
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(
        self,
        catalog: Catalog,
        setup: Setup,
        scenario_id: str | None = None,
        reply_delay: float = REPLY_DELAY,
        best_scores: Mapping[str, int] | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.setup = setup
        self.start_with = scenario_id
        self.reply_delay = reply_delay
        self.best_scores = dict(best_scores or {})
        self.scenarios: list[Scenario] = sorted(
            catalog.scenarios().values(), key=lambda s: (s.title.lower(), s.id)
        )
        self.last_call: Call | None = None
        self._loaded: list[Scenario] = []

    def on_mount(self) -> None:
        problems = len({d.path for d in self.catalog.problems()})
        self.install_screen(
            HomeScreen(self.scenarios, self.setup, self.best_scores, problems), "home"
        )
        self.push_screen("home")
        if self.start_with:
            self.open_briefing(self.start_with)

    def scenario(self, scenario_id: str) -> Scenario:
        """A listed scenario by id, or one loaded by path (kept so Retry finds it again)."""
        for s in [*self.scenarios, *self._loaded]:
            if scenario_id in (s.id, s.path):
                return s
        found = self.catalog.scenario(scenario_id)
        self._loaded.append(found)
        return found

    # -- navigation: the stack is [default, home] plus at most one step and a review -----

    def _show(self, screen: Screen[None]) -> None:
        """Show ``screen`` as the one step above home, replacing whatever was there."""
        while len(self.screen_stack) > 3:
            self.pop_screen()
        if len(self.screen_stack) == 3:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_briefing(self, scenario_id: str) -> None:
        self._show(BriefingScreen(self.scenario(scenario_id), self.setup))

    def start_call(self, scenario_id: str) -> None:
        call = self.setup.new_call(self.scenario(scenario_id))
        self._show(CallScreen(call, self.setup, self.reply_delay))

    def action_go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # -- messages from the screens ----------------------------------------------------------

    @on(SetupBar.Changed)
    def _setup_changed(self, event: SetupBar.Changed) -> None:
        self.setup = event.setup

    @on(ScenarioList.Chosen)
    def _chosen(self, event: ScenarioList.Chosen) -> None:
        self.open_briefing(event.scenario_id)

    @on(BriefingScreen.Begin)
    def _begin(self, event: BriefingScreen.Begin) -> None:
        self.start_call(event.scenario_id)

    @on(BriefingScreen.Back)
    @on(ScorecardScreen.Home)
    def _home(self) -> None:
        self.action_go_home()

    @on(CallScreen.Finished)
    def _finished(self, event: CallScreen.Finished) -> None:
        self.last_call = event.call
        self._show(ScorecardScreen(event.call, self.setup))

    @on(ScorecardScreen.Retry)
    def _retry(self) -> None:
        if self.last_call is not None:
            self.start_call(self.last_call.scenario.id)

    @on(ScorecardScreen.Review)
    def _review(self) -> None:
        if self.last_call is not None and self.last_call.turns:
            self.push_screen(ReviewScreen(self.last_call))


def make_app(
    catalog: Catalog | None = None,
    *,
    scenario: str | None = None,
    trainee: str = "you",
    difficulty: str | None = None,
    mode: Mode = "practice",
    seed: int = 0,
    reply_delay: float = REPLY_DELAY,
    scenarios_dirs: list[Path] | None = None,
    best_scores: Mapping[str, int] | None = None,
) -> TrainerApp:
    """Build the app. ``scenario`` opens its briefing straight away; ``reply_delay=0`` for tests."""
    cat = catalog or Catalog(list(scenarios_dirs or []))
    if scenario is not None:
        cat.scenario(scenario)  # fail early (UnknownScenario / InvalidFile) before the UI starts
    setup = Setup(trainee=trainee or "you", difficulty=difficulty, mode=mode, seed=seed)
    return TrainerApp(cat, setup, scenario, reply_delay, best_scores)
