"""One conversation: ``say(text)`` returns the turn; same scenario, seed and lines, same call.

A turn flows as: listen (behaviours, topics, repetition) -> move the mood -> check the end
(lost before won) -> pick the customer's reply -> record score events. All randomness comes
from one seeded generator, consumed in a fixed order, so a seed replays a call exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from trainer.engine.listener.listen import Detection, Heard, listener_for
from trainer.engine.listener.textnorm import normalize
from trainer.engine.models import LEVEL_NAMES, REPETITION, Scenario
from trainer.engine.mood import MoodChange, MoodMachine
from trainer.engine.scoring import Ledger, Scorecard, ScoreEvent

# Reactions to what went wrong come before reactions to what went right: an angry customer
# answers the excuse, not the apology that came with it.
_NEGATIVE_FIRST = ("dismissive", "excuse", REPETITION)
MAX_TOPIC_ANSWERS = 2


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
    outcome: str | None
    reply_to: str

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
            "score_changes": [e.to_json() for e in self.score_events],
            "ended": self.ended,
        }


class CallOver(Exception):
    """Raised when the trainee speaks after the call has ended."""


@dataclass
class Call:
    scenario: Scenario
    seed: int = 0
    difficulty: str | None = None
    trainee_name: str = "you"
    turns: list[Turn] = field(default_factory=list)
    outcome: str | None = None
    end_reason: str = ""

    def __post_init__(self) -> None:
        s = self.scenario
        self.difficulty = self.difficulty or s.difficulty
        if self.difficulty not in LEVEL_NAMES:
            raise ValueError(f"difficulty must be one of {', '.join(LEVEL_NAMES)}")
        self.level = s.levels[self.difficulty]
        self.rng = random.Random(self.seed)
        self.listener = listener_for(s.rubric, s.all_behaviors(), s.topics.values())
        self.mood = MoodMachine(s, self.level)
        self.ledger = Ledger(
            s.rubric, {bid: b.scores for bid, b in s.behaviors.items() if b.scores}
        )
        self.covered: list[str] = []
        self.strikes = 0
        self._said: list[str] = []
        self._used: dict[str, set[int]] = {}
        self.opening = self._pick("opening", s.opening)

    # -- the turn ---------------------------------------------------------------------------

    def say(self, text: str) -> Turn:
        if self.outcome is not None:
            raise CallOver(f"the call has ended ({self.outcome})")
        s = self.scenario
        number = len(self.turns) + 1
        heard = self.listener.hear(text)
        heard = self._with_repetition(heard, text)
        before = self.mood.current

        new_topics, refused = [], []
        for det in heard.topics:
            topic = s.topics[det.id]
            if det.id in self.covered:
                continue
            if topic.min_mood is not None and self.mood.index < topic.min_mood:
                refused.append(det.id)
            else:
                new_topics.append(det.id)
        self.covered.extend(new_topics)
        heard = self._forgive(heard, new_topics)

        triggers = [(d.id, f"heard {d.id.replace('_', ' ')}") for d in heard.behaviors]
        triggers += [(t, f"covered topic '{s.topics[t].title}'") for t in new_topics]
        repeat = max(1, round(s.first_turn_weight)) if number == 1 else 1
        changes = self.mood.apply(triggers, repeat, floor=s.lost_mood)

        strike_ids = s.strike_behaviors()
        self.strikes += sum(1 for d in heard.behaviors if d.id in strike_ids)

        events = self._score(number, heard, new_topics)
        outcome, reason = self._check_end(number)
        reply, reply_to = self._reply(outcome, reason, heard, new_topics, refused)
        if outcome:
            outcome = "lost" if outcome == "deadline" else outcome
            self.outcome, self.end_reason = outcome, reason
        turn = Turn(
            number=number,
            trainee=text,
            customer=reply,
            heard=heard,
            topics=tuple(new_topics),
            topics_refused=tuple(refused),
            mood_before=before,
            mood_after=self.mood.current,
            changes=tuple(changes),
            score_events=tuple(events),
            strikes=self.strikes,
            ended=outcome is not None,
            outcome=outcome,
            reply_to=reply_to,
        )
        self.turns.append(turn)
        self._said.append(normalize(text))
        return turn

    def hang_up(self) -> str:
        """The trainee ends the call early; it stays `open`. Returns the customer's goodbye."""
        if self.outcome is None:
            self.outcome, self.end_reason = "open", "the trainee ended the call"
            return self._pick("closing:open", self.scenario.closing["open"])
        return ""

    # -- pieces -----------------------------------------------------------------------------

    def _with_repetition(self, heard: Heard, text: str) -> Heard:
        norm = normalize(text)
        if len(norm.split()) < 4:
            return heard
        threshold = self.scenario.rubric.repetition_threshold
        for n, earlier in enumerate(self._said, start=1):
            if len(earlier.split()) >= 4 and fuzz.token_set_ratio(norm, earlier) >= threshold:
                det = Detection(REPETITION, 0.9, text[:200], f"like turn {n}", 0)
                return Heard(heard.text, (*heard.behaviors, det), heard.topics)
        return heard

    def _forgive(self, heard: Heard, new_topics: list[str]) -> Heard:
        """Drop behaviours a landed topic forgives, in the sentence that landed it."""
        where = {d.id: d.sentence for d in heard.topics}
        dropped = {
            bid
            for tid in new_topics
            for bid in self.scenario.topics[tid].forgives
            if (det := heard.get(bid)) is not None and det.sentence == where[tid]
        }
        if not dropped:
            return heard
        kept = tuple(d for d in heard.behaviors if d.id not in dropped)
        return Heard(heard.text, kept, heard.topics)

    def _score(self, number: int, heard: Heard, new_topics: list[str]) -> list[ScoreEvent]:
        events: list[ScoreEvent] = []
        repeated = heard.get(REPETITION) is not None
        for det in heard.behaviors:
            if det.id == "clarifying_question" and repeated:
                continue  # only distinct questions earn
            events += self.ledger.record(number, det.id, det.evidence)
        topic_evidence = {d.id: d.evidence for d in heard.topics}
        for tid in new_topics:
            kind = self.scenario.topics[tid].kind
            events += self.ledger.record(number, "topic", topic_evidence[tid])
            events += self.ledger.record(number, f"topic_{kind}", topic_evidence[tid])
        return events

    def _check_end(self, number: int) -> tuple[str | None, str]:
        s = self.scenario
        if self.mood.index <= s.lost_mood:
            return "lost", f"the customer's mood fell to {s.scale[s.lost_mood]}"
        if self.strikes >= self.level.strikes:
            return "lost", f"{self.strikes} strikes (excuses or dismissiveness)"
        for t in s.topics.values():
            if t.deadline is not None and number >= t.deadline and t.id not in self.covered:
                return "deadline", f"'{t.title}' was not uncovered by turn {t.deadline}"
        if self.mood.index >= s.won_mood and not self.missing_for_win():
            return "won", "the customer is won over and the key topics are covered"
        if number >= s.max_turns:
            return "open", f"the turn limit ({s.max_turns}) was reached"
        return None, ""

    def missing_for_win(self) -> list[str]:
        """What still stands between the trainee and a win (topics and counts), in words."""
        s = self.scenario
        missing = [
            s.topics[t].title for t in s.topics if s.topics[t].required and t not in self.covered
        ]
        visible = [t for t in self.covered if not s.topics[t].secret]
        short = self.level.min_topics - len(visible)
        if short > 0:
            missing.append(f"{short} more topic(s)")
        return missing

    def _reply(
        self,
        outcome: str | None,
        reason: str,
        heard: Heard,
        new_topics: list[str],
        refused: list[str],
    ) -> tuple[str, str]:
        s = self.scenario
        closing = s.closing
        if outcome == "deadline":
            lines = closing.get("deadline") or closing["lost"]
            return self._pick("closing:deadline", lines), "closing (deadline)"
        if outcome:
            return self._pick(f"closing:{outcome}", closing[outcome]), f"closing ({outcome})"
        mood = self.mood.index
        parts: list[str] = []
        reply_to = []
        ids = heard.behavior_ids()
        # The scenario's own traps are more specific than the rubric's generic ones: "you're
        # hiding behind the manufacturer" says more than "that's an excuse".
        own = [b for b in ids if b in s.behaviors and b in s.reactions]
        traps = [b for b in own if s.behaviors[b].strike or s.move_for(b) < 0]
        generic = [b for b in _NEGATIVE_FIRST if b in ids and b in s.reactions]
        bad = list(dict.fromkeys(traps + generic + own))
        if bad and not new_topics:
            b = bad[0]
            return self._pick(f"react:{b}", s.reactions[b].at(mood)), f"reaction to {b}"
        for tid in (new_topics + refused)[:MAX_TOPIC_ANSWERS]:
            topic = s.topics[tid]
            # A refused topic is answered from below its threshold, even if this turn's other
            # moves lifted the mood: the customer was not ready when it was said.
            at = mood if tid in new_topics else min(mood, (topic.min_mood or 1) - 1)
            parts.append(self._pick(f"topic:{tid}", topic.answers.at(at)))
            reply_to.append(f"topic {tid}" + ("" if tid in new_topics else " (not yet)"))
        if parts:
            return " ".join(parts), ", ".join(reply_to)
        ranked = sorted(heard.behaviors, key=lambda d: -d.score)
        for det in ranked:
            if det.id in s.reactions:
                key = f"react:{det.id}"
                return self._pick(key, s.reactions[det.id].at(mood)), f"reaction to {det.id}"
        return self._pick("fallback", s.fallback.at(mood)), "fallback"

    def _pick(self, key: str, variants: tuple[str, ...]) -> str:
        """A variant not yet used for ``key`` in this call, chosen by the seeded generator."""
        used = self._used.setdefault(f"{key}:{variants[0]}", set())
        fresh = [i for i in range(len(variants)) if i not in used]
        if not fresh:
            used.clear()
            fresh = list(range(len(variants)))
        i = fresh[self.rng.randrange(len(fresh))]
        used.add(i)
        return self.fill(variants[i])

    def fill(self, line: str) -> str:
        return self.scenario.fill(line, self.trainee_name)

    # -- reading the call -------------------------------------------------------------------

    def scorecard(self) -> Scorecard:
        return self.ledger.scorecard()

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
            "outcome": self.outcome or "open",
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
