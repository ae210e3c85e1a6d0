"""A hot seat's scores: each person's criteria from the events of their own turns, and the team.

Counted like the session report (trainer.report.model.people): a turn is credited once, to
who said it, in the call where it was said; the turns a rewind replays from the first try
are that try's, so a branch's rows count only the lines said after the rewind.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from trainer.engine.call import Call, Turn
from trainer.engine.scoring import Ledger, Scorecard


def own_turns(call: Call, speakers: Sequence[str], replayed: int = 0) -> list[tuple[Turn, str]]:
    """(turn, who said it) for the turns said in this call, not replayed from a first try."""
    return list(zip(call.turns, speakers, strict=False))[replayed:]


def person_cards(
    call: Call, speakers: Sequence[str], replayed: int = 0
) -> dict[str, Scorecard]:
    """Each speaker's scorecard, folded from the score events of the turns they said."""
    mine = own_turns(call, speakers, replayed)
    ledgers = {name: Ledger(call.scenario.rubric) for name in dict.fromkeys(w for _, w in mine)}
    for turn, who in mine:
        ledgers[who].events.extend(turn.score_events)
    return {name: ledger.scorecard() for name, ledger in ledgers.items()}


def _cell(score: int) -> tuple[str, str]:
    style = "$success" if score >= 70 else "$warning" if score >= 40 else "$error"
    return (f"{score:>7}", style)


def people_text(call: Call, speakers: Sequence[str], replayed: int = 0) -> Content:
    team = call.scorecard()
    cards = person_cards(call, speakers, replayed)
    mine = own_turns(call, speakers, replayed)
    lines = {who: sum(1 for _, s in mine if s == who) for who in cards}
    ids = list(team.criteria)
    parts: list[str | Content | tuple[str, str]] = [(f"{'':<14}{'lines':>6}", "$text-muted")]
    for cid in ids:
        parts.append((f"{team.criteria[cid].title[:7]:>8}", "$text-muted"))
    parts.append((f"{'overall':>9}\n", "$text-muted"))
    rows = [(who, card, str(lines[who])) for who, card in cards.items()]
    rows.append(("Team", team, str(len(call.turns))))
    for who, card, said in rows:
        parts += [(f"{who[:14]:<14}", "bold"), (f"{said:>6}", "$text-muted")]
        for cid in ids:
            parts += [" ", _cell(card.criteria[cid].score)]
        parts += ["  ", _cell(card.overall), "\n"]
    if replayed:
        parts.append(
            (f"Turns 1-{replayed} were replayed from the first try and count there.", "$text-muted")
        )
    return Content.assemble(*parts).rstrip()


class PeopleCard(Static):
    """Scores per person and for the team (each person's from their own lines only)."""

    def __init__(
        self, call: Call, speakers: Sequence[str], replayed: int = 0, *, id: str | None = None
    ) -> None:
        super().__init__(people_text(call, speakers, replayed), id=id)
