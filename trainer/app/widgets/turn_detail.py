"""One turn taken apart for review: heard, mood, points, and a stronger line when it cost."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from trainer.app.looks import humanize, mood_text, points_text
from trainer.engine.call import Call, Turn
from trainer.engine.coach import better_line
from trainer.report.words import readable, unique


def turn_text(call: Call, turn: Turn) -> Content:
    s = call.scenario
    parts: list[str | Content | tuple[str, str]] = [
        (f"Turn {turn.number} of {len(call.turns)}\n\n", "bold"),
        ("You said\n", "bold $accent"),
        (turn.trainee, ""),
        "\n\n",
        (f"{s.customer.name} replied\n", "bold $primary"),
        turn.customer,
        "\n\n",
        ("What the listener heard\n", "bold"),
    ]
    if not turn.heard.behaviors and not turn.topics and not turn.topics_refused:
        parts.append(("  nothing in particular\n", "italic $text-muted"))
    for det in turn.heard.behaviors:
        parts += [
            "  • ",
            (humanize(det.id), "bold $accent"),
            ": ",
            (f"“{det.evidence}”", "italic"),
            "\n",
        ]
    for tid in turn.topics:
        parts += ["  • topic ", (f"‘{s.topics[tid].title}’", "bold $accent"), " uncovered\n"]
    for tid in turn.topics_refused:
        parts += [
            "  • topic ",
            (f"‘{s.topics[tid].title}’", "bold $warning"),
            " asked too early: the mood was too low\n",
        ]
    for note in turn.notes:  # the engine's word on what was heard but did not count, and why
        parts += ["  • ", ("did not count: ", "bold $warning"), (note, "$text-muted"), "\n"]
    parts += ["\n", ("How the mood moved\n", "bold"), "  "]
    if turn.mood_before == turn.mood_after:
        parts += ["stayed ", mood_text(s, turn.mood_after), "\n"]
    else:
        parts += [mood_text(s, turn.mood_before), " → ", mood_text(s, turn.mood_after), "\n"]
    for why in unique(c.why for c in turn.changes):
        parts += ["  • ", (readable(why, s.scale), "$text-muted"), "\n"]
    parts += ["\n", ("What the rubric counted\n", "bold")]
    if not turn.score_events:
        parts.append(("  no points either way\n", "italic $text-muted"))
    for e in turn.score_events:
        title = (
            s.rubric.criteria[e.criterion].title
            if e.criterion in s.rubric.criteria
            else e.criterion
        )
        parts += [
            "  ",
            points_text(e.points),
            f" {title}",
            (f" for {humanize(e.on)}\n", "$text-muted"),
        ]
    better = better_line(call, turn)
    if better:
        parts += ["\n", ("A stronger line\n", "bold $success"), (f"  “{better}”", "italic")]
    return Content.assemble(*parts).rstrip()


class TurnDetail(Static):
    def __init__(self, call: Call, turn: Turn, *, id: str | None = None) -> None:
        super().__init__(turn_text(call, turn), id=id)
        self.call = call
        self.turn = turn

    def show(self, turn: Turn) -> None:
        self.turn = turn
        self.update(turn_text(self.call, turn))
