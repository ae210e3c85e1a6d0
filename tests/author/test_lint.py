"""`trainer lint`: each planted problem in tests/data/lint/ is reported at its line, and the
shipped scenarios lint clean."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.testkit import DATA, ROOT, run_cli
from trainer.authoring.lint import RULES, lint_paths, lint_scenario
from trainer.formats.catalog import Catalog
from trainer.formats.diagnostics import CODES

LINT = DATA / "lint"

# file -> every diagnostic lint must report, as (line, col, code), in file order. Each fixture
# is the `trainer new` starter with one planted problem (its header comment says which).
CASES: dict[str, list[tuple[int, int, str]]] = {
    "close-phrases.yaml": [(83, 9, "TCT111"), (133, 9, "TCT111")],
    "close-topics.yaml": [(133, 3, "TCT118")],
    "dead-band.yaml": [(151, 5, "TCT107")],
    "duplicates.yaml": [(137, 7, "TCT113"), (161, 9, "TCT114")],
    "late-deadline.yaml": [(112, 5, "TCT115")],
    "neutral-heard.yaml": [(78, 3, "TCT117")],
    "never-lost.yaml": [(27, 20, "TCT101"), (27, 36, "TCT101"), (27, 48, "TCT102"), (166, 3, "TCT106")],
    "no-reaction.yaml": [(137, 3, "TCT108"), (137, 3, "TCT108")],
    "no-tests.yaml": [(5, 1, "TCT109")],
    "no-win.yaml": [(27, 36, "TCT101"), (27, 42, "TCT101"), (27, 48, "TCT101"), (105, 7, "TCT107"), (109, 3, "TCT110"), (113, 5, "TCT104"), (131, 7, "TCT107"), (135, 3, "TCT110"), (137, 5, "TCT116"), (162, 7, "TCT107"), (167, 5, "TCT107"), (177, 9, "TCT103"), (177, 26, "TCT105")],
    "placeholders.yaml": [(131, 5, "TCT112"), (136, 7, "TCT112")],
    "presupposes.yaml": [(142, 9, "TCT119"), (154, 9, "TCT119")],
    "unreachable.yaml": [(27, 20, "TCT101"), (27, 36, "TCT101")],
    "untested-topic.yaml": [(133, 3, "TCT110")],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_planted_problem_is_reported_at_its_line(name: str, catalog: Catalog) -> None:
    diags, count = lint_paths([LINT / name], catalog)
    assert count == 1
    assert [(d.line, d.col, d.code) for d in diags] == CASES[name], "\n".join(map(str, diags))
    for d in diags:
        assert d.severity == RULES[d.code].severity
        assert d.fix, f"{d.code} has no fix"
        assert str(d).startswith(f"{LINT / name}:{d.line}:{d.col}: {d.severity} {d.code}: ")


def test_every_fixture_is_in_the_table() -> None:
    assert {p.name for p in LINT.glob("*.yaml")} == set(CASES)


def test_every_rule_has_a_fixture_and_a_registered_code() -> None:
    planted = {code for rows in CASES.values() for _, _, code in rows}
    assert planted == set(RULES)
    for code, rule in RULES.items():
        assert CODES[code] and rule.severity in ("error", "warning")


SHIPPED = sorted(Catalog(use_env=False).summaries())  # ids for collection; nothing built


# Warnings the shipped scenarios still raise since their topics and traps became examples
# (issue 10): neutral lines they hear (TCT117) and topic examples too alike (TCT111). They are
# data work for the scenario authors; any other finding, and any error, fails.
OPEN_WARNINGS = {"TCT111", "TCT117"}


@pytest.mark.parametrize("sid", SHIPPED)
def test_shipped_scenario_lints_clean(sid: str, catalog: Catalog) -> None:
    diags = lint_scenario(catalog.scenario(sid), catalog)
    unexpected = [d for d in diags if d.severity == "error" or d.code not in OPEN_WARNINGS]
    assert unexpected == [], "\n".join(map(str, unexpected))


def test_a_reply_naming_what_only_a_topic_brings_up_needs_after(catalog: Catalog) -> None:
    text = (LINT / "presupposes.yaml").read_text("utf-8").splitlines()
    naked = text.index('      - "All right. What else? I still have to tell Dariusz."') + 1
    waits = next(i for i, ln in enumerate(text) if "I'll tell Dariusz.\", after: [what_it_cost]" in ln)
    diags, _ = lint_paths([LINT / "presupposes.yaml"], catalog, run_tests=False)
    found = {d.line: d for d in diags if d.code == "TCT119"}
    assert "'Dariusz'" in found[naked].message and "'what_it_cost'" in found[naked].message
    assert "after: [what_it_cost]" in (found[naked].fix or "")
    assert waits + 1 not in found  # the same name, with after:, is fine


@pytest.mark.parametrize("sid", SHIPPED)
def test_shipped_replies_say_what_they_presuppose(sid: str, catalog: Catalog) -> None:
    diags = lint_scenario(catalog.scenario(sid), catalog, run_tests=False)
    assert [str(d) for d in diags if d.code == "TCT119"] == []


def trainer(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd or ROOT)  # in-process: no interpreter start per call


def test_cli_json_and_exit_codes() -> None:
    warn_only = str(LINT / "dead-band.yaml")
    proc = trainer("lint", "--json", warn_only)
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert [(i["line"], i["code"], i["severity"]) for i in items] == [(151, "TCT107", "warning")]
    assert set(items[0]) == {"path", "line", "col", "code", "message", "severity", "fix"}
    assert trainer("lint", "--fail-on-warnings", warn_only).returncode == 1
    errors = trainer("lint", str(LINT / "placeholders.yaml"))
    assert errors.returncode == 1
    assert "placeholders.yaml:136:7: error TCT112:" in errors.stdout


def test_cli_reports_invalid_files_as_validate_does() -> None:
    proc = trainer("lint", str(DATA / "bad" / "unknown-key.yaml"))
    assert proc.returncode == 1
    assert "unknown-key.yaml:33:1: error TCT010:" in proc.stdout
