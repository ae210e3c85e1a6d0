"""`trainer explore`: seeded random playthroughs, plus a search of every state the phrases reach.

Two views of one scenario, both built from its own words (the rubric's and the scenario's
phrase banks, topic phrases, samples and model answers):

* Random runs. Run ``k`` draws its lines with ``random.Random(k)`` and plays them with call
  seed ``k``, so ``trainer explore ID --runs 1 --seed k`` replays it exactly, and the saved
  script replays with ``trainer run ID --script FILE --seed k``. Runs report crashes, outcomes,
  call lengths and coverage.
* The state search. Each distinct line is heard once; then every call state (mood, topics
  covered, story steps reached) reachable from the start is visited by applying those
  hearings with the call's own rules (:mod:`trainer.engine.step`: topic landing, the mood
  move, the win and the loss). This finds the shortest win, dead ends (no line changes
  anything) and traps (no win possible any more). Strikes, deadlines, repetition and the
  context rules are left out of the search (they only make a call end sooner or earn less),
  so a problem it finds is real.
"""

from __future__ import annotations

import random
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field, replace
from typing import Any

from trainer.authoring.coverage import Coverage
from trainer.engine.call import Call
from trainer.engine.listener.listen import scenario_listener
from trainer.engine.models import Outcome, Scenario
from trainer.engine.step import (
    CallState,
    ScenarioRules,
    check_end,
    is_abuse,
    land_topics,
    move_mood,
    with_topics_heard_as,
)
from trainer.formats.diagnostics import Diagnostic, Severity
from trainer.formats.yamlfile import YamlPath

MAX_STATES = 40_000
STRATEGIES = ("random", "helpful", "hostile")


@dataclass(frozen=True)
class Source:
    text: str
    origin: str  # "behaviour ownership", "topic way_forward", ...
    sign: int  # +1 helps the mood, -1 hurts it, 0 neither


def phrase_pool(s: Scenario) -> list[Source]:
    """Every trainee line the scenario and its rubric already contain, deduplicated."""
    out: dict[str, Source] = {}

    def add(text: str, origin: str, trigger: str | None) -> None:
        text = s.fill(text)
        if text.strip() and text not in out:
            step = s.move_for(trigger) if trigger else 0
            out[text] = Source(text, origin, (step > 0) - (step < 0))

    for b in s.all_behaviors().values():
        for p in (*b.phrases, *b.samples.match):
            add(p, f"behaviour {b.id}", b.id)
        for p in b.samples.no_match:
            add(p, f"behaviour {b.id} (no_match sample)", None)
    for t in s.topics.values():
        for p in (*t.examples, *t.samples.match):
            add(p, f"topic {t.id}", t.id)
        if t.model_answer:
            add(t.model_answer, f"topic {t.id} (model answer)", t.id)
    for key, text in s.model_answers.items():
        add(text, f"model answer for {key}", None)
    return list(out.values())


@dataclass
class Run:
    seed: int
    strategy: str
    lines: list[str]
    call: Call | None = None
    crash: str | None = None
    crash_turn: int = 0

    @property
    def outcome(self) -> str:
        if self.crash:
            return "crash"
        return (self.call.outcome if self.call else None) or "open"

    def replay_command(self, ref: str, difficulty: str) -> str:
        return f"trainer explore {ref} --runs 1 --seed {self.seed} --difficulty {difficulty}"


def play(s: Scenario, seed: int, pool: list[Source], difficulty: str) -> Run:
    """One playthrough: lines drawn with Random(seed), the call seeded with ``seed``."""
    rng = random.Random(seed)
    strategy = STRATEGIES[rng.randrange(len(STRATEGIES))]
    helpful = [p for p in pool if p.sign > 0] or pool
    hostile = [p for p in pool if p.sign < 0] or pool
    run = Run(seed, strategy, [])
    try:
        call = Call(s, seed=seed, difficulty=difficulty)
    except Exception:  # noqa: BLE001 - a crash is a finding, not a failure of explore
        run.crash = traceback.format_exc(limit=3).strip().splitlines()[-1]
        return run
    run.call = call
    for n in range(1, s.max_turns + 1):
        if call.ended:
            break
        roll = rng.random()
        if strategy == "helpful":
            bank = helpful if roll < 0.8 else pool
        elif strategy == "hostile":
            bank = hostile if roll < 0.6 else pool
        else:
            bank = pool
        line = bank[rng.randrange(len(bank))].text
        run.lines.append(line)
        try:
            call.say(line)
        except Exception:  # noqa: BLE001
            run.crash = traceback.format_exc(limit=3).strip().splitlines()[-1]
            run.crash_turn = n
            break
    return run


