"""The coach's whisper and the better line: advice computed from the call, never canned.

Hints look at what the trainee has not done yet (owned it, acknowledged the impact, asked about
the open topics, proposed a next step), in the order a good call would do them. Review uses
:func:`better_line` to put a stronger sentence next to a turn that cost points.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.engine.call import Call, Turn


@dataclass(frozen=True)
class Hint:
    text: str
    about: str


def hint(call: Call) -> Hint:
    """The single most useful nudge for the trainee's next line."""
    s = call.scenario
    said = {b for t in call.turns for b in t.behaviors}
    last = call.turns[-1] if call.turns else None
    missing = call.missing_for_win()
    if call.mood.index >= s.won_mood and missing and not call.ended:
        return Hint(
            f"{s.customer.name} is on side, but the call cannot close yet. Still missing: "
            + "; ".join(missing)
            + ".",
            "blocked",
        )
    if last and ({"excuse", "dismissive"} & set(last.behaviors)):
        bad = "excuse" if "excuse" in last.behaviors else "dismissive"
        return Hint(
            "That last line sounded like "
            + ("an excuse" if bad == "excuse" else "you were brushing the problem aside")
            + ". Take it back in plain words and own your part.",
            bad,
        )
    if "ownership" not in said:
        return Hint("Before anything else, say plainly what is yours to own.", "ownership")
    if "empathy" not in said and "apology" not in said:
        return Hint(
            f"Acknowledge what this has cost {s.customer.name} and their people.", "empathy"
        )
    for t in s.topics.values():
        if t.secret or t.id in call.covered or t.kind != "question":
            continue
        if t.hint:
            return Hint(s.fill(t.hint, call.trainee_name), t.id)
    for t in s.topics.values():
        if not t.secret and t.id not in call.covered and t.hint:
            return Hint(s.fill(t.hint, call.trainee_name), t.id)
    if "action_commitment" not in said:
        return Hint("Close with something concrete: who does what, by when.", "action_commitment")
    return Hint("You're on track. Check what they need from you to say yes.", "")


def better_line(call: Call, turn: Turn) -> str | None:
    """A stronger line for a turn that cost points or mood, from the scenario's model answers."""
    s = call.scenario
    lost_points = any(e.points < 0 for e in turn.score_events)
    fell = s.scale.index(turn.mood_after) < s.scale.index(turn.mood_before)
    if not (lost_points or fell or turn.topics_refused):
        return None
    for bid in turn.behaviors:
        if bid in s.model_answers:
            return s.fill(s.model_answers[bid], call.trainee_name)
    for tid in turn.topics_refused:
        if s.topics[tid].model_answer:
            return s.fill(s.topics[tid].model_answer, call.trainee_name)
    uncovered = [t for t in s.topics.values() if t.id not in call.covered and t.model_answer]
    if uncovered:
        return s.fill(uncovered[0].model_answer, call.trainee_name)
    return None
