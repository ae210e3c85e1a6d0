"""A scenario's schema pass is remembered (issue 12): a warm `trainer validate` imports no
jsonschema, and what it reports about a bad file is exactly what a cold check reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_cli_lazy import loaded_after
from tests.testkit import DATA, ROOT
from trainer.formats import cache, scenario_file, schema, yamlfile
from trainer.formats.catalog import Catalog
from trainer.formats.diagnostics import InvalidFile

BOW = ROOT / "scenarios" / "best-of-the-worst.yaml"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(where))
    return where


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The scenario documents the real schema checker ran on, by path."""
    ran: list[str] = []
    real = schema.check

    def counting(doc: yamlfile.Document, kind: str) -> Any:
        if kind == "scenario":
            ran.append(doc.path)
        return real(doc, kind)

    monkeypatch.setattr(schema, "check", counting)
    return ran


def build(path: Path) -> list[tuple[int, int, str, str]]:
    """Build the scenario at ``path``; its problems as (line, col, code, message), [] when valid."""
    try:
        scenario_file.from_document(yamlfile.load(path), Catalog(use_env=False).rubric)
    except InvalidFile as exc:
        return [(d.line, d.col, d.code, d.message) for d in exc.diagnostics]
    return []


def test_a_pass_is_remembered(folder: Path, checks: list[str]) -> None:
    assert build(BOW) == []
    assert checks == [str(BOW)]
    assert build(BOW) == []
    assert checks == [str(BOW)]  # the second build did not run the checker


def test_a_failure_is_never_remembered_and_reads_the_same(
    folder: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = DATA / "bad" / "wrong-type.yaml"
    first, second = build(bad), build(bad)
    assert checks == [str(bad), str(bad)]
    monkeypatch.setenv(cache.ENV_VAR, "off")
    assert first == second == build(bad)
    assert first == [(329, 3, "TCT012", "end.turns should be a whole number, not text 'sixteen'")]


def test_a_changed_document_is_checked_again(
    folder: Path, checks: list[str], tmp_path: Path
) -> None:
    mine = tmp_path / "mine.yaml"
    text = BOW.read_text("utf-8")
    mine.write_text(text, "utf-8")
    assert build(mine) == []
    broken = text.replace("\ntitle: ", "\ntitle: 12\nx_title: ", 1)
    assert broken != text
    mine.write_text(broken, "utf-8")
    assert build(mine) == [
        (8, 1, "TCT012", "title should be text, not int 12"),
        (9, 1, "TCT010", "unknown key 'x_title' in the top level"),
    ]
    assert checks == [str(mine), str(mine)]


@pytest.mark.parametrize("garbage", [b"", b"TCT-CACHE-1\n" + b"\0" * 32 + b"cut short"])
def test_a_corrupt_entry_is_ignored(folder: Path, checks: list[str], garbage: bytes) -> None:
    build(BOW)
    [entry] = (folder / "scenario-schema-pass").glob("*.pickle")
    entry.write_bytes(garbage)
    assert build(BOW) == []
    assert checks == [str(BOW), str(BOW)]
    assert entry.read_bytes() != garbage  # rewritten by the fresh pass


def test_a_new_trainer_version_checks_again(
    folder: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    build(BOW)
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert build(BOW) == []
    assert checks == [str(BOW), str(BOW)]


def test_a_warm_validate_imports_no_jsonschema(folder: Path) -> None:
    args = ["validate", str(BOW)]
    assert "jsonschema" in loaded_after(args, ("jsonschema",))  # cold: the checker runs
    assert loaded_after(args, ("jsonschema", "trainer.formats.schema")) == []
