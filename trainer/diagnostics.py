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
    "TCT030": "conversation test failed to load",
}
