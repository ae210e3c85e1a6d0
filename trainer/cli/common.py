"""Pieces every subcommand shares: the catalog options and reading a script of lines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from trainer.engine.models import LEVEL_NAMES, Scenario
from trainer.formats import test_file
from trainer.formats.catalog import Catalog, UnknownScenario, kind_of
from trainer.formats.diagnostics import Diagnostic, InvalidFile
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
