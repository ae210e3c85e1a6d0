"""`trainer lint`: valid YAML, valid references, but a scenario that will not play well.

`trainer validate` proves a file is well formed; lint proves the call makes sense: every mood
level can be reached and left, a win is possible at every difficulty, the customer has
something to say to a strike, tests cover every topic, phrase banks and topics can be told
apart, the neutral corpus hears nothing scenario-specific, the lines use only placeholders
the persona defines, and a reply names nothing a topic has yet to bring up. Each rule has a stable code (TCT1xx), a
severity and a fix; docs/authoring.md has an example of each.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from trainer.authoring.coverage import conversation_calls, customer_lines, test_files_for
from trainer.authoring.graph import MoodGraph, for_difficulty
from trainer.engine.listener.listen import scenario_listener
from trainer.engine.listener.textnorm import normalize
from trainer.engine.models import LEVEL_NAMES, Scenario
from trainer.formats.catalog import Catalog
from trainer.formats.diagnostics import Diagnostic, InvalidFile, Severity
from trainer.formats.yamlfile import Document, YamlPath

# Two phrase-bank entries of different behaviours (or topics) this close cannot be told apart.
CLOSE_PHRASES = 90
# Two variants of one line this close read as the same line twice.
NEAR_DUPLICATE = 90
# A topic whose examples, each left out in turn, land one other topic this often (a share of
# its examples) cannot be told apart from it.
TOO_CLOSE = 0.3
# Neutral lines quoted in one TCT117 message (the count says how many there are).
QUOTED = 3


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("TCT101", "warning", "mood level can never be reached"),
        Rule("TCT102", "warning", "mood level with no way out"),
        Rule("TCT103", "error", "the winning mood can never be reached"),
        Rule("TCT104", "error", "a required topic can never land (its min_mood is unreachable)"),
        Rule("TCT105", "error", "more topics needed for a win than can be covered"),
        Rule("TCT106", "warning", "the call can never be lost"),
        Rule("TCT107", "warning", "mood band whose lines can never be said"),
        Rule("TCT108", "warning", "strike behaviour with no customer reaction"),
        Rule("TCT109", "warning", "scenario has no conversation test"),
        Rule("TCT110", "warning", "topic no conversation test covers"),
        Rule("TCT111", "warning", "phrase-bank entries of two behaviours or topics too close"),
        Rule("TCT112", "error", "line uses a {placeholder} the persona does not define"),
        Rule("TCT113", "warning", "duplicate variant in a list"),
        Rule("TCT114", "warning", "near-duplicate variant in a list"),
        Rule("TCT115", "warning", "topic deadline after the turn limit"),
        Rule("TCT116", "warning", "optional topic can never land (its min_mood is unreachable)"),
        Rule("TCT117", "warning", "topic or scenario behaviour heard in the rubric's neutral corpus"),
        Rule("TCT118", "warning", "two topics too close to tell apart"),
        Rule("TCT119", "warning", "reply refers to what a topic brings up before it is covered"),
    )
}


class _Report:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.out: list[Diagnostic] = []
        self._seen: set[tuple[int, int, str, str]] = set()

    def add(self, code: str, path: YamlPath, message: str, fix: str | None = None) -> None:
        d = replace(self.doc.problem(path, code, message, fix), severity=RULES[code].severity)
        key = (d.line, d.col, d.code, d.message)
        if key not in self._seen:
            self._seen.add(key)
            self.out.append(d)


def _at(diffs: list[str]) -> str:
    return "at any difficulty" if len(diffs) == len(LEVEL_NAMES) else "at " + ", ".join(diffs)


def lint_scenario(s: Scenario, cat: Catalog | None = None, run_tests: bool = True) -> list[Diagnostic]:
    """Every lint problem in a valid scenario, in file order."""
    doc = s.document
    if doc is None:
        return []
    rep = _Report(doc)
    graphs = {d: for_difficulty(s, d) for d in LEVEL_NAMES}
    reach = {d: graphs[d].reachable() for d in LEVEL_NAMES}
    _mood_rules(s, rep, graphs, reach)
    _band_rules(s, rep, reach)
    _reaction_rules(s, rep)
    if run_tests:
        _test_rules(s, rep, cat or Catalog())
    _phrase_rules(s, rep)
    _example_rules(s, rep)
    _placeholder_rules(s, rep)
    _duplicate_rules(s, rep)
    _coherence_rules(s, rep)
    rep.out.sort(key=lambda d: (d.line, d.col, d.code))
    return rep.out


# -- the mood machine -----------------------------------------------------------------------


def _mood_rules(
    s: Scenario, rep: _Report, graphs: dict[str, MoodGraph], reach: dict[str, set[int]]
) -> None:
    _scale_rules(s, rep, graphs, reach)
    _end_rules(s, rep, reach)
    _topic_mood_rules(s, rep, graphs, reach)
    _min_topics_rules(s, rep, graphs, reach)


def _scale_rules(
    s: Scenario, rep: _Report, graphs: dict[str, MoodGraph], reach: dict[str, set[int]]
) -> None:
    """Each level above the losing mood can be reached, and left."""
    scale_path: YamlPath = ("mood", "scale")
    for i, name in enumerate(s.scale):
        if i <= s.lost_mood:
            continue  # at or below the losing mood the call is over (TCT106 covers "never lost")
        never = [d for d in LEVEL_NAMES if i not in reach[d]]
        if never:
            rep.add(
                "TCT101",
                (*scale_path, i),
                f"mood '{name}' can never be reached from '{s.scale[s.start]}' {_at(never)}",
                "give some behaviour or topic a move that lands here (mood.moves), or drop the level",
            )
            continue
        stuck = [d for d in LEVEL_NAMES if not graphs[d].successors(i)]
        if stuck:
            rep.add(
                "TCT102",
                (*scale_path, i),
                f"once at '{name}' nothing moves the mood any more {_at(stuck)}",
                "give a behaviour a move in the other direction (mood.moves)",
            )


def _end_rules(s: Scenario, rep: _Report, reach: dict[str, set[int]]) -> None:
    """The call can be won, and lost."""
    no_win = [d for d in LEVEL_NAMES if not any(i >= s.won_mood for i in reach[d])]
    if no_win:
        rep.add(
            "TCT103",
            ("end", "won", "mood"),
            f"the winning mood '{s.scale[s.won_mood]}' can never be reached {_at(no_win)}",
            "add upward moves (mood.moves, topic move) or choose a lower winning mood",
        )
    no_loss = [d for d in LEVEL_NAMES if s.lost_mood not in reach[d]]
    if no_loss and s.strikes is None:
        rep.add(
            "TCT106",
            ("end", "lost"),
            f"the call can never be lost {_at(no_loss)}: mood '{s.scale[s.lost_mood]}' is "
            "unreachable and there is no strike limit",
            "give excuses or dismissiveness a downward move, or set end.lost.strikes",
        )


def _topic_mood_rules(
    s: Scenario, rep: _Report, graphs: dict[str, MoodGraph], reach: dict[str, set[int]]
) -> None:
    """A topic's min_mood can be reached and its deadline falls within the call."""
    for t in s.topics.values():
        if t.min_mood is None:
            continue
        blocked = [d for d in LEVEL_NAMES if not _lands(t.min_mood, graphs[d], reach[d])]
        if blocked:
            code = "TCT104" if t.required else "TCT116"
            rep.add(
                code,
                ("topics", t.id, "min_mood"),
                f"topic '{t.id}' needs mood '{s.scale[t.min_mood]}', which is never reached "
                f"{_at(blocked)}" + ("; the call cannot be won" if t.required else ""),
                "lower min_mood or make that level reachable",
            )
        if t.deadline is not None and t.deadline > s.max_turns:
            rep.add(
                "TCT115",
                ("topics", t.id, "deadline"),
                f"deadline {t.deadline} comes after the turn limit ({s.max_turns}), so it never applies",
                f"use a deadline of at most {s.max_turns}, or remove it",
            )


