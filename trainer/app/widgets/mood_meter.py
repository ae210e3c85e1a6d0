"""The customer's mood on the scenario's own scale, and why it last moved."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from trainer.app.looks import mood_label, mood_style, mood_text
from trainer.engine.models import Scenario
from trainer.engine.mood import MoodChange
from trainer.report.words import readable, unique


def scale_strip(scenario: Scenario, current: str, sep: str = " › ") -> Content:
    """Every level from worst to best, the current one lit up."""
    parts: list[str | Content | tuple[str, str]] = []
    for i, level in enumerate(scenario.scale):
        if i:
            parts.append((sep, "$text-muted"))
        if level == current:
            parts.append((f" {mood_label(level)} ", f"bold reverse {mood_style(scenario, level)}"))
        else:
            parts.append((mood_label(level), "$text-muted"))
    return Content.assemble(*parts)


def change_line(
    scenario: Scenario, before: str, after: str, changes: Sequence[MoodChange]
) -> Content:
    """'angry → listening: heard ownership (+1); ...' or why nothing moved."""
    whys = [c.why for c in changes if c.moved] or [c.why for c in changes]
    whys = [readable(w, scenario.scale) for w in unique(whys)]
    if before == after:
        head = Content.assemble("still ", mood_text(scenario, after))
    else:
        head = Content.assemble(mood_text(scenario, before), " → ", mood_text(scenario, after))
    if not whys:
        return Content.assemble(head, ("  nothing you said moved the mood", "$text-muted"))
    return Content.assemble(head, ("  " + "; ".join(whys), "$text-muted"))


class MoodMeter(Static):
    """Set :attr:`mood` with :meth:`show`; the screen passes each turn's changes down."""

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scenario = scenario
        self.mood = scenario.scale[scenario.start]
        self.last: Content = Content.styled("How the customer feels right now.", "$text-muted")

    def on_mount(self) -> None:
        self._render_meter()

    def on_resize(self) -> None:
        self._render_meter()

    def show(self, before: str, after: str, changes: Sequence[MoodChange]) -> None:
        self.mood = after
        self.last = change_line(self.scenario, before, after, changes)
        self._render_meter()

    def reset(self, scenario: Scenario, mood: str, note: str = "") -> None:
        """Show ``mood`` with no change line (a rewound or restarted call)."""
        self.scenario = scenario
        self.mood = mood
        self.last = Content.styled(note or "How the customer feels right now.", "$text-muted")
        self._render_meter()

    def _render_meter(self) -> None:
        strip = scale_strip(self.scenario, self.mood)
        if strip.cell_length + 6 > self.content_size.width:
            strip = scale_strip(self.scenario, self.mood, "·")
        self.update(Content.assemble(("Mood  ", "bold"), strip, "\n", self.last))
