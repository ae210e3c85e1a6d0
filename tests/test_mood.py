from __future__ import annotations

from trainer.engine.models import Level, Scenario
from trainer.engine.mood import MoodMachine, scaled


def test_machine_is_built_from_the_scenario(bow: Scenario) -> None:
    m = MoodMachine(bow, bow.levels["normal"])
    assert m.current == "angry"
    assert list(m.machine.states) == list(bow.scale)
    assert m.step_for("dismissive") == -2 and m.step_for("ownership") == 1
    assert m.step_for("way_forward") == 1  # topics are triggers too


def test_falls_first_then_rises_capped_and_path_kept(bow: Scenario) -> None:
    m = MoodMachine(bow, bow.levels["normal"])  # max_rise 1
    changes = m.apply([("ownership", "owned it"), ("empathy", "felt it"), ("excuse", "excuse")])
    assert changes[0].trigger == "excuse" and changes[0].after == "furious"
    assert m.current == "angry"  # one rise allowed after the fall
    assert "no further lift" in changes[-1].why
    assert m.path == ["angry", "angry"]


def test_first_reply_counts_double(bow: Scenario) -> None:
    m = MoodMachine(bow, bow.levels["normal"])
    m.apply([("ownership", "owned it")], repeat=2)
    assert m.current == "listening"


def test_nothing_lifts_the_mood_once_it_hits_the_floor(bow: Scenario) -> None:
    m = MoodMachine(bow, bow.levels["normal"])
    m.apply([("dismissive", "x"), ("dismissive", "y"), ("ownership", "z")], floor=0)
    assert m.current == "walked_out"


def test_difficulty_scales_steps_but_never_to_zero() -> None:
    easy = Level(1.5, 0.5, 2, 4, 3)
    assert scaled(1, easy) == 2 and scaled(-1, easy) == -1 and scaled(-2, easy) == -1
    assert scaled(0, easy) == 0
