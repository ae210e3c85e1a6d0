"""`trainer play` (and `trainer` with no command): the Textual app.

Textual is imported only when the app starts, so the headless commands never load it.
"""

from __future__ import annotations

import argparse

from trainer.cli.common import add_call_options, add_catalog_options, catalog
from trainer.scenario import LEVEL_NAMES

MODES = ("practice", "assessment")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("play", help="practise a call in the terminal app (the default command)")
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
    p.set_defaults(handler=start_app)


def start_app(args: argparse.Namespace) -> int:
    """Run the app; works for `trainer play ...` and for a bare `trainer` (no play options)."""
    from trainer.app import make_app
    from trainer.app.setup import Mode

    difficulty = getattr(args, "difficulty", None)
    if difficulty is not None and difficulty not in LEVEL_NAMES:
        difficulty = None
    mode: Mode = "assessment" if getattr(args, "mode", "practice") == "assessment" else "practice"
    app = make_app(
        catalog(args),
        scenario=getattr(args, "scenario", None),
        trainee=getattr(args, "name", "you"),
        difficulty=difficulty,
        mode=mode,
        seed=getattr(args, "seed", 0),
    )
    app.run()
    return app.return_code or 0
