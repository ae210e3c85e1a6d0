"""`trainer explore`: seeded, replayable playthroughs and the state search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.testkit import DATA, ROOT, run_cli
from trainer.authoring import explore
from trainer.engine.call import Call, replay
from trainer.engine.models import Scenario
from trainer.formats.catalog import Catalog


@pytest.fixture(scope="module")
def searched(bow: Scenario) -> explore.Search:
    """The state search of the reference scenario, done once for the module: it is most of an
    exploration's time and depends only on the scenario, not on the runs' seeds."""
    return explore.search(bow, explore.phrase_pool(bow), bow.difficulty)


@pytest.fixture
def reuse_search(bow: Scenario, searched: explore.Search, monkeypatch: pytest.MonkeyPatch) -> None:
    real = explore.search

    def search(s: Scenario, pool: list[explore.Source], difficulty: str) -> explore.Search:
        return searched if s is bow and difficulty == bow.difficulty else real(s, pool, difficulty)

    monkeypatch.setattr(explore, "search", search)


def test_same_seed_same_runs(bow: Scenario, searched: explore.Search, monkeypatch: pytest.MonkeyPatch) -> None:
    a = explore.explore(bow, runs=20, seed=5)  # its own search ...
    monkeypatch.setattr(explore, "search", lambda *_: searched)
    b = explore.explore(bow, runs=20, seed=5)  # ... against the module's, done apart
    assert [r.lines for r in a.runs] == [r.lines for r in b.runs]
    assert a.to_json() == b.to_json()


@pytest.mark.usefixtures("reuse_search")
def test_a_run_replays_from_its_seed_alone(bow: Scenario) -> None:
    many = explore.explore(bow, runs=10, seed=100)
    one = explore.explore(bow, runs=1, seed=107)
    assert one.runs[0].lines == many.runs[7].lines
    # and `trainer run --seed` with the same lines is the same call
    call = replay(bow, many.runs[7].lines, seed=107)
    assert call.to_json() == many.runs[7].call.to_json()  # type: ignore[union-attr]


@pytest.mark.usefixtures("reuse_search")
def test_reference_scenario_report(bow: Scenario) -> None:
    data = explore.explore(bow, runs=60, seed=0).to_json()
    assert sum(data["outcomes"].values()) == 60
    assert data["shortest_win"] is not None and data["shortest_win"] <= bow.max_turns
    assert data["findings"] == []
    cov = data["coverage"]
    assert cov["levels"]["never"] == [] and cov["topics"]["never"] == []


@pytest.mark.usefixtures("reuse_search")
def test_crash_is_reported_with_its_seed(bow: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Call.say

    def flaky(self: Call, text: str) -> object:
        if len(self.turns) == 2:
            raise ZeroDivisionError("boom")
        return real(self, text)

    monkeypatch.setattr(Call, "say", flaky)
    ex = explore.explore(bow, runs=3, seed=9)
    crash = [f for f in ex.findings if f.code == "TCT201"]
    assert len(crash) == 1 and "ZeroDivisionError: boom" in crash[0].message
    item = next(i for i in ex.to_json()["findings"] if i["code"] == "TCT201")
    assert item["seed"] == 9 and len(item["lines"]) == 3
    assert item["replay"] == "trainer explore best-of-the-worst --runs 1 --seed 9 --difficulty normal"


def test_unwinnable_scenario_is_found(catalog: Catalog) -> None:
    s = catalog.scenario(str(DATA / "lint" / "no-win.yaml"))
    ex = explore.explore(s, runs=20, seed=0)
    codes = {f.code for f in ex.findings}
    assert "TCT202" in codes
    assert ex.search.shortest_win() is None


def test_cli_json_and_save(tmp_path: Path) -> None:
    proc = run_cli(
        "explore", str(DATA / "lint" / "no-win.yaml"),
        "--runs", "5", "--seed", "3", "--json", "--save", str(tmp_path), cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr  # warnings only
    data = json.loads(proc.stdout)
    assert data["runs"] == 5 and data["seeds"] == [3, 7]
    assert {f["code"] for f in data["findings"]} >= {"TCT202"}
    trap = next(f for f in data["findings"] if f["code"] == "TCT204")
    assert trap["replay"].startswith(f"trainer explore {DATA / 'lint' / 'no-win.yaml'} --runs 1 --seed ")
    assert set(data["coverage"]) >= {"levels", "moves", "topics", "lines"}
