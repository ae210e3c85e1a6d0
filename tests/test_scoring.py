from __future__ import annotations

from trainer.engine.call import Call
from trainer.engine.models import Scenario
from trainer.engine.scoring import Ledger


def test_every_point_is_traceable_to_a_turn_and_words(bow: Scenario) -> None:
    call = Call(bow, seed=0)
    call.say("I'm sorry, Walt. That failure is on us.")
    call.say("To be fair, your change board held us up for weeks.")
    card = call.scorecard()
    for crit in card.criteria.values():
        expected = bow.rubric.criteria[crit.id].start + sum(e.points for e in crit.events)
        assert crit.score == max(0, min(100, expected))
        for e in crit.events:
            assert e.turn in (1, 2) and e.evidence
    excuse = [e for e in card.criteria["excuse_avoidance"].events if e.on == "excuse"]
    assert excuse and excuse[0].turn == 2 and "change board" in excuse[0].evidence
    assert set(card.as_numbers()) == {*bow.rubric.criteria, "overall"}


def test_times_caps_repeated_credit(bow: Scenario) -> None:
    ledger = Ledger(bow.rubric)
    for turn in range(1, 6):
        ledger.record(turn, "ownership", "that's on us")
    owned = [e for e in ledger.events if e.criterion == "ownership" and e.on == "ownership"]
    assert len(owned) == 3  # the rubric counts ownership at most three times


def test_scores_clamp_and_tips_name_the_weakest(bow: Scenario) -> None:
    ledger = Ledger(bow.rubric)
    for turn in range(1, 6):
        ledger.record(turn, "excuse", "not our department")
    card = ledger.scorecard()
    assert card.criteria["excuse_avoidance"].score == 0
    assert 0 <= card.overall <= 100
    assert card.tips and card.tips[0][0] in card.criteria


def test_scenario_behaviours_add_their_own_scores(bow: Scenario) -> None:
    call = Call(bow)
    call.say("Our numbers actually show most projects landed on time.")
    events = call.scorecard().criteria["excuse_avoidance"].events
    assert any(e.on == "defend_record" and e.points < 0 for e in events)
