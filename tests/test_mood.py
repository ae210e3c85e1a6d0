from __future__ import annotations

from dataclasses import replace

from trainer.engine.models import Level, Scenario
from trainer.engine.mood import MoodMachine, guessed, scaled

EVEN = Level(gain=1, loss=1, max_rise=1, strikes=3, min_topics=5)


def _angry(bow: Scenario, **moves: int) -> MoodMachine:
    """bow's scale, starting at angry, with exactly these steps (so the test states its numbers)."""
    return MoodMachine(replace(bow, start=bow.scale.index("angry"), moves=moves), EVEN)


def test_machine_is_built_from_the_scenario(bow: Scenario) -> None:
    """Start, steps and topic moves come from the scenario given, whatever the shipped file says."""
    way_forward = replace(bow.topics["way_forward"], move=3)
    s = replace(
        bow,
        start=bow.scale.index("listening"),
        moves={"dismissive": -4, "ownership": 2},
        topics={**bow.topics, "way_forward": way_forward},
    )
    m = MoodMachine(s, EVEN)
    assert m.machine.initial == "listening"
    assert list(m.machine.states) == list(bow.scale)
    assert m.step_for("dismissive") == -4 and m.step_for("ownership") == 2
    assert m.step_for("way_forward") == 3  # topics are triggers too
    mood, _ = m.apply(bow.scale.index("listening"), [("dismissive", "a put-down")])
    assert bow.scale[mood] == "hostile"  # four levels down from listening


def test_falls_first_then_rises_capped(bow: Scenario) -> None:
    m = _angry(bow, ownership=1, empathy=1, excuse=-1)  # max_rise 1
    angry = bow.scale.index("angry")
    triggers = [("ownership", "owned it"), ("empathy", "felt it"), ("excuse", "excuse")]
    mood, changes = m.apply(angry, triggers)
    assert changes[0].trigger == "excuse" and changes[0].after == "furious"
    assert bow.scale[mood] == "angry"  # one rise allowed after the fall
    assert "no further lift" in changes[-1].why


def test_the_machine_keeps_no_mood_of_its_own(bow: Scenario) -> None:
    """Moving from a level is a function of that level alone: the same call twice, same answer,
    whatever was moved before (a rewind and explore's search rely on it)."""
    m = _angry(bow, ownership=1, excuse=-1)
    angry = bow.scale.index("angry")
    first = m.apply(angry, [("ownership", "owned it")])
    m.apply(angry, [("excuse", "x"), ("excuse", "y")])
    assert m.apply(angry, [("ownership", "owned it")]) == first
    assert bow.scale[first[0]] == "sceptical"


def test_first_reply_counts_double(bow: Scenario) -> None:
    m = _angry(bow, ownership=1)
    mood, _ = m.apply(bow.scale.index("angry"), [("ownership", "owned it")], repeat=2)
    assert bow.scale[mood] == "listening"


def test_nothing_lifts_the_mood_once_it_hits_the_floor(bow: Scenario) -> None:
    m = _angry(bow, dismissive=-2, ownership=1)
    triggers = [("dismissive", "x"), ("dismissive", "y"), ("ownership", "z")]
    mood, _ = m.apply(bow.scale.index("angry"), triggers, floor=0)
    assert bow.scale[mood] == "walked_out"


def test_difficulty_scales_steps_but_never_to_zero() -> None:
    easy = Level(1.5, 0.5, 2, 4, 3)
    assert scaled(1, easy) == 2 and scaled(-1, easy) == -1 and scaled(-2, easy) == -1
    assert scaled(0, easy) == 0


def test_a_guessed_fall_costs_one_level_at_most(bow: Scenario) -> None:
    """A put-down only the learned model heard may be a mishearing: one level, not the full fall."""
    m = _angry(bow, dismissive=-2)
    listening = bow.scale.index("listening")
    mood, changes = m.apply(listening, [(guessed("dismissive"), "heard dismissive")])
    assert bow.scale[mood] == "sceptical" and changes[0].trigger == guessed("dismissive")
    mood, _ = m.apply(listening, [("dismissive", "heard dismissive")])
    assert bow.scale[mood] == "angry"
    assert m.step_for(guessed("excuse")) == 0  # a one-level fall needs no guessed twin