def _min_topics_rules(
    s: Scenario, rep: _Report, graphs: dict[str, MoodGraph], reach: dict[str, set[int]]
) -> None:
    """At each difficulty, enough topics can be covered for a win."""
    for diff in LEVEL_NAMES:
        g = graphs[diff]
        coverable = [
            t
            for t in s.topics.values()
            if not t.secret
            and (t.min_mood is None or _lands(t.min_mood, g, reach[diff]))
        ]
        need = s.levels[diff].min_topics
        if need > len(coverable):
            raw_levels = (s.document.data.get("levels") or {}) if s.document else {}
            path: YamlPath = (
                ("levels", diff, "min_topics")
                if "min_topics" in (raw_levels.get(diff) or {})
                else ("end", "won", "min_topics")
            )
            rep.add(
                "TCT105",
                path,
                f"a win at {diff} needs {need} topics but only {len(coverable)} can be covered",
                f"lower min_topics to {len(coverable)} or make more topics reachable",
            )


def _lands(min_mood: int, g: MoodGraph, reach: set[int]) -> bool:
    """A topic with this min_mood can land: the call is going on at that level or above."""
    return any(i >= min_mood and not g.ends_call(i) for i in reach)


# -- lines by mood --------------------------------------------------------------------------


def _bands(raw: Any) -> list[str]:
    return list(raw) if isinstance(raw, dict) else []


