"""`trainer ...`: a thin command line over the engine.

Each module in this package registers its own subcommands, so the CLI grows by adding a file,
not by growing one. Every known failure (bad file, unknown scenario, unreadable input) becomes
a message and exit code 1 here; a traceback would mean a bug.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from trainer.cli import engine_cmds
from trainer.cli.common import UsageError
from trainer.formats.catalog import UnknownScenario
from trainer.formats.diagnostics import InvalidFile

Handler = Callable[[argparse.Namespace], int]

# Modules that add subcommands; each has `register(subparsers)`.
MODULES = [engine_cmds]


def _optional_modules() -> list[object]:
    out: list[object] = []
    for name in ("play_cmds", "test_cmds", "author_cmds", "history_cmds"):
        try:
            out.append(__import__(f"trainer.cli.{name}", fromlist=["register"]))
        except ModuleNotFoundError as exc:
            if exc.name != f"trainer.cli.{name}":
                raise
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trainer",
        description="Practise difficult customer calls: offline, deterministic, explainable.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in [*MODULES, *_optional_modules()]:
        module.register(sub)  # type: ignore[attr-defined]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        default = getattr(args, "default_handler", None) or _no_command(parser)
        handler = default
    try:
        return handler(args)
    except InvalidFile as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return 1
    except UnknownScenario as exc:
        print(f"trainer: {exc}", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"trainer: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _no_command(parser: argparse.ArgumentParser) -> Handler:
    def run(args: argparse.Namespace) -> int:
        try:
            import importlib

            play_cmds = importlib.import_module("trainer.cli.play_cmds")
        except ModuleNotFoundError:
            parser.print_help()
            return 0
        return int(play_cmds.start_app(args))

    return run


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
