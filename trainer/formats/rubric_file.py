"""The rubric file format: behaviours the listener hears and criteria the scorecard shows."""

from __future__ import annotations

import pickle
import re
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

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
from trainer.formats import cache, yamlfile
from trainer.formats.diagnostics import Diagnostic, InvalidFile
from trainer.formats.yamlfile import Document, YamlPath

_FRAGMENT = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_CAPITAL = re.compile(r"(?<![\\?])[A-Z]")


def _flags(expanded: str) -> int:
    """Sentences arrive lower-cased; case-folding is only needed (and only paid for) when an
    author wrote a capital letter."""
    return re.IGNORECASE if _CAPITAL.search(expanded) else 0


@lru_cache(maxsize=8192)
def compiled(expanded: str) -> re.Pattern[str]:
    """One compiled pattern per text per process: every Catalog, rebuild and test shares it.
    Raises re.error (never cached) for a bad pattern."""
    return re.compile(expanded, _flags(expanded))


_PATTERN_ATTRS = (
    "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
    "groups", "groupindex",
)  # fmt: skip


class LazyPattern:
    """A pattern already known to compile (see :func:`pattern`), compiled on first use.

    The core rubric has ~700 patterns and a command uses few: the listener's prefilter reads
    only ``pattern`` and ``flags``, and searches just the patterns whose literals a sentence
    holds. On first use every method is copied from the real pattern into a slot, so later
    calls cost what the real pattern's do.
    """

    __slots__ = ("pattern", "flags", *_PATTERN_ATTRS)

    def __init__(self, expanded: str, flags: int) -> None:
        self.pattern = expanded
        self.flags = flags  # what re.compile reports (inline flags and re.UNICODE included)

    def __getattr__(self, name: str) -> Any:
        if name not in _PATTERN_ATTRS:
            raise AttributeError(name)
        real = compiled(self.pattern)
        for attr in _PATTERN_ATTRS:
            setattr(self, attr, getattr(real, attr))
        return getattr(real, name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyPattern | re.Pattern):
            return (self.pattern, self.flags) == (other.pattern, other.flags)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return repr(compiled(self.pattern))

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return compiled, (self.pattern,)  # a copy or pickle is the real pattern

    def __copy__(self) -> LazyPattern:
        return self

    def __deepcopy__(self, memo: object) -> LazyPattern:
        return self


class _Compiled:
    """Pattern texts known to compile, with the flags they compile to, kept in the user's cache.

    A text compiled cleanly once compiles cleanly again under the same Python and trainer, so
    a warm run builds :class:`LazyPattern` objects instead of compiling ~700 patterns (80% of
    `trainer validate`). A text not in the table is compiled now, so every bad pattern is
    still reported, every time. An unreadable or foreign table is ignored and rebuilt.
    """

    def __init__(self) -> None:
        self.known: dict[str, int] | None = None
        self.made: dict[str, re.Pattern[str]] = {}  # one object per text, lazy or compiled
        self.added = False

    @property
    def key(self) -> str:
        return cache.digest(f"{sys.version}\0{sys.implementation.cache_tag}".encode())

    def table(self) -> dict[str, int]:
        if self.known is None:
            stored = cache.get("patterns", self.key, __file__)
            self.known = {}
            if isinstance(stored, dict) and all(
                isinstance(k, str) and type(v) is int for k, v in stored.items()
            ):
                self.known.update(stored)
        return self.known

    def pattern(self, expanded: str) -> re.Pattern[str]:
        made = self.made.get(expanded)
        if made is not None:
            return made
        table = self.table()
        flags = table.get(expanded)
        if flags is None:
            made = compiled(expanded)  # raises re.error
            table[expanded] = made.flags
            self.added = True
        else:
            made = cast("re.Pattern[str]", LazyPattern(expanded, flags))
        self.made[expanded] = made
        return made

    def save(self) -> None:
        if self.added and self.known is not None:
            if len(self.known) > _MAX_KNOWN:  # an author's edits pile up; start afresh
                self.known = {}
            cache.put("patterns", self.key, __file__, self.known)
            self.added = False


_MAX_KNOWN = 50_000
_COMPILED = _Compiled()


def pattern(expanded: str) -> re.Pattern[str]:
    """The pattern for an expanded text: lazy when known to compile, else compiled now
    (raising re.error)."""
    return _COMPILED.pattern(expanded)


def save_compiled() -> None:
    """Remember the texts compiled since the last save (the catalog calls it after a build)."""
    _COMPILED.save()


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
            out.append(pattern(expanded))
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
    problems = _schema_problems(doc)
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


_HERE = Path(__file__).resolve().parent


def _schema_problems(doc: Document) -> list[Diagnostic]:
    """The rubric schema's problems with ``doc``. A pass is cached, keyed by the document's data,
    the schema and the checker's code, so a warm load neither imports nor runs the validator; a
    failure is found afresh every time (its diagnostics need the document's positions)."""
    sources = (_HERE / "schemas" / "rubric.schema.json", _HERE / "schema.py")
    try:
        data = pickle.dumps(doc.data, protocol=pickle.HIGHEST_PROTOCOL)
        key: str | None = cache.digest(b"\0".join([data, *(p.read_bytes() for p in sources)]))
    except (OSError, pickle.PicklingError, TypeError, RecursionError):
        key = None  # a source we cannot read (a build without .py files): no caching
    if key is not None and cache.get("rubric-schema-pass", key, __file__) is True:
        return []
    from trainer.formats import schema

    problems = schema.check(doc, "rubric")
    if key is not None and not problems:
        cache.put("rubric-schema-pass", key, __file__, True)
    return problems


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
    return line_list(text)


def line_list(text: str) -> tuple[str, ...]:
    """A corpus file's entries: one per line; blank lines and # comments are skipped."""
    lines = (ln.strip() for ln in text.splitlines())
    return tuple(ln for ln in lines if ln and not ln.startswith("#"))


def small_talk_corpus(rubric: Rubric, files: Iterable[str | Path] = ()) -> list[str]:
    """What the learned small-talk model learns as chit-chat: the rubric's neutral corpus, then
    each small-talk file's lines (see ``trainer learn --small-talk``)."""
    chat = list(rubric.neutral)
    for f in files:
        chat += line_list(Path(f).read_text("utf-8"))
    return chat


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
        str(path),
        float(raw.get("threshold", DEFAULT_LEARNED_THRESHOLD)),
        tuple(raw.get("behaviors", [])),
        float(raw.get("doubt", LearnedSpec.doubt)),
    )


def _unknown(
    doc: Document, path: YamlPath, name: str, known: set[str], extra: tuple[str, ...] = ()
) -> Diagnostic:
    from trainer.formats import schema

    guess = schema.nearest(name, known | set(extra))
    return doc.problem(
        path,
        "TCT021",
        f"unknown behaviour '{name}'",
        f"did you mean '{guess}'?" if guess else f"known: {', '.join(sorted(known))}",
    )


def load(path: str | Path) -> Rubric:
    rubric = from_document(yamlfile.load(path))
    save_compiled()
    return rubric
