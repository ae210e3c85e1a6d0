"""Pieces every subcommand shares: the catalog options and reading a script of lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.engine.models import LEVEL_NAMES
from trainer.formats.catalog import Catalog


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
