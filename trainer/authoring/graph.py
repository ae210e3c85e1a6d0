"""The mood machine as a graph: what `trainer graph` draws and what lint and explore reason over.

Everything here reads the :class:`~trainer.engine.mood.MoodMachine` the engine runs (its ``steps`` and
the moves it registered, :meth:`~trainer.engine.mood.MoodMachine.transitions`, which a call's
mood also follows); nothing recomputes the moves, so the picture cannot disagree with a call.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from trainer.engine.models import Scenario
from trainer.engine.mood import MoodMachine

Edge = tuple[int, int]


@dataclass(frozen=True)
class MoodGraph:
    """Levels, and for each (from, to) pair of level indexes the triggers that make that move."""

    scale: tuple[str, ...]
    start: int
    won: int
    lost: int
    steps: dict[str, int]
    edges: dict[Edge, tuple[str, ...]]

    def ends_call(self, level: int) -> bool:
        """At or below the losing mood the call is over (and the engine lifts nothing)."""
        return level <= self.lost

    def successors(self, level: int) -> set[int]:
        return {dst for (src, dst) in self.edges if src == level}

    def reachable(self) -> set[int]:
        """Levels some sequence of triggers reaches from the start (the call ends at `lost`)."""
        seen = {self.start}
        todo = deque([self.start])
        while todo:
            here = todo.popleft()
            if self.ends_call(here):
                continue
            for nxt in self.successors(here):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen


def mood_graph(scenario: Scenario, machine: MoodMachine) -> MoodGraph:
    """Read the engine's machine: one edge per (source, destination) with its triggers."""
    edges: dict[Edge, list[str]] = {}
    for trigger, src, dst in machine.transitions():
        edges.setdefault((src, dst), []).append(trigger)
    return MoodGraph(
        scale=machine.scale,
        start=scenario.start,
        won=scenario.won_mood,
        lost=scenario.lost_mood,
        steps=dict(machine.steps),
        edges={k: tuple(sorted(v)) for k, v in sorted(edges.items())},
    )


def for_difficulty(scenario: Scenario, difficulty: str | None = None) -> MoodGraph:
    level = scenario.levels[difficulty or scenario.difficulty]
    return mood_graph(scenario, MoodMachine(scenario, level))


# -- rendering ------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9 _,+()'./-]")


def _safe(text: str) -> str:
    """Label text both Mermaid and Graphviz take literally (no quotes, semicolons, hashes)."""
    return _UNSAFE.sub(" ", text).strip()


def _signed(step: int) -> str:
    return f"+{step}" if step > 0 else str(step)


def step_groups(g: MoodGraph, scenario: Scenario) -> list[tuple[int, list[str], list[str]]]:
    """(step, behaviours, topics) per step size, biggest rise first."""
    out = []
    for step in sorted(set(g.steps.values()), reverse=True):
        trig = sorted(t for t, s in g.steps.items() if s == step)
        out.append(
            (step, [t for t in trig if t not in scenario.topics], [t for t in trig if t in scenario.topics])
        )
    return out


def _edge_label(g: MoodGraph, edge: Edge) -> str:
    sizes = sorted({g.steps[t] for t in g.edges[edge]}, reverse=True)
    return ", ".join(_signed(s) for s in sizes)


def _level_label(g: MoodGraph, i: int) -> str:
    name = g.scale[i]
    marks = []
    if i == g.start:
        marks.append("start")
    if i == g.won:
        marks.append("won")
    if i == g.lost:
        marks.append("lost")
    return f"{name} ({', '.join(marks)})" if marks else name


def _topic_lines(scenario: Scenario, g: MoodGraph) -> list[str]:
    out = []
    for t in scenario.topics.values():
        bits: list[str] = [t.kind]
        if t.required:
            bits.append("required")
        if t.secret:
            bits.append("secret")
        if t.min_mood is not None:
            bits.append(f"needs {scenario.scale[t.min_mood]}")
        if t.deadline is not None:
            bits.append(f"by turn {t.deadline}")
        step = g.steps.get(t.id, 0)
        bits.append(_signed(step) if step else "no move")
        out.append(_safe(f"{t.id} - {', '.join(bits)}"))
    return out


