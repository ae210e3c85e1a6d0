"""Reports mark what counted against the trainee: the rubric's deflections and put-downs, the
scenario's own traps, and the context moves that cost mood; nothing that does not exist."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from trainer.engine.call import Call
from trainer.engine.models import CONTEXT_MOVES, Scenario
from trainer.formats.catalog import Catalog
from trainer.report import Report, call_report, render
from trainer.store import Store

from storekit import play

BLAME = "Honestly that's a Vantrex issue, we're only the reseller."
OWN = "You're right, that's on us and I'm sorry. What has this cost you so far?"
PUT_DOWN = "Nick, it's all in the partner agreement you signed last month."


def _bad_chips(page: str) -> set[str]:
    return set(re.findall(r'<span class="chip bad" title="[^"]*">([^<]+)</span>', page))


def _chips(page: str) -> set[str]:
    return set(re.findall(r'<span class="chip(?: bad)?" title="[^"]*">([^<]+)</span>', page))


def _reports(
    tmp_path: Path, scenario: Scenario, lines: list[str]
) -> tuple[str, str, dict[str, Any]]:
    with Store.open(tmp_path / "h.db") as store:
        call = Call(scenario, seed=1)
        cid = store.begin(call)
        play(store, call, cid, [("you", line) for line in lines])
        report = call_report(store, cid)
        return render(report, "html"), render(report, "md"), json.loads(render(report, "json"))


def test_a_scenario_trap_is_marked_negative_and_owning_up_is_not(
    tmp_path: Path, catalog: Catalog
) -> None:
    page, md, _ = _reports(tmp_path, catalog.scenario("hardware-refund"), [BLAME, OWN])
    assert {"blame_manufacturer", "ownership", "apology"} <= _chips(page)
    # the trap is marked, and so is the rubric's excuse if the same words were also heard as one
    assert "blame_manufacturer" in _bad_chips(page)
    assert _bad_chips(page) == _chips(page) & {"blame_manufacturer", "excuse"}
    assert not {"ownership", "apology", "clarifying_question"} & _bad_chips(page)
    assert "blame\\_manufacturer (negative)" in md
    assert "ownership (negative)" not in md and "- heard: ownership, " in md


def test_a_put_down_trap_that_ends_the_call_is_marked_negative(
    tmp_path: Path, catalog: Catalog
) -> None:
    page, md, _ = _reports(tmp_path, catalog.scenario("we-had-assumed"), [PUT_DOWN])
    assert "put_in_place" in _bad_chips(page)
    assert "put\\_in\\_place (negative)" in md


@pytest.mark.parametrize("sid", ["hardware-refund", "we-had-assumed", "best-of-the-worst"])
def test_every_id_marked_negative_exists_and_every_trap_is_one(
    tmp_path: Path, catalog: Catalog, sid: str
) -> None:
    scenario = catalog.scenario(sid)
    _, _, doc = _reports(tmp_path, scenario, [OWN])
    marked = set(doc["calls"][0]["scenario_info"]["negative"])
    behaviors = scenario.all_behaviors()
    assert marked <= set(behaviors) | set(CONTEXT_MOVES)
    assert {"blame", "interrupt"}.isdisjoint(marked)
    assert {"excuse", "dismissive", "fragment", "small_talk", "scripted", "dodge"} <= marked
    assert {b for b, x in behaviors.items() if x.strike} <= marked
    assert {b for b, x in behaviors.items() if x.role in ("deflection", "put-down")} <= marked
    assert not {"ownership", "empathy", "apology", "clarifying_question"} & marked


def test_a_call_saved_before_negatives_were_kept_still_renders(
    tmp_path: Path, catalog: Catalog
) -> None:
    with Store.open(tmp_path / "h.db") as store:
        call = Call(catalog.scenario("hardware-refund"), seed=1)
        cid = store.begin(call)
        play(store, call, cid, [("you", BLAME)])
        rec = store.load_call(cid)
    old = dataclasses.replace(
        rec, scenario={k: v for k, v in rec.scenario.items() if k != "negative"}
    )
    page = render(Report("old", (old,), cid), "html")
    md = render(Report("old", (old,), cid), "md")
    assert "blame_manufacturer" in _chips(page) and not _bad_chips(page)
    assert "blame\\_manufacturer" in md and "(negative)" not in md
