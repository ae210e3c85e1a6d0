"""Finished, status and passed: worked out the same way for a history line and a full record."""

from __future__ import annotations

from typing import Any, Protocol


class _CallResult(Protocol):
    @property
    def mode(self) -> str: ...
    @property
    def finished_at(self) -> str | None: ...
    @property
    def outcome(self) -> str | None: ...
    @property
    def overall(self) -> int | None: ...
    @property
    def pass_mark(self) -> int: ...


class Outcome:
    """Mixin for a record with mode, finished_at, outcome, overall and pass_mark."""

    @property
    def finished(self: _CallResult) -> bool:
        return self.finished_at is not None

    @property
    def status(self: _CallResult) -> str:
        """won / lost / open once finished; ``unfinished`` while running or after a crash."""
        return (self.outcome or "open") if self.finished_at is not None else "unfinished"

    @property
    def passed(self: _CallResult) -> bool:
        """Only a finished, won assessment at or above the pass mark counts as a pass."""
        return (
            self.finished_at is not None
            and self.mode == "assessment"
            and self.outcome == "won"
            and (self.overall or 0) >= self.pass_mark
        )


def criterion_scores(card: dict[str, Any]) -> dict[str, int]:
    """``{criterion id: score}`` from a stored scorecard."""
    return {str(c["id"]): int(c["score"]) for c in card.get("criteria", [])}
