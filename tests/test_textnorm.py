"""Normalisation does no harm: shorthand that is also a real word expands only in context.

"id", "ill", "its", "prob" and "lets" are chat shorthand ("id like to", "ill send it") and real
words ("customer id", "I was ill"). Rewriting the real word changes what the listener hears
("customer id" read as "customer i'd"), so each is expanded only where its neighbours say so.
"""

from __future__ import annotations

import pytest

from trainer.engine.listener.textnorm import normalize, sentences


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("customer id is 5", "customer id is 5"),
        ("Your customer ID is 5.", "your customer id is 5."),
        ("I was ill", "i was ill"),
        ("i felt ill all week", "i felt ill all week"),
        ("its warranty", "its warranty"),
        ("Its warranty ran out in May.", "its warranty ran out in may."),
        ("the prob is", "the prob is"),
        ("the prob is the courier", "the prob is the courier"),
        ("it lets you", "it lets you"),
        ("the portal lets you export it", "the portal lets you export it"),
        ("whats top of ur list this yr", "what's top of your list this year"),
        ("3 yrs on the same kit", "3 years on the same kit"),
        ("thanks for yr time", "thanks for your time"),
        ("a 2 yr warranty", "a 2 year warranty"),
    ],
)
def test_real_words_are_kept(typed: str, expected: str) -> None:
    assert normalize(typed) == expected


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("id like to", "i'd like to"),
        ("id rather call you", "i'd rather call you"),
        ("ill send it", "i'll send it"),
        ("ill call u tmrw", "i'll call you tomorrow"),
        ("its been", "it's been"),
        ("its been a rough week", "it's been a rough week"),
        ("prob not", "probably not"),
        ("lets meet", "let's meet"),
        ("Lets meet on friday.", "let's meet on friday."),
    ],
)
def test_shorthand_expands_where_the_neighbours_say_so(typed: str, expected: str) -> None:
    assert normalize(typed) == expected


def test_a_title_or_abbreviation_ends_no_sentence() -> None:
    said = "Mr. Pryce, thank you for this meeting. Dr. Shah, e.g. the rush orders, agrees. Done etc. Next."
    assert [o for o, _ in sentences(said)] == [
        "Mr. Pryce, thank you for this meeting.",
        "Dr. Shah, e.g. the rush orders, agrees.",
        "Done etc.",
        "Next.",
    ]
