"""Each rubric pattern is compiled once per process (issue 12): a second build of the same
rubric, by a new Catalog or a reload, compiles nothing, and bad patterns are still reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.testkit import ROOT, counting_compile
from trainer.formats import rubric_file
from trainer.formats.diagnostics import InvalidFile

CORE = ROOT / "rubrics" / "core.yaml"


def test_a_second_build_compiles_no_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    first = rubric_file.load(CORE)
    texts = {p.pattern for b in first.behaviors.values() for p in (*b.patterns, *b.not_patterns)}
    assert len(texts) > 100  # the core rubric really has patterns to compile

    calls = counting_compile(monkeypatch, texts)
    second = rubric_file.load(CORE)
    assert calls == []
    for bid, b in second.behaviors.items():
        assert b.patterns == first.behaviors[bid].patterns
        assert b.not_patterns == first.behaviors[bid].not_patterns


def test_a_bad_pattern_is_reported_on_every_build(tmp_path: Path) -> None:
    text = CORE.read_text("utf-8")
    bad = tmp_path / "core.yaml"
    marker = "    patterns:\n"
    assert marker in text
    bad.write_text(text.replace(marker, marker + "      - 'broken (group'\n", 1))
    for _ in range(2):  # a failed compile must not be remembered as a pass
        with pytest.raises(InvalidFile) as caught:
            rubric_file.load(bad)
        codes = [(d.code, d.message) for d in caught.value.diagnostics]
        assert ("TCT025", "invalid regular expression: missing ), unterminated subpattern") in codes