# -- the state search -----------------------------------------------------------------------

# What a line does in the search: behaviours heard, topics heard (a behaviour's too), abuse.
Hearing = tuple[tuple[str, ...], tuple[str, ...], bool]


@dataclass
class Search:
    """Every call state (mood, topics covered, story steps) the pool's lines reach, and what
    follows from each."""

    start: CallState
    edges: dict[CallState, set[CallState]] = field(default_factory=dict)
    ended: dict[CallState, Outcome] = field(default_factory=dict)
    depth: dict[CallState, int] = field(default_factory=dict)
    truncated: bool = False

    def can_win(self) -> set[CallState]:
        back: dict[CallState, set[CallState]] = {}
        for src, dsts in self.edges.items():
            for d in dsts:
                back.setdefault(d, set()).add(src)
        good = {st for st, out in self.ended.items() if out == Outcome.WON}
        todo = deque(good)
        while todo:
            st = todo.popleft()
            for prev in back.get(st, ()):
                if prev not in good:
                    good.add(prev)
                    todo.append(prev)
        return good

    def shortest_win(self) -> int | None:
        wins = [self.depth[st] for st, out in self.ended.items() if out == Outcome.WON]
        return min(wins) if wins else None


def search_key(rules: ScenarioRules, state: CallState) -> CallState:
    """``state`` as the search knows it: mood, topics (as a set), whether this is the first
    reply, and of the moves heard only what the story's steps can still tell apart.

    A step not reached yet keeps every move of its own that was heard. A step reached stays
    reached, so any moves that reach it will do: the first it lists that no open step counts
    (or, failing that, the ones heard). Same future, far fewer states.
    """
    s = rules.scenario
    covered = tuple(sorted(state.covered))
    heard: set[str] = set()
    needs = []
    for st in s.stages:
        mine = [b for b in st.behaviors if b in state.heard_ever]
        need = st.at_least - sum(1 for t in st.topics if t in covered)
        needs.append((st, mine, need))
    open_moves = {b for st, mine, need in needs if len(mine) < need for b in st.behaviors}
    for st, mine, need in needs:
        if len(mine) < need:
            heard.update(mine)
            continue
        spare = [b for b in st.behaviors if b not in open_moves]
        heard.update(spare[: max(0, need)] if len(spare) >= need else mine)
    return CallState(state.mood, min(state.turn, 1), covered=covered, heard_ever=frozenset(heard))


def advance(
    rules: ScenarioRules, state: CallState, hearing: Hearing
) -> tuple[CallState, Outcome | None]:
    """One line from ``state`` by the call's own rules: topics land as in a call, the mood
    moves as in a call (a first reply weighs more), and the call is won or lost as in a call."""
    behaviours, topics, abuse = hearing
    landing = replace(state, heard_ever=state.heard_ever | set(behaviours))
    new, _, _ = land_topics(rules, landing, list(topics))
    triggers = [(b, b) for b in behaviours] + [(t, t) for t in new]
    mood, _ = move_mood(rules, state.mood, triggers, first=state.turn == 0, abuse=abuse)
    after = replace(landing, mood=mood, turn=state.turn + 1, covered=state.covered + tuple(new))
    end = check_end(rules, after)
    return search_key(rules, after), end.outcome if end else None


def hearings(rules: ScenarioRules, pool: list[Source]) -> set[Hearing]:
    """What each distinct line of the pool does, heard once."""
    listener = scenario_listener(rules.scenario)
    out: set[Hearing] = set()
    for p in pool:
        heard = listener.hear(p.text)
        topics = with_topics_heard_as(rules, heard, list(heard.behaviors)).topic_ids()
        out.add((tuple(heard.behavior_ids()), tuple(topics), is_abuse(rules, heard)))
    return out


