"""Problems found in an author's file, reported the way compilers report them.

Every problem carries a stable code, a location and, where we know one, a fix, so an author
(or an editor reading ``--json``) can act on it without reading our source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = "error"
    fix: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity} {self.code}: {self.message}"
        if self.fix:
            text += f" ({self.fix})"
        return text

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class InvalidFile(Exception):
    """Raised when a file cannot be turned into a model; carries every problem found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


# Stable codes. Never renumber: editors and CI scripts match on them.
CODES: dict[str, str] = {
    "TCT001": "file cannot be read or decoded",
    "TCT002": "YAML syntax error",
    "TCT003": "empty file",
    "TCT004": "YAML tag that would construct an object",
    "TCT005": "too many aliases (a YAML bomb?)",
    "TCT006": "duplicate mapping key",
    "TCT010": "unknown key",
    "TCT011": "missing required key",
    "TCT012": "wrong type",
    "TCT013": "value not allowed",
    "TCT020": "reference to an unknown rubric",
    "TCT021": "reference to an unknown behaviour",
    "TCT022": "reference to an unknown mood",
    "TCT023": "reference to an unknown topic",
    "TCT024": "duplicate id",
    "TCT025": "invalid regular expression",
    "TCT026": "reference to an unknown criterion",
    "TCT027": "unknown scenario",
    "TCT028": "listener model cannot be loaded",
    "TCT029": "neutral corpus cannot be read",
    "TCT030": "conversation test failed to load",
    "TCT031": "reference to an unknown concept",
    # trainer test
    "TCT040": "conversation test expectation not met",
    "TCT041": "conversation test realism check failed",
    "TCT042": "phrase-bank sample heard wrongly",
    "TCT043": "behaviour heard from examples below the bar on its samples",
    # trainer lint (see trainer/authoring/lint.py RULES and docs/authoring.md)
    "TCT101": "mood level can never be reached",
    "TCT102": "mood level with no way out",
    "TCT103": "the winning mood can never be reached",
    "TCT104": "a required topic can never land",
    "TCT105": "more topics needed for a win than can be covered",
    "TCT106": "the call can never be lost",
    "TCT107": "mood band whose lines can never be said",
    "TCT108": "strike behaviour with no customer reaction",
    "TCT109": "scenario has no conversation test",
    "TCT110": "topic no conversation test covers",
    "TCT111": "phrase-bank entries too close to tell apart",
    "TCT112": "undefined {placeholder} in a line",
    "TCT113": "duplicate variant in a list",
    "TCT114": "near-duplicate variant in a list",
    "TCT115": "topic deadline after the turn limit",
    "TCT116": "optional topic can never land",
    "TCT117": "topic or scenario behaviour heard in the neutral corpus",
    "TCT118": "two topics too close to tell apart",
    "TCT119": "reply refers to what a topic brings up before it is covered",
    # trainer explore
    "TCT201": "the engine crashed during a playthrough",
    "TCT202": "no win within the turn limit with the scenario's own phrases",
    "TCT203": "dead end: nothing the trainee says changes the call",
    "TCT204": "trap: the call can no longer be won",
    "TCT205": "no playthrough ends before the turn limit",
}
