"""A dedented key is reported on its own line, not on the later line where the parser noticed,
and the fast C composer reads files exactly as the pure-Python one does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.testkit import ROOT, run_cli
from trainer.formats import yamlfile
from trainer.formats.diagnostics import InvalidFile

# (file text, the line of the real mistake, the column its block uses)
DEDENTED = {
    # `role` fell back to the top level, so `company` below it looks over-indented.
    "sibling-to-top": ("id: x\ntitle: T\ncustomer:\n  name: Dana\nrole: CEO\n  company: Acme\n", 5, 3),
    # The first key of a block set its column one short; the next key looks wrong.
    "first-child": ("id: x\ntitle: T\ncustomer:\n name: Dana\n  role: CEO\n  company: Acme\n", 4, 3),
    # A key with children, dedented by one, noticed only after its block scalar.
    "after-block-scalar": (
        "id: x\nbriefing:\n setting: >-\n    Some words\n    more words\n  goal: win\ntitle: T\n",
        3,
        3,
    ),
}


@pytest.mark.parametrize("name", sorted(DEDENTED))
def test_validate_names_the_dedented_line(tmp_path: Path, name: str) -> None:
    text, line, col = DEDENTED[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, "utf-8")
    proc = run_cli("validate", str(path))
    assert proc.returncode == 1
    first = proc.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{line}:"), first
    assert "TCT002" in first and f"column {col}" in first


def test_a_dedent_that_is_the_parsers_line_stays_there() -> None:
    # `b` sits between two levels: the parser notices on its own line, and so do we.
    with pytest.raises(InvalidFile) as info:
        yamlfile.parse("a:\n  x: 1\n b: 2\nc: 3\n", "f.yaml")
    assert info.value.diagnostics[0].line == 3


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
def test_c_composer_is_used_and_reads_every_shipped_file_like_the_pure_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert yamlfile.Composer is yaml.CSafeLoader
    files = sorted((ROOT / "scenarios").rglob("*.yaml")) + sorted((ROOT / "rubrics").glob("*.yaml"))
    fast = [yamlfile.load(f) for f in files]
    monkeypatch.setattr(yamlfile, "Composer", yaml.SafeLoader)
    slow = [yamlfile.load(f) for f in files]
    for f, a, b in zip(files, fast, slow, strict=True):
        assert a.data == b.data, f
        assert a.positions == b.positions, f


def test_quote_errors_name_the_quote_with_either_composer(monkeypatch: pytest.MonkeyPatch) -> None:
    text = 'a: 1\nb: "caf\\w"\n'
    for composer in (yaml.SafeLoader, yamlfile.Composer):
        monkeypatch.setattr(yamlfile, "Composer", composer)
        with pytest.raises(InvalidFile) as info:
            yamlfile.parse(text, "f.yaml")
        d = info.value.diagnostics[0]
        assert (d.line, d.code) == (2, "TCT002") and "double-quoted" in d.message
