"""The customer's mood: a `transitions` state machine built from the scenario's data.

States are the scenario's mood levels; triggers are behaviours and topics. Each trigger moves
the mood a fixed number of levels (scaled by difficulty), so the machine itself is the
explanation: every change records which trigger fired, from where to where, and why.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from transitions import Machine

from trainer.engine.models import CONTEXT_MOVES, Level, Scenario


@dataclass(frozen=True)
class MoodChange:
    trigger: str
    before: str
    after: str
    why: str

    @property
    def moved(self) -> bool:
        return self.before != self.after


def scaled(step: int, level: Level) -> int:
    """A move adjusted for difficulty; a non-zero move never rounds away to nothing."""
    if step == 0:
        return 0
    factor = level.gain if step > 0 else level.loss
    size = max(1, math.floor(abs(step) * factor + 0.5))
    return size if step > 0 else -size


class _Customer:
    """The model object the machine drives; `state` is the current mood name."""

    state: str
    trigger: Callable[[str], bool]  # bound by transitions; declared here for the type checker


class MoodMachine:
    """One call's mood. Fire behaviours and topics with :meth:`apply`; read :attr:`path`."""

    def __init__(self, scenario: Scenario, level: Level) -> None:
        self.scale = scenario.scale
        self.level = level
        self.model = _Customer()
        self.steps: dict[str, int] = {}
        triggers = set(scenario.all_behaviors()) | set(scenario.topics) | set(CONTEXT_MOVES)
        for trig in sorted(triggers):
            step = scaled(scenario.move_for(trig), level)
            if step:
                self.steps[trig] = step
        self.machine = Machine(
            model=self.model,
            states=list(self.scale),
            initial=self.scale[scenario.start],
            auto_transitions=False,
        )
        top = len(self.scale) - 1
        for trig, step in self.steps.items():
            for i, state in enumerate(self.scale):
                target = min(top, max(0, i + step))
                if target != i:
                    self.machine.add_transition(self._name(trig), state, self.scale[target])
        self.path: list[str] = [self.model.state]

    @staticmethod
    def _name(trigger: str) -> str:
        return f"hear_{trigger}"

    @property
    def current(self) -> str:
        return self.model.state

    @property
    def index(self) -> int:
        return self.scale.index(self.model.state)

    def step_for(self, trigger: str) -> int:
        return self.steps.get(trigger, 0)

    def apply(
        self,
        triggers: list[tuple[str, str]],
        repeat: int = 1,
        floor: int = 0,
        keep_above: int | None = None,
        weigh_falls: bool = False,
    ) -> list[MoodChange]:
        """Fire (trigger, reason) pairs in order; falls first, then rises up to the turn's cap.

        ``repeat`` fires each rise more than once (a good first reply weighs more; a misheard
        one must not). Once the mood reaches ``floor`` the customer has stopped listening:
        nothing later lifts it. ``keep_above``: falls stop one level above it (a first reply
        short of abuse never ends the call). ``weigh_falls``: ``repeat`` applies to falls too
        (abuse in a first reply weighs as much as a good first reply).
        """
        changes: list[MoodChange] = []
        risen = 0
        ordered = sorted(triggers, key=lambda t: self.step_for(t[0]) > 0)
        for trig, reason in ordered:
            step = self.step_for(trig)
            if not step:
                continue
            if self.index <= floor:
                changes.append(
                    MoodChange(
                        trig,
                        self.current,
                        self.current,
                        f"{reason}; too late, they stopped listening",
                    )
                )
                continue
            times = repeat if step > 0 or weigh_falls else 1
            cap = self.level.max_rise + repeat - 1  # the first reply may lift one level more
            for _ in range(times):
                before = self.model.state
                # A rise never overshoots the turn's cap, except that one big step may land alone.
                if step > 0 and (risen >= cap or (risen > 0 and risen + step > cap)):
                    changes.append(
                        MoodChange(trig, before, before, f"{reason}; no further lift this turn")
                    )
                    break
                at_end = self.index == (len(self.scale) - 1 if step > 0 else 0)
                guarded = keep_above is not None and step < 0 and self.index + step <= keep_above
                if guarded and keep_above is not None:
                    target = max(self.index, keep_above + 1)
                    self.machine.set_state(self.scale[target], model=self.model)
                elif not at_end:  # at the end of the scale there is no transition to fire
                    self.model.trigger(self._name(trig))
                after = self.model.state
                risen += max(0, self.scale.index(after) - self.scale.index(before))
                sign = "+" if step > 0 else ""
                why = f"{reason} ({sign}{step})"
                if times > 1:
                    why += ", first reply counts double"
                if guarded:
                    why += "; a first reply alone does not end the call"
                elif after == before:
                    why += "; already at the end of the scale"
                changes.append(MoodChange(trig, before, after, why))
                if self.index <= floor:
                    break
        self.path.append(self.model.state)
        return changes
