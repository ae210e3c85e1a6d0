"""The call's rules in one place: a pure step from (state, what was heard) to (new state, events).

:func:`step` is the whole of a turn's judgement: what counts in context, which topics land,
how the mood moves, what scores and whether (and why) the call ends. It reads only its
arguments and returns new values, so a call, a rewind (a replay of the same lines) and
explore's search all apply the same rules. Choosing the customer's words is not a rule: the
call does that afterwards with its seeded generator.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from trainer.engine.listener.listen import STACK, Detection, Heard
from trainer.engine.models import REPETITION, Level, Outcome, Scenario, Topic
from trainer.engine.mood import MoodChange, MoodMachine, guessed
from trainer.engine.scoring import Ledger, ScoreEvent

# The moves a script strings together: owning up, sorry and sympathy, a question, a promise.
_FORMULA_ROLES = ("owning", "softener", "question", "commitment")
# What the trainee may say when a question was asked, and what only chats.
_ANSWERS = frozenset({"statement", "proposal", "acknowledgement"})
_CHATTY = frozenset({"small_talk", "acknowledgement", "fragment", "other_question"})


@dataclass(frozen=True)
class ScenarioRules:
    """A scenario at one difficulty, with what every turn looks up worked out once.

    ``clock``: strikes, topic deadlines and the turn limit can end the call. Explore's search
    turns it off (they only end a call sooner), leaving the mood and the win.
    """

    scenario: Scenario
    level: Level
    mood: MoodMachine
    roles: dict[str, str]
    strike_ids: frozenset[str]
    extra_scores: dict[str, dict[str, int]]
    clock: bool = True

    @classmethod
    def build(cls, scenario: Scenario, difficulty: str) -> ScenarioRules:
        level = scenario.levels[difficulty]
        behaviors = scenario.all_behaviors()
        return cls(
            scenario=scenario,
            level=level,
            mood=MoodMachine(scenario, level),
            roles={bid: b.role for bid, b in behaviors.items()},
            strike_ids=frozenset(scenario.strike_behaviors()),
            extra_scores={bid: b.scores for bid, b in scenario.behaviors.items() if b.scores},
        )

    def role(self, bid: str) -> str:
        return self.roles.get(bid, "")

    def start(self) -> CallState:
        return CallState(mood=self.scenario.start)


@dataclass(frozen=True)
class CallState:
    """Everything the rules remember between turns (never the customer's words)."""

    mood: int  # index on the scenario's scale
    turn: int = 0  # turns taken
    strikes: int = 0
    covered: tuple[str, ...] = ()  # topics, in the order they landed
    heard_ever: frozenset[str] = frozenset()  # behaviours that counted at some turn
    credited: frozenset[str] = frozenset()  # good moves counted in this stretch
    said_early: tuple[str, ...] = ()  # topics said before their time, waiting for it
    expecting: bool = False  # the customer's last line asked the trainee something
    scored: tuple[tuple[tuple[str, str], int], ...] = ()  # (criterion, on) -> times scored
    outcome: Outcome | None = None


@dataclass(frozen=True)
class End:
    """How and why the call ended this turn. ``deadline``: a topic's deadline passed (the call
    is lost, and the customer closes with the scenario's deadline lines)."""

    outcome: Outcome
    reason: str
    deadline: bool = False


@dataclass(frozen=True)
class StepEvents:
    """What one turn did, for the reply, the transcript and the review."""

    number: int
    heard: Heard  # with topics a behaviour lands, less what a landed topic forgives
    counted: tuple[Detection, ...]  # what counted in context
    context: tuple[tuple[str, str], ...]  # (context move, why): a list, chit-chat, a dodge...
    new_topics: tuple[str, ...]
    refused: tuple[str, ...]  # heard, but too early (mood or story)
    changes: tuple[MoodChange, ...]
    score_events: tuple[ScoreEvent, ...]
    notes: tuple[str, ...] = ()
    end: End | None = None


def step(
    rules: ScenarioRules, state: CallState, heard: Heard, text: str
) -> tuple[CallState, StepEvents]:
    """One turn: ``heard`` is what the listener (and repetition) made of ``text``."""
    number = state.turn + 1
    counted, context, notes, credited = in_context(rules, state, heard, number, text)
    heard_ever = state.heard_ever | {d.id for d in counted}
    heard = with_topics_heard_as(rules, heard, counted)
    landing = replace(state, heard_ever=heard_ever)
    new_topics, refused, early = land_topics(rules, landing, [d.id for d in heard.topics])
    notes += early
    if new_topics:
        credited = frozenset()  # the story moved on: a new stretch
    # A topic said again still forgives what its words look like (naming his part again is
    # no more an excuse than the first time); one refused as too early forgives nothing.
    heard = _forgive(rules, heard, [*new_topics, *(t for t in heard.topic_ids() if t in state.covered)])
    kept = {d.id for d in heard.behaviors}
    counted = [d for d in counted if d.id in kept]
    abuse = is_abuse(rules, heard)
    triggers = [(_trigger(rules, d), f"heard {d.id.replace('_', ' ')}") for d in counted]
    triggers += context
    triggers += [(t, f"covered topic '{rules.scenario.topics[t].title}'") for t in new_topics]
    mood, changes = move_mood(rules, state.mood, triggers, first=number == 1, abuse=abuse)
    events, scored = _score(rules, state, number, counted, heard, new_topics)
    after = replace(
        landing,
        mood=mood,
        turn=number,
        # A strike can end the call, so a guess of the learned model alone is not one (its
        # misstep still costs mood); words a scenario spells out or its examples are.
        strikes=state.strikes
        + sum(
            1
            for d in heard.behaviors
            if d.id in rules.strike_ids and not d.learned
        ),
        covered=state.covered + tuple(new_topics),
        credited=credited,
        scored=scored,
        said_early=state.said_early + said_too_early(rules, landing, refused, new_topics),
    )
    # Only what was said on an earlier turn: the customer has to come round after hearing it.
    caught = caught_up(rules, replace(after, said_early=state.said_early))
    if caught:
        after = replace(
            after,
            covered=after.covered + caught,
            said_early=tuple(t for t in after.said_early if t not in caught),
        )
        titles = ", ".join(f"'{rules.scenario.topics[t].title}'" for t in caught)
        notes.append(f"said before its time, now counted: {titles}")
    end = check_end(rules, after, forgiving=number == 1 and not abuse)
    if end is None and mood >= rules.scenario.won_mood:
        blocking = missing_for_win(rules, after)
        if blocking:
            notes.append("on side, but not closed yet: still missing " + "; ".join(blocking))
    if end is not None:
        after = replace(after, outcome=end.outcome)
    events_out = StepEvents(
        number, heard, tuple(counted), tuple(context), tuple(new_topics), tuple(refused),
        tuple(changes), tuple(events), tuple(notes), end,
    )  # fmt: skip
    return after, events_out


def in_context(
    rules: ScenarioRules, state: CallState, heard: Heard, number: int, text: str
) -> tuple[list[Detection], list[tuple[str, str]], list[str], frozenset[str]]:
    """Which of what was heard counts here, what the context adds, why (in words), and the
    good moves credited in this stretch afterwards.

    A line is judged as a customer would: a keyword list or chit-chat earns nothing, a
    stack of stock phrases sounds scripted, a good move earns once per stretch of the call
    (until the conversation moves on to a new topic), and a question the customer just
    asked should be answered before anything else.
    """
    s = rules.scenario
    acts = heard.acts
    counted = list(heard.behaviors)
    context: list[tuple[str, str]] = []
    notes: list[str] = []
    credited = set(state.credited)
    good = [d for d in counted if s.move_for(d.id) > 0 and d.id != REPETITION]
    if acts and all(a == "fragment" for a in acts):
        context.append(("fragment", "a list of words, not a sentence"))
        notes.append("a fragment earns nothing")
        return [], context, notes, state.credited
    substance = any(rules.role(d.id) not in ("", "question") for d in counted)
    if "small_talk" in acts and _CHATTY.issuperset(acts) and not heard.topics and not substance:
        if state.mood <= s.start:
            context.append(("small_talk", "chit-chat while they are upset"))
        notes.append("small talk is not a clarifying question")
    # Only the rubric's formula moves (owning, sorry, sympathy, a question, a promise) can
    # be stacked like a script; a scenario's own good moves are specific by nature.
    formula = [
        d for d in counted if d.id in s.rubric.behaviors and rules.role(d.id) in _FORMULA_ROLES
    ]
    if len(formula) >= STACK and len(text.split()) < 5 * len(formula):
        context.append(("scripted", "a string of stock phrases"))
        notes.append("stock phrases stacked in one short line sound scripted; none count")
        counted = [d for d in counted if d not in good and d not in formula]
        good = []
    for d in good:
        landed = any(t.sentence == d.sentence for t in heard.topics)
        if d.id in credited and not landed:
            counted.remove(d)
            notes.append(f"{d.id.replace('_', ' ')} already counted in this stretch")
        else:
            credited.add(d.id)
    engaged = bool(heard.topics)  # a question that opens a topic is not a dodge
    if state.expecting and number > 1 and acts and not _ANSWERS & set(acts) and not engaged:
        context.append(("dodge", "their question went unanswered"))
        notes.append("the customer's question was not answered")
    return counted, context, notes, frozenset(credited)


def with_topics_heard_as(rules: ScenarioRules, heard: Heard, counted: list[Detection]) -> Heard:
    """``heard`` plus the topics a counted behaviour lands (owning up lands "own it")."""
    found = list(heard.topics)
    ids = heard.topic_ids()
    for tid, topic in rules.scenario.topics.items():
        by = next((d for d in counted if d.id in topic.heard_as), None)
        if by is not None and tid not in ids:
            found.append(Detection(tid, by.score, by.evidence, f"heard as {by.id}", by.sentence))
    return Heard(heard.text, heard.behaviors, tuple(found), heard.acts)


def land_topics(
    rules: ScenarioRules, state: CallState, heard: list[str]
) -> tuple[list[str], list[str], list[str]]:
    """Which heard topics land, in story order: (landed, refused, why refused in words).

    A topic lands once; it is refused below its ``min_mood`` or before an earlier required
    step of the story is reached. ``state.heard_ever`` includes this turn's moves.
    """
    s = rules.scenario
    covered = list(state.covered)
    new: list[str] = []
    refused: list[str] = []
    notes: list[str] = []
    for tid in sorted(heard, key=lambda t: stage_of(s, t)):
        if tid in covered:
            continue
        topic = s.topics[tid]
        early = _stage_missing_before(s, tid, covered, state.heard_ever)
        if not _mood_allows(topic, state.mood) or early:
            refused.append(tid)
            if early:
                notes.append(f"'{topic.title}' came before {early}")
        else:
            new.append(tid)
            covered.append(tid)
    return new, refused, notes


def said_too_early(
    rules: ScenarioRules, landing: CallState, refused: list[str], new_topics: list[str]
) -> tuple[str, ...]:
    """The topics refused this turn that are remembered until their time comes (see
    ``caught_up``): a question asked before its step of the story (the customer answered it
    all the same), and a hard truth told before the customer was ready to hear it (he pushed
    back, and the mood paid for it, but it was said). An offer made too early is not
    remembered: it has to be made again."""
    s = rules.scenario
    covered = [*landing.covered, *new_topics]

    def early(tid: str) -> bool:
        waits_for_step = bool(_stage_missing_before(s, tid, covered, landing.heard_ever))
        ready = _mood_allows(s.topics[tid], landing.mood)
        if s.topics[tid].kind == "question":
            return waits_for_step and ready
        return s.topics[tid].kind == "statement" and not waits_for_step and not ready

    return tuple(tid for tid in refused if tid not in landing.said_early and early(tid))


def caught_up(rules: ScenarioRules, state: CallState) -> tuple[str, ...]:
    """The topics said too early whose time has come: the step of the story is reached and
    the customer's mood is where the topic needs it. They count as covered without moving the
    mood a second time."""
    s = rules.scenario
    covered = list(state.covered)
    out: list[str] = []
    for tid in sorted(state.said_early, key=lambda t: stage_of(s, t)):
        ready = _mood_allows(s.topics[tid], state.mood)
        if tid not in covered and ready and not _stage_missing_before(s, tid, covered, state.heard_ever):
            out.append(tid)
            covered.append(tid)
    return tuple(out)


def _mood_allows(topic: Topic, mood: int) -> bool:
    """Whether the customer's mood is where ``topic`` needs it (its ``min_mood``)."""
    return topic.min_mood is None or mood >= topic.min_mood


def stage_of(s: Scenario, tid: str) -> int:
    """Where a topic sits in the story (topics in no stage come first)."""
    return next((i for i, st in enumerate(s.stages) if tid in st.topics), -1)


def _stage_missing_before(
    s: Scenario, tid: str, covered: list[str], heard_ever: frozenset[str]
) -> str:
    """The first required stage before ``tid``'s own that is not reached yet ('' if none)."""
    own = stage_of(s, tid)
    if own < 0:
        return ""
    reached = stages_reached(s, covered, heard_ever)
    for st in s.stages[:own]:
        if st.required and st.id not in reached:
            return f"the step '{st.title}'"
    return ""


def stages_reached(
    s: Scenario, covered: tuple[str, ...] | list[str], heard_ever: frozenset[str]
) -> list[str]:
    """The stages reached, in order (a stage counts once its earlier ones have)."""
    out = []
    for st in s.stages:
        got = sum(1 for t in st.topics if t in covered)
        got += sum(1 for b in st.behaviors if b in heard_ever)
        if got < st.at_least:
            break
        out.append(st.id)
    return out


def _forgive(rules: ScenarioRules, heard: Heard, topics: list[str]) -> Heard:
    """Drop behaviours each of ``topics`` forgives, in the sentence that said it."""
    where = {d.id: d.sentence for d in heard.topics}
    dropped = {
        bid
        for tid in topics
        for bid in rules.scenario.topics[tid].forgives
        if (det := heard.get(bid)) is not None and det.sentence == where[tid]
    }
    if not dropped:
        return heard
    kept = tuple(d for d in heard.behaviors if d.id not in dropped)
    return Heard(heard.text, kept, heard.topics, heard.acts)


def is_abuse(rules: ScenarioRules, heard: Heard) -> bool:
    """Only a put-down in words the scenario spells out is abuse enough to end a call on its
    first line; one judged by likeness to examples may be a mishearing."""
    return any(rules.role(d.id) == "put-down" and d.explicit for d in heard.behaviors)


def _trigger(rules: ScenarioRules, d: Detection) -> str:
    """The mood trigger a counted move fires: a big fall heard by the learned model alone is a
    guess, and moves the mood one level at most."""
    return guessed(d.id) if d.learned and rules.mood.step_for(guessed(d.id)) else d.id


def move_mood(
    rules: ScenarioRules, mood: int, triggers: list[tuple[str, str]], first: bool, abuse: bool
) -> tuple[int, list[MoodChange]]:
    """The mood after a turn's triggers: a first reply weighs more, and short of abuse it
    never ends the call on its own."""
    s = rules.scenario
    repeat = max(1, round(s.first_turn_weight)) if first else 1
    guard = s.lost_mood if first and not abuse else None
    return rules.mood.apply(
        mood, triggers, repeat, floor=s.lost_mood, keep_above=guard, weigh_falls=abuse
    )


def _score(
    rules: ScenarioRules,
    state: CallState,
    number: int,
    counted: list[Detection],
    heard: Heard,
    new_topics: list[str],
) -> tuple[list[ScoreEvent], tuple[tuple[tuple[str, str], int], ...]]:
    """Points for what counted in context; what was heard but did not count earns none."""
    ledger = Ledger(rules.scenario.rubric, rules.extra_scores, Counter(dict(state.scored)))
    events: list[ScoreEvent] = []
    repeated = heard.get(REPETITION) is not None
    for det in counted:
        if rules.role(det.id) == "question" and repeated:
            continue  # only distinct questions earn
        events += ledger.record(number, det.id, det.evidence)
    topic_evidence = {d.id: d.evidence for d in heard.topics}
    for tid in new_topics:
        kind = "question" if rules.scenario.topics[tid].kind == "question" else "proposal"
        events += ledger.record(number, "topic", topic_evidence[tid])
        events += ledger.record(number, f"topic_{kind}", topic_evidence[tid])
    return events, tuple(sorted(ledger.used.items()))


def check_end(rules: ScenarioRules, state: CallState, forgiving: bool = False) -> End | None:
    """Whether the call ends after ``state.turn`` turns: lost before won, and why.

    ``forgiving``: strikes do not end a first reply (short of abuse).
    """
    s = rules.scenario
    if state.mood <= s.lost_mood:
        return End(Outcome.LOST, f"the customer's mood fell to {s.scale[s.lost_mood]}")
    if rules.clock:
        if state.strikes >= rules.level.strikes and not forgiving:
            return End(Outcome.LOST, f"{state.strikes} strikes (excuses or dismissiveness)")
        for t in s.topics.values():
            if t.deadline is not None and state.turn >= t.deadline and t.id not in state.covered:
                why = f"'{t.title}' was not uncovered by turn {t.deadline}"
                return End(Outcome.LOST, why, deadline=True)
    if state.mood >= s.won_mood and not missing_for_win(rules, state):
        return End(Outcome.WON, "the customer is won over and the key topics are covered")
    if rules.clock and state.turn >= s.max_turns:
        return End(Outcome.OPEN, f"the turn limit ({s.max_turns}) was reached")
    return None


def missing_for_win(rules: ScenarioRules, state: CallState) -> list[str]:
    """What still stands between the trainee and a win (topics, counts, steps), in words."""
    s = rules.scenario
    missing = [t.title for tid, t in s.topics.items() if t.required and tid not in state.covered]
    visible = [t for t in state.covered if not s.topics[t].secret]
    short = rules.level.min_topics - len(visible)
    if short > 0:
        missing.append(f"{short} more topic(s)")
    reached = stages_reached(s, state.covered, state.heard_ever)
    missing += [f"the step '{st.title}'" for st in s.stages if st.required and st.id not in reached]
    return missing
