"""The JSON Schemas (what an editor checks) and `trainer validate` agree on every file we have.

Every file falls in exactly one class:

* ``yaml``     - cannot be read as plain YAML (TCT001-TCT006); the schema never sees data.
* ``schema``   - loads, fails the schema; validate reports only TCT010-TCT013 codes.
* ``semantic`` - loads, passes the schema; validate reports only TCT02x codes (unknown
                 references, duplicate ids, bad regular expressions).
* ``valid``    - passes both.

So: schema-invalid <=> validate reports a TCT01x code, and a file that passes the schema fails
validate only with TCT00x (it never loaded) or TCT02x codes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.testkit import DATA, ROOT
from trainer.formats import yamlfile
from trainer.formats.catalog import Catalog, kind_of
from trainer.formats.diagnostics import InvalidFile
from trainer.formats.schema import schema

BAD_CLASSES = {
    "syntax-error.yaml": "yaml",
    "python-tag.yaml": "yaml",
    "empty.yaml": "yaml",
    "not-utf8.yaml": "yaml",
    "billion-laughs.yaml": "yaml",
    "duplicate-key.yaml": "yaml",
    "wrong-type.yaml": "schema",
    "missing-key.yaml": "schema",
    "unknown-key.yaml": "schema",
    "unknown-rubric.yaml": "semantic",
    "unknown-behaviour.yaml": "semantic",
    "unknown-mood.yaml": "semantic",
    "unknown-topic.yaml": "semantic",
    "rubric-unknown-behaviour.yaml": "semantic",
    "bad-regex.yaml": "semantic",
    "duplicate-id/one.yaml": "valid",  # valid alone; together with two.yaml: TCT024
    "duplicate-id/two.yaml": "valid",
}


def shipped() -> list[Path]:
    return sorted((ROOT / "scenarios").rglob("*.yaml")) + sorted((ROOT / "rubrics").rglob("*.yaml"))


def classify(path: Path) -> tuple[str, set[str]]:
    """(class by the schema alone, codes validate reports)."""
    codes = {d.code for d in Catalog(use_env=False).validate([path])}
    try:
        doc = yamlfile.load(path)
    except InvalidFile:
        return "yaml", codes
    kind = kind_of(doc)
    if kind == "test":
        return "valid" if not codes else "semantic", codes  # test files have no schema
    errors = list(Draft202012Validator(schema(kind)).iter_errors(doc.data))
    if errors:
        return "schema", codes
    return ("semantic" if codes else "valid"), codes


def _agrees(cls: str, codes: set[str]) -> bool:
    if cls == "yaml":
        return bool(codes) and all(c[:5] == "TCT00" for c in codes)
    if cls == "schema":
        return bool(codes) and all(c[:5] == "TCT01" for c in codes)
    if cls == "semantic":
        return bool(codes) and all(c[:5] in ("TCT02", "TCT03") for c in codes)
    return not codes


@pytest.mark.parametrize("name", sorted(BAD_CLASSES))
def test_bad_file_class(name: str) -> None:
    cls, codes = classify(DATA / "bad" / name)
    assert cls == BAD_CLASSES[name], codes
    assert _agrees(cls, codes), (cls, codes)


def test_every_bad_file_is_classified() -> None:
    on_disk = {p.relative_to(DATA / "bad").as_posix() for p in (DATA / "bad").rglob("*.yaml")}
    assert on_disk == set(BAD_CLASSES)


def test_duplicate_ids_are_semantic_across_files(catalog: Catalog) -> None:
    files = sorted((DATA / "bad" / "duplicate-id").glob("*.yaml"))
    assert {d.code for d in catalog.validate(files)} == {"TCT024"}


@pytest.mark.parametrize("path", shipped() + sorted((DATA / "lint").rglob("*.yaml")), ids=lambda p: p.name)
def test_shipped_and_lint_fixture_files_pass_both(path: Path) -> None:
    cls, codes = classify(path)
    assert (cls, codes) == ("valid", set())


@pytest.mark.parametrize(
    "path", [p for p in shipped() if kind_of(yamlfile.load(p)) != "test"], ids=lambda p: p.name
)
def test_scenario_and_rubric_files_name_their_schema(path: Path) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), f"{path} does not start with the schema comment"
    kind = kind_of(yamlfile.load(path))
    target = (path.parent / first[len(prefix):].strip()).resolve()
    assert target == (ROOT / "trainer" / "formats" / "schemas" / f"{kind}.schema.json").resolve()
