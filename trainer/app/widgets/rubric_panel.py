"""The live rubric: what was heard in the last line, and each criterion's running score."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from trainer.app.looks import humanize, points_text
from trainer.engine.call import Turn
from trainer.engine.scoring import Scorecard


def heard_text(turn: Turn | None) -> Content:
    if turn is None:
        return Content.styled("Say something: what the listener hears appears here.", "$text-muted")
    parts: list[str | Content | tuple[str, str]] = [
        ("Last line (turn ", "bold"),
        (str(turn.number), "bold"),
        (")\n", "bold"),
    ]
    if not turn.heard.behaviors and not turn.topics:
        parts.append(("nothing in particular", "$text-muted"))
    for det in turn.heard.behaviors:
        parts += [
            "• ",
            (humanize(det.id), "bold $accent"),
            "\n  ",
            (f"“{det.evidence}”", "italic $text-muted"),
            "\n",
        ]
    for tid in turn.topics:
        parts += ["• topic: ", (humanize(tid), "bold $accent"), "\n"]
    for tid in turn.topics_refused:
        parts += [
            "• not yet: ",
            (humanize(tid), "$warning"),
            (" (mood too low to answer)", "$text-muted"),
            "\n",
        ]
    if turn.score_events:
        parts.append(("\nPoints\n", "bold"))
        for e in turn.score_events:
            # what earned or cost it: one sentence can score a criterion twice (a question,
            # and the topic it asks about), and the two lines should not look alike
            parts += [points_text(e.points), " ", humanize(e.criterion)]
            parts += [(f" ({humanize(e.on)})", "$text-muted"), "\n"]
    return Content.assemble(*parts)


def short(title: str, width: int = 15) -> str:
    return title if len(title) <= width else title[: width - 1] + "…"


def scores_text(card: Scorecard) -> Content:
    parts: list[str | Content | tuple[str, str]] = [("Scores so far\n", "bold")]
    for c in card.criteria.values():
        filled = round(c.score / 12.5)
        bar = "█" * filled + "░" * (8 - filled)
        style = "$success" if c.score >= 70 else "$warning" if c.score >= 40 else "$error"
        parts += [f"{short(c.title):<15} ", (bar, style), f" {c.score:>3}\n"]
    parts += [("Overall", "bold"), " " * 18, (f"{card.overall:>3}", "bold")]
    return Content.assemble(*parts)


class RubricPanel(VerticalScroll):
    """Shown in practice mode; the screen hands it the last turn and the scorecard."""

    can_focus = False

    def compose(self) -> ComposeResult:
        yield Static(id="heard")
        yield Static(id="scores")

    def show(self, turn: Turn | None, card: Scorecard) -> None:
        self.query_one("#heard", Static).update(heard_text(turn))
        self.query_one("#scores", Static).update(scores_text(card))
