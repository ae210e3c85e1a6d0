"""Each criterion's score over the trainee's calls: a plotext chart, or sparklines as text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int]) -> str:
    """Scores 0-100 as one block character each."""
    return "".join(BARS[min(len(BARS) - 1, max(0, v) * len(BARS) // 101)] for v in values)


def sparklines(series: Mapping[str, Sequence[int]]) -> Content:
    if not series:
        return Content.styled(
            "No finished calls yet: the trend appears after the first.", "$text-muted"
        )
    width = max(len(name) for name in series)
    parts: list[str | tuple[str, str]] = []
    for name, values in series.items():
        parts += [(f"{name:<{width}}  ", "bold"), (sparkline(values), "$accent")]
        parts += [(f"  {values[-1]:>3} now, best {max(values)}\n", "$text-muted")]
    return Content.assemble(*parts).rstrip()


class TrendChart(Vertical):
    """``show(series)``: criterion title -> scores, oldest first. Text if plotext is missing."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.series: dict[str, list[int]] = {}

    def compose(self) -> ComposeResult:
        try:
            from textual_plotext import PlotextPlot
        except ImportError:
            pass
        else:
            yield PlotextPlot(id="trend-plot")
        yield Static(id="trend-text")

    def show(self, series: Mapping[str, Sequence[int]]) -> None:
        self.series = {k: list(v) for k, v in series.items()}
        self.query_one("#trend-text", Static).update(sparklines(self.series))
        plots = self.query("#trend-plot")
        if not plots:
            return
        widget = plots.first()
        widget.display = any(len(v) > 1 for v in self.series.values())
        plt = widget.plt  # type: ignore[attr-defined]
        plt.clear_data()
        plt.title("Scores per criterion, oldest call first")
        plt.ylim(0, 100)
        longest = max((len(v) for v in self.series.values()), default=1)
        plt.xticks(list(range(1, longest + 1)))
        plt.xlabel("call")
        for name, values in self.series.items():
            plt.plot(list(range(1, len(values) + 1)), values, label=name, marker="braille")
        widget.refresh()
