"""Help: what each screen is for and its keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("F1 or ?", "this help"),
            ("Ctrl+P", "command palette: scenarios, hint, rubric, end call, theme"),
            ("Tab / Shift+Tab", "move between fields and buttons"),
            ("Ctrl+Q", "quit"),
        ],
    ),
    (
        "Home",
        [
            ("↑ ↓, Enter", "choose a scenario (or click it)"),
            ("n", "type your name"),
            ("h", "history: your calls, trends per criterion, bests, reports"),
        ],
    ),
    ("Briefing", [("Enter", "start the call"), ("Esc", "back")]),
    (
        "Call",
        [
            ("Enter", "say the line you typed"),
            ("↑ ↓", "recall earlier lines"),
            ("F2", "a hint from the coach (practice)"),
            ("F3", "show or hide the live rubric (practice)"),
            ("F4", "end the call"),
            ("F5 / F7", "hot seat: next speaker / pick who answers next (then press their number)"),
            ("F6", "rewind to an earlier turn and branch (practice; the first try is kept)"),
            ("F8", "with --watch: restart the call on the edited scenario"),
        ],
    ),
    (
        "History",
        [("↑ ↓", "choose a call"), ("r or Enter", "write its HTML report"), ("Esc", "home")],
    ),
    ("Scorecard", [("r", "retry"), ("v", "review the turns"), ("h or Esc", "home")]),
    ("Review", [("← →  (p n)", "previous and next turn"), ("Esc", "back to the scorecard")]),
]


def help_text() -> Content:
    parts: list[str | Content | tuple[str, str]] = [
        ("Tough Call Trainer\n", "bold $accent"),
        "Read the briefing, talk the customer round, then learn from the scorecard.\n"
        "Practice mode shows hints and the live rubric; assessment hides them and gives a verdict.\n",
    ]
    width = max(len(key) for _, keys in SECTIONS for key, _ in keys) + 2  # keys never touch text
    for title, keys in SECTIONS:
        parts += ["\n", (title, "bold"), "\n"]
        for key, what in keys:
            parts += [(f"  {key:<{width}}", "bold $accent"), what, "\n"]
    parts += ["\n", ("Esc to close", "$text-muted")]
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_text())