def _band_rules(s: Scenario, rep: _Report, reach: dict[str, set[int]]) -> None:
    """A band applies from its level up to the next band; dead if no live level is in range."""
    live = {i for levels in reach.values() for i in levels if i > s.lost_mood}
    doc = s.document
    data: Any = doc.data if doc else {}
    lists: list[tuple[YamlPath, Any]] = [(("lines", "fallback"), data["lines"]["fallback"])]
    for bid, raw in (data["lines"].get("reactions") or {}).items():
        lists.append((("lines", "reactions", bid), raw))
    for tid, raw in data["topics"].items():
        lists.append((("topics", tid, "answers"), raw["answers"]))
    for path, raw in lists:
        keys = _bands(raw)
        floors = sorted((s.scale.index(k), k) for k in keys if k in s.scale)
        for n, (floor, key) in enumerate(floors):
            low = 0 if n == 0 else floor
            high = floors[n + 1][0] if n + 1 < len(floors) else len(s.scale)
            if not any(low <= i < high for i in live):
                span = ", ".join(s.scale[low:high])
                rep.add(
                    "TCT107",
                    (*path, key),
                    f"the '{key}' band covers {span}, where the call never is, so its lines are never said",
                    "key it by a level the call reaches, or merge it into a neighbouring band",
                )


def _reaction_rules(s: Scenario, rep: _Report) -> None:
    for bid in sorted(s.strike_behaviors()):
        if bid not in s.reactions:
            path: YamlPath = ("lines", "reactions") if s.reactions else ("lines",)
            where = f"behaviour '{bid}'" + ("" if bid in s.behaviors else f" (rubric {s.rubric.id})")
            rep.add(
                "TCT108",
                path,
                f"{where} is a strike but the customer has no reaction to it, only the fallback",
                f"add lines.reactions.{bid} with what the customer says when they hear it",
            )


# -- conversation tests ---------------------------------------------------------------------


def _test_rules(s: Scenario, rep: _Report, cat: Catalog) -> None:
    calls = conversation_calls(s, test_files_for(cat, s))
    if not calls:
        rep.add(
            "TCT109",
            ("id",),
            f"no conversation test plays '{s.id}'",
            f"add tests/{s.id}.test.yaml (trainer new writes a starter one)",
        )
        return
    covered = {t for c in calls for t in c.covered}
    for tid in s.topics:
        if tid not in covered:
            rep.add(
                "TCT110",
                ("topics", tid),
                f"no conversation test covers topic '{tid}'",
                "add a step that asks about it, with expect: {topics: [" + tid + "]}",
            )


# -- phrase banks ---------------------------------------------------------------------------


