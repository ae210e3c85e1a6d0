"""One conversation: ``say(text)`` returns the turn; same scenario, seed and lines, same call.

A turn flows as: hear (behaviours, topics, repetition) -> the rules' pure step (what counts,
topics, mood, score, the end; :mod:`trainer.engine.step`) -> pick the customer's reply ->
record the turn. All randomness comes from one seeded generator, consumed in a fixed order,
so a seed replays a call exactly.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz

from trainer.engine.listener.listen import Detection, Heard, scenario_listener
from trainer.engine.listener.textnorm import normalize
from trainer.engine.models import LEVEL_NAMES, NEGATIVE_ROLES, REPETITION, Line, Outcome, Scenario
from trainer.engine.mood import MoodChange
from trainer.engine.scoring import Ledger, Scorecard, ScoreEvent
from trainer.engine.step import (
    CallState,
    ScenarioRules,
    StepEvents,
    missing_for_win,
    stages_reached,
    step,
)

# Reactions to what went wrong come before reactions to what went right: an angry customer
# answers the excuse, not the apology that came with it (roles, so any rubric gets the rule).
MAX_TOPIC_ANSWERS = 2


@dataclass(frozen=True)
class MoodTrack:
    """Where a call's mood has been: the starting level, then the level after each turn."""

    scale: tuple[str, ...]
    path: tuple[str, ...]

    @property
    def current(self) -> str:
        return self.path[-1]

    @property
    def index(self) -> int:
        return self.scale.index(self.path[-1])


@dataclass(frozen=True)
class Turn:
    number: int
    trainee: str
    customer: str
    heard: Heard
    topics: tuple[str, ...]
    topics_refused: tuple[str, ...]
    mood_before: str
    mood_after: str
    changes: tuple[MoodChange, ...]
    score_events: tuple[ScoreEvent, ...]
    strikes: int
    ended: bool
    outcome: Outcome | None
    reply_to: str
    state: CallState  # what the rules remember after this turn
    notes: tuple[str, ...] = ()

    @property
    def behaviors(self) -> list[str]:
        return self.heard.behavior_ids()

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "trainee": self.trainee,
            "customer": self.customer,
            "behaviors": self.behaviors,
            "detections": [d.to_json() for d in self.heard.behaviors],
            "topics": list(self.topics),
            "mood_before": self.mood_before,
            "mood": self.mood_after,
            "why": [c.why for c in self.changes],
            "notes": list(self.notes),
            "score_changes": [e.to_json() for e in self.score_events],
            "ended": self.ended,
        }


class CallOver(Exception):
    """Raised when the trainee speaks after the call has ended."""


