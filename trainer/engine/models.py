"""The engine's data: a rubric, a scenario and their parts, as typed, immutable values.

The file formats (trainer.formats) build these from YAML; everything in the engine reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the type checker: the engine never reads files
    from trainer.formats.yamlfile import Document

# Scoring tokens that are not behaviour ids.
TOPIC_TOKENS = ("topic", "topic_question", "topic_proposal")
# Heard by the call itself (similarity to the trainee's own earlier lines), not by a phrase bank.
REPETITION = "repetition"
# Heard by the call from the conversation so far, not in one line: a keyword list with no clause,
# chit-chat with an angry customer, a stack of formula phrases, a question left unanswered.
# Each moves the mood like a behaviour (a scenario's `mood.moves` may change the step).
CONTEXT_MOVES: dict[str, int] = {"fragment": -1, "small_talk": -1, "scripted": -1, "dodge": -1}


# The closed sets a file chooses from. Each value is the word written in the YAML (and in exports
# and the store), so a member compares equal to its word; a test holds the schemas' enums to these.
class Detector(StrEnum):
    """How a behaviour is heard: its phrase bank and patterns, plus question rules, or examples."""

    PHRASES = "phrases"
    QUESTION = "question"
    EXAMPLES = "examples"


class Role(StrEnum):
    """What a behaviour does in a conversation, for the rules that read clauses and context."""

    NONE = ""
    OWNING = "owning"
    DEFLECTION = "deflection"
    QUESTION = "question"
    SOFTENER = "softener"
    COMMITMENT = "commitment"
    PUT_DOWN = "put-down"


# The roles that count against the trainee wherever they are heard.
NEGATIVE_ROLES = (Role.DEFLECTION, Role.PUT_DOWN)


class TopicKind(StrEnum):
    """How a topic must be said to land: asked, offered or committed to, or however it is said."""

    QUESTION = "question"
    PROPOSAL = "proposal"
    STATEMENT = "statement"


class Difficulty(StrEnum):
    EASY = "easy"
    NORMAL = "normal"
    HARD = "hard"


class Outcome(StrEnum):
    """How a call ended; also the keys of a scenario's closing lines."""

    WON = "won"
    LOST = "lost"
    OPEN = "open"


# The words alone (plain str: they print and repr as written, in messages and argparse choices).
LEVEL_NAMES: tuple[str, ...] = tuple(d.value for d in Difficulty)
OUTCOMES: tuple[str, ...] = tuple(o.value for o in Outcome)

# What a file may leave out, and what it then means: written once, here. The formats read these
# (and the dataclass defaults below); a test holds the schemas' "default ..." prose to them.
DEFAULT_RUBRIC = "core"
DEFAULT_DIFFICULTY = Difficulty.NORMAL
DEFAULT_PASS_MARK = 70
DEFAULT_FIRST_TURN_WEIGHT = 1.0
DEFAULT_TOPIC_KIND = TopicKind.QUESTION
DEFAULT_TOPIC_MOVE = 1
DEFAULT_CRITERION_START = 0
DEFAULT_LEARNED_THRESHOLD = 0.7


@dataclass(frozen=True)
class Samples:
    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()


@dataclass(frozen=True)
class Behavior:
    id: str
    title: str
    description: str
    detector: Detector = Detector.PHRASES
    phrases: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    not_patterns: tuple[re.Pattern[str], ...] = ()
    negated_as: str | None = None
    role: Role = Role.NONE
    requires: tuple[str, ...] = ()
    move: int = 0
    strike: bool = False
    scores: dict[str, int] = field(default_factory=dict)
    samples: Samples = Samples()

    @property
    def counts_against(self) -> bool:
        """A misstep wherever it is heard: it deflects, puts the customer down, or is a trap."""
        return self.strike or self.role in NEGATIVE_ROLES


@dataclass(frozen=True)
class PointRule:
    on: str
    points: int
    times: int | None = None


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    description: str
    weight: float
    start: int
    points: tuple[PointRule, ...]
    tip: str


@dataclass(frozen=True)
class LearnedSpec:
    path: str
    threshold: float
    behaviors: tuple[str, ...]
    # Below this probability the model overrules a pattern that heard an owning, softening or
    # committing move (0: never); see Listener._doubt.
    doubt: float = 0.0


@dataclass(frozen=True)
class Rubric:
    id: str
    title: str
    description: str
    behaviors: dict[str, Behavior]
    criteria: dict[str, Criterion]
    phrase_threshold: float = 88
    repetition_threshold: float = 85
    # The example matcher (topics, scenario behaviours): how sure, and how close to one example.
    example_confidence: float = 0.7
    example_closeness: float = 0.2
    behavior_confidence: float = 0.85
    behavior_closeness: float = 0.2
    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    neutral: tuple[str, ...] = ()
    fragments: dict[str, str] = field(default_factory=dict)
    learned: LearnedSpec | None = None
    path: str = ""


