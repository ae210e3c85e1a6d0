"""How the trainee wants to play: name, difficulty, mode and seed. Plain data, no widgets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the home screen needs no engine call and no history: both load on use
    from trainer.engine.call import Call
    from trainer.engine.models import Scenario

Mode = Literal["practice", "assessment"]
MODES: tuple[Mode, ...] = ("practice", "assessment")


@dataclass(frozen=True)
class Setup:
    """The choices made on the home screen (or on the command line)."""

    trainee: str = "you"
    """The trainee's name; the customer may use it ({trainee} in scenario lines)."""
    difficulty: str | None = None
    """easy, normal or hard; None plays the scenario's own difficulty."""
    mode: Mode = "practice"
    """practice shows hints and the live rubric; assessment hides both and gives a verdict."""
    seed: int = 0
    """The same seed, scenario and lines give the same customer replies."""
    group: tuple[str, ...] = ()
    """A coach's hot seat: these trainees answer in turn (empty: one trainee)."""

    def with_(self, **changes: object) -> Setup:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def practice(self) -> bool:
        return self.mode == "practice"

    @property
    def speakers(self) -> tuple[str, ...]:
        """Who can answer: the group, or the one trainee."""
        return self.group or (self.trainee.strip() or "you",)

    def new_call(self, scenario: Scenario) -> Call:
        from trainer.engine.call import Call

        return Call(
            scenario,
            seed=self.seed,
            difficulty=self.difficulty,
            trainee_name=self.trainee.strip() or "you",
        )


def passed(call: Call) -> bool:
    """Assessment verdict for a live call, by the store's pass rule (the one place it lives)."""
    from trainer.store import passes

    return passes(call.outcome, call.scorecard().overall, call.scenario.pass_mark)
