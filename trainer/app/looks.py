"""Shared bits of presentation: mood colours and labels, built as Content (never markup)."""

from __future__ import annotations

from textual.content import Content

from trainer.engine.call import Call
from trainer.engine.models import Scenario
from trainer.report.words import label, readable, to_trainee


def mood_style(scenario: Scenario, mood: str) -> str:
    """A theme colour for a mood: error at the losing end, success at the winning end."""
    index = scenario.scale.index(mood) if mood in scenario.scale else 0
    if index <= scenario.lost_mood + 1:
        return "$error"
    if index >= scenario.won_mood:
        return "$success"
    if index < scenario.start:
        return "$warning"
    if index == scenario.start:
        return "$warning"
    return "$accent"


def mood_label(mood: str) -> str:
    return label(mood)


def mood_text(scenario: Scenario, mood: str) -> Content:
    return Content.styled(mood_label(mood), f"bold {mood_style(scenario, mood)}")


def humanize(ident: str) -> str:
    """A behaviour or topic id as words: clarifying_question -> clarifying question."""
    return label(ident)


def end_reason(call: Call) -> str:
    """Why the call ended, said to the trainee, with mood ids as words."""
    return to_trainee(readable(call.end_reason or "the call ended", call.scenario.scale))


def points_text(points: int) -> Content:
    sign = "+" if points > 0 else ""
    return Content.styled(f"{sign}{points}", "bold $success" if points > 0 else "bold $error")
