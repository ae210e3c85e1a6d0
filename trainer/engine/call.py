"""One conversation: ``say(text)`` returns the turn; same scenario, seed and lines, same call.

A turn flows as: listen (behaviours, topics, repetition) -> move the mood -> check the end
(lost before won) -> pick the customer's reply -> record score events. All randomness comes
from one seeded generator, consumed in a fixed order, so a seed replays a call exactly.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace
from typing import Any

from rapidfuzz import fuzz

from trainer.engine.listener.listen import Detection, Heard, scenario_listener
from trainer.engine.listener.textnorm import normalize
from trainer.engine.models import LEVEL_NAMES, REPETITION, Line, Scenario
from trainer.engine.mood import MoodChange, MoodMachine
from trainer.engine.scoring import Ledger, Scorecard, ScoreEvent

# Reactions to what went wrong come before reactions to what went right: an angry customer
# answers the excuse, not the apology that came with it (roles, so any rubric gets the rule).
_NEGATIVE_ROLES = ("put-down", "deflection")
# The moves a script strings together: owning up, sorry and sympathy, a question, a promise.
_FORMULA_ROLES = ("owning", "softener", "question", "commitment")
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
        self.listener = scenario_listener(s)
        self.mood = MoodMachine(s, self.level)
        self.ledger = Ledger(
            s.rubric, {bid: b.scores for bid, b in s.behaviors.items() if b.scores}
        )
        self.covered: list[str] = []
        self.strikes = 0
        self._said: list[str] = []
        self._used: dict[str, set[int]] = {}
        self._roles = {bid: b.role for bid, b in s.all_behaviors().items()}  # hot path: once
        self._credited: set[str] = set()  # good moves already counted in this stretch
        self._heard_ever: set[str] = set()
        self._expecting = False  # the customer's last line asked the trainee something
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
        counted, context, notes = self._in_context(heard, number, text)
        self._heard_ever.update(d.id for d in counted)

        new_topics, refused = [], []
        found = list(heard.topics)
        for tid, topic in s.topics.items():
            by = next((d for d in counted if d.id in topic.heard_as), None)
            if by is not None and tid not in heard.topic_ids():
                found.append(
                    Detection(tid, by.score, by.evidence, f"heard as {by.id}", by.sentence)
                )
        heard = Heard(heard.text, heard.behaviors, tuple(found), heard.acts)
        for det in sorted(found, key=lambda d: self._stage_of(d.id)):
            if det.id in self.covered:
                continue
            topic = s.topics[det.id]
            early = self._stage_missing_before(det.id)
            if (topic.min_mood is not None and self.mood.index < topic.min_mood) or early:
                refused.append(det.id)
                if early:
                    notes.append(f"'{topic.title}' came before {early}")
            else:
                new_topics.append(det.id)
                self.covered.append(det.id)
        if new_topics:
            self._credited.clear()  # the story moved on: a new stretch
        heard = self._forgive(heard, new_topics)
        kept = {d.id for d in heard.behaviors}
        counted = [d for d in counted if d.id in kept]

        triggers = [(d.id, f"heard {d.id.replace('_', ' ')}") for d in counted]
        triggers += context
        triggers += [(t, f"covered topic '{s.topics[t].title}'") for t in new_topics]
        strike_ids = s.strike_behaviors()
        struck = sum(1 for d in heard.behaviors if d.id in strike_ids)
        # Only a put-down in words the scenario spells out is abuse enough to end a call on
        # its first line; one judged by likeness to examples may be a mishearing.
        abuse = any(self._role(d.id) == "put-down" and d.explicit for d in heard.behaviors)
        first = number == 1
        repeat = max(1, round(s.first_turn_weight)) if first else 1
        guard = s.lost_mood if first and not abuse else None
        changes = self.mood.apply(
            triggers, repeat, floor=s.lost_mood, keep_above=guard, weigh_falls=abuse
        )
        self.strikes += struck

        events = self._score(number, counted, heard, new_topics)
        outcome, reason = self._check_end(number, forgiving=first and not abuse)
        if outcome is None and self.mood.index >= s.won_mood:
            blocking = self.missing_for_win()
            if blocking:
                notes.append("on side, but not closed yet: still missing " + "; ".join(blocking))
        reply, reply_to = self._reply(outcome, reason, heard, counted, context, new_topics, refused)
        if outcome:
            outcome = "lost" if outcome == "deadline" else outcome
            self.outcome, self.end_reason = outcome, reason
        self._expecting = _asks(reply) and outcome is None
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
            notes=tuple(notes),
        )
        self.turns.append(turn)
        self._said.append(normalize(text))
        return turn

    def _role(self, bid: str) -> str:
        return self._roles.get(bid, "")

    def _in_context(
        self, heard: Heard, number: int, text: str
    ) -> tuple[list[Detection], list[tuple[str, str]], list[str]]:
        """Which of what was heard counts here, what the context adds, and why (in words).

        A line is judged as a customer would: a keyword list or chit-chat earns nothing, a
        stack of stock phrases sounds scripted, a good move earns once per stretch of the call
        (until the conversation moves on to a new topic), and a question the customer just
        asked should be answered before anything else.
        """
        s = self.scenario
        acts = heard.acts
        counted = list(heard.behaviors)
        context: list[tuple[str, str]] = []
        notes: list[str] = []
        good = [d for d in counted if s.move_for(d.id) > 0 and d.id != REPETITION]
        if acts and all(a == "fragment" for a in acts):
            context.append(("fragment", "a list of words, not a sentence"))
            notes.append("a fragment earns nothing")
            return [], context, notes
        chatty = {"small_talk", "acknowledgement", "fragment", "other_question"}
        substance = any(self._role(d.id) not in ("", "question") for d in counted)
        if (
            "small_talk" in acts
            and all(a in chatty for a in acts)
            and not heard.topics
            and not substance
        ):
            if self.mood.index <= s.start:
                context.append(("small_talk", "chit-chat while they are upset"))
            notes.append("small talk is not a clarifying question")
        # Only the rubric's formula moves (owning, sorry, sympathy, a question, a promise) can
        # be stacked like a script; a scenario's own good moves are specific by nature.
        formula = [
            d
            for d in counted
            if d.id in s.rubric.behaviors and self._role(d.id) in _FORMULA_ROLES
        ]
        if len(formula) >= 3 and len(text.split()) < 5 * len(formula):
            context.append(("scripted", "a string of stock phrases"))
            notes.append("stock phrases stacked in one short line sound scripted; none count")
            counted = [d for d in counted if d not in good and d not in formula]
            good = []
        for d in good:
            landed = any(t.sentence == d.sentence for t in heard.topics)
            if d.id in self._credited and not landed:
                counted.remove(d)
                notes.append(f"{d.id.replace('_', ' ')} already counted in this stretch")
            else:
                self._credited.add(d.id)
        answered = {"statement", "proposal", "acknowledgement"}
        engaged = bool(heard.topics)  # a question that opens a topic is not a dodge
        if self._expecting and number > 1 and acts and not answered & set(acts) and not engaged:
            context.append(("dodge", "their question went unanswered"))
            notes.append("the customer's question was not answered")
        return counted, context, notes

    def _stage_of(self, tid: str) -> int:
        """Where a topic sits in the story (topics in no stage come first)."""
        stages = self.scenario.stages
        return next((i for i, st in enumerate(stages) if tid in st.topics), -1)

    def _stage_missing_before(self, tid: str) -> str:
        """The first required stage before ``tid``'s own that is not reached yet ('' if none)."""
        stages = self.scenario.stages
        own = self._stage_of(tid)
        if own < 0:
            return ""
        reached = self.stages_reached()
        for st in stages[:own]:
            if st.required and st.id not in reached:
                return f"the step '{st.title}'"
        return ""

    def stages_reached(self) -> list[str]:
        """The stages reached so far, in order (a stage counts once its earlier ones have)."""
        out = []
        for st in self.scenario.stages:
            got = sum(1 for t in st.topics if t in self.covered)
            got += sum(1 for b in st.behaviors if b in self._heard_ever)
            if got < st.at_least:
                break
            out.append(st.id)
        return out

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

    def _score(
        self, number: int, counted: list[Detection], heard: Heard, new_topics: list[str]
    ) -> list[ScoreEvent]:
        """Points for what counted in context; what was heard but did not count earns none."""
        events: list[ScoreEvent] = []
        repeated = heard.get(REPETITION) is not None
        for det in counted:
            if self._role(det.id) == "question" and repeated:
                continue  # only distinct questions earn
            events += self.ledger.record(number, det.id, det.evidence)
        topic_evidence = {d.id: d.evidence for d in heard.topics}
        for tid in new_topics:
            kind = "question" if self.scenario.topics[tid].kind == "question" else "proposal"
            events += self.ledger.record(number, "topic", topic_evidence[tid])
            events += self.ledger.record(number, f"topic_{kind}", topic_evidence[tid])
        return events

    def _check_end(self, number: int, forgiving: bool = False) -> tuple[str | None, str]:
        s = self.scenario
        if self.mood.index <= s.lost_mood:
            return "lost", f"the customer's mood fell to {s.scale[s.lost_mood]}"
        if self.strikes >= self.level.strikes and not forgiving:
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
        reached = self.stages_reached()
        missing += [
            f"the step '{st.title}'" for st in s.stages if st.required and st.id not in reached
        ]
        return missing

    def _reply(
        self,
        outcome: str | None,
        reason: str,
        heard: Heard,
        counted: list[Detection],
        context: list[tuple[str, str]],
        new_topics: list[str],
        refused: list[str],
    ) -> tuple[str, str]:
        """Closing line; else what went wrong; else the context (a list, chit-chat, a dodge);
        else the topics landed; else a reaction to what counted; else a fallback for the mood."""
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
        generic = [
            b
            for b in ids
            if b in s.reactions and (self._role(b) in _NEGATIVE_ROLES or b == REPETITION)
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
        for tid in (new_topics + refused)[:MAX_TOPIC_ANSWERS]:
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
        done = set(self.covered)
        ready = [i for i, line in enumerate(lines) if done.issuperset(line.after)]
        if not ready:
            spare = self.scenario.fallback.at(self.mood.index)
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
