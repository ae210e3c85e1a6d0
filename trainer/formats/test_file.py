"""The conversation test file format: scripted calls with what each turn should produce."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.engine.models import LEVEL_NAMES, REPETITION, Scenario
from trainer.formats import yamlfile
from trainer.formats.diagnostics import Diagnostic, InvalidFile
from trainer.formats.schema import nearest
from trainer.formats.yamlfile import Document, YamlPath

_STEP_KEYS = {"say", "reworded", "expect"}
_EXPECT_KEYS = {
    "behaviors",
    "not_behaviors",
    "mood",
    "mood_at_least",
    "mood_at_most",
    "topics",
    "not_topics",
    "reply_contains",
    "ended",
    "outcome",
}
_TEST_KEYS = {"name", "scenario", "seed", "difficulty", "steps", "outcome", "scores", "kind"}


@dataclass
class ConversationTest:
    name: str
    scenario: str
    seed: int
    difficulty: str | None
    kind: str
    steps: list[dict[str, Any]]
    outcome: str | None
    scores: dict[str, dict[str, int]]
    doc: Document
    base: YamlPath

    @property
    def line(self) -> int:
        return self.doc.where(self.base)[0]

    def step_line(self, i: int) -> int:
        return self.doc.where((*self.base, "steps", i))[0]


def load(path: str | Path) -> list[ConversationTest]:
    doc = yamlfile.load(path)
    problems = []
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("tests"), list):
        raise InvalidFile([doc.problem((), "TCT030", "a test file needs a top-level `tests:` list")])
    tests = []
    for i, raw in enumerate(data["tests"]):
        base: YamlPath = ("tests", i)
        if not isinstance(raw, dict):
            problems.append(doc.problem(base, "TCT012", "each test should be a mapping"))
            continue
        for key in raw:
            if key not in _TEST_KEYS:
                problems.append(_unknown(doc, (*base, key), key, _TEST_KEYS))
        for req in ("name", "scenario", "steps"):
            if req not in raw:
                problems.append(doc.problem(base, "TCT011", f"test is missing `{req}`"))
        steps = raw.get("steps") or []
        for j, step in enumerate(steps):
            if not isinstance(step, dict) or not isinstance(step.get("say"), str):
                problems.append(
                    doc.problem((*base, "steps", j), "TCT011", "each step needs `say: <line>`")
                )
                continue
            for key in step:
                if key not in _STEP_KEYS:
                    problems.append(_unknown(doc, (*base, "steps", j, key), key, _STEP_KEYS))
            for key in step.get("expect") or {}:
                if key not in _EXPECT_KEYS:
                    problems.append(
                        _unknown(doc, (*base, "steps", j, "expect", key), key, _EXPECT_KEYS)
                    )
        diff = raw.get("difficulty")
        if diff is not None and diff not in LEVEL_NAMES:
            problems.append(
                doc.problem((*base, "difficulty"), "TCT013", f"difficulty must be {LEVEL_NAMES}")
            )
        tests.append(
            ConversationTest(
                name=str(raw.get("name", f"test {i + 1}")),
                scenario=str(raw.get("scenario", "")),
                seed=int(raw.get("seed", 0)),
                difficulty=diff,
                kind=str(raw.get("kind", "")),
                steps=steps,
                outcome=raw.get("outcome"),
                scores=dict(raw.get("scores") or {}),
                doc=doc,
                base=base,
            )
        )
    if problems:
        raise InvalidFile(problems)
    return tests


def _unknown(doc: Document, path: YamlPath, key: str, allowed: set[str]) -> Any:
    return _unknown_name(doc, path, "TCT010", "key", key, allowed, "allowed")


def _unknown_name(
    doc: Document, path: YamlPath, code: str, what: str, name: str, known: Iterable[str], listing: str
) -> Diagnostic:
    """"unknown <what> 'name'", with a "did you mean" when a known name is close (as in
    scenario files), else the known names."""
    pool = sorted(set(known))
    guess = nearest(name, pool)
    return doc.problem(
        path,
        code,
        f"unknown {what} '{name}'",
        f"did you mean '{guess}'?" if guess else f"{listing}: {', '.join(pool)}",
    )


ScenarioLookup = Callable[[str], Scenario | None]
"""A scenario by id (or path), None when there is none; may raise InvalidFile for a scenario
whose own file has problems (those are reported with that file, not here)."""


def check_references(
    tests: list[ConversationTest], find: ScenarioLookup, scenario_ids: Iterable[str]
) -> list[Diagnostic]:
    """Every name a test refers to: its scenario (TCT027), behaviours (TCT021), moods (TCT022),
    topics (TCT023) and criteria (TCT026), with the codes and suggestions of scenario files."""
    out: list[Diagnostic] = []
    ids = sorted(set(scenario_ids))
    for test in tests:
        doc, base = test.doc, test.base
        try:
            s = find(test.scenario) if test.scenario else None
        except InvalidFile:
            continue
        if s is None:
            if test.scenario:
                out.append(
                    _unknown_name(
                        doc, (*base, "scenario"), "TCT027", "scenario", test.scenario, ids, "known"
                    )
                )
            continue
        behaviors = set(s.all_behaviors()) | {REPETITION}
        refs: dict[str, tuple[str, str, set[str], str]] = {
            "behaviors": ("TCT021", "behaviour", behaviors, "known"),
            "not_behaviors": ("TCT021", "behaviour", behaviors, "known"),
            "mood": ("TCT022", "mood", set(s.scale), "the scale is"),
            "mood_at_least": ("TCT022", "mood", set(s.scale), "the scale is"),
            "mood_at_most": ("TCT022", "mood", set(s.scale), "the scale is"),
            "topics": ("TCT023", "topic", set(s.topics), "known"),
            "not_topics": ("TCT023", "topic", set(s.topics), "known"),
        }
        for j, step in enumerate(test.steps):
            expect = step.get("expect") if isinstance(step, dict) else None
            if not isinstance(expect, dict):
                continue
            for key, (code, what, known, listing) in refs.items():
                where: YamlPath = (*base, "steps", j, "expect", key)
                value = expect.get(key)
                named = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
                for k, name in named:
                    if name is None or str(name) in known:
                        continue
                    path = where if k is None else (*where, k)
                    out.append(_unknown_name(doc, path, code, what, str(name), known, listing))
        criteria = {*s.rubric.criteria, "overall"}  # the scorecard's numbers (as_numbers)
        for cid in test.scores:
            if cid not in criteria:
                out.append(
                    _unknown_name(
                        doc, (*base, "scores", cid), "TCT026", "criterion", str(cid),
                        criteria, "known",
                    )
                )
    return out