def search(s: Scenario, pool: list[Source], difficulty: str) -> Search:
    """Breadth first from the start, by the call's rules without its clock (strikes,
    deadlines and the turn limit only end a call sooner)."""
    rules = replace(ScenarioRules.build(s, difficulty), clock=False)
    heard = hearings(rules, pool)
    start = rules.start()
    res = Search(start, depth={start: 0})
    todo = deque([start])
    while todo:
        st = todo.popleft()
        outs: set[CallState] = set()
        for hearing in heard:
            nxt, outcome = advance(rules, st, hearing)
            if nxt == st and outcome is None:
                continue
            outs.add(nxt)
            if outcome:
                res.ended.setdefault(nxt, outcome)
            if nxt not in res.depth:
                if len(res.depth) >= MAX_STATES:
                    res.truncated = True
                    continue
                res.depth[nxt] = res.depth[st] + 1
                if not outcome:
                    todo.append(nxt)
        res.edges[st] = outs
    return res


# -- the report -----------------------------------------------------------------------------


@dataclass
class Finding:
    code: str
    severity: Severity
    message: str
    fix: str | None = None
    path: YamlPath = ("id",)
    run: Run | None = None
    turn: int | None = None

    def diagnostic(self, s: Scenario) -> Diagnostic:
        line, col = s.document.where(self.path) if s.document else (1, 1)
        msg = self.message
        if self.run is not None:
            msg += f" (seed {self.run.seed}" + (f", turn {self.turn})" if self.turn else ")")
        return Diagnostic(s.path, line, col, self.code, msg, self.severity, self.fix)


