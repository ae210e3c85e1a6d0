"""`trainer new` and `trainer test --coverage`."""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

import yaml

from tests.testkit import ROOT, run_cli
from trainer.authoring import convtest
from trainer.authoring.lint import lint_paths
from trainer.engine.call import replay
from trainer.formats import test_file
from trainer.formats.catalog import Catalog


def trainer(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)  # in-process: no interpreter start per call


def test_starter_validates_lints_clean_plays_and_its_test_passes(tmp_path: Path) -> None:
    proc = trainer("new", "late-parcel", "--dir", "mine", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "mine"
    scen, test = folder / "late-parcel.yaml", folder / "tests" / "late-parcel.test.yaml"
    assert scen.read_text("utf-8").startswith("# yaml-language-server: $schema=")
    cat = Catalog([folder], use_env=False)
    assert cat.validate([scen, test]) == []
    diags, _ = lint_paths([scen], cat)
    assert diags == []
    s = cat.scenario("late-parcel")
    call = replay(s, ["That's on us, and I'm sorry.", "What exactly happened on your side?"], seed=4)
    assert len(call.turns) == 2 and call.turns[1].customer
    for t in test_file.load(test):
        assert convtest.run(t, cat.scenario).passed


def test_starter_uses_examples_and_no_regular_expression(tmp_path: Path) -> None:
    """Issue 10: an author starts from topics and a trap written as examples, not keyword
    lists or patterns; the trap has enough varied samples to pass `trainer test`'s bar."""
    assert trainer("new", "by-example", cwd=tmp_path).returncode == 0
    data = yaml.safe_load((tmp_path / "by-example.yaml").read_text("utf-8"))
    for tid, topic in data["topics"].items():
        assert "phrases" not in topic and "keywords" not in topic, tid
        assert len(topic["examples"]) >= 10, tid
    assert data["behaviors"], "the starter shows a scenario trap"
    for bid, b in data["behaviors"].items():
        assert b["detector"] == "examples", bid
        assert not {"patterns", "not_patterns", "phrases"} & set(b), bid
        assert len(b["samples"]["match"]) >= 15 and len(b["samples"]["no_match"]) >= 15, bid
    assert "fragments" not in data


def test_new_never_overwrites(tmp_path: Path) -> None:
    assert trainer("new", "x-call", cwd=tmp_path).returncode == 0
    before = (tmp_path / "x-call.yaml").read_text("utf-8")
    (tmp_path / "x-call.yaml").write_text(before + "# my edits\n", "utf-8")
    again = trainer("new", "x-call", cwd=tmp_path)
    assert again.returncode == 1
    assert "already exists" in again.stderr and "Traceback" not in again.stderr
    assert (tmp_path / "x-call.yaml").read_text("utf-8").endswith("# my edits\n")


def test_new_rejects_bad_and_taken_ids(tmp_path: Path) -> None:
    bad = trainer("new", "Bad Id", cwd=tmp_path)
    assert bad.returncode == 1 and "not a valid id" in bad.stderr
    taken = trainer("new", "best-of-the-worst", cwd=tmp_path)
    assert taken.returncode == 1 and "already exists" in taken.stderr
    assert not list(tmp_path.iterdir())


def test_new_from_copies_scenario_and_tests(tmp_path: Path) -> None:
    src = ROOT / "scenarios" / "best-of-the-worst.yaml"
    proc = trainer("new", "worst-copy", "--from", str(src), "--dir", "copy", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "copy"
    text = (folder / "worst-copy.yaml").read_text("utf-8")
    assert "\nid: worst-copy\n" in text and "Walt Brennan" in text
    header = text.splitlines()[0].split("$schema=")[1]
    assert (folder / header).resolve() == (ROOT / "trainer" / "formats" / "schemas" / "scenario.schema.json").resolve()
    run = trainer("test", "copy/tests", "--scenarios", "copy", cwd=tmp_path)
    assert run.returncode == 0, run.stdout
    assert "worst-copy" in trainer("list", "--scenarios", "copy", cwd=tmp_path).stdout


def test_test_coverage_reports_reached_and_never(tmp_path: Path) -> None:
    trainer("new", "cov-call", "--dir", "c", cwd=tmp_path)
    proc = trainer("test", "c/tests", "--scenarios", "c", "--coverage", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["diagnostics"] == []
    (rep,) = data["coverage"]
    assert rep["scenario"] == "cov-call" and rep["calls"] == 2
    assert rep["topics"]["never"] == []
    assert "annoyed -> wary" in rep["moves"]["reached"]
    assert rep["lines"]["never"], "two short tests cannot say every line"
    assert set(rep["levels"]["reached"]) >= {"annoyed", "angry", "hung_up"}
    text = trainer("test", "c/tests", "--scenarios", "c", "--coverage", cwd=tmp_path).stdout
    assert "coverage of cov-call (2 call(s))" in text and "never:" in text


def test_test_json_failures_are_located(tmp_path: Path) -> None:
    trainer("new", "fail-call", "--dir", "f", cwd=tmp_path)
    test = tmp_path / "f" / "tests" / "fail-call.test.yaml"
    test.write_text(test.read_text("utf-8").replace("mood: angry", "mood: calm"), "utf-8")
    proc = trainer("test", "f/tests", "--scenarios", "f", "--json", cwd=tmp_path)
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    (item,) = [d for d in data["diagnostics"] if d["severity"] == "error"]
    assert item["code"] == "TCT040"
    assert [s["scenario"] for s in data["samples"]] == ["fail-call"]
    lines = test.read_text("utf-8").splitlines()
    assert "say:" in lines[item["line"] - 1] and item["col"] > 1


def test_the_commands_new_prints_and_writes_work_as_copied(tmp_path: Path) -> None:
    """The first commands an author copies: from the output and from the file's header."""
    for folder in (None, "my scenarios"):
        cwd = tmp_path / (folder or "here")
        cwd.mkdir()
        proc = trainer("new", "my-call", *(["--dir", folder] if folder else []), cwd=cwd)
        assert proc.returncode == 0, proc.stderr
        printed = [ln.strip() for ln in proc.stdout.splitlines() if ln.startswith("  trainer ")]
        scen = cwd / (folder or ".") / "my-call.yaml"
        header = [
            ln[1:].split("(")[0].strip()
            for ln in scen.read_text("utf-8").splitlines()
            if ln.startswith("#   trainer ")
        ]
        assert [c.split()[1] for c in printed] == ["validate", "lint", "test"]
        assert header == printed
        for command in printed:
            run = trainer(*shlex.split(command)[1:], cwd=cwd)
            assert run.returncode == 0, (command, run.stdout, run.stderr)
