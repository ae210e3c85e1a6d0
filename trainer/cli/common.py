"""Pieces every subcommand shares: the catalog options and reading a script of lines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.engine.models import LEVEL_NAMES, Scenario
from trainer.formats.catalog import Catalog, UnknownScenario, kind_of
from trainer.formats.diagnostics import Diagnostic, InvalidFile

if TYPE_CHECKING:  # test files load the schema checker: only the commands that read them pay
    from trainer.formats.test_file import ConversationTest


class UsageError(Exception):
    """A problem with what the user asked for; printed as one line, exit 1."""


def add_catalog_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--scenarios",
        action="append",
        default=[],
        metavar="DIR",
        help="also load scenarios and rubrics from DIR (repeatable; also $TRAINER_SCENARIOS)",
    )


def add_call_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=int, default=0, help="replays the same call (default 0)")
    p.add_argument("--difficulty", choices=LEVEL_NAMES, help="default: the scenario's own")


def catalog(args: argparse.Namespace) -> Catalog:
    return Catalog([Path(p) for p in getattr(args, "scenarios", [])])


def reference_problems(
    cat: Catalog, tests: list[ConversationTest], also: Iterable[Path] = ()
) -> list[Diagnostic]:
    """Unknown names in conversation tests; their scenario is found in the catalog or among
    the scenario files in ``also`` (the files being validated, which may not be in it)."""
    given: dict[str, Scenario] = {}
    for p in also:
        doc = cat.document(p)
        if doc is not None and kind_of(doc) == "scenario":
            try:
                s = cat.scenario(str(p))
            except InvalidFile:
                continue
            given[s.id] = s

    def find(name: str) -> Scenario | None:
        if name in given:
            return given[name]
        try:
            return cat.scenario(name)
        except UnknownScenario:
            return None

    from trainer.formats import test_file

    return test_file.check_references(tests, find, [*cat.scenarios(), *given])


def read_script(name: str) -> list[str]:
    """Trainee lines from a file (or '-' for stdin), skipping blanks and # comments."""
    if name == "-":
        text = sys.stdin.read()
    else:
        try:
            raw = Path(name).read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read script {name}: {exc.strerror}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise UsageError(f"{name}: the script is not UTF-8; save it as UTF-8") from None
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            lines.append(stripped)
    return lines


@contextmanager
def remembered_prefilter() -> Iterator[None]:
    """Build listeners inside this to read the prefilter's literals from the user's cache.

    Working out which literals each of ~700 patterns needs parses every one of them: most of a
    listener's start-up, the same answer every time. The answers are kept per Python and per
    version of the prefilter's code (its source is in the key), so they are exactly what it
    would compute; a missing, corrupt or foreign table is ignored and rebuilt. The listener
    itself is untouched: its ``needles`` function is wrapped only while the block runs.
    """
    from trainer.engine.listener import prefilter
    from trainer.formats import cache

    original: Any = getattr(prefilter, "needles", None)
    if original is None:  # the prefilter changed shape: no shortcut, same results
        yield
        return
    key = cache.digest(f"{sys.version}\0{sys.implementation.cache_tag}".encode())
    stored = cache.get("prefilter", key, prefilter.__file__)
    table: dict[tuple[str, int], tuple[frozenset[str], ...] | None] = {}
    if isinstance(stored, dict) and all(_needle_entry(k, v) for k, v in stored.items()):
        table.update(stored)
    size = len(table)

    def needles(pattern: str, flags: int = 0) -> tuple[frozenset[str], ...] | None:
        if (pattern, flags) not in table:
            table[(pattern, flags)] = original(pattern, flags)
        return table[(pattern, flags)]

    prefilter.needles = needles  # type: ignore[assignment]
    try:
        yield
    finally:
        prefilter.needles = original
        if len(table) != size:
            cache.put("prefilter", key, prefilter.__file__, table)


def _needle_entry(key: object, value: object) -> bool:
    return (
        isinstance(key, tuple)
        and len(key) == 2
        and isinstance(key[0], str)
        and type(key[1]) is int
        and (value is None or (isinstance(value, tuple) and all(_needle_set(v) for v in value)))
    )


def _needle_set(value: object) -> bool:
    return isinstance(value, frozenset) and all(isinstance(s, str) for s in value)
