"""The call's rules as one pure step (trainer.engine.step), shared by Call, rewind and explore."""

from __future__ import annotations

from dataclasses import replace

from tests.testkit import ROOT
from trainer.authoring import explore
from trainer.engine.call import Call, replay
from trainer.engine.listener.listen import Detection, Heard
from trainer.engine.models import Outcome, Scenario
from trainer.engine.step import CallState, ScenarioRules, step
from trainer.formats.catalog import Catalog


def _script(name: str) -> list[str]:
    text = (ROOT / "scenarios" / "scripts" / name).read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def test_the_step_is_pure_and_is_what_the_call_applies(bow: Scenario) -> None:
    rules = ScenarioRules.build(bow, "normal")
    call = Call(bow)
    line = _script("best-of-the-worst.win.txt")[0]
    heard = call.hear(line)
    start = rules.start()
    first = step(rules, start, heard, line)
    assert step(rules, start, heard, line) == first  # same inputs, same result
    assert start == CallState(mood=bow.start)  # the state given is left as it was
    turn = call.say(line)
    assert turn.changes == first[1].changes and turn.topics == first[1].new_topics
    assert turn.state == replace(first[0], expecting=turn.state.expecting)
    assert first[0].mood != bow.start  # the line did move the mood: the check has teeth


def test_a_rewind_restores_the_rules_state(bow: Scenario) -> None:
    lines = _script("best-of-the-worst.win.txt")
    call = replay(bow, lines, seed=2)
    again = replay(bow, lines[:3], seed=2)
    assert again.state == call.turns[2].state
    assert again.to_json()["turns"] == call.to_json()["turns"][:3]


def test_a_missed_deadline_loses_with_the_deadline_closing(catalog: Catalog) -> None:
    s = catalog.scenario("misleading-decision-maker")
    deadline = s.topics["other_vendors"].deadline
    assert deadline is not None
    call = Call(s, seed=0)
    for line in ["Okay.", "Right.", "I see.", "Sure.", "Go on.", "Mm, okay.", "Right then."]:
        if call.ended:
            break
        call.say(line)
    last = call.turns[-1]
    assert len(call.turns) == deadline, call.end_reason
    assert call.outcome is Outcome.LOST and last.outcome is Outcome.LOST
    assert last.reply_to == "closing (deadline)"
    assert "was not uncovered by turn" in call.end_reason
    assert call.to_json()["outcome"] == "lost"


def test_explore_search_lands_topics_by_the_calls_story_order(bow: Scenario) -> None:
    """The proposal waits for the 'ask' step in a call; the search must not land it sooner."""
    rules = replace(ScenarioRules.build(bow, "normal"), clock=False)
    high = bow.topics["way_forward"].min_mood
    assert high is not None
    propose = ((), ("way_forward",), False)
    early = CallState(mood=high, turn=1, heard_ever=frozenset({"ownership"}))
    after, _ = explore.advance(rules, early, propose)
    assert "way_forward" not in after.covered
    ready = replace(early, covered=("business_objectives",))
    after, _ = explore.advance(rules, ready, propose)
    assert "way_forward" in after.covered


def _heard(text: str, behaviors: tuple[str, ...] = (), topics: tuple[str, ...] = ()) -> Heard:
    def det(i: str) -> Detection:
        return Detection(i, 0.9, text, "pattern /test/", 0)

    return Heard(text, tuple(det(b) for b in behaviors), tuple(det(t) for t in topics), ("statement",))


def test_a_question_asked_before_its_step_counts_once_the_step_is_reached(bow: Scenario) -> None:
    """The customer answered it then; a trainee who asks first and owns after learned it."""
    rules = ScenarioRules.build(bow, "normal")
    state, early = step(rules, rules.start(), _heard("What's the plan?", topics=("business_objectives",)), "")
    assert "business_objectives" in early.refused and "business_objectives" not in state.covered
    state, owned = step(rules, state, _heard("Thank you, Walt.", behaviors=("thanks",)), "")
    assert state.covered == ("business_objectives",)
    assert any("said before its time" in n for n in owned.notes)
    assert state.said_early == ()


def test_an_offer_made_before_its_step_has_to_be_made_again(bow: Scenario) -> None:
    rules = ScenarioRules.build(bow, "normal")
    high = bow.topics["way_forward"].min_mood
    assert high is not None
    start = replace(rules.start(), mood=high)
    state, early = step(rules, start, _heard("Here's the plan.", topics=("way_forward",)), "")
    assert "way_forward" in early.refused
    state, _ = step(rules, state, _heard("Thank you.", ("thanks",), ("business_objectives",)), "")
    assert state.covered == ("business_objectives",)


def test_a_misstep_only_the_learned_model_heard_moves_the_mood_one_level(bow: Scenario) -> None:
    rules = ScenarioRules.build(bow, "hard")
    mood = bow.scale.index("open")
    guess = Heard("x", (Detection("dismissive", 0.6, "x", "learned from examples: 'x'", 0),), ())
    sure = Heard("x", (Detection("dismissive", 0.9, "x", "pattern /x/", 0),), ())
    after_guess, _ = step(rules, replace(rules.start(), mood=mood, turn=3), guess, "x")
    after_sure, _ = step(rules, replace(rules.start(), mood=mood, turn=3), sure, "x")
    assert after_guess.mood == mood - 1
    assert after_sure.mood < after_guess.mood - 1
