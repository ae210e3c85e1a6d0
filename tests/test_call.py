from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.testkit import script
from trainer.engine.call import Call, CallOver, replay
from trainer.engine.models import ByMood, Line, Scenario
from trainer.formats.catalog import Catalog


def test_winning_script_wins_and_losing_script_loses(bow: Scenario) -> None:
    win = replay(bow, script("best-of-the-worst.win.txt"), seed=0)
    lose = replay(bow, script("best-of-the-worst.lose.txt"), seed=0)
    assert win.outcome == "won" and lose.outcome == "lost"
    assert win.scorecard().overall - lose.scorecard().overall >= 40


def test_same_seed_same_call_different_seed_different_words(bow: Scenario) -> None:
    lines = script("best-of-the-worst.win.txt")
    a = json.dumps(replay(bow, lines, seed=7).to_json())
    b = json.dumps(replay(bow, lines, seed=7).to_json())
    assert a == b
    replies = {
        tuple(t.customer for t in replay(bow, lines, seed=s).turns) for s in range(6)
    }
    assert len(replies) > 1


def test_turn_explains_itself(bow: Scenario) -> None:
    call = Call(bow, seed=1)
    # The scenario's own behaviours are heard from examples and need three content words to go
    # on ("Thanks for being so blunt, Walt." has two: thanks, blunt), so the thanks says more.
    turn = call.say("Thanks for being so blunt about all of it, Walt. We let you down and that's on us.")
    assert {"ownership", "thanks"} <= set(turn.behaviors)
    assert turn.mood_before == "angry" and turn.mood_after == "listening"
    assert any("ownership" in c.why for c in turn.changes)
    assert turn.score_events and all(e.turn == 1 for e in turn.score_events)
    assert any(e.evidence.startswith("We let you down") for e in turn.score_events)


def test_variants_do_not_repeat_within_a_call(bow: Scenario) -> None:
    call = Call(bow, seed=2)
    replies = [call.say("Go on.").customer for _ in range(3)]
    assert len(set(replies[:2])) == 2


def test_speaking_after_the_end_is_refused(bow: Scenario) -> None:
    call = replay(bow, script("best-of-the-worst.lose.txt"))
    assert call.ended
    with pytest.raises(CallOver):
        call.say("hello?")


def test_hang_up_leaves_the_call_open(bow: Scenario) -> None:
    call = Call(bow)
    call.say("Thanks, Walt.")
    goodbye = call.hang_up()
    assert call.outcome == "open" and goodbye


def test_turn_limit_ends_open(bow: Scenario) -> None:
    call = replay(bow, ["Okay."] * 40)
    assert call.outcome == "open" and len(call.turns) == bow.max_turns


@pytest.mark.parametrize(
    "text", ["", "   ", "\x00\x1b[2J\x07", "👍🔥 ok", "x" * 100_000, "[link=x]click[/link]"]
)
def test_any_line_is_handled(bow: Scenario, text: str) -> None:
    call = Call(bow)
    turn = call.say(text)
    assert turn.customer
    assert turn.trainee == text  # nothing the trainee typed is changed or lost


def test_unknown_difficulty_is_refused(bow: Scenario) -> None:
    with pytest.raises(ValueError):
        Call(bow, difficulty="brutal")


def test_difficulty_changes_behaviour_not_just_labels(bow: Scenario) -> None:
    lines = script("best-of-the-worst.win.txt")
    easy = replay(bow, lines, difficulty="easy")
    hard = replay(bow, lines, difficulty="hard")
    assert easy.outcome == "won"
    assert len(easy.turns) <= len(hard.turns)
    assert bow.levels["hard"].strikes < bow.levels["easy"].strikes


