"""docs/authoring.md stays true: its walk-through runs, and it documents every key and rule."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
from test_lint import CASES

from tests.testkit import ROOT, run_cli
from trainer.authoring.lint import RULES
from trainer.formats.schema import schema

from schema_paths import schema_paths

DOC = ROOT / "docs" / "authoring.md"


def doc_text() -> str:
    return DOC.read_text("utf-8")


def walkthrough() -> list[str]:
    text = doc_text().split("## The walk-through", 1)[1].split("\n## ", 1)[0]
    return [ln.strip() for ln in text.splitlines() if ln.startswith("    trainer ")]


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(command)
    assert argv[0] == "trainer"
    return run_cli(*argv[1:], cwd=cwd)  # in-process: no interpreter start per command


def test_walkthrough_commands_all_pass_in_an_empty_folder(tmp_path: Path) -> None:
    commands = walkthrough()
    verbs = [shlex.split(c)[1] for c in commands]
    assert verbs == ["new", "validate", "lint", "test", "list"]
    for command in commands:
        proc = run(command, tmp_path)
        assert proc.returncode == 0, f"{command}\n{proc.stdout}\n{proc.stderr}"
        if verbs[commands.index(command)] == "lint":
            assert "0 error(s), 0 warning(s)" in proc.stderr and proc.stdout == ""
        if verbs[commands.index(command)] == "list":
            assert "my-call" in proc.stdout
    # and --fail-on-warnings agrees that the starter is clean
    lint = [c for c in commands if " lint " in c][0]
    assert run(lint + " --fail-on-warnings", tmp_path).returncode == 0


def yaml_blocks() -> list[list[str]]:
    """The walk-through's YAML excerpts (indented blocks that start with a key), dedented."""
    text = doc_text().split("## The walk-through", 1)[1].split("\n## ", 1)[0]
    blocks: list[list[str]] = []
    current: list[str] = []
    for ln in [*text.splitlines(), "end"]:
        if ln.startswith("    "):
            current.append(ln[4:])
        elif ln.strip() and current:  # a paragraph ends the block (blank lines do not)
            if re.match(r"^[a-z_]+:", current[0]):
                blocks.append(current)
            current = []
    return blocks


def test_walkthrough_yaml_is_what_trainer_new_writes(tmp_path: Path) -> None:
    """The pieces the guide shows (topics, the trap, the moves, the tests) are the starter's own
    lines, in order, so the guide cannot drift from the scenario it builds."""
    assert run("trainer new my-call --dir my-scenarios", tmp_path).returncode == 0
    files = [tmp_path / "my-scenarios" / "my-call.yaml", tmp_path / "my-scenarios" / "tests" / "my-call.test.yaml"]
    written = [ln for f in files for ln in f.read_text("utf-8").splitlines() if ln.strip()]
    blocks = yaml_blocks()
    shown = "\n".join("\n".join(b) for b in blocks)
    assert "detector: examples" in shown and "examples:" in shown and "patterns:" not in shown
    for block in blocks:
        starts = [i for i, ln in enumerate(written) if ln.strip() == block[0].strip()]
        assert any(
            all(
                i + j < len(written)
                and written[i + j] == written[i][: len(written[i]) - len(written[i].lstrip())] + ln
                for j, ln in enumerate(block)
            )
            for i in starts
        ), "this excerpt of the walk-through is not in what trainer new writes:\n" + "\n".join(block)


@pytest.mark.parametrize("kind", ["scenario", "rubric"])
def test_every_schema_key_is_documented(kind: str) -> None:
    section = doc_text().split(f"## File format reference: {kind}", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([^`]+)`", section))
    missing = []
    for path in schema_paths(schema(kind)):
        path = re.sub(r"^levels\.(easy|normal|hard)\.", "levels.<level>.", path)
        if kind == "rubric" and path.startswith("behaviors.<id>."):
            continue  # documented once, with the scenario's behaviours
        if path not in documented:
            missing.append(path)
    assert not missing, f"docs/authoring.md does not document: {missing}"


def test_every_lint_rule_is_documented_with_an_example() -> None:
    text = doc_text()
    for code, rule in RULES.items():
        m = re.search(rf"### {code} \((error|warning)\) ([^\n]+)\n(.*?)(?=\n### |\n## )", text, re.S)
        assert m, f"{code} is not documented"
        assert m.group(1) == rule.severity, code
        body = m.group(3)
        examples = re.findall(r"^    # ([\w-]+\.yaml):(\d+): ", body, re.M)
        assert examples, f"{code} has no example"
        for name, line in examples:  # each example is what lint really reports
            assert (int(line), code) in {(ln, c) for ln, _, c in CASES[name]}, (code, name, line)
