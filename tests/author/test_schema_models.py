"""The JSON Schemas (what an author's editor shows) and engine/models.py (what the code does)
agree on every closed set of words and on every default the schemas' prose promises."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import pytest

from trainer.engine import models
from trainer.engine.models import Behavior, Difficulty, Outcome, Role, Rubric, Stage, TopicKind
from trainer.formats.schema import schema

from schema_paths import schema_nodes

# Every `enum` in a schema, by dotted path, and the model type that reads it.
ENUMS: dict[tuple[str, str], type[StrEnum]] = {
    ("scenario", "difficulty"): Difficulty,
    ("scenario", "behaviors.<id>.detector"): models.Detector,
    ("scenario", "behaviors.<id>.role"): Role,
    ("scenario", "topics.<id>.kind"): TopicKind,
    ("rubric", "behaviors.<id>.detector"): models.Detector,
    ("rubric", "behaviors.<id>.role"): Role,
}

# Every "default X" a schema description states, by dotted path, and the model's default.
DEFAULTS: dict[tuple[str, str], object] = {
    ("scenario", "difficulty"): models.DEFAULT_DIFFICULTY,
    ("scenario", "rubric"): models.DEFAULT_RUBRIC,
    ("scenario", "pass_mark"): models.DEFAULT_PASS_MARK,
    ("scenario", "mood.first_turn_weight"): models.DEFAULT_FIRST_TURN_WEIGHT,
    ("scenario", "topics.<id>.kind"): models.DEFAULT_TOPIC_KIND,
    ("scenario", "topics.<id>.move"): models.DEFAULT_TOPIC_MOVE,
    ("scenario", "stages[].at_least"): Stage.at_least,
    ("scenario", "stages[].required"): Stage.required,
    ("rubric", "thresholds.phrase"): Rubric.phrase_threshold,
    ("rubric", "thresholds.repetition"): Rubric.repetition_threshold,
    ("rubric", "thresholds.example_confidence"): Rubric.example_confidence,
    ("rubric", "thresholds.example_closeness"): Rubric.example_closeness,
    ("rubric", "thresholds.behavior_confidence"): Rubric.behavior_confidence,
    ("rubric", "thresholds.behavior_closeness"): Rubric.behavior_closeness,
    ("rubric", "criteria.<id>.start"): models.DEFAULT_CRITERION_START,
    ("rubric", "learned.threshold"): models.DEFAULT_LEARNED_THRESHOLD,
    ("rubric", "learned.doubt"): models.LearnedSpec.doubt,
}

# "default 88.", "(default 0.7)", "Default question.": a word or number that ends the phrase.
_DEFAULT = re.compile(r"\bdefault:? ([\w.-]+?)[.)]?(?=$|[\s;:,)])", re.IGNORECASE)
_NOT_A_VALUE = {"mood", "all", "level"}  # "Default mood steps", "(default: all it was trained on)"


def _nodes() -> list[tuple[str, str, dict[str, Any]]]:
    return [(k, p, n) for k in ("scenario", "rubric") for p, n in schema_nodes(schema(k)).items()]


def _stated_default(node: dict[str, Any]) -> str | None:
    found = [m for m in _DEFAULT.findall(node.get("description", "")) if m not in _NOT_A_VALUE]
    return found[-1] if found else None


def _as_written(value: object) -> str:
    """A model default the way the schema's prose writes it (YAML words, 1 not 1.0)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_every_schema_enum_is_a_model_enum() -> None:
    found = {(k, p) for k, p, n in _nodes() if "enum" in n}
    assert found == set(ENUMS)


@pytest.mark.parametrize("where", sorted(ENUMS), ids=lambda w: f"{w[0]}:{w[1]}")
def test_schema_enum_lists_the_model_values(where: tuple[str, str]) -> None:
    kind, path = where
    node = schema_nodes(schema(kind))[path]
    # Role.NONE ("") is what a file gets by leaving `role` out; a file cannot write it.
    expected = [m.value for m in ENUMS[where] if m is not Role.NONE]
    assert node["enum"] == expected


def test_schema_levels_are_the_difficulties() -> None:
    levels = schema_nodes(schema("scenario"))["levels"]
    assert list(levels["properties"]) == [d.value for d in Difficulty]


def test_schema_closing_lines_are_the_outcomes() -> None:
    closing = schema_nodes(schema("scenario"))["lines.closing"]
    assert closing["required"] == [o.value for o in Outcome]
    assert set(closing["properties"]) == {*Outcome, "deadline"}


def test_every_default_the_schemas_state_is_a_model_default() -> None:
    stated = {(k, p) for k, p, n in _nodes() if _stated_default(n) is not None}
    assert stated == set(DEFAULTS)


@pytest.mark.parametrize("where", sorted(DEFAULTS), ids=lambda w: f"{w[0]}:{w[1]}")
def test_schema_default_matches_the_model(where: tuple[str, str]) -> None:
    kind, path = where
    node = schema_nodes(schema(kind))[path]
    assert _stated_default(node) == _as_written(DEFAULTS[where])


def test_default_enum_values_are_allowed_by_the_schema() -> None:
    nodes = schema_nodes(schema("scenario"))
    assert models.DEFAULT_DIFFICULTY in nodes["difficulty"]["enum"]
    assert models.DEFAULT_TOPIC_KIND in nodes["topics.<id>.kind"]["enum"]
    assert Behavior.detector in nodes["behaviors.<id>.detector"]["enum"]


def test_members_are_the_words_files_use() -> None:
    """A member is its YAML word: equal, same hash, and printed as the word."""
    assert TopicKind("proposal") == "proposal"
    assert {"hard": 1}[Difficulty.HARD] == 1
    assert f"{Outcome.WON} / {Role.PUT_DOWN}" == "won / put-down"
    assert models.LEVEL_NAMES == ("easy", "normal", "hard")
    assert repr(models.OUTCOMES) == "('won', 'lost', 'open')"
