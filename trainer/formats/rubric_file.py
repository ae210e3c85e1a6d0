"""The rubric file format: behaviours the listener hears and criteria the scorecard shows."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from trainer.engine.models import (
    DEFAULT_CRITERION_START,
    DEFAULT_LEARNED_THRESHOLD,
    REPETITION,
    TOPIC_TOKENS,
    Behavior,
    Criterion,
    Detector,
    LearnedSpec,
    PointRule,
    Role,
    Rubric,
    Samples,
)
from trainer.formats import schema, yamlfile
from trainer.formats.diagnostics import Diagnostic, InvalidFile
from trainer.formats.yamlfile import Document, YamlPath

_FRAGMENT = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_CAPITAL = re.compile(r"(?<![\\?])[A-Z]")


@lru_cache(maxsize=8192)
def compiled(expanded: str) -> re.Pattern[str]:
    """One compiled pattern per text per process: every Catalog, rebuild and test shares it.

    Sentences arrive lower-cased; case-folding is only needed (and only paid for) when an
    author wrote a capital letter. Raises re.error (never cached) for a bad pattern.
    """
    return re.compile(expanded, re.IGNORECASE if _CAPITAL.search(expanded) else 0)


def compile_patterns(
    doc: Document,
    base: YamlPath,
    raw: list[str],
    problems: list[Diagnostic],
    fragments: dict[str, str] | None = None,
) -> tuple[re.Pattern[str], ...]:
    """Compile author regexes, expanding {NAME} fragments, reporting each bad one in place."""
    out = []
    frags = fragments or {}
    for i, text in enumerate(raw):
        missing = [name for name in _FRAGMENT.findall(text) if name not in frags]
        if missing:
            problems.append(
                doc.problem(
                    (*base, i),
                    "TCT025",
                    f"unknown fragment {{{missing[0]}}} in pattern",
                    "define it under `fragments` in the rubric",
                )
            )
            continue
        expanded = _FRAGMENT.sub(lambda m: "(?:" + frags[m.group(1)] + ")", text)
        try:
            out.append(compiled(expanded))
        except re.error as exc:
            problems.append(
                doc.problem(
                    (*base, i),
                    "TCT025",
                    f"invalid regular expression: {exc.msg}",
                    "check brackets and escape special characters with a backslash",
                )
            )
    return tuple(out)


def behavior_from(
    doc: Document,
    base: YamlPath,
    bid: str,
    raw: dict[str, Any],
    problems: list[Diagnostic],
    fragments: dict[str, str] | None = None,
) -> Behavior:
    samples = raw.get("samples") or {}
    return Behavior(
        id=bid,
        title=raw["title"],
        description=raw.get("description", ""),
        detector=Detector(raw.get("detector", Behavior.detector)),
        phrases=tuple(raw.get("phrases", [])),
        patterns=compile_patterns(
            doc, (*base, "patterns"), raw.get("patterns", []), problems, fragments
        ),
        not_patterns=compile_patterns(
            doc, (*base, "not_patterns"), raw.get("not_patterns", []), problems, fragments
        ),
        negated_as=raw.get("negated_as"),
        requires=tuple(raw.get("requires", [])),
        role=Role(raw.get("role", Behavior.role)),
        move=raw.get("move", Behavior.move),
        strike=raw.get("strike", False),
        scores=dict(raw.get("scores", {})),
        samples=Samples(tuple(samples.get("match", [])), tuple(samples.get("no_match", []))),
    )


def from_document(doc: Document) -> Rubric:
    """Build a rubric from a parsed document, or raise :class:`InvalidFile`."""
    problems = schema.check(doc, "rubric")
    if problems:
        raise InvalidFile(problems)
    data = doc.data
    fragments = dict(data.get("fragments", {}))
    behaviors = {
        bid: behavior_from(doc, ("behaviors", bid), bid, raw, problems, fragments)
        for bid, raw in data["behaviors"].items()
    }
    known = set(behaviors) | {REPETITION}
    for bid, b in behaviors.items():
        if b.negated_as and b.negated_as not in known:
            problems.append(_unknown(doc, ("behaviors", bid, "negated_as"), b.negated_as, known))
    criteria = {}
    for cid, raw in data["criteria"].items():
        rules = []
        for i, rule in enumerate(raw["points"]):
            if rule["on"] not in known and rule["on"] not in TOPIC_TOKENS:
                problems.append(
                    _unknown(
                        doc, ("criteria", cid, "points", i, "on"), rule["on"], known, TOPIC_TOKENS
                    )
                )
            rules.append(PointRule(rule["on"], rule["points"], rule.get("times")))
        criteria[cid] = Criterion(
            id=cid,
            title=raw["title"],
            description=raw.get("description", ""),
            weight=float(raw["weight"]),
            start=raw.get("start", DEFAULT_CRITERION_START),
            points=tuple(rules),
            tip=raw["tip"],
        )
    learned = _learned_spec(doc, data.get("learned"), known, problems)
    th = data.get("thresholds", {})
    neutral = _neutral(doc, data.get("neutral"), problems)
    if problems:
        raise InvalidFile(problems)
    return Rubric(
        id=data["id"],
        title=data["title"],
        description=data.get("description", ""),
        behaviors=behaviors,
        criteria=criteria,
        phrase_threshold=th.get("phrase", Rubric.phrase_threshold),
        repetition_threshold=th.get("repetition", Rubric.repetition_threshold),
        example_confidence=th.get("example_confidence", Rubric.example_confidence),
        example_closeness=th.get("example_closeness", Rubric.example_closeness),
        behavior_confidence=th.get("behavior_confidence", Rubric.behavior_confidence),
        behavior_closeness=th.get("behavior_closeness", Rubric.behavior_closeness),
        concepts={k: tuple(v) for k, v in (data.get("concepts") or {}).items()},
        neutral=neutral,
        fragments=fragments,
        learned=learned,
        path=doc.path,
    )


def _neutral(doc: Document, name: str | None, problems: list[Diagnostic]) -> tuple[str, ...]:
    """The neutral corpus: lines that must hear nothing scenario-specific, one per line."""
    if not name:
        return ()
    path = Path(doc.path).parent / name
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(
            doc.problem(
                ("neutral",),
                "TCT029",
                f"cannot read the neutral corpus {path}: {exc}",
                "name a UTF-8 text file beside the rubric, one line per entry",
            )
        )
        return ()
    lines = (ln.strip() for ln in text.splitlines())
    return tuple(ln for ln in lines if ln and not ln.startswith("#"))


def _learned_spec(
    doc: Document, raw: dict[str, Any] | None, known: set[str], problems: list[Diagnostic]
) -> LearnedSpec | None:
    """Where the listener's learned fallback lives; the listener loads it (it is listen-layer)."""
    if not raw:
        return None
    path = Path(doc.path).parent / raw["model"]
    if not path.is_file():
        problems.append(
            doc.problem(
                ("learned", "model"),
                "TCT028",
                f"the listener model {path} does not exist",
                "rebuild it with `trainer learn`, or remove `learned`",
            )
        )
    for i, bid in enumerate(raw.get("behaviors", [])):
        if bid not in known:
            problems.append(_unknown(doc, ("learned", "behaviors", i), bid, known))
    return LearnedSpec(
        str(path), float(raw.get("threshold", DEFAULT_LEARNED_THRESHOLD)), tuple(raw.get("behaviors", []))
    )


def _unknown(
    doc: Document, path: YamlPath, name: str, known: set[str], extra: tuple[str, ...] = ()
) -> Diagnostic:
    guess = schema.nearest(name, known | set(extra))
    return doc.problem(
        path,
        "TCT021",
        f"unknown behaviour '{name}'",
        f"did you mean '{guess}'?" if guess else f"known: {', '.join(sorted(known))}",
    )


def load(path: str | Path) -> Rubric:
    return from_document(yamlfile.load(path))