def _win_text(scenario: Scenario, difficulty: str) -> str:
    req = [t for t in scenario.topics.values() if t.required]
    need = scenario.levels[difficulty].min_topics
    parts = [f"mood {scenario.scale[scenario.won_mood]} or above"]
    if req:
        parts.append("topics " + " and ".join(t.id for t in req))
    if need:
        parts.append(f"{need} topics in all")
    return _safe(", ".join(parts))


def _loss_text(scenario: Scenario, difficulty: str) -> str:
    parts = [f"mood {scenario.scale[scenario.lost_mood]}"]
    if scenario.strikes is not None:
        parts.append(f"or {scenario.levels[difficulty].strikes} strikes")
    return _safe(" ".join(parts))


def to_mermaid(scenario: Scenario, difficulty: str | None = None) -> str:
    """A Mermaid state diagram: one state per level, one arrow per move, a legend of triggers."""
    diff = difficulty or scenario.difficulty
    g = for_difficulty(scenario, diff)
    out = [
        "stateDiagram-v2",
        f"    %% {_safe(scenario.id)}: mood machine at difficulty {diff}",
    ]
    for i in range(len(g.scale)):
        out.append(f"    m{i} : {_safe(_level_label(g, i))}")
    out.append(f"    [*] --> m{g.start} : {_safe(scenario.title)}")
    for (src, dst) in g.edges:
        if g.ends_call(src):
            continue
        out.append(f"    m{src} --> m{dst} : {_edge_label(g, (src, dst))}")
    out.append(f"    m{g.won} --> [*] : won with {_win_text(scenario, diff)}")
    out.append(f"    m{g.lost} --> [*] : lost at {_loss_text(scenario, diff)}")
    out.append(f"    note right of m{len(g.scale) - 1}")
    out.append("        Moves per turn")
    for step, behaviours, topics in step_groups(g, scenario):
        what = behaviours + [f"topic {t}" for t in topics]
        out.append(f"        {_signed(step)} {_safe(', '.join(what))}")
    out.append("    end note")
    out.append("    note left of m0")
    out.append("        Topics")
    out.extend(f"        {line}" for line in _topic_lines(scenario, g))
    out.append("    end note")
    return "\n".join(out) + "\n"


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(scenario: Scenario, difficulty: str | None = None) -> str:
    """The same picture for Graphviz."""
    diff = difficulty or scenario.difficulty
    g = for_difficulty(scenario, diff)
    out = [
        f"digraph {_dot_quote(scenario.id)} {{",
        "    rankdir=LR;",
        "    node [shape=box, style=rounded];",
        f"    label={_dot_quote(f'{scenario.title} (mood machine, {diff})')};",
        '    start [shape=point];',
        '    won [shape=doublecircle, label="won"];',
        '    lost [shape=doublecircle, label="lost"];',
    ]
    for i in range(len(g.scale)):
        out.append(f"    m{i} [label={_dot_quote(_level_label(g, i))}];")
    out.append(f"    start -> m{g.start};")
    for (src, dst) in g.edges:
        if g.ends_call(src):
            continue
        out.append(f"    m{src} -> m{dst} [label={_dot_quote(_edge_label(g, (src, dst)))}];")
    out.append(f"    m{g.won} -> won [label={_dot_quote(_win_text(scenario, diff))}];")
    out.append(f"    m{g.lost} -> lost [label={_dot_quote(_loss_text(scenario, diff))}];")
    legend = ["Moves per turn"]
    for step, behaviours, topics in step_groups(g, scenario):
        legend.append(f"{_signed(step)}: {', '.join(behaviours + [f'topic {t}' for t in topics])}")
    legend += ["", "Topics", *_topic_lines(scenario, g)]
    text = _dot_quote("\n".join(legend)).replace("\n", "\\l")
    out.append(f"    legend [shape=note, label={text}];")
    out.append("}")
    return "\n".join(out) + "\n"
