"""The scenario format reports every reference it cannot resolve, wherever it is in the file."""

from __future__ import annotations

import pytest

from tests.testkit import ROOT
from trainer.formats import scenario_file, yamlfile
from trainer.formats.catalog import Catalog
from trainer.formats.diagnostics import InvalidFile


def test_unknown_mood_in_the_fallback_lines_is_reported(catalog: Catalog) -> None:
    lines = (ROOT / "scenarios" / "hardware-refund.yaml").read_text("utf-8").splitlines()
    at = lines.index("  fallback:") + 1
    assert lines[at] == "    hung_up:"
    lines[at] = "    hung_upp:"
    doc = yamlfile.parse("\n".join(lines) + "\n", "hardware-refund.yaml")
    with pytest.raises(InvalidFile) as exc:
        scenario_file.from_document(doc, catalog.rubric)
    (problem,) = exc.value.diagnostics
    assert (problem.line, problem.code) == (at + 1, "TCT022")
    assert problem.message == "unknown mood 'hung_upp'"
    assert problem.fix == "did you mean 'hung_up'?"
