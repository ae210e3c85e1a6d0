"""pytest runs the same conversation tests as `trainer test`, one pytest item per test."""

from __future__ import annotations

import pytest

from tests.testkit import ROOT
from trainer.authoring import convtest
from trainer.formats import test_file
from trainer.formats.catalog import Catalog

TESTS = [
    pytest.param(t, id=f"{t.scenario}: {t.name}")
    for path in sorted((ROOT / "scenarios" / "tests").glob("*.yaml"))
    for t in test_file.load(path)
]


@pytest.mark.parametrize("test", TESTS)
def test_conversation(test: test_file.ConversationTest, catalog: Catalog) -> None:
    result = convtest.run(test, catalog.scenario)
    scenario = catalog.scenario(test.scenario)
    problems = [str(f) for f in result.failures] + convtest.realism(test, scenario)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("sid", sorted({t.values[0].scenario for t in TESTS}))  # type: ignore[union-attr]
def test_phrase_bank_samples(sid: str, catalog: Catalog) -> None:
    """Every behaviour heard from examples reaches the bar on its own samples, each left out
    (a single misheard near-miss is a warning in `trainer test`, the bar is the verdict)."""
    figures = [f for f in convtest.sample_figures(catalog.scenario(sid)) if f.gated]
    assert figures, "the scenario's traps are heard from examples"
    below = [(f.id, f.precision, f.recall) for f in figures if not f.passed]
    assert below == []


def test_every_shipped_scenario_has_win_lose_and_recover_tests(catalog: Catalog) -> None:
    kinds: dict[str, set[str]] = {}
    for p in TESTS:
        t = p.values[0]
        kinds.setdefault(t.scenario, set()).add(t.kind)  # type: ignore[union-attr]
    for sid in catalog.scenarios():
        assert {"win", "lose", "recover"} <= kinds.get(sid, set()), sid


def test_tests_cover_every_topic(catalog: Catalog) -> None:
    for sid, scenario in catalog.scenarios().items():
        covered: set[str] = set()
        for p in TESTS:
            t = p.values[0]
            if t.scenario == sid:  # type: ignore[union-attr]
                result = convtest.run(t, catalog.scenario)  # type: ignore[arg-type]
                assert result.call is not None
                covered |= set(result.call.covered)
        assert covered >= set(scenario.topics), f"{sid}: never covered {set(scenario.topics) - covered}"
