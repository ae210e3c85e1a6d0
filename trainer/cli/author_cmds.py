"""Scenario-author commands: lint, graph, explore, new."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.authoring import explore as explore_mod
from trainer.authoring import graph as graph_mod
from trainer.authoring import lint as lint_mod
from trainer.authoring import starter
from trainer.cli.common import UsageError, add_catalog_options, catalog
from trainer.engine.models import LEVEL_NAMES


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("lint", help="check that scenarios make sense (reachable moods, tests, lines)")
    add_catalog_options(p)
    p.add_argument("paths", nargs="*", metavar="PATH", help="scenario files or folders (default: all)")
    add_diagnostic_options(p)
    p.add_argument("--no-tests", action="store_true", help="skip running conversation tests (TCT109, TCT110)")
    p.set_defaults(handler=cmd_lint)

    p = sub.add_parser("graph", help="draw a scenario's mood machine (Mermaid or Graphviz)")
    add_catalog_options(p)
    p.add_argument("scenario", metavar="SCENARIO", help="an id from `trainer list` or a YAML path")
    p.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    p.add_argument("--difficulty", choices=LEVEL_NAMES, help="default: the scenario's own")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.set_defaults(handler=cmd_graph)

    p = sub.add_parser("explore", help="random playthroughs and a search for dead ends")
    add_catalog_options(p)
    p.add_argument("scenario", metavar="SCENARIO", help="an id from `trainer list` or a YAML path")
    p.add_argument("--runs", type=int, default=100, help="how many playthroughs (default 100)")
    p.add_argument("--seed", type=int, default=0, help="run k uses seed SEED+k (default 0)")
    p.add_argument("--difficulty", choices=LEVEL_NAMES, help="default: the scenario's own")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--save", metavar="DIR", help="write each finding's lines as a script in DIR")
    p.add_argument("--fail-on-warnings", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(handler=cmd_explore)

    p = sub.add_parser("new", help="write a starter scenario and conversation test")
    add_catalog_options(p)
    p.add_argument("id", metavar="ID", help="the new scenario's id (lower-case, hyphens)")
    p.add_argument("--from", dest="source", metavar="FILE", help="copy this scenario instead")
    p.add_argument("--dir", default=".", help="where to write ID.yaml and tests/ (default .)")
    p.set_defaults(handler=cmd_new)


def add_diagnostic_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print a JSON array of diagnostics")
    p.add_argument("--fail-on-warnings", action="store_true", help="exit 1 on warnings too")


def _expand(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.rglob("*.yaml")) + sorted(p.rglob("*.yml")) if p.is_dir() else [p]
    return out


def cmd_lint(args: argparse.Namespace) -> int:
    cat = catalog(args)
    if args.paths:
        diags, count = lint_mod.lint_paths(_expand(args.paths), cat, not args.no_tests)
    else:
        diags, count = lint_mod.lint_catalog(cat, not args.no_tests)
    if args.json:
        print(lint_mod.to_json(diags))
    else:
        for d in diags:
            print(d)
        print(lint_mod.summary(diags, count), file=sys.stderr)
    return lint_mod.exit_code(diags, args.fail_on_warnings)


def cmd_graph(args: argparse.Namespace) -> int:
    scenario = catalog(args).scenario(args.scenario)
    render = graph_mod.to_mermaid if args.format == "mermaid" else graph_mod.to_dot
    text = render(scenario, args.difficulty)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_explore(args: argparse.Namespace) -> int:
    if args.runs < 1:
        raise UsageError("--runs must be at least 1")
    scenario = catalog(args).scenario(args.scenario)
    ex = explore_mod.explore(
        scenario, runs=args.runs, seed=args.seed, difficulty=args.difficulty, ref=args.scenario
    )
    if args.save:
        _save_scripts(ex, Path(args.save))
    if args.json:
        import json

        print(json.dumps(ex.to_json(), indent=2, ensure_ascii=False))
    else:
        print(explore_mod.format_text(ex))
    diags = [f.diagnostic(scenario) for f in ex.findings]
    return lint_mod.exit_code(diags, args.fail_on_warnings)


def _save_scripts(ex: explore_mod.Exploration, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for f in ex.findings:
        if f.run is None:
            continue
        lines = f.run.lines[: f.turn] if f.turn else f.run.lines
        name = folder / f"{ex.scenario.id}-{f.code}-seed-{f.run.seed}.txt"
        head = [
            f"# {f.code}: {f.message}",
            f"# replay: trainer run {ex.ref} --script {name} --seed {f.run.seed} "
            f"--difficulty {ex.difficulty}",
        ]
        name.write_text("\n".join(head + lines) + "\n", encoding="utf-8")
        print(f"wrote {name}", file=sys.stderr)


def cmd_new(args: argparse.Namespace) -> int:
    cat = catalog(args)
    if args.id in cat.scenarios():
        raise UsageError(f"a scenario with id '{args.id}' already exists ({cat.scenarios()[args.id].path})")
    try:
        written = starter.create(args.id, Path(args.dir), Path(args.source) if args.source else None)
    except starter.StarterError as exc:
        raise UsageError(str(exc)) from None
    print(f"wrote {written.scenario}")
    print(f"wrote {written.test}")
    print("next: edit it, then run")
    for command, _ in starter.next_commands(written.scenario, written.test):
        print(f"  {command}")
    return 0
