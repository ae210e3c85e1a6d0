"""The conversation test file format: scripted calls with what each turn should produce."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.engine.models import LEVEL_NAMES
from trainer.formats import yamlfile
from trainer.formats.diagnostics import InvalidFile
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
    from trainer.formats.schema import nearest

    guess = nearest(key, allowed)
    return doc.problem(
        path,
        "TCT010",
        f"unknown key '{key}'",
        f"did you mean '{guess}'?" if guess else f"allowed: {', '.join(sorted(allowed))}",
    )
