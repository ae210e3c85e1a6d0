"""Dialogue acts: a keyword list is a fragment, chit-chat is small talk, not a question."""

from __future__ import annotations

import pytest

from trainer.engine.listener.acts import classify, is_fragment
from trainer.engine.listener.textnorm import normalize


@pytest.mark.parametrize(
    "text",
    [
        "root cause, owners, dates, weekly review",  # a stuffer's bare list (issue 9)
        "ownership, empathy, apology, commitment",
        "Priorities?",
        "Other firms?",  # a bare noun of its own, unlike "the others?", which points back
        "timeline",
        "anything else",  # no question mark: a trailing phrase
    ],
)
def test_bare_nouns_and_keyword_lists_are_fragments(text: str) -> None:
    assert is_fragment(normalize(text))


@pytest.mark.parametrize(
    "text",
    [
        "Sorry, Gordon.",  # an interjection that does a job on its own
        "Thanks so much.",
        "Start with the second failure.",  # an imperative with no pronoun
        "I own it.",
        "walking you through it",
        "Anything else?",  # an open follow-up with no clause to it
        "And what else?",
        "How so?",
        "And the others?",  # points back at what was just said: asks for the rest of it
        "What about the rest?",
        "Sound fair?",  # checks agreement with what was just said
        "Agreed?",
        "Good morning Nick, thanks for joining.",  # a greeting and thanks: courtesy, not a list
        "Root cause analysis and weekly review meetings every Monday, owned by me.",
    ],
)
def test_clauses_and_interjections_are_not_fragments(text: str) -> None:
    assert not is_fragment(normalize(text))


def test_a_fragment_stays_a_fragment_whatever_else_it_seems() -> None:
    # Asked, with a question heard in it and a topic landed: still a bare noun, so it earns nothing.
    assert classify(normalize("Priorities?"), True, {"question"}, False, True) == "fragment"
    assert classify(normalize("root cause, owners, dates, weekly review"), False, set(), False, True) == "fragment"


def test_small_talk_is_not_a_question_unless_it_does_more() -> None:
    game = normalize("Did you catch the game last night?")
    assert classify(game, True, {"question"}, True, False) == "small_talk"
    # a greeting with thanks for their time reads like chit-chat to the model, but is courtesy
    hello = normalize("Hi Glen, thanks for the time.")
    assert classify(hello, False, set(), True, False) == "acknowledgement"
    # the same sentence landing a topic, or carrying a commitment, is business
    assert classify(game, True, {"question"}, True, True) == "question"
    promise = normalize("I'll call you on Friday with the schedule.")
    assert classify(promise, False, {"commitment"}, True, False) == "proposal"


@pytest.mark.parametrize(
    "text, asked, roles, topic, act",
    [
        ("What does success look like for you?", True, {"question"}, False, "question"),
        ("Which of the late orders hurt you most?", True, set(), True, "question"),
        ("Shall I send the paperwork over now?", True, set(), False, "other_question"),
        ("Sound fair?", False, set(), False, "other_question"),  # agreement, not information
        ("Good morning Nick, thanks for joining.", False, set(), False, "acknowledgement"),
        ("hi glen thx for the time", False, set(), False, "acknowledgement"),  # not chit-chat
        ("I'll email the revised plan by 3pm tomorrow.", False, {"commitment"}, False, "proposal"),
        ("We can replace every unit on site this week.", False, set(), True, "proposal"),
        ("Okay, understood.", False, set(), False, "acknowledgement"),
        ("Got it, thanks.", False, set(), False, "acknowledgement"),
        ("That was our mistake and I should have called you.", False, set(), False, "statement"),
    ],
)
def test_each_sentence_gets_its_act(
    text: str, asked: bool, roles: set[str], topic: bool, act: str
) -> None:
    assert classify(normalize(text), asked, roles, False, topic) == act
