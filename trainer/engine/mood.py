"""The customer's mood: a `transitions` state machine built from the scenario's data.

States are the scenario's mood levels; triggers are behaviours and topics. Each trigger moves
the mood a fixed number of levels (scaled by difficulty), so the machine itself is the
explanation: every change records which trigger fired, from where to where, and why. The
machine holds no call's mood (a call's state does), so moving it is a pure function.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from transitions import Machine

from trainer.engine.models import CONTEXT_MOVES, NEGATIVE_ROLES, Level, Scenario


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


def guessed(trigger: str) -> str:
    """The trigger for a misstep only the learned model heard: a guess, which can mishear, so it
    costs one level at most (one misheard line must not undo a good call)."""
    return f"{trigger} (a guess)"


class _Customer:
    """The model object the machine is built on; `state` is a mood name."""

    state: str


class MoodMachine:
    """A scenario's mood moves at one difficulty. It holds no call's mood: :meth:`apply` takes a
    level and returns the new one, so a call, a rewind and explore's search share one machine."""

    def __init__(self, scenario: Scenario, level: Level) -> None:
        self.scale = scenario.scale
        self.level = level
        self.steps: dict[str, int] = {}
        triggers = set(scenario.all_behaviors()) | set(scenario.topics) | set(CONTEXT_MOVES)
        for trig in sorted(triggers):
            step = scaled(scenario.move_for(trig), level)
            if step:
                self.steps[trig] = step
            # The rubric's missteps are what the learned model can hear (a scenario's traps
            # and repetition it cannot).
            said = scenario.rubric.behaviors.get(trig)
            if step < -1 and said is not None and said.role in NEGATIVE_ROLES:
                self.steps[guessed(trig)] = -1
        self.machine = Machine(
            model=_Customer(),
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
        # What firing a trigger at a level leads to, read back from the machine's transitions.
        self._targets = {(trig, src): dst for trig, src, dst in self.transitions()}

    @staticmethod
    def _name(trigger: str) -> str:
        return f"hear_{trigger}"

    def transitions(self) -> list[tuple[str, int, int]]:
        """Every move the machine registered: (trigger, from level, to level), as indexes."""
        index = {name: i for i, name in enumerate(self.scale)}
        out = []
        for name, event in self.machine.events.items():
            trigger = name.removeprefix("hear_")
            for source, transitions in event.transitions.items():
                out += [(trigger, index[source], index[str(tr.dest)]) for tr in transitions]
        return out

    def step_for(self, trigger: str) -> int:
        return self.steps.get(trigger, 0)

    def apply(
        self,
        mood: int,
        triggers: list[tuple[str, str]],
        repeat: int = 1,
        floor: int = 0,
        keep_above: int | None = None,
        weigh_falls: bool = False,
    ) -> tuple[int, list[MoodChange]]:
        """Fire (trigger, reason) pairs from level ``mood`` in order; falls first, then rises up
        to the turn's cap. Returns the level reached and every change, with its reason.

        ``repeat`` fires each rise more than once (a good first reply weighs more; a misheard
        one must not). Once the mood reaches ``floor`` the customer has stopped listening:
        nothing later lifts it. ``keep_above``: falls stop one level above it (a first reply
        short of abuse never ends the call). ``weigh_falls``: ``repeat`` applies to falls too
        (abuse in a first reply weighs as much as a good first reply).
        """
        scale = self.scale
        changes: list[MoodChange] = []
        risen = 0
        ordered = sorted(triggers, key=lambda t: self.step_for(t[0]) > 0)
        for trig, reason in ordered:
            step = self.step_for(trig)
            if not step:
                continue
            if mood <= floor:
                here = scale[mood]
                changes.append(
                    MoodChange(trig, here, here, f"{reason}; too late, they stopped listening")
                )
                continue
            times = repeat if step > 0 or weigh_falls else 1
            cap = self.level.max_rise + repeat - 1  # the first reply may lift one level more
            for _ in range(times):
                before = mood
                # A rise never overshoots the turn's cap, except that one big step may land alone.
                if step > 0 and (risen >= cap or (risen > 0 and risen + step > cap)):
                    changes.append(
                        MoodChange(
                            trig, scale[before], scale[before], f"{reason}; no further lift this turn"
                        )
                    )
                    break
                guarded = keep_above is not None and step < 0 and mood + step <= keep_above
                if guarded and keep_above is not None:
                    mood = max(mood, keep_above + 1)
                else:  # at the end of the scale there is no transition: the mood stays
                    mood = self._targets.get((trig, mood), mood)
                risen += max(0, mood - before)
                sign = "+" if step > 0 else ""
                why = f"{reason} ({sign}{step})"
                if times > 1:
                    why += ", first reply counts double"
                if guarded:
                    why += "; a first reply alone does not end the call"
                elif mood == before:
                    why += "; already at the end of the scale"
                changes.append(MoodChange(trig, scale[before], scale[mood], why))
                if mood <= floor:
                    break
        return mood, changes