@dataclass
class Exploration:
    scenario: Scenario
    difficulty: str
    runs: list[Run]
    search: Search
    findings: list[Finding]
    coverage: Coverage
    ref: str = ""  # how the user named the scenario (id or path), for replay commands

    def to_json(self) -> dict[str, Any]:
        s = self.scenario
        lengths = sorted(len(r.lines) for r in self.runs)
        return {
            "scenario": s.id,
            "difficulty": self.difficulty,
            "runs": len(self.runs),
            "seeds": [self.runs[0].seed, self.runs[-1].seed] if self.runs else [],
            "outcomes": dict(Counter(r.outcome for r in self.runs)),
            "turns": {
                "median": lengths[len(lengths) // 2] if lengths else 0,
                "max": lengths[-1] if lengths else 0,
                "limit": s.max_turns,
            },
            "shortest_win": self.search.shortest_win(),
            "states": len(self.search.depth),
            "findings": [self._finding_json(f) for f in self.findings],
            "coverage": self.coverage.report(),
        }

    def _finding_json(self, f: Finding) -> dict[str, Any]:
        out = f.diagnostic(self.scenario).to_json()
        if f.run is not None:
            out["seed"] = f.run.seed
            out["lines"] = f.run.lines[: f.turn] if f.turn else f.run.lines
            out["replay"] = f.run.replay_command(self.ref or self.scenario.id, self.difficulty)
        return out


def explore(
    s: Scenario, runs: int = 100, seed: int = 0, difficulty: str | None = None, ref: str = ""
) -> Exploration:
    diff = difficulty or s.difficulty
    pool = phrase_pool(s)
    played = [play(s, seed + i, pool, diff) for i in range(runs)]
    found = search(s, pool, diff)
    cov = Coverage(s)
    for r in played:
        if r.call is not None:
            cov.add(r.call)
    return Exploration(s, diff, played, found, _findings(s, diff, played, found), cov, ref)


def _findings(s: Scenario, diff: str, runs: list[Run], found: Search) -> list[Finding]:
    return [
        *_crash_findings(runs),
        *_win_findings(s, diff, found),
        *_path_findings(s, runs, found),
        *_ending_findings(runs),
    ]


def _crash_findings(runs: list[Run]) -> list[Finding]:
    """One finding per distinct crash, with the first run that hit it."""
    out: list[Finding] = []
    crashes: dict[str, Run] = {}
    for r in runs:
        if r.crash and r.crash not in crashes:
            crashes[r.crash] = r
            out.append(
                Finding("TCT201", "error", f"the engine crashed: {r.crash}", "report it with the replay command", run=r, turn=r.crash_turn or None)
            )
    return out


def _win_findings(s: Scenario, diff: str, found: Search) -> list[Finding]:
    """The scenario's own phrases can win the call, within the turn limit."""
    out: list[Finding] = []
    shortest = found.shortest_win()
    if shortest is None and not found.truncated:
        out.append(
            Finding(
                "TCT202",
                "warning",
                f"no sequence of the scenario's own phrases wins the call at {diff}",
                "add phrases or samples that reach the winning mood and the required topics",
                ("end", "won"),
            )
        )
    elif shortest is not None and shortest > s.max_turns:
        out.append(
            Finding(
                "TCT202",
                "warning",
                f"the shortest win takes {shortest} turns but the call ends after {s.max_turns}",
                f"raise end.turns to at least {shortest} or make moves bigger",
                ("end", "turns"),
            )
        )
    return out


def _path_findings(s: Scenario, runs: list[Run], found: Search) -> list[Finding]:
    """Dead ends and traps the runs walked into, once per mood level each."""
    out: list[Finding] = []
    winnable = found.can_win()
    reported: set[tuple[str, int]] = set()
    for r in runs:
        if r.call is None:
            continue
        rules = r.call.rules
        for t in r.call.turns:
            if t.ended:
                break
            st = search_key(rules, t.state)
            covered = st.covered
            if st not in found.depth:
                continue  # a state only strikes or repetition reach
            if not found.edges.get(st) and ("dead", st.mood) not in reported:
                reported.add(("dead", st.mood))
                out.append(
                    Finding(
                        "TCT203",
                        "warning",
                        f"dead end at '{s.scale[st.mood]}' with {len(covered)} topic(s) covered: "
                        "no line in the phrase banks changes the mood or covers a topic",
                        "give some behaviour a move here or add a topic that can land at this mood",
                        ("mood", "scale", st.mood),
                        r,
                        t.number,
                    )
                )
            elif st not in winnable and ("trap", st.mood) not in reported and not found.truncated:
                reported.add(("trap", st.mood))
                out.append(
                    Finding(
                        "TCT204",
                        "warning",
                        f"after this turn the call can no longer be won (mood '{s.scale[st.mood]}', "
                        f"topics {list(covered) or 'none'})",
                        "check topic min_mood values and that the mood can still rise from here",
                        ("mood", "scale", st.mood),
                        r,
                        t.number,
                    )
                )
    return out


def _ending_findings(runs: list[Run]) -> list[Finding]:
    """Some run ends won or lost before the turn limit."""
    out: list[Finding] = []
    finished = [r for r in runs if r.call is not None and r.call.outcome in ("won", "lost")]
    if runs and not finished:
        out.append(
            Finding(
                "TCT205",
                "warning",
                f"none of {len(runs)} runs ended won or lost: every call ran to the turn limit",
                "make moves bigger or the mood scale shorter so calls can end",
                ("end", "turns"),
            )
        )
    return out


def format_text(ex: Exploration) -> str:
    data = ex.to_json()
    s = ex.scenario
    out = [f"explore {s.id}: {data['runs']} runs at {ex.difficulty} (seeds {'..'.join(map(str, data['seeds']))})"]
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(data["outcomes"].items()))
    out.append(f"outcomes: {outcomes}")
    t = data["turns"]
    out.append(f"turns: median {t['median']}, longest {t['max']}, limit {t['limit']}")
    win = data["shortest_win"]
    out.append(
        f"state search: {data['states']} states; "
        + (f"shortest win {win} turn(s)" if win is not None else "no win found")
        + (" (truncated)" if ex.search.truncated else "")
    )
    from trainer.authoring.coverage import format_report

    out.append(format_report(data["coverage"]))
    if ex.findings:
        out.append("findings:")
        for f in ex.findings:
            out.append(f"  {f.diagnostic(s)}")
            if f.run is not None:
                out.append(f"    replay: {f.run.replay_command(ex.ref or s.id, ex.difficulty)}")
    else:
        out.append("findings: none")
    return "\n".join(out)
