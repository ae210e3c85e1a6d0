"""The scenario format reports every reference it cannot resolve, wherever it is in the file."""

from __future__ import annotations

import pytest

from tests.testkit import ROOT
from trainer.engine.models import Scenario
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


def _fallback_with(catalog: Catalog, item: str) -> tuple[int, Scenario | InvalidFile]:
    """hardware-refund with its first fallback line replaced by ``item``: (its line, result)."""
    lines = (ROOT / "scenarios" / "hardware-refund.yaml").read_text("utf-8").splitlines()
    start = lines.index("  fallback:")
    at = next(i for i in range(start, len(lines)) if lines[i].startswith("      - "))
    lines[at] = "      - " + item
    doc = yamlfile.parse("\n".join(lines) + "\n", "hardware-refund.yaml")
    try:
        return at + 1, scenario_file.from_document(doc, catalog.rubric)
    except InvalidFile as exc:
        return at + 1, exc


def test_a_line_may_say_which_topics_it_presupposes(catalog: Catalog) -> None:
    _, s = _fallback_with(catalog, '{say: "About that debrief.", after: [debrief, failure_story]}')
    assert isinstance(s, Scenario)
    first = s.fallback.bands[0][1][0]
    assert (first.text, first.after) == ("About that debrief.", ("debrief", "failure_story"))
    assert s.fallback.bands[0][1][1].after == ()  # plain strings still work beside it


def test_unknown_topic_in_after_is_reported_at_its_line(catalog: Catalog) -> None:
    line, got = _fallback_with(catalog, '{say: "About that debrief.", after: [debreif]}')
    assert isinstance(got, InvalidFile)
    (problem,) = got.diagnostics
    assert (problem.line, problem.code) == (line, "TCT023")
    assert problem.message == "unknown topic 'debreif'"
    assert problem.fix == "did you mean 'debrief'?"


def test_a_line_mapping_needs_its_text(catalog: Catalog) -> None:
    line, got = _fallback_with(catalog, "{after: [debrief]}")
    assert isinstance(got, InvalidFile)
    assert [(p.line, p.code) for p in got.diagnostics] == [(line, "TCT011")]
