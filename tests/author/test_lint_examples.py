"""Lint rules on what the example matcher hears: the neutral corpus must land nothing
(TCT117), and two topics must be told apart (TCT118)."""

from __future__ import annotations

from dataclasses import replace

from trainer.authoring.lint import RULES, TOO_CLOSE, lint_scenario
from trainer.engine.models import ByMood, Line, Scenario, Topic, TopicKind
from trainer.formats.catalog import Catalog


def topic(tid: str, examples: list[str]) -> Topic:
    return Topic(
        tid, tid, TopicKind.QUESTION, False, False, None, 1, None, tuple(examples), ByMood(((0, (Line("ok"),)),)), "", ""
    )


def scenario_with(*topics: Topic) -> Scenario:
    base = Catalog(use_env=False).scenario("hardware-refund")
    return replace(base, topics={t.id: t for t in topics}, behaviors={}, stages=())


def codes(s: Scenario, code: str) -> list[str]:
    return [d.message for d in lint_scenario(s, run_tests=False) if d.code == code]


WEEKEND = [
    "how was your weekend",
    "did you do anything nice at the weekend",
    "how was the weekend with the family",
    "good weekend? get up to much",
    "what did you get up to at the weekend",
    "how were the kids this weekend",
]
COST = [
    "what has the outage cost the business",
    "how much revenue did the downtime lose you",
    "what did the failed server cost you in lost sales",
    "how much money has this outage cost your firm",
    "what is the downtime costing you each day",
    "how much business did you lose while the server was down",
]


def test_a_topic_the_neutral_corpus_lands_is_reported_with_the_line() -> None:
    s = scenario_with(topic("weekend_chat", WEEKEND), topic("outage_cost", COST))
    messages = codes(s, "TCT117")
    assert len(messages) == 1 and RULES["TCT117"].severity == "warning"
    assert "topic 'weekend_chat'" in messages[0]
    assert "weekend" in messages[0].split(":", 1)[1].lower()  # the corpus line itself is quoted


def test_two_topics_with_the_same_examples_are_too_close() -> None:
    s = scenario_with(topic("outage_cost", COST), topic("downtime_cost", COST[::-1]))
    messages = codes(s, "TCT118")
    assert TOO_CLOSE == 0.3
    assert any("topic 'outage_cost'" in m and "'downtime_cost'" in m for m in messages), messages


def test_distinct_topics_are_not_too_close() -> None:
    s = scenario_with(topic("outage_cost", COST), topic("weekend_chat", WEEKEND))
    assert codes(s, "TCT118") == []
