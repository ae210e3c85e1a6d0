from __future__ import annotations

from trainer.engine.call import Call
from trainer.engine.models import Scenario
from trainer.engine.scoring import Ledger


def test_every_point_is_traceable_to_a_turn_and_words(bow: Scenario) -> None:
    call = Call(bow, seed=0)
    call.say("I'm sorry, Walt. That failure is on us.")
    call.say("To be fair, your change board held us up for weeks.")
    card = call.scorecard()
    credited = {cid: [(e.on, e.turn) for e in c.events] for cid, c in card.criteria.items()}
    assert credited == {
        "ownership": [("ownership", 1), ("apology", 1), ("excuse", 2)],
        "excuse_avoidance": [("excuse", 2)],
        "clarifying_questions": [],
        "empathy": [("apology", 1)],
        "next_steps": [],
    }
    for crit in card.criteria.values():
        # Nothing here reaches 0 or 100, so the score is exactly its start plus its events.
        assert crit.score == bow.rubric.criteria[crit.id].start + sum(e.points for e in crit.events)
        assert all(e.evidence for e in crit.events)
    excuse = card.criteria["excuse_avoidance"].events[0]
    assert "change board" in excuse.evidence
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
    assert card.criteria["excuse_avoidance"].score == 0  # five excuses would take it far below
    assert card.tips and card.tips[0][0] in card.criteria


def test_scores_stop_at_100(bow: Scenario) -> None:
    ledger = Ledger(bow.rubric)
    for turn in range(1, 4):
        for behaviour in ("ownership", "apology", "action_commitment"):
            ledger.record(turn, behaviour, "that's on us, sorry, I'll call you Friday")
    card = ledger.scorecard()
    assert sum(e.points for e in card.criteria["ownership"].events) > 100
    assert card.criteria["ownership"].score == 100


def test_scenario_behaviours_add_their_own_scores(bow: Scenario) -> None:
    call = Call(bow)
    call.say("Our numbers actually show most projects landed on time.")
    events = call.scorecard().criteria["excuse_avoidance"].events
    assert any(e.on == "defend_record" and e.points < 0 for e in events)
