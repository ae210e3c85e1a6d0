"""History: the trainee's calls, the trend per criterion, bests per scenario, and reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from trainer.app.widgets.trend_chart import TrendChart
from trainer.store import CallSummary, Store

if TYPE_CHECKING:
    from trainer.app.recorder import Recorder

OUTCOME_STYLE = {"won": "green", "lost": "red"}


def _report(store: Store, call_id: int) -> Path:
    """Render the call's debrief to HTML beside the history (runs in the history worker)."""
    from trainer.report import call_report, render

    html = render(call_report(store, call_id), "html")
    folder = Path(store.path).parent / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"call-{call_id}.html"
    out.write_text(html, "utf-8")
    return out


def trend(calls: list[CallSummary]) -> dict[str, list[int]]:
    """Criterion -> scores over finished calls, oldest first."""
    series: dict[str, list[int]] = {}
    for c in sorted(calls, key=lambda c: c.started_at):
        if not c.finished:
            continue
        for cid, score in c.scores.items():
            series.setdefault(cid.replace("_", " "), []).append(score)
    return series


class HistoryScreen(Screen[None]):
    """Loads in the history worker; ``r`` writes the highlighted call's report to HTML."""

    BINDINGS = [
        Binding("r", "report", "Report (HTML)"),
        Binding("escape,h", "app.go_home", "Home"),
    ]

    def __init__(self, trainee: str, recorder: Recorder | None) -> None:
        super().__init__()
        self.trainee = trainee
        self.recorder = recorder
        self.calls: list[CallSummary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="history-body"):
            yield Static(
                Content.assemble(("History of ", "bold"), (self.trainee, "bold $accent")),
                id="history-title",
            )
            table: DataTable[str | Text] = DataTable(id="history-calls", cursor_type="row")
            yield table
            with Horizontal(id="history-lower"):
                yield TrendChart(id="trend")
                yield Static(id="bests")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "when", "scenario", "outcome", "score", "criteria", "lines")
        table.focus()
        self.query_one("#bests", Static).update(Content.styled("Loading…", "$text-muted"))
        if self.recorder is None:
            return
        name = self.trainee
        self.recorder.submit(
            lambda store: (store.calls(trainee=name), store.best_scores(name), store.calls()),
            self._loaded,
            self._failed,
        )

    def _failed(self, message: str) -> None:
        self.query_one("#bests", Static).update(Content(f"No history: {message}"))

    def _loaded(self, found: tuple[list[CallSummary], dict[str, int], list[CallSummary]]) -> None:
        calls, best, everyone = found
        titles = {c.scenario_id: c.scenario_title for c in everyone}
        self.calls = calls
        table = self.query_one(DataTable)
        table.clear()
        for c in calls:
            outcome = c.outcome if c.finished else c.status
            crit = " ".join(f"{k[:4]} {v}" for k, v in c.scores.items())
            table.add_row(
                str(c.id),
                c.started_at[:16].replace("T", " "),
                Text(c.scenario_title),  # YAML text: never markup
                Text(outcome or "", OUTCOME_STYLE.get(outcome or "", "")),
                "" if c.overall is None else str(c.overall),
                crit,
                str(c.turns),
                key=str(c.id),
            )
        self.query_one(TrendChart).show(trend(calls))
        parts: list[str | tuple[str, str]] = [("Best per scenario\n", "bold")]
        for sid, score in sorted(best.items()):
            parts += [(f"{score:>4}  ", "bold $accent"), f"{titles.get(sid, sid)}\n"]
        if not best:
            parts.append(("no finished calls yet", "$text-muted"))
        self.query_one("#bests", Static).update(Content.assemble(*parts).rstrip())

    @property
    def selected(self) -> CallSummary | None:
        table = self.query_one(DataTable)
        if not self.calls or table.cursor_row is None or table.cursor_row >= len(self.calls):
            return None
        return self.calls[table.cursor_row]

    @on(DataTable.RowSelected)
    def action_report(self) -> None:
        chosen = self.selected
        if chosen is None or self.recorder is None:
            self.notify("No call to report on.")
            return
        call_id = chosen.id

        def written(path: Path) -> None:
            self.notify(f"Report of call {call_id} written to {path}", title="Report", markup=False)

        def failed(message: str) -> None:
            self.notify(f"No report: {message}", severity="error", markup=False)

        self.recorder.submit(lambda store: _report(store, call_id), written, failed)
