"""The mood's path over the call as a step chart on the scenario's scale (text, no plot lib)."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from trainer.app.looks import mood_label, mood_style
from trainer.engine.models import Scenario


class MoodChart(Widget):
    """Rows are mood levels (best at the top), columns are turns (0 is the opening)."""

    def __init__(self, scenario: Scenario, path: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scenario = scenario
        self.path = path

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self.scenario.scale) + 1

    def render(self) -> Content:
        s = self.scenario
        levels = [s.scale.index(m) for m in self.path]
        label_w = max(len(mood_label(m)) for m in s.scale) + 1
        room = max(1, self.size.width - label_w - 1)
        cell = max(2, min(5, room // max(1, len(levels))))
        lines: list[Content] = []
        for row in range(len(s.scale) - 1, -1, -1):
            name = s.scale[row]
            style = mood_style(s, name)
            parts: list[str | Content | tuple[str, str]] = [
                (f"{mood_label(name):>{label_w - 1}} ", "$text-muted"),
                ("┤", "$text-muted"),
            ]
            for i, cur in enumerate(levels):
                parts.append((self._cell(row, cur, levels[i - 1] if i else cur, cell), style))
            lines.append(Content.assemble(*parts))
        axis: list[str | Content | tuple[str, str]] = [" " * label_w, " "]
        for i in range(len(levels)):
            axis.append((f"{'start' if i == 0 and cell >= 5 else i:<{cell}}", "$text-muted"))
        lines.append(Content.assemble(*axis))
        return Content("\n").join(lines)

    @staticmethod
    def _cell(row: int, cur: int, prev: int, width: int) -> str:
        """Width characters of the step line at ``row`` for one column."""
        line = "━" * (width - 1)
        if cur == prev:
            return "━" + line if row == cur else " " * width
        low, high = min(cur, prev), max(cur, prev)
        if row == cur:
            return ("┏" if cur > prev else "┗") + line
        if row == prev:
            return ("┛" if cur > prev else "┓") + " " * (width - 1)
        if low < row < high:
            return "┃" + " " * (width - 1)
        return " " * width
