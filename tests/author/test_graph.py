"""`trainer graph`: the engine's own mood machine, drawn so Mermaid and Graphviz accept it.

Mermaid check: mermaid's own parser (`mermaid.parse`) run in node with jsdom standing in for the
browser (tests/author/mermaid_parse.mjs). It needs `npm install --prefix DIR mermaid jsdom` once;
set TRAINER_MERMAID_MODULES=DIR/node_modules (default /tmp/mmd/node_modules). Without them the
parser test is skipped and only the syntax checks below run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.testkit import ROOT, run_cli
from trainer.authoring import graph
from trainer.engine.models import Scenario
from trainer.engine.mood import MoodMachine
from trainer.formats.catalog import Catalog

HERE = Path(__file__).resolve().parent
MODULES = Path(os.environ.get("TRAINER_MERMAID_MODULES", "/tmp/mmd/node_modules"))
SHIPPED = sorted(Catalog(use_env=False).summaries())  # ids for collection; nothing built


def mermaid_parse(text: str) -> dict[str, object]:
    proc = subprocess.run(
        ["node", str(HERE / "mermaid_parse.mjs"), str(MODULES)],
        input=text,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.splitlines()[-1])
    return result


needs_mermaid = pytest.mark.skipif(
    shutil.which("node") is None or not (MODULES / "mermaid").is_dir() or not (MODULES / "jsdom").is_dir(),
    reason="node with mermaid and jsdom not installed (see module docstring)",
)


@needs_mermaid
@pytest.mark.parametrize("sid", SHIPPED)
def test_mermaid_parser_accepts_the_graph(sid: str) -> None:
    proc = run_cli("graph", sid, "--format", "mermaid", cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert mermaid_parse(proc.stdout) == {"ok": True, "diagramType": "stateDiagram"}


@needs_mermaid
def test_mermaid_parser_rejects_broken_text() -> None:
    """The check has teeth: a broken diagram fails it."""
    assert mermaid_parse("stateDiagram-v2\n  m0 --> : oops -->\n")["ok"] is False


@pytest.mark.parametrize("sid", SHIPPED)
def test_mermaid_syntax(sid: str, catalog: Catalog) -> None:
    s = catalog.scenario(sid)
    text = graph.to_mermaid(s)
    lines = text.splitlines()
    assert lines[0] == "stateDiagram-v2"
    state = re.compile(r"^    (m\d+|\[\*\]) --> (m\d+|\[\*\]) : [A-Za-z0-9 _,+()'./-]+$")
    desc = re.compile(r"^    m\d+ : [A-Za-z0-9 _,+()'./-]+$")
    in_note = False
    for ln in lines[1:]:
        if ln.startswith("    note "):
            assert re.fullmatch(r"    note (right|left) of m\d+", ln)
            in_note = True
        elif ln == "    end note":
            in_note = False
        elif in_note:
            assert re.fullmatch(r"        [A-Za-z0-9 _,+()'./-]+", ln), ln
        elif not ln.startswith("    %%"):
            assert state.match(ln) or desc.match(ln), ln
    assert not in_note


def test_edges_are_the_engines_transitions(bow: Scenario) -> None:
    s = bow
    mm = MoodMachine(s, s.levels["normal"])
    g = graph.mood_graph(s, mm)
    # one edge per (from, to) pair, carrying every trigger the engine registered for it
    count = sum(len(v) for v in g.edges.values())
    registered = sum(len(ts) for ev in mm.machine.events.values() for ts in ev.transitions.values())
    assert count == registered
    angry, sceptical = s.scale.index("angry"), s.scale.index("sceptical")
    assert "ownership" in g.edges[(angry, sceptical)]
    text = graph.to_mermaid(s)
    assert f"m{angry} --> m{sceptical} : +1" in text
    assert "-2 dismissive" in text
    assert "way_forward - proposal, required, needs sceptical, +1" in text
    assert text.count("-->") < 30  # grouped per move, not one edge per trigger


def test_dot_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "bow.dot"
    proc = run_cli("graph", "best-of-the-worst", "--format", "dot", "-o", str(out), cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text("utf-8")
    assert text.startswith('digraph "best-of-the-worst" {') and text.rstrip().endswith("}")
    assert text.count("{") == text.count("}")
    assert "m3 -> m4" in text and "-> won" in text and "-> lost" in text
    if shutil.which("dot"):
        check = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
