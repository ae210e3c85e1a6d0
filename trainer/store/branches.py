"""Rewinding a call: a new linked call that replays the first lines, then goes its own way."""

from __future__ import annotations

from trainer.engine.call import Call, replay
from trainer.engine.models import Scenario
from trainer.store.errors import StoreError
from trainer.store.reads import Reads
from trainer.store.store import Writes


class Branches(Writes, Reads):
    """Branches link to their parent by UUID and the turn they left it after."""

    def branch(
        self, call_id: int, turn: int, scenario: Scenario, speaker: str | None = None
    ) -> tuple[int, Call]:
        """Rewind ``call_id`` to after ``turn``: a new linked call replaying its first lines.

        The customer's state is restored by replaying the same lines with the same seed, so it
        is exactly what it was. Returns the new call's id and the live call to go on with.
        """
        parent = self.load_call(call_id)
        if scenario.id != parent.scenario_id:
            raise StoreError(f"call {call_id} is {parent.scenario_id}, not {scenario.id}")
        if not 0 <= turn <= len(parent.turns):
            raise StoreError(f"call {call_id} has {len(parent.turns)} turns; cannot rewind to {turn}")
        if turn > 0 and parent.turns[turn - 1].ended:
            raise StoreError(f"call {call_id} ended at turn {turn}; rewind to an earlier turn")
        call = replay(
            scenario,
            parent.lines(turn),
            seed=parent.seed,
            difficulty=parent.difficulty,
            trainee_name=parent.trainee,
        )
        for old, new in zip(parent.turns[:turn], call.turns, strict=True):
            if (old.customer, old.mood_after) != (new.customer, new.mood_after):
                raise StoreError(
                    f"scenario '{scenario.id}' has changed since call {call_id} was recorded "
                    f"(turn {old.number} now goes differently), so it cannot be rewound exactly"
                )
        new_id = self.start_call(
            scenario,
            parent.seed,
            parent.difficulty,
            parent.trainee,
            parent.mode,
            parent.group,
            parent.session_id,
            parent=(call_id, turn),
            opening=call.opening,
        )
        speakers = [old.speaker for old in parent.turns[:turn]]
        self._insert_turns(new_id, list(zip(call.turns, speakers, strict=True)), inherited=True)
        return new_id, call
