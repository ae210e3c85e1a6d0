"""The scenario file format: one difficult customer, validated and typed.

Validation happens in two passes: the JSON Schema checks shape (the same schema the author's
editor uses), then :func:`from_document` checks every reference (moods, behaviours, topics,
criteria) so a dangling name fails when the file loads, not when a trainee reaches it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from trainer.engine.models import (
    CONTEXT_MOVES,
    REPETITION,
    ByMood,
    Customer,
    Level,
    Rubric,
    Samples,
    Scenario,
    Stage,
    Topic,
)
from trainer.formats import schema, yamlfile
from trainer.formats.diagnostics import InvalidFile
from trainer.formats.rubric_file import behavior_from
from trainer.formats.yamlfile import Document, YamlPath


def _default_levels(strikes: int | None, min_topics: int, topic_count: int) -> dict[str, Level]:
    s = strikes or 99
    return {
        "easy": Level(1.5, 0.75, 2, s + 1, max(0, min_topics - 1)),
        "normal": Level(1.0, 1.0, 1, s, min_topics),
        "hard": Level(1.0, 1.5, 1, max(1, s - 1), min(topic_count, min_topics + 1)),
    }


RubricLookup = Callable[[str], Rubric | None]


def from_document(doc: Document, rubrics: RubricLookup) -> Scenario:
    """Build a scenario, resolving its rubric through ``rubrics``; raise :class:`InvalidFile`."""
    problems = schema.check(doc, "scenario")
    if problems:
        raise InvalidFile(problems)
    d: dict[str, Any] = doc.data
    rubric_id = d.get("rubric", "core")
    rubric = rubrics(rubric_id)
    if rubric is None:
        raise InvalidFile(
            [
                doc.problem(
                    ("rubric",),
                    "TCT020",
                    f"unknown rubric '{rubric_id}'",
                    "use 'core' or the id of a rubric file in a rubrics/ folder",
                )
            ]
        )
    scale = tuple(d["mood"]["scale"])

    def mood(path: YamlPath, name: str) -> int:
        if name in scale:
            return scale.index(name)
        guess = schema.nearest(name, set(scale))
        problems.append(
            doc.problem(
                path,
                "TCT022",
                f"unknown mood '{name}'",
                f"did you mean '{guess}'?" if guess else f"the scale is {', '.join(scale)}",
            )
        )
        return 0

    def by_mood(path: YamlPath, raw: Any) -> ByMood:
        if isinstance(raw, list):
            return ByMood(((0, tuple(raw)),))
        bands = sorted((mood((*path, k), k), tuple(v)) for k, v in raw.items())
        return ByMood(tuple(bands))

    own = {
        bid: behavior_from(doc, ("behaviors", bid), bid, raw, problems, rubric.fragments)
        for bid, raw in (d.get("behaviors") or {}).items()
    }
    for bid in own:
        if bid in rubric.behaviors or bid == REPETITION:
            problems.append(
                doc.problem(
                    ("behaviors", bid),
                    "TCT024",
                    f"behaviour id '{bid}' is already defined by rubric '{rubric.id}'",
                    "choose another id, or tune the rubric's behaviour with mood.moves",
                )
            )
    behaviors = {**rubric.behaviors, **own}
    known_b = set(behaviors) | {REPETITION} | set(CONTEXT_MOVES)

    def behavior_ref(path: YamlPath, name: str, also: set[str] | None = None) -> None:
        if name in known_b or (also and name in also):
            return
        pool = known_b | (also or set())
        guess = schema.nearest(name, pool)
        code = "TCT023" if also and (guess in also if guess else True) else "TCT021"
        what = "behaviour or topic" if also else "behaviour"
        problems.append(
            doc.problem(
                path,
                code,
                f"unknown {what} '{name}'",
                f"did you mean '{guess}'?" if guess else f"known: {', '.join(sorted(pool))}",
            )
        )

    for bid, b in own.items():
        if b.negated_as:
            behavior_ref(("behaviors", bid, "negated_as"), b.negated_as)
        for cid in b.scores:
            if cid not in rubric.criteria:
                guess = schema.nearest(cid, set(rubric.criteria))
                problems.append(
                    doc.problem(
                        ("behaviors", bid, "scores", cid),
                        "TCT026",
                        f"unknown criterion '{cid}'",
                        f"did you mean '{guess}'?" if guess else None,
                    )
                )

    topics: dict[str, Topic] = {}
    for tid, raw in d["topics"].items():
        base: YamlPath = ("topics", tid)
        if tid in known_b:
            problems.append(doc.problem(base, "TCT024", f"topic id '{tid}' is also a behaviour id"))
        samples = raw.get("samples") or {}
        topics[tid] = Topic(
            id=tid,
            title=raw["title"],
            kind=raw.get("kind", "question"),
            required=raw.get("required", False),
            secret=raw.get("secret", False),
            min_mood=mood((*base, "min_mood"), raw["min_mood"]) if "min_mood" in raw else None,
            move=raw.get("move", 1),
            deadline=raw.get("deadline"),
            examples=tuple(raw["examples"]),
            near=tuple(raw.get("near", [])),
            requires=tuple(raw.get("requires", [])),
            heard_as=tuple(raw.get("heard_as", [])),
            answers=by_mood((*base, "answers"), raw["answers"]),
            hint=raw.get("hint", ""),
            model_answer=raw.get("model_answer", ""),
            samples=Samples(tuple(samples.get("match", [])), tuple(samples.get("no_match", []))),
            forgives=tuple(raw.get("forgives", [])),
        )
        for i, bid in enumerate(raw.get("forgives", [])):
            behavior_ref((*base, "forgives", i), bid)
        for i, bid in enumerate(raw.get("heard_as", [])):
            behavior_ref((*base, "heard_as", i), bid)
    topic_ids = set(topics)

    moves = dict(d["mood"].get("moves", {}))
    for key in moves:
        behavior_ref(("mood", "moves", key), key, topic_ids)
    lines = d["lines"]
    reactions = {}
    for bid, raw in (lines.get("reactions") or {}).items():
        behavior_ref(("lines", "reactions", bid), bid)
        reactions[bid] = by_mood(("lines", "reactions", bid), raw)
    model_answers = dict(d.get("model_answers", {}))
    for key in model_answers:
        behavior_ref(("model_answers", key), key, topic_ids)

    end = d["end"]
    won_mood = mood(("end", "won", "mood"), end["won"]["mood"])
    lost_mood = mood(("end", "lost", "mood"), end["lost"]["mood"])
    start = mood(("mood", "start"), d["mood"]["start"])
    if won_mood <= lost_mood and not problems:
        problems.append(
            doc.problem(
                ("end", "won", "mood"),
                "TCT013",
                "the winning mood must be higher on the scale than the losing mood",
                "the scale runs from worst (first) to best (last)",
            )
        )
    strikes = end["lost"].get("strikes")
    min_topics = end["won"].get("min_topics", 0)
    visible = sum(1 for t in topics.values() if not t.secret)
    if min_topics > visible:
        problems.append(
            doc.problem(
                ("end", "won", "min_topics"),
                "TCT013",
                f"min_topics is {min_topics} but only {visible} non-secret topics exist",
                "lower it or add topics",
            )
        )
    levels = _default_levels(strikes, min_topics, visible)
    for name, raw in (d.get("levels") or {}).items():
        lv = levels[name]
        levels[name] = Level(
            gain=raw.get("gain", lv.gain),
            loss=raw.get("loss", lv.loss),
            max_rise=raw.get("max_rise", lv.max_rise),
            strikes=raw.get("strikes", lv.strikes),
            min_topics=min(visible, raw.get("min_topics", lv.min_topics)),
        )
    stages = []
    for i, raw in enumerate(d.get("stages") or []):
        base = ("stages", i)
        for j, tid in enumerate(raw.get("topics", [])):
            if tid not in topic_ids:
                guess = schema.nearest(tid, topic_ids)
                problems.append(
                    doc.problem(
                        (*base, "topics", j),
                        "TCT023",
                        f"unknown topic '{tid}'",
                        f"did you mean '{guess}'?" if guess else None,
                    )
                )
        for j, bid in enumerate(raw.get("behaviors", [])):
            behavior_ref((*base, "behaviors", j), bid)
        stages.append(
            Stage(
                id=raw["id"],
                title=raw["title"],
                topics=tuple(raw.get("topics", [])),
                behaviors=tuple(raw.get("behaviors", [])),
                at_least=raw.get("at_least", 1),
                required=raw.get("required", True),
            )
        )
    concepts = {k: tuple(v) for k, v in (d.get("concepts") or {}).items()}
    known_c = set(rubric.concepts) | set(concepts)
    needs = [
        (("topics", tid, "requires", i), c)
        for tid, raw in d["topics"].items()
        for i, c in enumerate(raw.get("requires", []))
    ]
    needs += [
        (("behaviors", bid, "requires", i), c)
        for bid, raw in (d.get("behaviors") or {}).items()
        for i, c in enumerate(raw.get("requires", []))
    ]
    for path, name in needs:
        if name not in known_c:
            guess = schema.nearest(name, known_c)
            problems.append(
                doc.problem(
                    path,
                    "TCT031",
                    f"unknown concept '{name}'",
                    f"did you mean '{guess}'?" if guess else "define it under `concepts:`",
                )
            )
    if problems:
        raise InvalidFile(problems)
    closing = lines["closing"]
    return Scenario(
        id=d["id"],
        title=d["title"],
        summary=d["summary"],
        difficulty=d.get("difficulty", "normal"),
        rubric=rubric,
        pass_mark=d.get("pass_mark", 70),
        setting=d["briefing"]["setting"],
        goal=d["briefing"]["goal"],
        customer=Customer(
            d["customer"]["name"],
            d["customer"]["role"],
            d["customer"]["company"],
            dict(d["customer"].get("details", {})),
        ),
        scale=scale,
        start=start,
        moves=moves,
        first_turn_weight=float(d["mood"].get("first_turn_weight", 1)),
        behaviors=own,
        topics=topics,
        opening=tuple(lines["opening"]),
        reactions=reactions,
        fallback=by_mood(("lines", "fallback"), lines["fallback"]),
        closing={k: tuple(v) for k, v in closing.items()},
        model_answers=model_answers,
        won_mood=won_mood,
        lost_mood=lost_mood,
        strikes=strikes,
        min_topics=min_topics,
        max_turns=end["turns"],
        levels=levels,
        concepts=concepts,
        stages=tuple(stages),
        path=doc.path,
        document=doc,
    )


def load(path: str | Path, rubrics: RubricLookup) -> Scenario:
    return from_document(yamlfile.load(path), rubrics)
