"""The outcome banner at the top of the scorecard: won/lost/open, why, overall, pass/fail."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from trainer.app.looks import end_reason
from trainer.app.setup import passed
from trainer.engine.call import Call

OUTCOME = {
    "won": ("WON", "$success"),
    "lost": ("LOST", "$error"),
    "open": ("ENDED WITHOUT A DECISION", "$warning"),
}


def verdict_text(call: Call, assessment: bool) -> Content:
    word, style = OUTCOME.get(call.outcome or "open", OUTCOME["open"])
    card = call.scorecard()
    parts: list[str | Content | tuple[str, str]] = [
        (f" {word} ", f"bold reverse {style}"),
        "  ",
        (end_reason(call), "italic"),
        "\n",
        ("Overall ", "bold"),
        (f"{card.overall}", f"bold {style}"),
        (f" / 100   pass mark {call.scenario.pass_mark}", "$text-muted"),
        (f"   {len(call.turns)} turn(s), {call.difficulty}", "$text-muted"),
    ]
    if assessment:
        ok = passed(call)
        parts += [
            "\n",
            ("Assessment: ", "bold"),
            (" PASSED " if ok else " FAILED ", f"bold reverse {'$success' if ok else '$error'}"),
        ]
        if not ok:
            why = (
                "the call was not won"
                if call.outcome != "won"
                else "the score is under the pass mark"
            )
            parts.append((f"  ({why})", "$text-muted"))
    return Content.assemble(*parts)


class Verdict(Static):
    def __init__(self, call: Call, assessment: bool, *, id: str | None = None) -> None:
        super().__init__(verdict_text(call, assessment), id=id)