def _phrase_rules(s: Scenario, rep: _Report) -> None:
    def bank(items: Iterable[tuple[str, tuple[str, ...]]]) -> list[tuple[str, int, str]]:
        return [(owner, i, normalize(p)) for owner, ps in items for i, p in enumerate(ps)]

    own = bank((b.id, b.phrases) for b in s.behaviors.values())
    rubric = bank((b.id, b.phrases) for b in s.rubric.behaviors.values())
    topics = bank((t.id, t.examples) for t in s.topics.values())

    def compare(mine: list[tuple[str, int, str]], others: list[tuple[str, int, str]], kind: str, same_file: bool) -> None:
        for n, (owner, i, text) in enumerate(mine):
            pool = others[:n] if same_file else others
            for other, _j, other_text in pool:
                if other == owner or not text or not other_text:
                    continue
                score = fuzz.token_set_ratio(text, other_text)
                if score >= CLOSE_PHRASES:
                    path: YamlPath = (
                        ("behaviors", owner, "phrases", i) if kind == "behaviour" else ("topics", owner, "examples", i)
                    )
                    rep.add(
                        "TCT111",
                        path,
                        f"phrase '{text}' of {kind} '{owner}' is {score:.0f}% like '{other_text}' "
                        f"of {kind} '{other}'; the listener cannot tell them apart",
                        "reword one of them so each says something only its own "
                        f"{kind} would say",
                    )
                    break

    compare(own, own, "behaviour", True)
    compare(own, rubric, "behaviour", False)
    compare(topics, topics, "topic", True)


# -- heard from examples --------------------------------------------------------------------


def _example_rules(s: Scenario, rep: _Report) -> None:
    """What the scenario's listener makes of the neutral corpus and of its own topic examples."""
    listener = scenario_listener(s)
    heard: dict[tuple[str, str], list[str]] = {}
    for line in s.rubric.neutral:
        got = listener.hear(line)
        for tid in got.topic_ids():
            heard.setdefault(("topics", tid), []).append(line)
        for bid in got.behavior_ids():
            if bid in s.behaviors:
                heard.setdefault(("behaviors", bid), []).append(line)
    for (where, ident), lines in heard.items():
        kind = "topic" if where == "topics" else "behaviour"
        quoted = ", ".join(f"'{ln}'" for ln in lines[:QUOTED])
        more = f" and {len(lines) - QUOTED} more" if len(lines) > QUOTED else ""
        rep.add(
            "TCT117",
            (where, ident),
            f"{len(lines)} line(s) of rubric {s.rubric.id}'s neutral corpus, which must hear nothing "
            f"scenario-specific, are heard as {kind} '{ident}': {quoted}{more}",
            "add lines like them to near: (topic) or samples.no_match (behaviour), or make "
            "the examples say what only this one would say",
        )
    index = listener._topic_index
    if index is None:
        return
    for tid in s.topics:
        mine = [i for i, label in enumerate(index.labels) if label == tid]
        landed: dict[str, int] = {}
        for i in mine:
            hit = index.nearest(index.texts[i], skip=i)
            if hit is not None and hit.label != tid:
                landed[hit.label] = landed.get(hit.label, 0) + 1
        for other, count in sorted(landed.items(), key=lambda kv: -kv[1]):
            if mine and count / len(mine) >= TOO_CLOSE:
                rep.add(
                    "TCT118",
                    ("topics", tid),
                    f"{count} of the {len(mine)} examples of topic '{tid}', each left out in "
                    f"turn, land topic '{other}' instead: the listener cannot tell them apart",
                    f"make the examples of '{tid}' and '{other}' ask different things, or merge "
                    "the two topics",
                )


# -- placeholders ---------------------------------------------------------------------------


def _fields(text: str) -> list[str]:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return []
    out = []
    for _, name, _, _ in parsed:
        if name is not None:
            out.append(name.split(".")[0].split("[")[0])
    return out


def _placeholder_rules(s: Scenario, rep: _Report) -> None:
    known = set(s.customer.placeholders()) | {"trainee"}
    doc = s.document
    data: Any = doc.data if doc else {}
    texts: list[tuple[YamlPath, str]] = [(r.path, r.text) for r in customer_lines(s)]
    texts += [(("briefing", k), str(data["briefing"][k])) for k in ("setting", "goal")]
    for tid, raw in data["topics"].items():
        for key in ("hint", "model_answer"):
            if key in raw:
                texts.append((("topics", tid, key), str(raw[key])))
    for key, text in (data.get("model_answers") or {}).items():
        texts.append((("model_answers", key), str(text)))
    for path, text in texts:
        for name in _fields(text):
            if name not in known:
                rep.add(
                    "TCT112",
                    path,
                    f"'{{{name}}}' is not defined, so the trainee would see it as written",
                    f"add {name}: ... under customer.details, or use one of "
                    + ", ".join("{" + k + "}" for k in sorted(known)),
                )


# -- duplicates -----------------------------------------------------------------------------


