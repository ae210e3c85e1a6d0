"""Each bad file under tests/data/bad/ fails validation with a located, actionable message."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.testkit import DATA
from trainer.formats.catalog import Catalog

BAD = DATA / "bad"

# file -> (line, code, words the message or fix must contain)
CASES = {
    "syntax-error.yaml": (8, "TCT002", "double-quoted"),
    "wrong-type.yaml": (329, "TCT012", "whole number"),
    "missing-key.yaml": (7, "TCT011", "summary"),
    "unknown-key.yaml": (33, "TCT010", "did you mean 'mood'"),
    "unknown-rubric.yaml": (13, "TCT020", "cor"),
    "unknown-behaviour.yaml": (39, "TCT021", "did you mean 'dismissive'"),
    "unknown-mood.yaml": (35, "TCT022", "did you mean 'angry'"),
    "unknown-topic.yaml": (322, "TCT023", "did you mean 'way_forward'"),
    "python-tag.yaml": (8, "TCT004", "not allowed"),
    "empty.yaml": (1, "TCT003", "empty"),
    "not-utf8.yaml": (8, "TCT001", "UTF-8"),
    "billion-laughs.yaml": (1, "TCT005", "aliases"),
    "duplicate-key.yaml": (13, "TCT006", "difficulty"),
    "rubric-unknown-behaviour.yaml": (457, "TCT021", "did you mean 'ownership'"),
    "bad-regex.yaml": (54, "TCT025", "regular expression"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_is_located(name: str, catalog: Catalog) -> None:
    line, code, words = CASES[name]
    problems = catalog.validate([BAD / name])
    assert problems, f"{name} passed validation"
    first = problems[0]
    assert (first.line, first.code) == (line, code), str(first)
    assert words in str(first)


def test_duplicate_ids_across_files(catalog: Catalog) -> None:
    folder = BAD / "duplicate-id"
    problems = catalog.validate(sorted(folder.glob("*.yaml")))
    assert [p.code for p in problems] == ["TCT024"]
    assert "one.yaml" in problems[0].message


def test_every_bad_file_is_in_the_table() -> None:
    on_disk = {p.name for p in BAD.glob("*.yaml")}
    assert on_disk == set(CASES)


def test_cli_reports_each_bad_file_on_stderr_without_traceback() -> None:
    files = [str(BAD / n) for n in sorted(CASES)]
    proc = subprocess.run(
        [sys.executable, "-m", "trainer", "validate", *files],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    for name, (line, code, _) in CASES.items():
        assert f"{name}:{line}:" in proc.stderr and code in proc.stderr, name
