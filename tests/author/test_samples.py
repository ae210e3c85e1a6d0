"""`trainer test`'s sample figures: a behaviour heard from examples is measured with each sample
left out of what it learned, so a line it only knows by heart does not count as heard."""

from __future__ import annotations

from dataclasses import replace

from trainer.authoring.convtest import MIN_PRECISION, MIN_RECALL, Figures, sample_figures
from trainer.engine.listener.listen import scenario_listener
from trainer.engine.models import Behavior, Detector, Samples, Scenario
from trainer.formats.catalog import Catalog

LEADS = ["Honestly", "To be fair", "Look", "Well"]
# Four wordings of one excuse, and one line that shares no word with anything.
MATCH = tuple(f"{w}, the courier lost your parcel again, that is on them." for w in LEADS)
LONER = "Zebras juggle marmalade quietly on Tuesdays."
# A 'near-miss' that is really the same line: once it is left out, the others hear it.
TWIN = "Frankly, the courier lost your parcel again, that is on them."
UNRELATED = "Penguins admire telescopes every winter evening."


def with_trap(match: tuple[str, ...], no_match: tuple[str, ...]) -> Scenario:
    base = Catalog(use_env=False).scenario("hardware-refund")
    trap = Behavior(
        "blame_courier",
        "Blames the courier",
        "",
        detector=Detector.EXAMPLES,
        strike=True,
        samples=Samples(match, no_match),
    )
    return replace(base, behaviors={"blame_courier": trap})


def trap_figures(s: Scenario) -> Figures:
    (f,) = [f for f in sample_figures(s) if f.kind == "behaviour"]
    return f


def test_each_sample_is_left_out_of_its_behaviour_before_it_is_heard() -> None:
    s = with_trap((*MATCH, LONER), (TWIN, UNRELATED))
    listener = scenario_listener(s)
    # In-sample, the near-miss vetoes itself (it is stored as one) ...
    assert "blame_courier" not in listener.hear(TWIN).behavior_ids()
    f = trap_figures(s)
    # ... left out, it is heard like its twins; the loner has nothing left to be like.
    assert (f.kind, f.id, f.method) == ("behaviour", "blame_courier", "leave-one-out")
    assert (f.tp, f.fn, f.fp, f.tn) == (4, 1, 1, 1)
    assert f.precision == 0.8 and f.recall == 0.8
    assert f.gated and f.passed
    row = f.to_json()
    assert (row["precision"], row["recall"], row["passed"]) == (0.8, 0.8, True)


def test_the_bar_fails_a_behaviour_that_only_knows_its_samples_by_heart() -> None:
    loners = (
        LONER,
        "Quantum pelicans negotiate lukewarm spreadsheets.",
        "Velvet tractors hum beside the lighthouse.",
    )
    f = trap_figures(with_trap((*MATCH[:1], *loners), (UNRELATED,)))
    assert f.tp <= 1 and f.fn >= 3
    assert f.recall is not None and f.recall < MIN_RECALL
    assert not f.passed


def test_the_bar_is_documented_with_its_numbers() -> None:
    from tests.testkit import ROOT

    doc = (ROOT / "docs" / "authoring.md").read_text("utf-8")
    assert f"precision of at least {MIN_PRECISION}" in doc
    assert f"recall of at least {MIN_RECALL}" in doc


def test_topics_are_heard_directly_and_not_held_to_the_bar(catalog: Catalog) -> None:
    s = catalog.scenario("hardware-refund")
    topics = [f for f in sample_figures(s) if f.kind == "topic"]
    with_samples = {t.id: t for t in s.topics.values() if t.samples.match or t.samples.no_match}
    assert {f.id for f in topics} == set(with_samples)
    for f in topics:
        t = with_samples[f.id]
        assert f.method == "direct" and not f.gated
        assert (f.tp + f.fn, f.fp + f.tn) == (len(t.samples.match), len(t.samples.no_match))
