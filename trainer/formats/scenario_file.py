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
    DEFAULT_DIFFICULTY,
    DEFAULT_FIRST_TURN_WEIGHT,
    DEFAULT_PASS_MARK,
    DEFAULT_RUBRIC,
    DEFAULT_TOPIC_KIND,
    DEFAULT_TOPIC_MOVE,
    REPETITION,
    ByMood,
    Customer,
    Difficulty,
    Level,
    Line,
    Rubric,
    Samples,
    Scenario,
    Stage,
    Topic,
    TopicKind,
)
from trainer.formats import cache, yamlfile
from trainer.formats.diagnostics import Diagnostic, InvalidFile
from trainer.formats.rubric_file import behavior_from
from trainer.formats.yamlfile import Document, YamlPath


def _default_levels(strikes: int | None, min_topics: int, topic_count: int) -> dict[str, Level]:
    s = strikes or 99
    return {
        Difficulty.EASY: Level(1.5, 0.75, 2, s + 1, max(0, min_topics - 1)),
        Difficulty.NORMAL: Level(1.0, 1.0, 1, s, min_topics),
        Difficulty.HARD: Level(1.0, 1.5, 1, max(1, s - 1), min(topic_count, min_topics + 1)),
    }


RubricLookup = Callable[[str], Rubric | None]


def from_document(doc: Document, rubrics: RubricLookup) -> Scenario:
    """Build a scenario, resolving its rubric through ``rubrics``; raise :class:`InvalidFile`."""
    problems = cache.schema_problems(doc, "scenario")  # a warm pass imports no jsonschema
    if problems:
        raise InvalidFile(problems)
    return _Builder(doc, _rubric(doc, rubrics), problems).build()


def _rubric(doc: Document, rubrics: RubricLookup) -> Rubric:
    rubric_id = doc.data.get("rubric", DEFAULT_RUBRIC)
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
    return rubric


def _guess(found: str | None, otherwise: str | None) -> str | None:
    return f"did you mean '{found}'?" if found else otherwise


def _nearest(word: str, choices: set[str]) -> str | None:
    """schema.nearest, imported only when a name is wrong (the schema module loads jsonschema)."""
    from trainer.formats import schema

    return schema.nearest(word, choices)


