"""`trainer test`: run conversation tests and phrase-bank samples.

Per scenario it also reports each topic's and each example-heard behaviour's precision and
recall on its samples (see convtest.sample_figures); the behaviours' figures decide whether the
samples pass.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

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
    run = _TestRun(catalog(args), quiet=args.json)
    for path in test_files(run.cat, args.paths):
        run.file(path)
    samples = [run.samples(sid) for sid in sorted(run.scenarios_seen)]
    reports = run.coverage() if args.coverage else []
    run.say(f"{run.passed} passed, {run.failed} failed")
    if args.json:
        items = [d.to_json() for d in run.diags]
        out: dict[str, object] = {"diagnostics": items, "samples": samples}
        if args.coverage:
            out["coverage"] = reports
        print(json.dumps(out, indent=2, ensure_ascii=False))
    if run.failed or run.passed == 0:
        return 1
    warned = any(d.severity == "warning" for d in run.diags)
    return 1 if args.fail_on_warnings and warned else 0


class _TestRun:
    """One `trainer test`: the tallies, the diagnostics and the calls the tests played."""

    def __init__(self, cat: Catalog, quiet: bool) -> None:
        self.cat = cat
        self.quiet = quiet
        self.passed = self.failed = 0
        self.diags: list[Diagnostic] = []
        self.scenarios_seen: set[str] = set()
        self.calls: dict[str, list[Call]] = {}

    def say(self, text: str) -> None:
        if not self.quiet:
            print(text)

    def _fail(self, heading: str, diagnostics: list[Diagnostic]) -> None:
        """A test that could not run: its heading, then each problem, indented."""
        self.say(heading)
        for d in diagnostics:
            self.say(f"     {d}")
        self.diags.extend(diagnostics)
        self.failed += 1

    def file(self, path: Path) -> None:
        try:
            tests = test_file.load(path)
        except InvalidFile as exc:
            for d in exc.diagnostics:
                self.say(f"FAIL {d}")
            self.diags.extend(exc.diagnostics)
            self.failed += 1
            return
        for test in tests:
            self.test(path, test)

    def test(self, path: Path, test: test_file.ConversationTest) -> None:
        where = f"{test.name} ({path}:{test.line})"
        unknown = reference_problems(self.cat, [test])
        if unknown:  # the same problems `trainer validate` reports, not a failed run
            self._fail(f"FAIL {where}: unknown names", unknown)
            return
        try:
            result = convtest.run(test, self.cat.scenario)
            scenario = self.cat.scenario(test.scenario)
        except InvalidFile as exc:
            self._fail(f"FAIL {where}: scenario has problems", exc.diagnostics)
            return
        problems = [str(f) for f in result.failures]
        for f in result.failures:
            self.diags.append(
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
            self.diags.append(
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
            self.failed += 1
            self.say(f"FAIL {where}")
            for p in problems:
                self.say(f"     {p}")
        else:
            self.passed += 1
            call = result.call
            outcome = call.outcome if call and call.outcome else "open"
            self.say(f"ok   {where} -> {outcome}")
        self.scenarios_seen.add(test.scenario)
        if result.call is not None:
            self.calls.setdefault(scenario.id, []).append(result.call)

    def samples(self, sid: str) -> dict[str, object]:
        """Check a scenario's samples; the behaviours' figures decide whether they pass."""
        scenario = self.cat.scenario(sid)
        listener = scenario_listener(scenario)
        problems = convtest.check_samples(scenario, listener)
        figures = convtest.sample_figures(scenario, listener)
        below = [fig for fig in figures if fig.gated and not fig.passed]
        # The bar on the figures decides; a single sample heard wrongly is a warning line
        # (--fail-on-warnings makes it fail again).
        if below:
            self.failed += 1
            self.say(f"FAIL samples of {sid}")
        else:
            self.passed += 1
            self.say(f"ok   samples of {sid}")
        for p in problems:
            self.say(f"     {p}")
            where, line, col = _sample_where(scenario, p)
            self.diags.append(
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
            self._below_bar(scenario, fig)
        if figures:
            self.say(convtest.format_figures(sid, figures))
        return {"scenario": sid, "passed": not below, "figures": [f.to_json() for f in figures]}

    def _below_bar(self, scenario: Scenario, fig: convtest.Figures) -> None:
        self.say(
            f"     behaviour {fig.id}: precision {_figure(fig.precision)}, recall "
            f"{_figure(fig.recall)} leave-one-out; the bar is {convtest.MIN_PRECISION} and "
            f"{convtest.MIN_RECALL}"
        )
        if scenario.document is not None:
            self.diags.append(
                scenario.document.problem(
                    ("behaviors", fig.id, "samples"),
                    "TCT043",
                    f"behaviour '{fig.id}' is heard with precision {_figure(fig.precision)} and "
                    f"recall {_figure(fig.recall)} on its own samples, each left out in turn; "
                    f"it needs at least {convtest.MIN_PRECISION} and {convtest.MIN_RECALL}",
                    "add more varied match samples (recall) or near-misses (precision)",
                )
            )

    def coverage(self) -> list[dict[str, Any]]:
        """What the tests' calls reach, per scenario; a topic no test covers is a warning."""
        from trainer.authoring.coverage import Coverage, format_report

        reports = []
        for sid in sorted(self.calls):
            scenario = self.cat.scenario(sid)
            cov = Coverage(scenario)
            for call in self.calls[sid]:
                cov.add(call)
            rep = cov.report()
            reports.append(rep)
            self.say(format_report(rep))
            for tid in rep["topics"]["never"]:
                if scenario.document is not None:
                    d = scenario.document.problem(
                        ("topics", tid),
                        "TCT110",
                        f"no conversation test covers topic '{tid}'",
                        "add a step that asks about it, with expect: {topics: [" + tid + "]}",
                    )
                    self.diags.append(
                        Diagnostic(d.path, d.line, d.col, d.code, d.message, "warning", d.fix)
                    )
        return reports