def _duplicate_rules(s: Scenario, rep: _Report) -> None:
    groups: dict[YamlPath, list[tuple[YamlPath, str]]] = {}
    for ref in customer_lines(s):
        groups.setdefault(ref.path[:-1], []).append((ref.path, ref.text))
    for b in s.behaviors.values():
        groups[("behaviors", b.id, "phrases")] = [
            (("behaviors", b.id, "phrases", i), p) for i, p in enumerate(b.phrases)
        ]
    for t in s.topics.values():
        groups[("topics", t.id, "phrases")] = [
            (("topics", t.id, "examples", i), p) for i, p in enumerate(t.examples)
        ]
    for parent, items in groups.items():
        is_lines = parent[0] in ("lines",) or "answers" in parent
        for n, (path, text) in enumerate(items):
            norm = normalize(text)
            for other_path, other in items[:n]:
                other_norm = normalize(other)
                if norm == other_norm:
                    rep.add(
                        "TCT113",
                        path,
                        f"this repeats item {other_path[-1]} of the same list",
                        "remove it or write a different variant",
                    )
                    break
                if is_lines and fuzz.ratio(norm, other_norm) >= NEAR_DUPLICATE:
                    rep.add(
                        "TCT114",
                        path,
                        f"this is almost the same as item {other_path[-1]} of the same list "
                        f"({fuzz.ratio(norm, other_norm):.0f}% alike)",
                        "vary the wording so a replay does not sound stuck",
                    )
                    break


# -- coherent replies -----------------------------------------------------------------------

# "that debrief", "the plan": a definite reference to something the listener should know.
_DEFINITE = re.compile(r"\b(?:that|this|the|those|these)\s+([a-z][a-z-]{3,})\b", re.I)
# A capitalised word that does not start a sentence: a name ("Leanne", "Gold").
_NAME = re.compile(r"(?<=[a-z,;:'\"]\s)([A-Z][a-z]{2,})\b")
# Set phrases whose "the" refers to nothing said before.
_IDIOMS = re.compile(r"\b(?:on|off) the table\b|\bat the moment\b|\bby the way\b|\bin the end\b", re.I)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "June", "July", "August", "September")
_CALENDAR = {*_DAYS, *_MONTHS, "October", "November", "December"}


@dataclass(frozen=True)
class _Reply:
    path: YamlPath
    text: str
    after: tuple[str, ...]


def _replies(raw: Any, path: YamlPath) -> list[list[_Reply]]:
    """The variant lists at ``path`` (one per mood band), each line with its `after:`."""
    if isinstance(raw, dict):
        return [group for key, value in raw.items() for group in _replies(value, (*path, key))]
    if not isinstance(raw, list):
        return []
    return [
        [
            _Reply((*path, i), str(item.get("say", "")), tuple(item.get("after", [])))
            if isinstance(item, dict)
            else _Reply((*path, i), str(item), ())
            for i, item in enumerate(raw)
        ]
    ]


def _terms(text: str) -> tuple[set[str], set[str]]:
    """What a line refers to as already known: names, and the words of definite references."""
    names = {m for m in _NAME.findall(text) if m not in _CALENDAR}
    return names, {m.lower() for m in _DEFINITE.findall(_IDIOMS.sub(" ", text))}


def _words(text: str) -> set[str]:
    """The words of ``text``, as written and in lower case, with a plural's singular."""
    out: set[str] = set()
    for w in re.findall(r"[A-Za-z][A-Za-z-]*", text):
        out |= {w, w.lower(), w.lower().removesuffix("s")}
    return out