@dataclass
class Call:
    """One call: the rules (:mod:`trainer.engine.step`) judge each line; the call hears it,
    picks the customer's words with its seeded generator and keeps the turns."""

    scenario: Scenario
    seed: int = 0
    difficulty: str | None = None
    trainee_name: str = "you"
    turns: list[Turn] = field(default_factory=list)
    end_reason: str = ""

    def __post_init__(self) -> None:
        s = self.scenario
        self.difficulty = self.difficulty or s.difficulty
        if self.difficulty not in LEVEL_NAMES:
            raise ValueError(f"difficulty must be one of {', '.join(LEVEL_NAMES)}")
        self.rules = ScenarioRules.build(s, self.difficulty)
        self.level = self.rules.level
        self.state = self.rules.start()
        self.rng = random.Random(self.seed)
        self.listener = scenario_listener(s)
        self._said: list[str] = []
        self._used: dict[str, set[int]] = {}
        self.opening = self._pick("opening", s.opening)

    # -- the turn ---------------------------------------------------------------------------

    def say(self, text: str) -> Turn:
        """Hear ``text``, apply the rules, pick the customer's reply and record the turn."""
        if self.outcome is not None:
            raise CallOver(f"the call has ended ({self.outcome})")
        before = self.state
        norm = normalize(text)
        heard = self._with_repetition(self.listener.hear(text), text, norm)
        after, events = step(self.rules, before, heard, text)
        self.state = after
        if events.end is not None:
            self.end_reason = events.end.reason
        reply, reply_to = self._reply(events)
        self.state = replace(after, expecting=_asks(reply) and events.end is None)
        turn = Turn(
            number=events.number,
            trainee=text,
            customer=reply,
            heard=events.heard,
            topics=events.new_topics,
            topics_refused=events.refused,
            mood_before=self.scenario.scale[before.mood],
            mood_after=self.scenario.scale[after.mood],
            changes=events.changes,
            score_events=events.score_events,
            strikes=after.strikes,
            ended=events.end is not None,
            outcome=after.outcome,
            reply_to=reply_to,
            state=self.state,
            notes=events.notes,
        )
        self.turns.append(turn)
        self._said.append(norm)
        return turn

    def hear(self, text: str) -> Heard:
        """What the listener hears in ``text``, plus repetition of the trainee's own lines."""
        return self._with_repetition(self.listener.hear(text), text, normalize(text))

    # -- the state, as the rest of the app reads it ----------------------------------------

    @property
    def outcome(self) -> Outcome | None:
        return self.state.outcome

    @property
    def covered(self) -> list[str]:
        return list(self.state.covered)

    @property
    def strikes(self) -> int:
        return self.state.strikes

    @property
    def mood(self) -> MoodTrack:
        """Where the mood has been: the start, then the level after each turn."""
        scale = self.scenario.scale
        path = (scale[self.scenario.start], *(t.mood_after for t in self.turns))
        return MoodTrack(scale, path)

    @property
    def ledger(self) -> Ledger:
        """The score so far, folded from the turns' events."""
        rules = self.rules
        return Ledger(
            self.scenario.rubric,
            rules.extra_scores,
            Counter(dict(self.state.scored)),
            [e for t in self.turns for e in t.score_events],
        )

    def stages_reached(self) -> list[str]:
        """The stages reached so far, in order (a stage counts once its earlier ones have)."""
        return stages_reached(self.scenario, self.state.covered, self.state.heard_ever)

    def missing_for_win(self) -> list[str]:
        """What still stands between the trainee and a win (topics and counts), in words."""
        return missing_for_win(self.rules, self.state)

    def hang_up(self) -> str:
        """The trainee ends the call early; it stays `open`. Returns the customer's goodbye."""
        if self.outcome is None:
            self.state = replace(self.state, outcome=Outcome.OPEN)
            self.end_reason = "the trainee ended the call"
            return self._pick("closing:open", self.scenario.closing["open"])
        return ""

    # -- pieces -----------------------------------------------------------------------------

    def _with_repetition(self, heard: Heard, text: str, norm: str) -> Heard:
        """``heard``, plus repetition if ``norm`` (``text`` normalised) is like an earlier line."""
        if len(norm.split()) < 4:
            return heard
        threshold = self.scenario.rubric.repetition_threshold
        for n, earlier in enumerate(self._said, start=1):
            # The cutoff lets rapidfuzz stop early; a score under it is reported as 0.
            if len(earlier.split()) >= 4 and (
                fuzz.token_set_ratio(norm, earlier, score_cutoff=threshold) >= threshold
            ):
                det = Detection(REPETITION, 0.9, text[:200], f"like turn {n}", 0)
                return Heard(heard.text, (*heard.behaviors, det), heard.topics)
        return heard

    def _reply(self, ev: StepEvents) -> tuple[str, str]:
        """Closing line; else what went wrong; else the context (a list, chit-chat, a dodge);
        else the topics landed; else a reaction to what counted; else a fallback for the mood."""
        s = self.scenario
        closing = s.closing
        if ev.end is not None and ev.end.deadline:
            lines = closing.get("deadline") or closing["lost"]
            return self._pick("closing:deadline", lines), "closing (deadline)"
        if ev.end is not None:
            outcome = ev.end.outcome
            return self._pick(f"closing:{outcome}", closing[outcome]), f"closing ({outcome})"
        heard, counted, new_topics, refused = ev.heard, ev.counted, ev.new_topics, ev.refused
        context = ev.context
        mood = self.state.mood
        parts: list[str] = []
        reply_to = []
        ids = heard.behavior_ids()
        # The scenario's own traps are more specific than the rubric's generic ones: "you're
        # hiding behind the manufacturer" says more than "that's an excuse".
        own = [b for b in ids if b in s.behaviors and b in s.reactions]
        traps = [b for b in own if s.behaviors[b].strike or s.move_for(b) < 0]
        generic = [
            b
            for b in ids
            if b in s.reactions and (self.rules.role(b) in NEGATIVE_ROLES or b == REPETITION)
        ]
        bad = list(dict.fromkeys(traps + generic + own))
        if bad and not new_topics:
            b = bad[0]
            return self._pick(f"react:{b}", s.reactions[b].at(mood)), f"reaction to {b}"
        said = [key for key, _ in context]
        for key in said:
            if not new_topics:
                lines = s.reactions[key].at(mood) if key in s.reactions else s.fallback.at(mood)
                return self._pick(f"react:{key}", lines), f"reaction to {key.replace('_', ' ')}"
        for tid in (*new_topics, *refused)[:MAX_TOPIC_ANSWERS]:
            topic = s.topics[tid]
            # A refused topic is answered from below its threshold, even if this turn's other
            # moves lifted the mood: the customer was not ready when it was said.
            at = mood if tid in new_topics else min(mood, (topic.min_mood or 1) - 1)
            parts.append(self._pick(f"topic:{tid}", topic.answers.at(at)))
            reply_to.append(f"topic {tid}" + ("" if tid in new_topics else " (not yet)"))
        if parts:
            return " ".join(parts), ", ".join(reply_to)
        ranked = sorted(counted, key=lambda d: -d.score)
        for det in ranked:
            if det.id in s.reactions:
                key = f"react:{det.id}"
                return self._pick(key, s.reactions[det.id].at(mood)), f"reaction to {det.id}"
        return self._pick("fallback", s.fallback.at(mood)), "fallback"

    def _pick(self, key: str, variants: tuple[str, ...] | tuple[Line, ...]) -> str:
        """A variant not yet used for ``key`` in this call, chosen by the seeded generator.

        A line that presupposes topics (``after:``) waits until they are covered, so the
        customer never refers to what has not been said; when every variant waits, the
        fallback for the mood answers instead.
        """
        lines = [Line(v) if isinstance(v, str) else v for v in variants]
        done = set(self.state.covered)
        ready = [i for i, line in enumerate(lines) if done.issuperset(line.after)]
        if not ready:
            spare = self.scenario.fallback.at(self.state.mood)
            if key != "fallback" and any(done.issuperset(line.after) for line in spare):
                return self._pick("fallback", spare)
            ready = list(range(len(lines)))  # nothing fits: lint (TCT119) warns of this
        used = self._used.setdefault(f"{key}:{lines[0].text}", set())
        fresh = [i for i in ready if i not in used]
        if not fresh:
            used.difference_update(ready)
            fresh = ready
        i = fresh[self.rng.randrange(len(fresh))]
        used.add(i)
        return self.fill(lines[i].text)

    def fill(self, line: str) -> str:
        return self.scenario.fill(line, self.trainee_name)

    # -- reading the call -------------------------------------------------------------------

    def scorecard(self) -> Scorecard:
        """The scorecard, with the pass mark as the line between won and not won.

        The customer's verdict comes first: a call that has not been won cannot pass, whatever
        it said, and a won call passes however few turns it took (the call ends when the
        customer is won, so the criteria count only what was said before that). The criteria
        still say how well it went.
        """
        card = self.ledger.scorecard()
        bar = self.scenario.pass_mark
        if self.outcome == "won":
            if card.overall < bar:
                why = (
                    "The customer was won over, so the call passes; the criteria below show "
                    "what would have made it stronger."
                )
                card = replace(card, overall=bar, tips=(("overall", why), *card.tips))
            return card
        if self.outcome == "lost":
            # The customer ended it, so what was said did not land: half the bar at most.
            cap, why = (
                bar // 2,
                "The customer ended the call, so the overall score is held to half the pass mark.",
            )
        else:
            cap, why = (
                bar - 1,
                "The call has not reached its goal, so the overall score stays below the pass mark.",
            )
        if card.overall > cap:
            card = replace(card, overall=cap, tips=(("overall", why), *card.tips))
        return card

    @property
    def mood_path(self) -> list[str]:
        return list(self.mood.path)

    @property
    def ended(self) -> bool:
        return self.outcome is not None

    def to_json(self) -> dict[str, Any]:
        card = self.scorecard()
        return {
            "scenario": self.scenario.id,
            "seed": self.seed,
            "difficulty": self.difficulty,
            "outcome": (self.outcome or Outcome.OPEN).value,
            "end_reason": self.end_reason or "the script ran out",
            "mood_scale": list(self.scenario.scale),
            "initial_mood": self.mood.path[0],
            "final_mood": self.mood.current,
            "opening": self.opening,
            "turns": [t.to_json() for t in self.turns],
            "topics_covered": list(self.covered),
            "strikes": self.strikes,
            "scores": card.as_numbers(),
            "tips": [{"criterion": c, "tip": tip} for c, tip in card.tips],
        }


# "Who signs that off on your side, and when?" asks the trainee for an answer; "Anything else?"
# or "Go on, what do you need?" hands them the floor, and a question back is fine.
_ASKS_YOU = re.compile(r"\b(you|your|you're|you'll|you've|yours)\b")
_HANDS_OVER = re.compile(
    r"\b(anything else|what else|go on|ask away|ask me|what do you (need|want) (from|to ask)|"
    r"what do you mean|where do we go|what now)\b"
)


def _asks(line: str) -> bool:
    """Whether a customer line ends by asking the trainee something they should answer."""
    last = re.split(r"(?<=[.!])\s+", line.strip())[-1].lower()
    return last.endswith("?") and bool(_ASKS_YOU.search(last)) and not _HANDS_OVER.search(last)


def replay(
    scenario: Scenario,
    lines: list[str],
    seed: int = 0,
    difficulty: str | None = None,
    trainee_name: str = "you",
) -> Call:
    """A fresh call with ``lines`` said in order (lines after the end are ignored).

    Same arguments, same call: this is how a rewind restores the customer exactly.
    """
    call = Call(scenario, seed=seed, difficulty=difficulty, trainee_name=trainee_name)
    for line in lines:
        if call.ended:
            break
        call.say(line)
    return call