class _Builder:
    """One schema-valid scenario document on its way to a :class:`Scenario`.

    Each step maps one part of the file and checks its references (moods, behaviours, topics,
    criteria, concepts), collecting every problem in file-reading order before raising once.
    """

    def __init__(self, doc: Document, rubric: Rubric, problems: list[Diagnostic]) -> None:
        self.doc = doc
        self.d: dict[str, Any] = doc.data
        self.rubric = rubric
        self.problems = problems
        self.scale = tuple(self.d["mood"]["scale"])
        self.own = {
            bid: behavior_from(doc, ("behaviors", bid), bid, raw, problems, rubric.fragments)
            for bid, raw in (self.d.get("behaviors") or {}).items()
        }
        self.known_b = {*rubric.behaviors, *self.own, REPETITION, *CONTEXT_MOVES}
        self.topic_ids = set(self.d["topics"])  # what a line's `after:` may name

    def build(self) -> Scenario:
        d = self.d
        self._check_own_behaviors()
        topics = self._topics()
        topic_ids = set(topics)
        moves = dict(d["mood"].get("moves", {}))
        for key in moves:
            self.behavior_ref(("mood", "moves", key), key, topic_ids)
        reactions = self._reactions()
        fallback = self.by_mood(("lines", "fallback"), d["lines"]["fallback"])
        closing = {
            k: self.variants(("lines", "closing", k), v) for k, v in d["lines"]["closing"].items()
        }
        model_answers = dict(d.get("model_answers", {}))
        for key in model_answers:
            self.behavior_ref(("model_answers", key), key, topic_ids)
        won_mood, lost_mood, start = self._end_moods()
        visible = sum(1 for t in topics.values() if not t.secret)
        min_topics = self._min_topics(visible)
        strikes = d["end"]["lost"].get("strikes")
        levels = self._levels(_default_levels(strikes, min_topics, visible), visible)
        stages = self._stages(topic_ids)
        concepts = {k: tuple(v) for k, v in (d.get("concepts") or {}).items()}
        self._check_concepts(set(self.rubric.concepts) | set(concepts))
        if self.problems:
            raise InvalidFile(self.problems)
        lines = d["lines"]
        return Scenario(
            id=d["id"],
            title=d["title"],
            summary=d["summary"],
            difficulty=Difficulty(d.get("difficulty", DEFAULT_DIFFICULTY)),
            rubric=self.rubric,
            pass_mark=d.get("pass_mark", DEFAULT_PASS_MARK),
            setting=d["briefing"]["setting"],
            goal=d["briefing"]["goal"],
            customer=self._customer(),
            scale=self.scale,
            start=start,
            moves=moves,
            first_turn_weight=float(d["mood"].get("first_turn_weight", DEFAULT_FIRST_TURN_WEIGHT)),
            behaviors=self.own,
            topics=topics,
            opening=tuple(lines["opening"]),
            reactions=reactions,
            fallback=fallback,
            closing=closing,
            model_answers=model_answers,
            won_mood=won_mood,
            lost_mood=lost_mood,
            strikes=strikes,
            min_topics=min_topics,
            max_turns=d["end"]["turns"],
            levels=levels,
            concepts=concepts,
            stages=tuple(stages),
            path=self.doc.path,
            document=self.doc,
        )

    # -- references ------------------------------------------------------------------------

    def mood(self, path: YamlPath, name: str) -> int:
        """The index of mood ``name`` on the scale (0, with a problem, when it is not there)."""
        if name in self.scale:
            return self.scale.index(name)
        guess = _nearest(name, set(self.scale))
        fix = _guess(guess, f"the scale is {', '.join(self.scale)}")
        self.problems.append(self.doc.problem(path, "TCT022", f"unknown mood '{name}'", fix))
        return 0

    def by_mood(self, path: YamlPath, raw: Any) -> ByMood:
        if isinstance(raw, list):
            return ByMood(((0, self.variants(path, raw)),))
        bands = [(self.mood((*path, k), k), self.variants((*path, k), v)) for k, v in raw.items()]
        return ByMood(tuple(sorted(bands, key=lambda band: band[0])))

    def variants(self, path: YamlPath, raw: list[Any]) -> tuple[Line, ...]:
        """A list of reply variants: plain text, or `{say: ..., after: [topic, ...]}`."""
        out = []
        for i, item in enumerate(raw):
            if isinstance(item, str):
                out.append(Line(item))
                continue
            after = tuple(item.get("after", []))
            for j, tid in enumerate(after):
                if tid not in self.topic_ids:
                    where = (*path, i, "after", j)
                    fix = f"the topics are {', '.join(sorted(self.topic_ids))}"
                    self._unknown(where, "TCT023", "topic", tid, self.topic_ids, fix)
            out.append(Line(item["say"], after))
        return tuple(out)

    def behavior_ref(self, path: YamlPath, name: str, also: set[str] | None = None) -> None:
        """Check a behaviour name (or, given ``also``, a behaviour or topic name)."""
        if name in self.known_b or (also and name in also):
            return
        pool = self.known_b | (also or set())
        guess = _nearest(name, pool)
        code = "TCT023" if also and (guess in also if guess else True) else "TCT021"
        what = "behaviour or topic" if also else "behaviour"
        fix = _guess(guess, f"known: {', '.join(sorted(pool))}")
        self.problems.append(self.doc.problem(path, code, f"unknown {what} '{name}'", fix))

    def _unknown(
        self, path: YamlPath, code: str, what: str, name: str, known: set[str], fix: str | None
    ) -> None:
        """An unknown name: 'did you mean' the nearest known one, else ``fix``."""
        guess = _nearest(name, known)
        self.problems.append(
            self.doc.problem(path, code, f"unknown {what} '{name}'", _guess(guess, fix))
        )

    # -- parts -----------------------------------------------------------------------------

    def _check_own_behaviors(self) -> None:
        rubric = self.rubric
        for bid in self.own:
            if bid in rubric.behaviors or bid == REPETITION:
                self.problems.append(
                    self.doc.problem(
                        ("behaviors", bid),
                        "TCT024",
                        f"behaviour id '{bid}' is already defined by rubric '{rubric.id}'",
                        "choose another id, or tune the rubric's behaviour with mood.moves",
                    )
                )
        for bid, b in self.own.items():
            if b.negated_as:
                self.behavior_ref(("behaviors", bid, "negated_as"), b.negated_as)
            for cid in b.scores:
                if cid not in rubric.criteria:
                    path = ("behaviors", bid, "scores", cid)
                    self._unknown(path, "TCT026", "criterion", cid, set(rubric.criteria), None)

    def _topics(self) -> dict[str, Topic]:
        topics: dict[str, Topic] = {}
        for tid, raw in self.d["topics"].items():
            base: YamlPath = ("topics", tid)
            if tid in self.known_b:
                self.problems.append(
                    self.doc.problem(base, "TCT024", f"topic id '{tid}' is also a behaviour id")
                )
            topics[tid] = self._topic(base, tid, raw)
            for i, bid in enumerate(raw.get("forgives", [])):
                self.behavior_ref((*base, "forgives", i), bid)
            for i, bid in enumerate(raw.get("heard_as", [])):
                self.behavior_ref((*base, "heard_as", i), bid)
        return topics

    def _topic(self, base: YamlPath, tid: str, raw: dict[str, Any]) -> Topic:
        samples = raw.get("samples") or {}
        return Topic(
            id=tid,
            title=raw["title"],
            kind=TopicKind(raw.get("kind", DEFAULT_TOPIC_KIND)),
            required=raw.get("required", False),
            secret=raw.get("secret", False),
            min_mood=self.mood((*base, "min_mood"), raw["min_mood"]) if "min_mood" in raw else None,
            move=raw.get("move", DEFAULT_TOPIC_MOVE),
            deadline=raw.get("deadline"),
            examples=tuple(raw["examples"]),
            near=tuple(raw.get("near", [])),
            requires=tuple(raw.get("requires", [])),
            heard_as=tuple(raw.get("heard_as", [])),
            answers=self.by_mood((*base, "answers"), raw["answers"]),
            hint=raw.get("hint", ""),
            model_answer=raw.get("model_answer", ""),
            samples=Samples(tuple(samples.get("match", [])), tuple(samples.get("no_match", []))),
            forgives=tuple(raw.get("forgives", [])),
        )

    def _reactions(self) -> dict[str, ByMood]:
        reactions = {}
        for bid, raw in (self.d["lines"].get("reactions") or {}).items():
            self.behavior_ref(("lines", "reactions", bid), bid)
            reactions[bid] = self.by_mood(("lines", "reactions", bid), raw)
        return reactions

    def _end_moods(self) -> tuple[int, int, int]:
        """The winning, losing and starting moods; the first must be above the second."""
        end = self.d["end"]
        won_mood = self.mood(("end", "won", "mood"), end["won"]["mood"])
        lost_mood = self.mood(("end", "lost", "mood"), end["lost"]["mood"])
        start = self.mood(("mood", "start"), self.d["mood"]["start"])
        if won_mood <= lost_mood and not self.problems:
            self.problems.append(
                self.doc.problem(
                    ("end", "won", "mood"),
                    "TCT013",
                    "the winning mood must be higher on the scale than the losing mood",
                    "the scale runs from worst (first) to best (last)",
                )
            )
        return won_mood, lost_mood, start

    def _min_topics(self, visible: int) -> int:
        min_topics: int = self.d["end"]["won"].get("min_topics", 0)
        if min_topics > visible:
            self.problems.append(
                self.doc.problem(
                    ("end", "won", "min_topics"),
                    "TCT013",
                    f"min_topics is {min_topics} but only {visible} non-secret topics exist",
                    "lower it or add topics",
                )
            )
        return min_topics

    def _levels(self, levels: dict[str, Level], visible: int) -> dict[str, Level]:
        """The default levels, with whatever the file's `levels:` changes."""
        for name, raw in (self.d.get("levels") or {}).items():
            lv = levels[name]
            levels[name] = Level(
                gain=raw.get("gain", lv.gain),
                loss=raw.get("loss", lv.loss),
                max_rise=raw.get("max_rise", lv.max_rise),
                strikes=raw.get("strikes", lv.strikes),
                min_topics=min(visible, raw.get("min_topics", lv.min_topics)),
            )
        return levels

    def _stages(self, topic_ids: set[str]) -> list[Stage]:
        stages = []
        for i, raw in enumerate(self.d.get("stages") or []):
            base: YamlPath = ("stages", i)
            for j, tid in enumerate(raw.get("topics", [])):
                if tid not in topic_ids:
                    self._unknown((*base, "topics", j), "TCT023", "topic", tid, topic_ids, None)
            for j, bid in enumerate(raw.get("behaviors", [])):
                self.behavior_ref((*base, "behaviors", j), bid)
            stages.append(
                Stage(
                    id=raw["id"],
                    title=raw["title"],
                    topics=tuple(raw.get("topics", [])),
                    behaviors=tuple(raw.get("behaviors", [])),
                    at_least=raw.get("at_least", Stage.at_least),
                    required=raw.get("required", Stage.required),
                )
            )
        return stages

    def _check_concepts(self, known: set[str]) -> None:
        """Every concept a topic or behaviour `requires` is defined here or in the rubric."""
        needs: list[tuple[YamlPath, str]] = [
            (("topics", tid, "requires", i), c)
            for tid, raw in self.d["topics"].items()
            for i, c in enumerate(raw.get("requires", []))
        ]
        needs += [
            (("behaviors", bid, "requires", i), c)
            for bid, raw in (self.d.get("behaviors") or {}).items()
            for i, c in enumerate(raw.get("requires", []))
        ]
        for path, name in needs:
            if name not in known:
                fix = "define it under `concepts:`"
                self._unknown(path, "TCT031", "concept", name, known, fix)

    def _customer(self) -> Customer:
        c = self.d["customer"]
        return Customer(c["name"], c["role"], c["company"], dict(c.get("details", {})))


def load(path: str | Path, rubrics: RubricLookup) -> Scenario:
    return from_document(yamlfile.load(path), rubrics)
