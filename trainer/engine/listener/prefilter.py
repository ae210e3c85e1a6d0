"""Skip regular expressions that cannot match: the listener's speed-up.

The core rubric has hundreds of patterns and almost none match a given sentence. For each
pattern we work out, from its parse tree, sets of literal strings such that every text it
matches holds at least one string of each set ("you" and "were" and one of "warned",
"told"...). A substring test in C is far cheaper than a regex search, so the listener only runs
a pattern when each of its sets has a literal present: requiring every set, not only the
rarest, skips most patterns that share one common word with a sentence. When the analysis is
unsure it returns None and the pattern always runs: the filter may be loose, never wrong.
"""

from __future__ import annotations

import importlib
import re
from functools import cache
from typing import Any

_c: Any
_parser: Any
try:  # the parser behind `re`; private, so any surprise just disables the filter
    _c = importlib.import_module("re._constants")
    _parser = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - other Pythons
    _c = _parser = None

Needles = frozenset[str]
# Every set must have a string in the text; the most selective set comes first.
Required = tuple[Needles, ...]


@cache
def needles(pattern: str, flags: int = 0) -> Required | None:
    """Sets of strings, one string of each occurring in every match of ``pattern``, or None
    if none is known."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern, flags)
        found = _sequence(list(parsed), bool(flags & re.IGNORECASE))
    except Exception:  # noqa: BLE001 - an unexpected tree means "always run it"
        return None
    # A one-character string is in almost every sentence: such a set rules nothing out.
    useful = sorted({s for s in found if min(len(n) for n in s) >= 2}, key=_rank, reverse=True)
    return tuple(useful) or None


def _rank(s: Needles) -> tuple[int, int, list[str]]:
    """Selectivity: longest shortest string, then fewest strings (then text, for a fixed order)."""
    return (min(map(len, s)), -len(s), sorted(s, reverse=True))


def _better(a: Needles | None, b: Needles | None) -> Needles | None:
    """The more selective of two candidate sets (longest shortest string, then fewest)."""
    if a is None:
        return b
    if b is None:
        return a
    ka = (min(map(len, a)), -len(a))
    kb = (min(map(len, b)), -len(b))
    return a if ka >= kb else b


def _best(found: list[Needles]) -> Needles | None:
    """The most selective one set of a sequence's required sets."""
    best: Needles | None = None
    for s in found:
        best = _better(best, s)
    return best


def _sequence(items: list[tuple[Any, Any]], fold: bool) -> list[Needles]:
    """Every set a sequence requires: each literal run, and what each required item needs."""
    out: list[Needles] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            ch = chr(av)
            run += ch.lower() if fold else ch
            continue
        if op is _c.AT:
            continue  # zero-width (\b, ^, $): the literals on both sides stay adjacent
        if run:
            out.append(frozenset([run]))
            run = ""
        out += _item(op, av, fold)
    if run:
        out.append(frozenset([run]))
    return out


def _item(op: Any, av: Any, fold: bool) -> list[Needles]:
    if op is _c.SUBPATTERN:
        return _sequence(list(av[-1]), fold)
    if op is _c.BRANCH:
        # One alternative matches: the union of one required set from each alternative.
        union: set[str] = set()
        for branch in av[1]:
            found = _best(_sequence(list(branch), fold))
            if found is None:
                return []
            union |= found
        return [frozenset(union)]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        return _sequence(list(sub), fold) if low >= 1 else []
    if op is _c.ATOMIC_GROUP if hasattr(_c, "ATOMIC_GROUP") else False:
        return _sequence(list(av), fold)
    return []


def gate(pattern: re.Pattern[str]) -> Required | None:
    return needles(pattern.pattern, pattern.flags)


def may_match(required: Required | None, text: str) -> bool:
    return required is None or all(any(s in text for s in need) for need in required)
