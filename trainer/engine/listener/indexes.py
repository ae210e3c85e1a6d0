"""The example indexes a listener is built from: topics, scenario behaviours, small talk.

Building them is the listener's start-up cost (featurising every example once), and they are
plain data, so they are made here, apart from the rules that use them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from trainer.engine.listener.similar import Concepts, ExampleIndex, SharedReadings
from trainer.engine.listener.textnorm import normalize, sentences
from trainer.engine.models import Behavior, Rubric, Topic

# Calling a real question small talk costs the trainee a question: be sure.
SMALL_TALK_CONFIDENCE = 0.85
SMALL_TALK_CLOSENESS = 0.3

Features = SharedReadings


@dataclass(frozen=True)
class ExampleSettings:
    """How the example matcher is built: concepts, the neutral corpus, its two thresholds."""

    concepts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    neutral: tuple[str, ...] = ()
    # The rubric's defaults (engine/models.py); a behaviour must be surer than a topic.
    confidence: float = Rubric.example_confidence
    closeness: float = Rubric.example_closeness
    behavior_confidence: float = Rubric.behavior_confidence
    behavior_closeness: float = Rubric.behavior_closeness
    fill: Callable[[str], str] = str
    # Words that say who is spoken to, not what is said (the customer's own names).
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indexes:
    concepts: Concepts
    topics: ExampleIndex | None
    behaviors: dict[str, ExampleIndex]
    neutral: ExampleIndex | None


def build_indexes(
    behaviors: Mapping[str, Behavior], topics: list[Topic], settings: ExampleSettings
) -> Indexes:
    """Every example index a listener needs, sharing one featurisation of each sentence."""
    concepts = Concepts.build(settings.concepts)
    shared: Features = {}
    neutral = [("-neutral", normalize(line)) for line in settings.neutral]
    topic_items = _topic_items(behaviors, topics, settings.fill)
    topic_index = (
        ExampleIndex(
            [*topic_items, *neutral],
            concepts,
            settings.confidence,
            settings.closeness,
            settings.ignore,
            shared=shared,
        )
        if topics
        else None
    )
    business = [text for label, text in topic_items if not label.startswith(("-", "~"))]
    return Indexes(
        concepts,
        topic_index,
        _behavior_indexes(behaviors, business, neutral, concepts, settings, shared),
        _neutral_index(behaviors, business, neutral, concepts, settings, shared),
    )


def _topic_items(
    behaviors: Mapping[str, Behavior], topics: list[Topic], fill: Callable[[str], str]
) -> list[tuple[str, str]]:
    """Each topic's examples and near-misses; a trap said in a topic's words ("you're part of
    the problem") is not the topic, so trap lines veto every topic."""
    items = [(t.id, normalize(fill(e))) for t in topics for e in t.examples]
    items += [(f"~{t.id}", normalize(fill(e))) for t in topics for e in t.near]
    items += [
        ("~*", normalize(fill(e)))
        for b in behaviors.values()
        if b.detector == "examples" and (b.strike or b.move < 0)
        for e in (*b.phrases, *b.samples.match)
    ]
    return items


def _behavior_indexes(
    behaviors: Mapping[str, Behavior],
    topic_lines: list[str],
    neutral: list[tuple[str, str]],
    concepts: Concepts,
    settings: ExampleSettings,
    shared: Features,
) -> dict[str, ExampleIndex]:
    """Each behaviour heard from examples gets its own yes/no index: its samples against its
    near-misses, the neutral corpus and what it must not be mistaken for. A trap is not a
    topic or one of the rubric's good moves; a good move is not a trap."""
    fill = settings.fill
    by_example = [b for b in behaviors.values() if b.detector == "examples"]
    traps = {b.id for b in by_example if b.strike or b.move < 0}

    def positives(b: Behavior) -> list[str]:
        return [normalize(fill(e)) for e in (*b.phrases, *b.samples.match)]

    good = [
        normalize(e)
        for b in behaviors.values()
        if b.detector != "examples" and b.move > 0
        for e in (*b.phrases, *b.samples.match)
    ]
    trap_lines = [text for b in by_example if b.id in traps for text in positives(b)]
    good_moves = [text for b in by_example if b.id not in traps for text in positives(b)]
    out: dict[str, ExampleIndex] = {}
    for b in by_example:
        against = (topic_lines + good + good_moves) if b.id in traps else trap_lines
        misses = [normalize(fill(e)) for e in b.samples.no_match]
        items = [(f"~{b.id}", text) for text in misses] + [("-near", text) for text in misses]
        items += [("-other", text) for text in against]
        carriers = _carriers(b.id, positives(b), [*items, *neutral], concepts, shared)
        out[b.id] = ExampleIndex(
            [*((b.id, text) for text in carriers), *items, *neutral],
            concepts,
            settings.behavior_confidence,
            settings.behavior_closeness,
            settings.ignore,
            min_words=3 if b.strike else 1,  # a strike needs more than two words to go on
            shared=shared,
        )
    return out


def _neutral_index(
    behaviors: Mapping[str, Behavior],
    business: list[str],
    neutral: list[tuple[str, str]],
    concepts: Concepts,
    settings: ExampleSettings,
    shared: Features,
) -> ExampleIndex | None:
    """Small talk is told from business by the neutral corpus against everything on the call."""
    if not neutral:
        return None
    business = business + [
        normalize(e) for b in behaviors.values() for e in (*b.phrases, *b.samples.match)
    ]
    return ExampleIndex(
        [("neutral", text) for _, text in neutral] + [("-business", t) for t in business],
        concepts,
        SMALL_TALK_CONFIDENCE,
        SMALL_TALK_CLOSENESS,
        settings.ignore,
        shared=shared,
    )


def _carriers(
    label: str,
    examples: list[str],
    against: list[tuple[str, str]],
    concepts: Concepts,
    shared: Features,
) -> list[str]:
    """The sentence of each example that carries its label.

    The listener hears a turn sentence by sentence, so an example of several sentences ("I'm
    glad we got this in the diary. The thing is, nobody mentioned leads.") would lend the label
    the words of the sentences around it. Each such example keeps only its most label-like
    sentence: the one closest to the one-sentence examples and furthest from what it is not.
    """
    split = [[norm for _, norm in sentences(e)] for e in examples]
    singles = [parts[0] for parts in split if len(parts) == 1]
    if len(singles) == len(examples) or len(singles) < 3:
        return examples
    first = ExampleIndex([*((label, t) for t in singles), *against], concepts, shared=shared)

    def lead(part: str) -> float:
        """How much closer the sentence is to the label's examples than to anything else."""
        close = first.closest(part)
        mine = close.get(label, (0.0, 0))[0]
        return mine - max((c for lab, (c, _) in close.items() if lab != label), default=0.0)

    return [parts[0] if len(parts) == 1 else max(parts, key=lead) for parts in split]
