"""`trainer play` (and `trainer` with no command): the Textual app; `trainer serve`: in a browser.

Textual is imported only when the app starts, so the headless commands never load it.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from typing import Any

from trainer.cli.common import UsageError, add_call_options, add_catalog_options, catalog
from trainer.engine.models import LEVEL_NAMES

MODES = ("practice", "assessment")


def _add_play_options(p: argparse.ArgumentParser) -> None:
    add_catalog_options(p)
    add_call_options(p)
    p.add_argument(
        "scenario",
        nargs="?",
        metavar="SCENARIO",
        help="go straight to this scenario's briefing (an id from `trainer list` or a YAML path)",
    )
    p.add_argument("--name", default="you", help="your name, as the customer will use it")
    p.add_argument(
        "--mode",
        choices=MODES,
        default="practice",
        help="practice (hints, live rubric) or assessment (neither; pass or fail)",
    )
    p.add_argument(
        "--db",
        metavar="PATH",
        help="the history database (default: $TRAINER_DB, else the user data folder)",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("play", help="practise a call in the terminal app (the default command)")
    _add_play_options(p)
    p.add_argument(
        "--group",
        metavar="NAMES",
        help='a coach\'s hot seat: comma-separated trainees who answer in turn ("Ana,Ben,Chloe")',
    )
    p.add_argument(
        "--watch",
        action="store_true",
        help="reload SCENARIO's file when it changes (for authors)",
    )
    p.set_defaults(handler=start_app)

    s = sub.add_parser(
        "serve", help="serve the app to browsers on this machine's network (textual-serve)"
    )
    _add_play_options(s)
    s.add_argument("--host", default="localhost", help="address to listen on (default localhost)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument(
        "--public-url", help="the URL browsers use, if it differs (behind a proxy or a NAT)"
    )
    s.set_defaults(handler=serve)


def start_app(args: argparse.Namespace) -> int:
    """Run the app; works for `trainer play ...` and for a bare `trainer` (no play options)."""
    from trainer.app import make_app
    from trainer.app.setup import Mode

    difficulty = getattr(args, "difficulty", None)
    if difficulty is not None and difficulty not in LEVEL_NAMES:
        difficulty = None
    mode: Mode = "assessment" if getattr(args, "mode", "practice") == "assessment" else "practice"
    group = [n for n in (getattr(args, "group", None) or "").split(",") if n.strip()]
    watch = bool(getattr(args, "watch", False))
    if watch and not getattr(args, "scenario", None):
        raise UsageError("--watch needs a SCENARIO to watch (an id or a YAML path)")
    app = make_app(
        catalog(args),
        scenario=getattr(args, "scenario", None),
        trainee=getattr(args, "name", "you"),
        difficulty=difficulty,
        mode=mode,
        seed=getattr(args, "seed", 0),
        db=getattr(args, "db", None),
        group=group,
        watch=watch,
    )
    app.run()
    return app.return_code or 0


def play_command(args: argparse.Namespace) -> str:
    """The `trainer play ...` command line each browser session runs (same options)."""
    argv = [sys.executable, "-m", "trainer", "play"]
    if args.scenario:
        argv.append(args.scenario)
    for d in args.scenarios:
        argv += ["--scenarios", d]
    argv += ["--seed", str(args.seed)]
    if args.difficulty:
        argv += ["--difficulty", args.difficulty]
    argv += ["--mode", args.mode]
    if args.name != "you":
        argv += ["--name", args.name]
    if args.db:
        argv += ["--db", args.db]
    return shlex.join(argv)


def build_server(args: argparse.Namespace) -> Any:
    """A textual-serve Server running `trainer play ...` for each browser that connects."""
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError(
            "`trainer serve` needs textual-serve, a dependency of the trainer that is missing "
            "here: reinstall the trainer, or pip install textual-serve"
        ) from None
    return Server(
        play_command(args),
        host=args.host,
        port=args.port,
        title="Tough Call Trainer",
        public_url=args.public_url,
    )


def serve(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C; every browser session writes to the same history (SQLite WAL)."""
    build_server(args).serve()
    return 0
