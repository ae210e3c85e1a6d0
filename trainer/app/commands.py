"""Command palette: play any scenario, go home, and the call's own actions."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

if TYPE_CHECKING:
    from trainer.app.app import TrainerApp


class TrainerCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        from trainer.app.screens.call import CallScreen

        app = cast("TrainerApp", self.app)
        out: list[tuple[str, Callable[[], object], str]] = []
        screen = self.screen
        if isinstance(screen, CallScreen) and not screen.call.ended:
            if screen.setup.practice:
                out.append(("Hint from the coach", screen.action_hint, "F2"))
                out.append(("Toggle the live rubric", screen.action_toggle_rubric, "F3"))
            out.append(("End the call", screen.action_hang_up, "F4"))
            if screen.group:
                out.append(("Next speaker (hot seat)", screen.action_next_speaker, "F5"))
                out.append(("Pick who answers next", screen.action_choose_speaker, "F7"))
        if isinstance(screen, CallScreen) and screen.can_rewind:
            out.append(("Rewind to an earlier turn and branch", screen.action_rewind, "F6"))
        if isinstance(screen, CallScreen) and screen.newer is not None:
            out.append(("Restart this call with the new version", screen.action_restart, "F8"))
        out.append(("Home: choose a scenario", app.action_go_home, "back to the scenario list"))
        out.append(("History: past calls, trends and bests", app.action_history, "h on Home"))
        out.append(("Help: keys and screens", app.action_help, "F1"))
        for s in app.scenarios:
            out.append((f"Play: {s.title}", partial(app.open_briefing, s.id), s.summary))
        return out

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)
