"""The home screen's list of scenarios: title, difficulty, summary and a best-score slot (in a
hot seat, the team's best and then each person's)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class Listed(Protocol):
    """What the list shows of a scenario: a built Scenario or the catalog's Summary, which is
    read from the file without building it (so Home is drawn before any scenario is built)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def difficulty(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def path(self) -> str: ...


DIFFICULTY_STYLE = {"easy": "$success", "normal": "$warning", "hard": "$error"}


def prompt(scenario: Listed, best: int | None, people: Sequence[tuple[str, int]] = ()) -> Content:
    """One entry; every piece of YAML text (and every name) stays literal."""
    parts: list[str | Content | tuple[str, str]] = [
        (scenario.title, "bold"),
        "  ",
        (scenario.difficulty, DIFFICULTY_STYLE.get(scenario.difficulty, "$foreground-muted")),
    ]
    if best is not None:
        parts += ["  ", (f"best {best}", "$accent")]
    for name, score in people:
        parts += ["  ", (name, "$accent"), (f" {score}", "$accent")]
    parts += ["\n", (scenario.summary, "$text-muted")]
    return Content.assemble(*parts)


class ScenarioList(OptionList):
    """Scenarios in order; Enter or a click chooses one."""

    @dataclass
    class Chosen(Message):
        scenario_id: str

    def __init__(
        self,
        scenarios: Sequence[Listed],
        best_scores: Mapping[str, int] | None = None,
        *,
        id: str | None = None,
    ) -> None:
        self.scenarios = list(scenarios)
        self.best_scores = dict(best_scores or {})
        self.people_bests: dict[str, dict[str, int]] = {}
        """In a hot seat: person -> their best per scenario (the turns they typed)."""
        super().__init__(*self._scenario_options(), id=id)

    def _scenario_options(self) -> list[Option]:
        return [
            Option(
                prompt(
                    s,
                    self.best_scores.get(s.id),
                    [(n, b[s.id]) for n, b in self.people_bests.items() if s.id in b],
                ),
                id=s.id,
            )
            for s in self.scenarios
        ]

    def set_scenarios(self, scenarios: Sequence[Listed]) -> None:
        """List these instead, keeping the highlight on the same scenario where it can."""
        was = self.current.id if self.current is not None else None
        self.scenarios = list(scenarios)
        ids = [s.id for s in self.scenarios]
        self.clear_options()
        self.add_options(self._scenario_options())
        self.highlighted = ids.index(was) if was in ids else (0 if ids else None)

    def set_best_scores(
        self,
        best_scores: Mapping[str, int],
        people: Mapping[str, Mapping[str, int]] | None = None,
    ) -> None:
        """Fill the best-score slot (from a history store, when there is one)."""
        self.best_scores = dict(best_scores)
        self.people_bests = {n: dict(b) for n, b in (people or {}).items()}
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(self._scenario_options())
        self.highlighted = highlighted

    @property
    def current(self) -> Listed | None:
        if self.highlighted is None or not self.scenarios:
            return None
        return self.scenarios[self.highlighted]

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(event.option.id))