def _coherence_rules(s: Scenario, rep: _Report) -> None:
    """A reply that refers to what only a topic brings up says so (`after:`), and a list of
    replies has a line the customer can say before those topics are covered."""
    data: Any = s.document.data if s.document else {}
    known = _words(
        " ".join(
            s.fill(t)
            for t in (s.title, s.summary, s.setting, s.goal, *s.opening, *s.customer.placeholders().values())
        )
    )
    # What a topic brings up: the names said when it lands (its examples and answers), and
    # the thing it alone is about (a word of its title no other topic says: "debrief").
    names: dict[str, set[str]] = {}
    for t in s.topics.values():
        said = " ".join(s.fill(x) for x in (t.title, *t.examples, *t.answers.all_lines()))
        for w in _words(said):
            names.setdefault(w, set()).add(t.id)
    things = {
        w: {t.id}
        for t in s.topics.values()
        for w in _words(s.fill(t.title))
        if names.get(w) == {t.id}
    }
    required = {t.id for t in s.topics.values() if t.required}
    lines = data.get("lines", {})
    sites: list[tuple[YamlPath, Any, set[str]]] = [
        (("lines", "reactions", bid), raw, set()) for bid, raw in (lines.get("reactions") or {}).items()
    ]
    sites.append((("lines", "fallback"), lines.get("fallback"), set()))
    for key, raw in (lines.get("closing") or {}).items():
        sites.append((("lines", "closing", key), raw, required if key == "won" else set()))
    for tid, raw in data.get("topics", {}).items():
        sites.append((("topics", tid, "answers"), raw.get("answers"), {tid}))
    for path, raw, given in sites:
        for group in _replies(raw, path):
            for line in group:
                _presupposes(s, rep, line, given, known, (names, things))
            waiting = sorted({t for line in group for t in line.after if t not in given})
            if waiting and all(set(line.after) - given for line in group):
                fallback = path == ("lines", "fallback")
                rep.add(
                    "TCT119",
                    group[0].path,
                    "every line here waits for a topic (after: "
                    + ", ".join(waiting)
                    + "), so before then the customer has nothing of its own to say here"
                    + ("" if fallback else " and answers from lines.fallback"),
                    "add a line without after: that makes sense at any point of the call",
                )


def _presupposes(
    s: Scenario,
    rep: _Report,
    line: _Reply,
    given: set[str],
    known: set[str],
    brings: tuple[dict[str, set[str]], dict[str, set[str]]],
) -> None:
    covered = given | set(line.after)
    names, things = _terms(s.fill(line.text))
    found = [(t, brings[0]) for t in sorted(names)] + [(t, brings[1]) for t in sorted(things)]
    for term, where in found:
        topics = where.get(term, set()) | where.get(term.removesuffix("s"), set())
        if term in known or term.removesuffix("s") in known or not topics or topics & covered:
            continue
        first = sorted(topics)[0]
        named = " or ".join(f"'{t}'" for t in sorted(topics))
        rep.add(
            "TCT119",
            line.path,
            f"this line refers to '{term}', which only topic {named} brings up, but it can be "
            "said before that topic is covered",
            f"write it as {{say: ..., after: [{first}]}}, or reword it so it makes sense at any "
            "point of the call",
        )
        return


# -- files ----------------------------------------------------------------------------------


def lint_paths(paths: list[Path], cat: Catalog, run_tests: bool = True) -> tuple[list[Diagnostic], int]:
    """Lint scenario files (test and rubric files are skipped); invalid files report why."""
    from trainer.formats import scenario_file as scenario_format
    from trainer.formats import yamlfile
    from trainer.formats.catalog import kind_of

    out: list[Diagnostic] = []
    count = 0
    for p in paths:
        try:
            doc = yamlfile.load(p)
            if kind_of(doc) != "scenario":
                continue
            count += 1
            s = scenario_format.from_document(doc, cat.rubric)
        except InvalidFile as exc:
            out.extend(exc.diagnostics)
            continue
        out.extend(lint_scenario(s, cat, run_tests))
    return out, count


def lint_catalog(cat: Catalog, run_tests: bool = True) -> tuple[list[Diagnostic], int]:
    files = cat.files_of("scenario")
    out = list(cat.problems())
    for s in sorted(cat.scenarios().values(), key=lambda x: x.id):
        out.extend(lint_scenario(s, cat, run_tests))
    return out, len(files)


# -- reporting (shared by validate, lint and test) ------------------------------------------


def exit_code(diagnostics: list[Diagnostic], fail_on_warnings: bool = False) -> int:
    """1 if any error (or, with ``fail_on_warnings``, any warning); else 0."""
    if any(d.severity == "error" for d in diagnostics):
        return 1
    return 1 if fail_on_warnings and diagnostics else 0


def to_json(diagnostics: list[Diagnostic]) -> str:
    import json

    return json.dumps([d.to_json() for d in diagnostics], indent=2, ensure_ascii=False)


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    return f"{files} file(s): {errors} error(s), {warnings} warning(s)"
