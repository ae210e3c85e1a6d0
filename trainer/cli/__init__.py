"""`trainer ...`: a thin command line over the engine.

Each module in this package registers its own subcommands, so the CLI grows by adding a file,
not by growing one. Every known failure (bad file, unknown scenario, unreadable input) becomes
a message and exit code 1 here; a traceback would mean a bug.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

from trainer.cli.common import UsageError
from trainer.formats.catalog import UnknownScenario
from trainer.formats.diagnostics import InvalidFile

Handler = Callable[[argparse.Namespace], int]

# Which module registers each subcommand (each has `register(subparsers)`). A command imports
# only its own module, so `trainer list` never loads Textual or the history store; `--help`
# and a bare `trainer` load them all. tests/test_cli_lazy.py keeps this table honest.
COMMANDS: dict[str, str] = {
    **dict.fromkeys(("list", "validate", "analyze", "run", "learn", "eval"), "engine_cmds"),
    **dict.fromkeys(("play", "serve"), "play_cmds"),
    "test": "test_cmds",
    **dict.fromkeys(("lint", "graph", "explore", "new"), "author_cmds"),
    **dict.fromkeys(("record", "history", "report", "export", "import"), "history_cmds"),
}
MODULES = list(dict.fromkeys(COMMANDS.values()))


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"trainer.cli.{name}")
    except ModuleNotFoundError as exc:  # an optional part left out of this build
        if exc.name != f"trainer.cli.{name}":
            raise
        return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every subcommand, or only ``command``'s module's when it is known."""
    parser = argparse.ArgumentParser(
        prog="trainer",
        description="Practise difficult customer calls: offline, deterministic, explainable.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = [COMMANDS[command]] if command in COMMANDS else MODULES
    for name in names:
        module = _module(name)
        if module is not None:
            module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv else "play")  # bare `trainer` starts the app
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
        play_cmds = _module("play_cmds")
        if play_cmds is None:
            parser.print_help()
            return 0
        return int(play_cmds.start_app(args))

    return run


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
