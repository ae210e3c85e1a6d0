"""What a set of calls reached: mood levels, moves, topics and customer lines.

`trainer test --coverage` feeds it the conversation tests' calls, `trainer explore` its random
playthroughs, and lint asks it which topics no conversation test covers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.authoring import convtest
from trainer.authoring.graph import for_difficulty
from trainer.engine.call import Call
from trainer.engine.models import Scenario
from trainer.formats import test_file
from trainer.formats.catalog import Catalog, kind_of
from trainer.formats.diagnostics import InvalidFile
from trainer.formats.yamlfile import YamlPath


@dataclass(frozen=True)
class LineRef:
    """One customer line variant and where it is written."""

    path: YamlPath
    text: str

    @property
    def where(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out


def customer_lines(scenario: Scenario) -> list[LineRef]:
    """Every line the customer can say, in file order, with its YAML path."""
    doc = scenario.document
    data: Any = doc.data if doc is not None else {}
    out: list[LineRef] = []

    def variants(path: YamlPath, raw: Any) -> None:
        if isinstance(raw, list):  # an item is the text, or {say: text, after: [...]}
            out.extend(LineRef((*path, i), str(_say(item))) for i, item in enumerate(raw))
        elif isinstance(raw, dict):
            for key, value in raw.items():
                variants((*path, key), value)

    lines = data.get("lines", {})
    variants(("lines", "opening"), lines.get("opening"))
    for bid, raw in (lines.get("reactions") or {}).items():
        variants(("lines", "reactions", bid), raw)
    variants(("lines", "fallback"), lines.get("fallback"))
    for key, raw in (lines.get("closing") or {}).items():
        variants(("lines", "closing", key), raw)
    for tid, raw in (data.get("topics") or {}).items():
        if isinstance(raw, dict):
            variants(("topics", tid, "answers"), raw.get("answers"))
    return out


def _say(item: Any) -> Any:
    return item.get("say", "") if isinstance(item, dict) else item


@dataclass
class Coverage:
    """Accumulates calls of one scenario; ask it what was and was never reached."""

    scenario: Scenario
    calls: int = 0
    levels: Counter[str] = field(default_factory=Counter)
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)
    topics: Counter[str] = field(default_factory=Counter)
    lines: Counter[YamlPath] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    difficulties: set[str] = field(default_factory=set)

    def add(self, call: Call) -> None:
        self.calls += 1
        self.difficulties.add(call.difficulty or self.scenario.difficulty)
        self.outcomes[call.outcome or "open"] += 1
        for level in call.mood_path:
            self.levels[level] += 1
        for turn in call.turns:
            for change in turn.changes:
                if change.moved:
                    self.moves[(change.before, change.after)] += 1
        for tid in call.covered:
            self.topics[tid] += 1
        said = [call.opening, *(t.customer for t in call.turns)]
        for ref in customer_lines(self.scenario):
            filled = call.fill(ref.text)
            if any(filled in reply for reply in said):
                self.lines[ref.path] += 1

    def possible_moves(self) -> list[tuple[str, str]]:
        """Level-to-level moves the engine's machine allows (from levels where the call goes on)."""
        out: set[tuple[str, str]] = set()
        for diff in self.difficulties or {self.scenario.difficulty}:
            g = for_difficulty(self.scenario, diff)
            out |= {(g.scale[a], g.scale[b]) for (a, b) in g.edges if not g.ends_call(a)}
        order = {name: i for i, name in enumerate(self.scenario.scale)}
        return sorted(out, key=lambda m: (order[m[0]], order[m[1]]))

    def report(self) -> dict[str, Any]:
        s = self.scenario
        refs = customer_lines(s)
        moves = self.possible_moves()

        def split(allowed: Iterable[Any], seen: Counter[Any]) -> dict[str, list[Any]]:
            items = list(allowed)
            return {
                "reached": [x for x in items if seen[x]],
                "never": [x for x in items if not seen[x]],
            }

        levels = split(s.scale, self.levels)
        topic_part = split(s.topics, self.topics)
        move_part = split(moves, self.moves)
        line_part = split([r.path for r in refs], self.lines)
        where = {r.path: r.where for r in refs}
        return {
            "scenario": s.id,
            "calls": self.calls,
            "outcomes": dict(self.outcomes),
            "levels": levels,
            "moves": {k: [f"{a} -> {b}" for a, b in v] for k, v in move_part.items()},
            "topics": topic_part,
            "lines": {k: [where[p] for p in v] for k, v in line_part.items()},
            "totals": {
                "levels": len(s.scale),
                "moves": len(moves),
                "topics": len(s.topics),
                "lines": len(refs),
            },
        }


def format_report(rep: dict[str, Any]) -> str:
    """A few readable lines: counts, then what was never reached."""
    out = [f"coverage of {rep['scenario']} ({rep['calls']} call(s))"]
    for key in ("levels", "moves", "topics", "lines"):
        part = rep[key]
        total = rep["totals"][key]
        out.append(f"  {key:<7} {len(part['reached'])}/{total} reached")
        if part["never"]:
            shown = ", ".join(str(x) for x in part["never"][:12])
            more = f" (+{len(part['never']) - 12} more)" if len(part["never"]) > 12 else ""
            out.append(f"          never: {shown}{more}")
    return "\n".join(out)


# -- conversation tests ---------------------------------------------------------------------


def test_files_for(cat: Catalog, scenario: Scenario) -> list[Path]:
    """Test files that may hold tests of ``scenario``: the catalog's and those beside its file."""
    files = list(cat.files_of("test"))
    if scenario.path:
        here = Path(scenario.path).resolve().parent
        for f in sorted(here.rglob("*.yaml")):
            doc = cat.document(f)
            if doc is not None and kind_of(doc) == "test" and f.resolve() not in {
                x.resolve() for x in files
            }:
                files.append(f)
    return files


def conversation_calls(scenario: Scenario, files: Iterable[Path]) -> list[Call]:
    """Run every conversation test of ``scenario`` found in ``files``; return the calls."""
    calls: list[Call] = []
    scenario_file = Path(scenario.path).resolve() if scenario.path else None
    for f in files:
        try:
            tests = test_file.load(f)
        except InvalidFile:
            continue  # `trainer validate` and `trainer test` report these
        for test in tests:
            target = test.scenario
            ours = target == scenario.id or (
                scenario_file is not None
                and target.endswith((".yaml", ".yml"))
                and (Path(f).parent / target).resolve() == scenario_file
            )
            if not ours:
                continue
            result = convtest.run(test, lambda _name: scenario)
            if result.call is not None:
                calls.append(result.call)
    return calls