def test_a_landed_topic_forgives_its_sentence_but_not_too_early(catalog) -> None:  # type: ignore[no-untyped-def]
    """ceo-hotline: naming the customer's part is honest once he listens, an excuse before."""
    s = catalog.scenario("ceo-hotline")
    assert "excuse" in s.topics["set_boundary"].forgives
    push_back = "Your side has to change too: every order can't be a rush, and that's why dates slip."
    early = Call(s, seed=1).say(push_back)
    assert "set_boundary" in early.topics_refused and "excuse" in early.behaviors
    topic = s.topics["set_boundary"]
    accepted = {s.fill(x.text) for x in topic.answers.at(topic.min_mood)}
    assert not any(line in early.customer for line in accepted)
    call = Call(s, seed=1)
    call.say("We've let you down and that's on us. I'm sorry. What has gone wrong for you?")
    call.say("I can imagine how that looks to your board. Why do you end up calling Alan?")
    while call.mood.index < s.topics["set_boundary"].min_mood:
        call.say("What else should I know?")
    # Said too early, it was heard all the same: it counts once he is ready to hear it, and
    # saying it again forgives what its words look like.
    assert "set_boundary" in call.covered
    late = call.say(push_back)
    assert "set_boundary" in late.heard.topic_ids() and "excuse" not in late.behaviors


def test_the_pass_mark_splits_won_from_not_won(bow: Scenario) -> None:
    """A won call passes however short it was; a call not won never reaches the mark."""
    strict = replace(bow, pass_mark=99)
    win = replay(strict, script("best-of-the-worst.win.txt"), seed=0)
    assert win.outcome == "won"
    assert win.ledger.scorecard().overall < 99  # what the criteria alone add up to
    card = win.scorecard()
    assert card.overall == 99
    assert card.tips[0][0] == "overall" and "won over" in card.tips[0][1]
    unfinished = replay(strict, script("best-of-the-worst.win.txt")[:3], seed=0)
    assert unfinished.outcome is None
    assert unfinished.scorecard().overall <= 98


# -- lines that presuppose a topic (`after:`) ---------------------------------------------

PRESUPPOSES = "So, about those two failures you just walked me through."


def _with_presupposing_fallback(catalog: Catalog) -> Scenario:
    """hardware-refund answering everything but topics from one fallback list, one line of
    which refers back to the failure story."""
    hw = catalog.scenario("hardware-refund")
    lines = (Line(PRESUPPOSES, ("failure_story",)), Line("Go on."), Line("And?"))
    return replace(hw, reactions={}, fallback=ByMood(((0, lines),)))


def _play(s: Scenario, seed: int) -> list[tuple[str, tuple[str, ...]]]:
    call = Call(s, seed=seed)
    said = [
        "I hear you.",
        "That sounds awful.",
        "I'm listening.",
        "Can you walk me through what happened with the units?",
        "I see.",
        "Right, understood.",
        "Okay, I follow.",
    ]
    return [(t.customer, t.topics) for t in (call.say(line) for line in said)]


@pytest.mark.parametrize("seed", range(6))
def test_a_line_waits_for_the_topic_it_presupposes(catalog: Catalog, seed: int) -> None:
    s = _with_presupposing_fallback(catalog)
    turns = _play(s, seed)
    assert [topics for _, topics in turns[:4]] == [(), (), (), ("failure_story",)]
    assert not any(PRESUPPOSES in reply for reply, _ in turns[:4])
    # three fallback turns after it, three variants: the line that waited is said in one
    assert any(PRESUPPOSES in reply for reply, _ in turns[4:])
    assert _play(s, seed) == turns  # and the same seed picks the same lines


def test_when_every_variant_waits_the_fallback_answers(catalog: Catalog) -> None:
    hw = catalog.scenario("hardware-refund")
    waiting = (Line("Now that we've settled the debrief...", ("debrief",)),)
    s = replace(hw, reactions={}, closing={**hw.closing, "open": waiting})
    call = Call(s, seed=3)
    goodbye = call.hang_up()
    assert goodbye in {s.fill(line.text) for line in hw.fallback.at(hw.start)}
