"""The application: it owns the catalog and the setup, and moves between screens.

Screens post messages up (a scenario chosen, a call finished, retry...); the app answers by
switching screens. :func:`make_app` is the one way to build it, for the CLI and the tests.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from trainer.app.commands import TrainerCommands
from trainer.app.screens.help import HelpScreen
from trainer.app.screens.home import HomeScreen
from trainer.app.setup import Mode, Setup
from trainer.app.widgets.scenario_list import Listed, ScenarioList
from trainer.app.widgets.setup_bar import SetupBar
from trainer.formats.catalog import Catalog
from trainer.formats.diagnostics import InvalidFile

if TYPE_CHECKING:
    # Home is drawn from the catalog's summaries: the calls, the history, the engine and the
    # other screens load when first used (their messages are handled by name, on_<message>).
    from trainer.app.live import LiveCall
    from trainer.app.recorder import Handle, Recorder
    from trainer.app.screens.briefing import BriefingScreen
    from trainer.app.screens.call import CallScreen
    from trainer.engine.call import Call
    from trainer.engine.models import Scenario

REPLY_DELAY = 0.45
WATCH_EVERY = 0.5


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
        db: str | Path | None = None,
        history: bool = True,
        watch: Path | None = None,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.setup = setup
        self.start_with = scenario_id
        self.reply_delay = reply_delay
        self.best_scores = dict(best_scores or {})
        self.people_bests: dict[str, dict[str, int]] = {}
        """In a hot seat, each person's bests (scenario -> score of the turns they typed)."""
        self.scenarios: list[Listed] = _in_order(catalog.summaries().values())
        """What Home lists: the summaries first, then (once drawn) the built scenarios."""
        self.last: LiveCall | None = None
        """The call whose scorecard was shown last (Retry, Review)."""
        self._loaded: list[Scenario] = []
        self.db = db
        self.history = history
        self.recorder: Recorder | None = None
        self.session: Handle | None = None
        self.watch_path = watch
        self._watch_stamp: tuple[int, int] | None = None
        self._watch_timer: Timer | None = None
        self.watch_error = ""
        """The watched file's last problems ("" when it loaded)."""

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()

        def deliver(fn: Callable[[], None]) -> None:
            if not loop.is_closed():
                loop.call_soon_threadsafe(fn)

        from trainer.app.recorder import Recorder

        self.recorder = Recorder(self.db, deliver, self._history_problem, enabled=self.history)
        self.refresh_best_scores()
        if self.watch_path is not None:
            self._watch_stamp = self._stamp(self.watch_path)
            self._watch_timer = self.set_interval(WATCH_EVERY, self._check_watched)
        problems = len({d.path for d in self.catalog.summary_problems()})
        self.install_screen(
            HomeScreen(self.scenarios, self.setup, self.best_scores, problems), "home"
        )
        self.push_screen("home")
        self.call_after_refresh(self._build_scenarios)
        if self.start_with:
            self.open_briefing(self.start_with)

    def _build_scenarios(self) -> None:
        """Once Home is drawn, build every scenario (warm, a few dozen ms): Home then lists what
        builds and counts every file with problems, as `trainer validate` would."""
        built = _in_order(self.catalog.scenarios().values())
        problems = len({d.path for d in self.catalog.problems()})
        home = self.get_screen("home")
        changed = [_shown(s) for s in built] != [_shown(s) for s in self.scenarios]
        if isinstance(home, HomeScreen) and (changed or problems != home.problems):
            home.show_scenarios(built, problems)
        self.scenarios = built

    def on_unmount(self) -> None:
        if self.recorder is not None:
            self.recorder.close()

    def scenario(self, scenario_id: str) -> Scenario:
        """A listed scenario by id, or one loaded by path (kept so Retry finds it again)."""
        for s in self._loaded:  # a file asked for by path (or reloaded) comes first
            if scenario_id in (s.id, s.path):
                return s
        found = self.catalog.scenario(scenario_id)
        if found.id != scenario_id:  # by id, the catalog keeps it; by path, keep it here
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
        from trainer.app.screens.briefing import BriefingScreen

        self._show(BriefingScreen(self.scenario(scenario_id), self.setup))

    def start_call(self, scenario_id: str) -> None:
        from trainer.app.live import LiveCall
        from trainer.app.screens.call import CallScreen

        live = LiveCall(self.setup.new_call(self.scenario(scenario_id)))
        self._record(live)
        self._show(CallScreen(live, self.setup, self.reply_delay))

    def action_history(self) -> None:
        from trainer.app.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(self.setup.trainee, self.recorder))

    # -- history: every call saved as it happens (see trainer.app.recorder) -----------------

    def _history_problem(self, message: str) -> None:
        self.notify(message, title="History", severity="warning", timeout=10, markup=False)

    def _record(self, live: LiveCall, parent: tuple[LiveCall, int] | None = None) -> None:
        """Start saving ``live`` (with any lines it already has); a hot seat gets a session.
        ``parent``: the try it was rewound from, and after which turn."""
        if self.recorder is None:
            return
        call = live.call
        group = ", ".join(self.setup.group) or None
        if self.setup.group and self.session is None:
            self.session = self.recorder.start_session(
                f"Hot seat: {call.scenario.title}", self.setup.group, group
            )
            session = self.session

            def announce(sid: int | None) -> None:
                if sid is not None:
                    self.notify(
                        f"Hot seat saved as session {sid}: "
                        f"`trainer report --session {sid} -o debrief.html` afterwards.",
                        title="Session",
                        markup=False,
                    )

            self.recorder.submit(lambda _store: session.id, announce, lambda _m: None)
        live.begin_saving(
            self.recorder,
            self.post_message,
            self.setup.mode,
            group=group,
            session=self.session if self.setup.group else None,
            parent=parent,
        )

    def refresh_best_scores(self) -> None:
        """Ask the history for the trainee's bests (and in a hot seat each person's, from the
        turns they typed); Home shows them when they come back."""
        if self.recorder is None:
            return
        name, group = self.setup.trainee, self.setup.group

        def show(found: tuple[dict[str, int], dict[str, dict[str, int]]]) -> None:
            if (name, group) != (self.setup.trainee, self.setup.group):
                return  # the name changed again meanwhile
            self.best_scores, self.people_bests = found
            home = self.get_screen("home") if self.is_screen_installed("home") else None
            if isinstance(home, HomeScreen):
                home.show_best_scores(self.best_scores, self.people_bests)

        self.recorder.submit(
            lambda store: (store.best_scores(name), {n: store.best_scores(n) for n in group}),
            show,
            lambda _m: None,
        )

    # The call's messages are handled by name (on_<message>): their classes load with the call.

    def on_live_call_turn_taken(self, event: LiveCall.TurnTaken) -> None:
        event.live.save_turn(event.turn, event.speaker)

    def on_live_call_ended(self, event: LiveCall.Ended) -> None:
        event.live.save_end()
        self.refresh_best_scores()

    def on_live_call_save_failed(self, event: LiveCall.SaveFailed) -> None:
        self._history_problem(event.error)

    def on_call_screen_rewind_to(self, event: CallScreen.RewindTo) -> None:
        from trainer.app.live import LiveCall
        from trainer.app.screens.call import CallScreen

        screen = event.control if isinstance(event.control, CallScreen) else self.screen
        old, turn = event.live, event.turn
        note = f"↩ Rewound to after turn {turn}: what if we had said something else?"
        if old.stop(f"rewound to turn {turn}"):
            self.on_live_call_ended(LiveCall.Ended(old))

        def go_on(live: LiveCall) -> None:
            if isinstance(screen, CallScreen) and screen.is_attached:
                screen.restore(live, note)

        def saved(handle: Handle, call: Call) -> None:
            live = LiveCall(call, old.speakers[:turn], replayed=turn)
            if self.recorder is not None:
                live.saved_as(self.recorder, handle, self.post_message)
            go_on(live)

        def unsaved(_message: str) -> None:
            live = old.replayed_to(turn)
            self._record(live, parent=(old, turn))
            go_on(live)

        if self.recorder is not None and old.handle is not None:
            self.recorder.branch(old.handle, turn, old.call.scenario, saved, unsaved)
        else:
            unsaved("")

    def on_call_screen_restart(self, event: CallScreen.Restart) -> None:
        from trainer.app.live import LiveCall
        from trainer.app.screens.call import CallScreen

        screen = self.screen
        old = event.live
        live = old.restarted(self.scenario(old.call.scenario.id))
        if old.stop("restarted with a newer version of the scenario"):
            self.on_live_call_ended(LiveCall.Ended(old))
        self._record(live)
        if isinstance(screen, CallScreen):
            screen.newer = None
            screen.restore(
                live, f"↻ Restarted with the new version: {len(old.call.turns)} line(s) replayed."
            )

    # -- --watch: reload the scenario file when it changes -----------------------------------

    @staticmethod
    def _stamp(path: Path) -> tuple[int, int] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _check_watched(self) -> None:
        path = self.watch_path
        if path is None:
            return
        stamp = self._stamp(path)
        if stamp is None or stamp == self._watch_stamp:
            return
        self._watch_stamp = stamp
        self.reload_watched()

    def reload_watched(self) -> None:
        """Load the watched file again: a valid edit is used from the next call (or F8)."""
        assert self.watch_path is not None
        try:
            fresh = self.catalog.scenario(str(self.watch_path))
        except InvalidFile as exc:
            shown = exc.diagnostics[:4]
            more = len(exc.diagnostics) - len(shown)
            text = "\n".join(str(d) for d in shown) + (f"\n(and {more} more)" if more else "")
            self.watch_error = text
            self.notify(
                text,
                title=f"{self.watch_path.name} has errors: still playing the previous version",
                severity="error",
                timeout=20,
                markup=False,
            )
            return
        if self.watch_error:
            self.clear_notifications()  # the old errors no longer apply
        self.watch_error = ""
        self._replace(fresh)
        from trainer.app.screens.call import CallScreen

        screen = self.screen
        in_call = isinstance(screen, CallScreen) and screen.call.scenario.id == fresh.id
        if isinstance(screen, CallScreen) and in_call:
            screen.newer = fresh
            screen.refresh_bindings()
        self.notify(
            f"Reloaded {self.watch_path.name}."
            + (" The next call uses it; F8 restarts this call with it." if in_call else ""),
            title="Scenario changed",
            markup=False,
        )

    def _replace(self, fresh: Scenario) -> None:
        """Put ``fresh`` where the old version of the same scenario was (ahead of the catalog's)."""
        for i, s in enumerate(self._loaded):
            if s.path == fresh.path:
                self._loaded[i] = fresh
                return
        self._loaded.insert(0, fresh)

    def action_go_home(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # -- messages from the screens ----------------------------------------------------------

    @on(SetupBar.Changed)
    def _setup_changed(self, event: SetupBar.Changed) -> None:
        renamed = event.setup.trainee != self.setup.trainee
        self.setup = event.setup.with_(group=self.setup.group)
        if renamed:
            self.refresh_best_scores()

    @on(ScenarioList.Chosen)
    def _chosen(self, event: ScenarioList.Chosen) -> None:
        self.open_briefing(event.scenario_id)

    def on_briefing_screen_begin(self, event: BriefingScreen.Begin) -> None:
        self.start_call(event.scenario_id)

    def on_briefing_screen_back(self) -> None:
        self.action_go_home()

    def on_scorecard_screen_home(self) -> None:
        self.action_go_home()

    def on_call_screen_finished(self, event: CallScreen.Finished) -> None:
        from trainer.app.screens.scorecard import ScorecardScreen

        live = self.last = event.live
        self._show(ScorecardScreen(live.call, self.setup, live.speakers, live.replayed))

    def on_scorecard_screen_retry(self) -> None:
        if self.last is not None:
            self.start_call(self.last.call.scenario.id)

    def on_scorecard_screen_review(self) -> None:
        from trainer.app.screens.review import ReviewScreen

        if self.last is not None and self.last.call.turns:
            self.push_screen(ReviewScreen(self.last.call))


def _in_order(scenarios: Iterable[Listed]) -> list[Listed]:
    """Home's order: by title, then id."""
    return sorted(scenarios, key=lambda s: (s.title.lower(), s.id))


def _shown(s: Listed) -> tuple[str, str, str, str, str]:
    """What Home shows of a scenario (and the file it comes from)."""
    return (s.id, s.title, str(s.difficulty), s.summary, s.path)


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
    db: str | Path | None = None,
    history: bool = True,
    group: list[str] | None = None,
    watch: bool = False,
) -> TrainerApp:
    """Build the app. ``scenario`` opens its briefing straight away; ``reply_delay=0`` for tests.

    ``db``: the history (None: $TRAINER_DB, else the user data folder); ``history=False`` saves
    nothing. ``group``: a coach's hot seat, these trainees answer in turn. ``watch``: reload
    the scenario's file when it changes (needs ``scenario``).
    """
    cat = catalog or Catalog(list(scenarios_dirs or []))
    watched: Path | None = None
    if scenario is not None:
        found = cat.scenario(scenario)  # fail early (UnknownScenario / InvalidFile)
        if watch and found.path:
            watched = Path(found.path)
    names = tuple(dict.fromkeys(n.strip() for n in group or [] if n.strip()))
    name = trainee or "you"
    if names and name == "you":
        name = "team"
    setup = Setup(trainee=name, difficulty=difficulty, mode=mode, seed=seed, group=names)
    return TrainerApp(
        cat, setup, scenario, reply_delay, best_scores, db=db, history=history, watch=watched
    )
