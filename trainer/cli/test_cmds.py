"""`trainer test`: run conversation tests and phrase-bank samples."""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer import convtest
from trainer.catalog import Catalog
from trainer.cli.common import add_catalog_options, catalog
from trainer.diagnostics import InvalidFile


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("test", help="run conversation tests (default: every shipped test)")
    add_catalog_options(p)
    p.add_argument("paths", nargs="*", metavar="PATH", help="test files or folders")
    p.set_defaults(handler=cmd_test)


def test_files(cat: Catalog, paths: list[str]) -> list[Path]:
    if not paths:
        return cat.files_of("test")
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
    return out


def cmd_test(args: argparse.Namespace) -> int:
    cat = catalog(args)
    passed = failed = 0
    scenarios_seen: set[str] = set()
    for path in test_files(cat, args.paths):
        try:
            tests = convtest.load(path)
        except InvalidFile as exc:
            for d in exc.diagnostics:
                print(f"FAIL {d}")
            failed += 1
            continue
        for test in tests:
            try:
                result = convtest.run(test, cat.scenario)
                scenario = cat.scenario(test.scenario)
            except InvalidFile as exc:
                print(f"FAIL {test.name} ({path}:{test.line}): scenario has problems")
                for d in exc.diagnostics:
                    print(f"     {d}")
                failed += 1
                continue
            problems = [str(f) for f in result.failures]
            problems += [f"realism: {p}" for p in convtest.realism(test, scenario)]
            if problems:
                failed += 1
                print(f"FAIL {test.name} ({path}:{test.line})")
                for p in problems:
                    print(f"     {p}")
            else:
                passed += 1
                call = result.call
                outcome = call.outcome if call and call.outcome else "open"
                print(f"ok   {test.name} ({path}:{test.line}) -> {outcome}")
            scenarios_seen.add(test.scenario)
    for sid in sorted(scenarios_seen):
        problems = convtest.check_samples(cat.scenario(sid))
        if problems:
            failed += 1
            print(f"FAIL samples of {sid}")
            for p in problems:
                print(f"     {p}")
        else:
            passed += 1
            print(f"ok   samples of {sid}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1
