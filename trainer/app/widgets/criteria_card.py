"""Each criterion's score with the trainee's own words as evidence, turn by turn."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from trainer.app.looks import humanize, points_text
from trainer.engine.scoring import Scorecard
from trainer.report.words import tip_title


def criteria_text(card: Scorecard) -> Content:
    parts: list[str | Content | tuple[str, str]] = []
    for c in card.criteria.values():
        style = "$success" if c.score >= 70 else "$warning" if c.score >= 40 else "$error"
        parts += [(f"{c.title:<24}", "bold"), (f"{c.score:>4}", f"bold {style}"), "\n"]
        if not c.events:
            parts += [("    nothing you said counted here\n", "italic $text-muted")]
        for e in c.events:
            parts += [
                "    ",
                points_text(e.points),
                (f"  turn {e.turn}, {humanize(e.on)}: ", "$text-muted"),
                (f"“{e.evidence}”", "italic"),
                "\n",
            ]
    return Content.assemble(*parts).rstrip()


def tips_text(card: Scorecard) -> Content:
    if not card.tips:
        return Content.styled(
            "No weak spots this time: every criterion is at 70 or above.", "$success"
        )
    parts: list[str | Content | tuple[str, str]] = []
    for cid, tip in card.tips:
        title = tip_title(cid, {k: c.title for k, c in card.criteria.items()})
        parts += [(f"{title}: ", "bold $warning"), tip, "\n"]
    return Content.assemble(*parts).rstrip()


class CriteriaCard(Static):
    def __init__(self, card: Scorecard, *, id: str | None = None) -> None:
        super().__init__(criteria_text(card), id=id)


class Tips(Static):
    def __init__(self, card: Scorecard, *, id: str | None = None) -> None:
        super().__init__(tips_text(card), id=id)
