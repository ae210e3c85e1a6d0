"""`trainer test`: run conversation tests and phrase-bank samples.

Per scenario it also reports each topic's and each example-heard behaviour's precision and
recall on its samples (see convtest.sample_figures); the behaviours' figures decide whether the
samples pass.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from trainer.authoring import convtest
from trainer.cli.common import add_catalog_options, catalog, reference_problems
from trainer.engine.call import Call
from trainer.engine.listener.listen import scenario_listener
from trainer.engine.models import Scenario
from trainer.formats import test_file
from trainer.formats.catalog import Catalog
from trainer.formats.diagnostics import Diagnostic, InvalidFile


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("test", help="run conversation tests (default: every shipped test)")
    add_catalog_options(p)
    p.add_argument("paths", nargs="*", metavar="PATH", help="test files or folders")
    p.add_argument(
        "--coverage",
        action="store_true",
        help="also report the mood levels, moves, topics and customer lines the tests reach",
    )
    p.add_argument(
        "--json", action="store_true", help="print one JSON object: diagnostics, samples, coverage"
    )
    p.add_argument("--fail-on-warnings", action="store_true", help="exit 1 on warnings too")
    p.set_defaults(handler=cmd_test)


def test_files(cat: Catalog, paths: list[str]) -> list[Path]:
    if not paths:
        return cat.files_of("test")
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
    return out


def _col(path: str, line: int) -> int:
    """The column of the first value on ``line`` (past any list dash), for diagnostics."""
    try:
        text = Path(path).read_text("utf-8").splitlines()[line - 1]
    except (OSError, IndexError, UnicodeDecodeError):
        return 1
    stripped = text.lstrip(" -")
    return len(text) - len(stripped) + 1


def _sample_where(scenario: Scenario, problem: str) -> tuple[str, int, int]:
    """Locate a failing sample by its text in the scenario file, else the rubric file."""
    quoted = problem.split("'")[1] if problem.count("'") >= 2 else ""
    for path in (scenario.path, scenario.rubric.path):
        try:
            lines = Path(path).read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for n, text in enumerate(lines, start=1):
            if quoted and quoted in text:
                return path, n, text.find(quoted) + 1
    return scenario.path, 1, 1


def _figure(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def cmd_test(args: argparse.Namespace) -> int:
    cat = catalog(args)
    passed = failed = 0
    diags: list[Diagnostic] = []
    scenarios_seen: set[str] = set()
    calls: dict[str, list[Call]] = {}
    quiet = args.json

    def say(text: str) -> None:
        if not quiet:
            print(text)

    for path in test_files(cat, args.paths):
        try:
            tests = test_file.load(path)
        except InvalidFile as exc:
            for d in exc.diagnostics:
                say(f"FAIL {d}")
            diags.extend(exc.diagnostics)
            failed += 1
            continue
        for test in tests:
            unknown = reference_problems(cat, [test])
            if unknown:  # the same problems `trainer validate` reports, not a failed run
                say(f"FAIL {test.name} ({path}:{test.line}): unknown names")
                for d in unknown:
                    say(f"     {d}")
                diags.extend(unknown)
                failed += 1
                continue
            try:
                result = convtest.run(test, cat.scenario)
                scenario = cat.scenario(test.scenario)
            except InvalidFile as exc:
                say(f"FAIL {test.name} ({path}:{test.line}): scenario has problems")
                for d in exc.diagnostics:
                    say(f"     {d}")
                diags.extend(exc.diagnostics)
                failed += 1
                continue
            problems = [str(f) for f in result.failures]
            for f in result.failures:
                diags.append(
                    Diagnostic(
                        str(path),
                        f.line,
                        _col(str(path), f.line),
                        "TCT040",
                        f"test '{test.name}': {f}",
                        fix="change the line or the expectation, or run it with `trainer run --json` to see what was heard",
                    )
                )
            realism = convtest.realism(test, scenario)
            problems += [f"realism: {p}" for p in realism]
            for p in realism:
                diags.append(
                    Diagnostic(
                        str(path),
                        test.line,
                        _col(str(path), test.line),
                        "TCT041",
                        f"test '{test.name}': {p}",
                        fix="reword the line in plain words, or drop `reworded: true`",
                    )
                )
            if problems:
                failed += 1
                say(f"FAIL {test.name} ({path}:{test.line})")
                for p in problems:
                    say(f"     {p}")
            else:
                passed += 1
                call = result.call
                outcome = call.outcome if call and call.outcome else "open"
                say(f"ok   {test.name} ({path}:{test.line}) -> {outcome}")
            scenarios_seen.add(test.scenario)
            if result.call is not None:
                calls.setdefault(scenario.id, []).append(result.call)
    samples = []
    for sid in sorted(scenarios_seen):
        scenario = cat.scenario(sid)
        listener = scenario_listener(scenario)
        problems = convtest.check_samples(scenario, listener)
        figures = convtest.sample_figures(scenario, listener)
        below = [fig for fig in figures if fig.gated and not fig.passed]
        samples.append(
            {"scenario": sid, "passed": not below, "figures": [f.to_json() for f in figures]}
        )
        # The bar on the figures decides; a single sample heard wrongly is a warning line
        # (--fail-on-warnings makes it fail again).
        if below:
            failed += 1
            say(f"FAIL samples of {sid}")
        else:
            passed += 1
            say(f"ok   samples of {sid}")
        for p in problems:
            say(f"     {p}")
            where, line, col = _sample_where(scenario, p)
            diags.append(
                Diagnostic(
                    where,
                    line,
                    col,
                    "TCT042",
                    p,
                    "warning",
                    fix="reword the sample, or add examples (or a near-miss) so the listener tells it apart",
                )
            )
        for fig in below:
            say(
                f"     behaviour {fig.id}: precision {_figure(fig.precision)}, recall "
                f"{_figure(fig.recall)} leave-one-out; the bar is {convtest.MIN_PRECISION} and "
                f"{convtest.MIN_RECALL}"
            )
            if scenario.document is not None:
                diags.append(
                    scenario.document.problem(
                        ("behaviors", fig.id, "samples"),
                        "TCT043",
                        f"behaviour '{fig.id}' is heard with precision {_figure(fig.precision)} and "
                        f"recall {_figure(fig.recall)} on its own samples, each left out in turn; "
                        f"it needs at least {convtest.MIN_PRECISION} and {convtest.MIN_RECALL}",
                        "add more varied match samples (recall) or near-misses (precision)",
                    )
                )
        if figures:
            say(convtest.format_figures(sid, figures))
    reports = []
    if args.coverage:
        from trainer.authoring.coverage import Coverage, format_report

        for sid in sorted(calls):
            scenario = cat.scenario(sid)
            cov = Coverage(scenario)
            for call in calls[sid]:
                cov.add(call)
            rep = cov.report()
            reports.append(rep)
            say(format_report(rep))
            for tid in rep["topics"]["never"]:
                if scenario.document is not None:
                    d = scenario.document.problem(
                        ("topics", tid),
                        "TCT110",
                        f"no conversation test covers topic '{tid}'",
                        "add a step that asks about it, with expect: {topics: [" + tid + "]}",
                    )
                    diags.append(
                        Diagnostic(d.path, d.line, d.col, d.code, d.message, "warning", d.fix)
                    )
    say(f"{passed} passed, {failed} failed")
    if args.json:
        items = [d.to_json() for d in diags]
        out: dict[str, object] = {"diagnostics": items, "samples": samples}
        if args.coverage:
            out["coverage"] = reports
        print(json.dumps(out, indent=2, ensure_ascii=False))
    if failed or passed == 0:
        return 1
    warned = any(d.severity == "warning" for d in diags)
    return 1 if args.fail_on_warnings and warned else 0
