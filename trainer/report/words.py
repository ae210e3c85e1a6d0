"""Ids and engine phrases made readable, in one place for the app, the reports and the CLI.

Mood, behaviour and topic ids (``walked_out``, ``clarifying_question``) are for files; a person
reads ``walked out``. The engine's end reasons and mood reasons may name a mood by its id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence


def label(ident: str) -> str:
    """An id as words: walked_out -> walked out."""
    return ident.replace("_", " ")


def readable(text: str, ids: Sequence[str]) -> str:
    """``text`` with every id of ``ids`` (a mood scale, say) written as words."""
    named = sorted((i for i in ids if "_" in i), key=len, reverse=True)
    if not named:
        return text
    pattern = re.compile(r"\b(" + "|".join(re.escape(i) for i in named) + r")\b")
    return pattern.sub(lambda m: label(m.group(1)), text)


def unique(whys: Iterable[str]) -> list[str]:
    """Each reason once, in order: a doubled first reply fires the same reason twice."""
    return list(dict.fromkeys(whys))


def to_trainee(reason: str) -> str:
    """An end reason said to the person who played: "the trainee ended the call" -> "you ..."."""
    return re.sub(r"\bthe trainee\b", "you", reason)


def tip_title(cid: str, titles: Mapping[str, str]) -> str:
    """The heading of a scorecard tip: its criterion's title, or "Overall" for the engine's tip on
    the whole call (a call not won is held below the pass mark), which is no rubric criterion."""
    if cid in titles:
        return titles[cid]
    return "Overall" if cid == "overall" else label(cid)
