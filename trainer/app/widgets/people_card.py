"""A hot seat's scores: each person's criteria from the events of their own turns, and the team.

The per-person numbers are trainer.store.records's, the ones the history saves and the session
report shows: a turn is credited once, to who typed it, in the call where it was typed, so
after a rewind the replayed turns are the first try's and a branch's rows count only the lines
typed after it.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from trainer.engine.call import Call
from trainer.store import PersonRow, person_rows, turn_record


def call_people(call: Call, speakers: Sequence[str], replayed: int = 0) -> tuple[PersonRow, ...]:
    """Each speaker's row for a live call, as the history will save it (``replayed``: the
    first turns, taken over from the try this call was rewound from)."""
    turns = [
        turn_record(turn, who, inherited=i < replayed)
        for i, (turn, who) in enumerate(zip(call.turns, speakers, strict=False))
    ]
    return person_rows(turns, call.scenario.scale, call.scenario.rubric)


def _cell(score: int) -> tuple[str, str]:
    style = "$success" if score >= 70 else "$warning" if score >= 40 else "$error"
    return (f"{score:>7}", style)


def people_text(call: Call, speakers: Sequence[str], replayed: int = 0) -> Content:
    team = call.scorecard()
    ids = list(team.criteria)
    parts: list[str | Content | tuple[str, str]] = [(f"{'':<14}{'lines':>6}", "$text-muted")]
    for cid in ids:
        parts.append((f"{team.criteria[cid].title[:7]:>8}", "$text-muted"))
    parts.append((f"{'overall':>9}\n", "$text-muted"))
    rows = [
        (p.name, p.scores, p.overall or 0, p.turns) for p in call_people(call, speakers, replayed)
    ]
    rows.append(("Team", team.as_numbers(), team.overall, len(call.turns)))
    for who, scores, overall, said in rows:
        parts += [(f"{who[:14]:<14}", "bold"), (f"{said:>6}", "$text-muted")]
        for cid in ids:
            parts += [" ", _cell(scores[cid])]
        parts += ["  ", _cell(overall), "\n"]
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
