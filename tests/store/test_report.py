"""Debrief reports: hot seat with a rewind, escaping, Markdown and JSON, and a real browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from trainer.engine.call import Call
from trainer.engine.models import Scenario
from trainer.report import call_report, mood_svg, render, session_report
from trainer.store import Store

from storekit import hot_seat, play

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def session_html(tmp_path: Path, bow: Scenario) -> tuple[str, Store, int, int, int]:
    store = Store.open(tmp_path / "h.db")
    sid, first, branch = hot_seat(store, bow)
    return render(session_report(store, sid), "html"), store, sid, first, branch


def test_hot_seat_debrief_has_both_branches_and_per_person_scores(
    session_html: tuple[str, Store, int, int, int],
) -> None:
    page, store, sid, first, branch = session_html
    assert page.startswith("<!DOCTYPE html>")
    assert f'id="call-{first}"' in page and f'id="call-{branch}"' in page
    assert "<h2>Branches</h2>" in page and len(re.findall(r'class="branch( focus)?"', page)) == 2
    assert f"branch of {first} after turn 2" in page
    people = re.findall(r'<tr class="person"><td>([^<]+)</td><td class="num">(\d+)</td>', page)
    assert sorted(people) == [("Ana", "3"), ("Ben", "2"), ("Cy", "3")]
    report = session_report(store, sid)
    by_name = {p.name: p for p in report.people}
    # Cy's excuse (original call) and Cy's better answer (branch) both count, once each.
    cy_turns = [
        t for c in report.calls for t in c.turns if t.speaker == "Cy" and not t.inherited
    ]
    assert by_name["Cy"].net == sum(t.points for t in cy_turns)
    assert by_name["Cy"].points.get("excuse_avoidance", 0) < 0
    assert page.count('<svg class="mood-chart"') == 3  # one per call + the branches overlay
    assert "Per trainee" in page and "<h2>Team</h2>" in page
    store.close()


def test_everything_user_written_is_escaped(tmp_path: Path, bow: Scenario) -> None:
    with Store.open(tmp_path / "h.db") as store:
        call = Call(bow, trainee_name="<b>Eve</b>")
        cid = store.begin(call)
        evil = "<script>alert('x')</script> & that's on us, sorry"
        play(store, call, cid, [("<img src=x onerror=alert(1)>", evil)])
        page = render(call_report(store, cid), "html")
        md = render(call_report(store, cid), "md")
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page and "<b>Eve</b>" not in page
    assert page.count("<script>") == 1  # only our own inline script
    assert "<script>" not in md and "&lt;img src=x" in md
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page


def test_markdown_and_json(tmp_path: Path, bow: Scenario) -> None:
    with Store.open(tmp_path / "h.db") as store:
        sid, first, branch = hot_seat(store, bow)
        md = render(session_report(store, sid), "md")
        doc = json.loads(render(call_report(store, branch), "json"))
    assert "## Per trainee" in md and "| Ana |" in md and "_(replayed)_" in md
    assert doc["focus"] == branch and [c["id"] for c in doc["calls"]] == [first, branch]
    assert {p["name"] for p in doc["people"]} == {"Ana", "Ben", "Cy"}
    assert doc["team"][1]["branch_of"] == {"call": first, "turn": 2}


def test_mood_chart_is_a_step_line() -> None:
    svg = mood_svg(["low", "mid", "high"], [("a", ["low", "high", "high", "mid"])], won="high")
    path = re.search(r'<path class="mood-line" d="([^"]+)"', svg)
    assert path is not None
    assert path.group(1).count("H") == 3 and path.group(1).count("V") == 3
    assert svg.count("<circle") == 4 and 'class="grid won"' in svg


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (apt-get install -y chromium); the HTML browser check needs it",
)
def test_report_loads_in_headless_chromium(
    tmp_path: Path, session_html: tuple[str, Store, int, int, int]
) -> None:
    page, store, *_ = session_html
    store.close()
    html_file = tmp_path / "debrief.html"
    html_file.write_text(page, encoding="utf-8")
    base = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
    ]
    dump = subprocess.run(
        [*base, "--dump-dom", html_file.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert dump.returncode == 0, dump.stderr[-2000:]
    assert 'data-ready="yes"' in dump.stdout, "the inline script did not run"
    assert 'data-charts="3"' in dump.stdout
    assert '<svg class="mood-chart"' in dump.stdout
    console = [ln for ln in dump.stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln]
    assert not console, console
    assert "Content Security Policy" not in dump.stderr
    shot = tmp_path / "debrief.png"
    snap = subprocess.run(
        [*base, f"--screenshot={shot}", "--window-size=1200,1600", html_file.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert snap.returncode == 0, snap.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_report_words_not_ids(tmp_path: Path, bow: Scenario) -> None:
    """Mood ids read as words in the chart, the turns and the end reason; a doubled first
    reply's reason is given once."""
    with Store.open(tmp_path / "h.db") as store:
        call = Call(bow, seed=0)
        cid = store.begin(call)
        play(store, call, cid, [("you", "You're overreacting.")])
        store.finish_call(cid, call)
        assert call.end_reason == "the customer's mood fell to walked_out"  # the engine's words
        page = render(call_report(store, cid), "html")
        visible = re.sub(r"<script.*?</script>", "", page, flags=re.S)
        assert "walked_out" not in visible
        assert "mood fell to walked out" in visible
        levels = re.findall(r'<text class="level"[^>]*>([^<]*)</text>', visible)
        assert levels[0] == "walked out" and len(levels) == len(bow.scale)
        assert visible.count("first reply counts double") == 1
        md = render(call_report(store, cid), "md")
        assert "walked\\_out" not in md and "walked_out" not in md
        assert "mood fell to walked out" in md
