"""The call judges a line in context, as a customer would (issue 9).

A first reply short of abuse cannot end the call, abuse weighs double, a keyword list earns
nothing, a good move earns once per stretch, and a stack of stock phrases sounds scripted.
"""

from __future__ import annotations

import pytest

from trainer.engine.call import Call
from trainer.engine.coach import hint
from trainer.engine.listener.listen import Detection, Heard
from trainer.engine.models import Scenario
from trainer.formats.catalog import Catalog

DEFENSIVE = (
    "Not to make excuses, but your team kept changing the requirements. "
    "Frankly our delivery record is a lot better than that list suggests."
)
ABUSE = "Calm down, Walt, you're overreacting. It was only a few glitches."


def level(s: Scenario, mood: str) -> int:
    return s.scale.index(mood)


def test_a_first_reply_short_of_abuse_cannot_end_the_call(bow: Scenario) -> None:
    # On hard two strikes end a call, and an excuse plus defending the record are two strikes
    # that fall two levels each: enough to lose on any later turn, but not on the first.
    first = Call(bow, seed=3, difficulty="hard").say(DEFENSIVE)
    assert {"excuse", "defend_record"} <= set(first.heard.behavior_ids())
    assert not first.ended and first.strikes == 2
    assert level(bow, first.mood_after) == bow.lost_mood + 1  # stopped one above the loss
    later = Call(bow, seed=3, difficulty="hard")
    later.say("Go on.")
    assert later.say(DEFENSIVE).outcome == "lost"


def test_abuse_in_a_first_reply_weighs_double_and_can_end_the_call(bow: Scenario) -> None:
    first = Call(bow, seed=3).say(ABUSE)
    assert "dismissive" in first.heard.behavior_ids()
    assert first.outcome == "lost"
    later = Call(bow, seed=3)
    later.say("Go on.")
    turn = later.say(ABUSE)
    # Angry to hostile: the put-down's two levels, once; the same words in turn 1 fell to the floor.
    assert not turn.ended
    assert level(bow, turn.mood_before) - level(bow, turn.mood_after) == 2


def test_a_turn_of_fragments_earns_nothing_and_costs_a_level(bow: Scenario) -> None:
    call = Call(bow, seed=3)
    call.say("We let you down and that's on us.")
    turn = call.say("Priorities? Timeline? Owners?")
    assert set(turn.heard.acts) == {"fragment"}
    assert not turn.heard.behavior_ids()  # a fragment hears nothing
    assert not turn.score_events and not turn.topics
    assert level(bow, turn.mood_before) - level(bow, turn.mood_after) == 1


def test_a_good_move_counts_once_per_stretch(bow: Scenario) -> None:
    call = Call(bow, seed=3)
    call.say("Go on.")
    asked = call.say("How did the last outage play out for the people on your service desk?")
    assert "clarifying_question" in asked.heard.behavior_ids() and asked.score_events
    assert not asked.topics  # nothing landed: the stretch goes on
    again = call.say("And how did the one before that land with your service desk staff?")
    assert "clarifying_question" in again.heard.behavior_ids()
    assert not again.score_events and again.mood_after == again.mood_before
    assert any("already counted" in n for n in again.notes)


def test_stock_phrases_stacked_in_a_short_line_sound_scripted(bow: Scenario) -> None:
    call = Call(bow, seed=3)
    call.say("Go on.")
    turn = call.say("I own it, sorry, I understand, what do you need?")
    assert len({"ownership", "apology", "empathy", "clarifying_question"} & set(turn.heard.behavior_ids())) >= 3
    assert not turn.score_events
    assert level(bow, turn.mood_before) - level(bow, turn.mood_after) == 1


def test_a_customer_on_side_says_what_still_blocks_the_win(catalog: Catalog) -> None:
    """Top mood without the required make-good: the turn and the hint name what is missing."""
    call = Call(catalog.scenario("hardware-refund"), seed=0, difficulty="easy")
    lines = [
        "Renata, you have every right to be angry, and I'm not going to interrupt. We recommended that hardware, so this one is on us.",
        "Before I say anything else, walk me through what happened the second time, from your side.",
        "What has all this done to the rollout and the depots?",
        "And what has it cost you personally? The weekends, and how it's landed with Graham?",
    ]
    for line in lines:
        turn = call.say(line)
    assert call.outcome is None
    assert call.mood.index >= call.scenario.won_mood
    assert any("still missing" in n and "make-good" in n for n in turn.notes)
    assert "make-good" in hint(call).text


@pytest.mark.parametrize(("rule", "ends"), [("like the example 'x'", False), ("pattern /x/", True)])
def test_only_a_spelled_out_put_down_ends_the_first_reply(
    bow: Scenario, monkeypatch: pytest.MonkeyPatch, rule: str, ends: bool
) -> None:
    """Abuse ends a call on turn 1 only when heard in words the scenario spells out; one
    judged by likeness to examples may be a mishearing, so it stops above the loss."""
    call = Call(bow, seed=3)
    line = "Calm down, you are overreacting."
    heard = Heard(line, (Detection("dismissive", 0.9, line, rule, 0),), (), ("statement",))
    monkeypatch.setattr(call.listener, "hear", lambda text: heard)
    turn = call.say(line)
    assert turn.ended is ends
    if not ends:
        assert level(bow, turn.mood_after) > bow.lost_mood


@pytest.mark.parametrize(
    ("rule", "strikes"), [("learned from examples: 'x'", 0), ("pattern /x/", 1)]
)
def test_a_learned_guess_alone_is_no_strike(
    bow: Scenario, monkeypatch: pytest.MonkeyPatch, rule: str, strikes: int
) -> None:
    """A strike can end the call, so it needs words a scenario spells out or its examples;
    the learned model's guess still costs mood."""
    call = Call(bow, seed=3)
    call.say("That's on us, Walt.")
    line = "The courier lost it."
    heard = Heard(line, (Detection("excuse", 0.7, line, rule, 0),), (), ("statement",))
    monkeypatch.setattr(call.listener, "hear", lambda text: heard)
    turn = call.say(line)
    assert turn.strikes == strikes
    assert level(bow, turn.mood_after) < level(bow, turn.mood_before)