@dataclass(frozen=True)
class Line:
    """One variant of a customer reply, and the topics it presupposes (``after:`` in YAML).

    A line that says "let's book that debrief" makes sense only once the debrief was proposed;
    the call never picks it before every topic in ``after`` is covered.
    """

    text: str
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class ByMood:
    """Variants keyed by the lowest mood (index on the scale) at which they apply."""

    bands: tuple[tuple[int, tuple[Line, ...]], ...]

    def at(self, mood: int) -> tuple[Line, ...]:
        chosen = self.bands[0][1]
        for floor, variants in self.bands:
            if floor <= mood:
                chosen = variants
        return chosen

    def all_lines(self) -> list[str]:
        return [line.text for _, variants in self.bands for line in variants]


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    kind: TopicKind
    required: bool
    secret: bool
    min_mood: int | None
    move: int
    deadline: int | None
    examples: tuple[str, ...]
    answers: ByMood
    hint: str
    model_answer: str
    samples: Samples = Samples()
    forgives: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    heard_as: tuple[str, ...] = ()  # behaviours that land it too (owning up lands "own it")


@dataclass(frozen=True)
class Stage:
    """One step of the story, in order: reached when enough of its topics or moves are heard."""

    id: str
    title: str
    topics: tuple[str, ...] = ()
    behaviors: tuple[str, ...] = ()
    at_least: int = 1
    required: bool = True


@dataclass(frozen=True)
class Level:
    gain: float
    loss: float
    max_rise: int
    strikes: int
    min_topics: int


@dataclass(frozen=True)
class Customer:
    name: str
    role: str
    company: str
    details: dict[str, str] = field(default_factory=dict)

    def placeholders(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role, "company": self.company, **self.details}


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    summary: str
    difficulty: Difficulty
    rubric: Rubric
    pass_mark: int
    setting: str
    goal: str
    customer: Customer
    scale: tuple[str, ...]
    start: int
    moves: dict[str, int]
    first_turn_weight: float
    behaviors: dict[str, Behavior]
    topics: dict[str, Topic]
    opening: tuple[str, ...]
    reactions: dict[str, ByMood]
    fallback: ByMood
    closing: dict[str, tuple[Line, ...]]
    model_answers: dict[str, str]
    won_mood: int
    lost_mood: int
    strikes: int | None
    min_topics: int
    max_turns: int
    levels: dict[str, Level]
    concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    stages: tuple[Stage, ...] = ()
    path: str = ""
    document: Document | None = field(default=None, compare=False, repr=False)

    def all_concepts(self) -> dict[str, tuple[str, ...]]:
        """The rubric's concepts, extended (not replaced) by the scenario's own."""
        merged = dict(self.rubric.concepts)
        for name, words in self.concepts.items():
            merged[name] = (*merged.get(name, ()), *words)
        return merged

    def all_behaviors(self) -> dict[str, Behavior]:
        """The rubric's behaviours plus this scenario's own."""
        return {**self.rubric.behaviors, **self.behaviors}

    def move_for(self, trigger: str) -> int:
        """Mood steps for a behaviour or topic, scenario first, then the rubric's default."""
        if trigger in self.moves:
            return self.moves[trigger]
        if trigger in self.topics:
            return self.topics[trigger].move
        b = self.all_behaviors().get(trigger)
        return b.move if b else CONTEXT_MOVES.get(trigger, 0)

    def fill(self, text: str, trainee: str = "you") -> str:
        """Replace {placeholders} with the persona's details; stray braces stay as written."""
        values = _Keep({**self.customer.placeholders(), "trainee": trainee})
        try:
            return text.format_map(values)
        except (ValueError, IndexError, AttributeError):
            return text

    def strike_behaviors(self) -> set[str]:
        return {bid for bid, b in self.all_behaviors().items() if b.strike}

    def negative_behaviors(self) -> set[str]:
        """What counts against the trainee here, for reports and reviews to mark: a deflection
        or put-down, a trap (strike), or anything that lowers the mood, context moves included."""
        behaviors = self.all_behaviors()
        bad = {b for b, x in behaviors.items() if x.counts_against}
        moves = {*behaviors, REPETITION, *CONTEXT_MOVES}
        return bad | {m for m in moves if self.move_for(m) < 0}


class _Keep(dict[str, str]):
    """format_map helper: unknown {placeholders} stay as written instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
