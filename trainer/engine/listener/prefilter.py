"""Skip regular expressions that cannot match: the listener's speed-up.

The core rubric has hundreds of patterns and almost none match a given sentence. For each
pattern we work out, from its parse tree, a set of literal strings one of which must appear in
any text it matches ("sorry", "apolog", ...). A substring test in C is far cheaper than a
regex search, so the listener only runs a pattern when one of its literals is present. When
the analysis is unsure it returns None and the pattern always runs: the filter may be loose,
never wrong.
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


@cache
def needles(pattern: str, flags: int = 0) -> Needles | None:
    """Strings one of which occurs in every match of ``pattern``, or None if unknown."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern, flags)
        found = _sequence(list(parsed), bool(flags & re.IGNORECASE))
    except Exception:  # noqa: BLE001 - an unexpected tree means "always run it"
        return None
    if not found or min(len(s) for s in found) < 2:
        return None
    return found


def _better(a: Needles | None, b: Needles | None) -> Needles | None:
    """The more selective of two candidate sets (longest shortest string, then fewest)."""
    if a is None:
        return b
    if b is None:
        return a
    ka = (min(map(len, a)), -len(a))
    kb = (min(map(len, b)), -len(b))
    return a if ka >= kb else b


def _sequence(items: list[tuple[Any, Any]], fold: bool) -> Needles | None:
    best: Needles | None = None
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            ch = chr(av)
            run += ch.lower() if fold else ch
            continue
        if op is _c.AT:
            continue  # zero-width (\b, ^, $): the literals on both sides stay adjacent
        if run:
            best = _better(best, frozenset([run]))
            run = ""
        best = _better(best, _item(op, av, fold))
    if run:
        best = _better(best, frozenset([run]))
    return best


def _item(op: Any, av: Any, fold: bool) -> Needles | None:
    if op is _c.SUBPATTERN:
        return _sequence(list(av[-1]), fold)
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _sequence(list(branch), fold)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        return _sequence(list(sub), fold) if low >= 1 else None
    if op is _c.ATOMIC_GROUP if hasattr(_c, "ATOMIC_GROUP") else False:
        return _sequence(list(av), fold)
    return None


def gate(pattern: re.Pattern[str]) -> Needles | None:
    return needles(pattern.pattern, pattern.flags)


def may_match(required: Needles | None, text: str) -> bool:
    return required is None or any(s in text for s in required)
