"""The first screen (issue 12): Home is drawn from the catalog's summaries, so starting the app
loads no call engine, listener or history; every scenario is built once Home is up, and Home
then lists what builds and counts every file with problems, as it did before."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from textual.widgets import Static

from trainer.app import make_app
from trainer.app.screens.home import HomeScreen
from trainer.app.widgets.scenario_list import ScenarioList
from trainer.formats.catalog import Catalog

from appkit import ROOT, SCENARIO

FIRST_SCREEN = """
import asyncio, sys
from trainer.app import make_app

async def main():
    app = make_app(history=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        print(type(app.screen).__name__)
        print(",".join(sorted(m for m in sys.modules if m.startswith(tuple(sys.argv[1:])))))

asyncio.run(main())
"""

DEFERRED = ("trainer.engine.call", "trainer.engine.listener", "trainer.store", "trainer.report")


def test_the_first_screen_loads_no_engine_call_listener_or_history() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, *DEFERRED, "trainer.app.screens"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    screen, modules = proc.stdout.splitlines()
    assert screen == "HomeScreen"
    assert modules.split(",") == ["trainer.app.screens", "trainer.app.screens.help", "trainer.app.screens.home"]


class _WithBroken(Catalog):
    """The reference scenario, the rubrics and a copy (its own id) naming an unknown behaviour:
    the copy passes the schema, so it has a summary, but it does not build."""

    def __init__(self, broken: Path) -> None:
        super().__init__(use_env=False)
        self.broken = broken

    def dirs(self) -> list[Path]:
        return [ROOT / "scenarios" / f"{SCENARIO}.yaml", ROOT / "rubrics", self.broken]


async def test_home_drops_a_scenario_that_does_not_build_and_counts_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    shutil.copy(ROOT / "tests" / "data" / "bad" / "unknown-behaviour.yaml", broken)
    text = broken.read_text("utf-8").replace("id: best-of-the-worst", "id: broken-copy", 1)
    broken.write_text(text.replace("title: The best", "title: A broken copy of the best", 1), "utf-8")
    catalog = _WithBroken(broken)
    assert set(catalog.summaries()) == {SCENARIO, "broken-copy"}  # listed from its summary ...
    app = make_app(catalog, history=False, reply_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        listing = home.query_one(ScenarioList)
        assert [s.id for s in listing.scenarios] == [SCENARIO]  # ... until it fails to build
        assert listing.option_count == 1 and listing.highlighted == 0
        note = home.query_one("#problems", Static)
        assert note.display
        assert str(note.render()).startswith("1 problem(s) in scenario files were skipped")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "BriefingScreen"


async def test_home_shows_no_problem_note_when_every_file_builds() -> None:
    catalog = Catalog(use_env=False)
    app = make_app(catalog, history=False, reply_delay=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert not home.query_one("#problems").display
        shown = [s.id for s in home.query_one(ScenarioList).scenarios]
        built = sorted(catalog.scenarios().values(), key=lambda s: (s.title.lower(), s.id))
        assert shown == [s.id for s in built] and len(shown) >= 5
