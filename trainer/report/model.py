"""What a debrief says, built from the store: the calls, their branches and each person's part.

Renderers read a :class:`Report` and nothing else, so HTML, Markdown and JSON say the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from trainer.report.words import tip_title
from trainer.store import (
    CallRecord,
    PersonRow,
    SessionRecord,
    Store,
    StoreError,
    merge_rows,
    person_rows,
)


@dataclass(frozen=True)
class Report:
    """A debrief of one call's branch tree (``focus`` is the call asked for) or of a session."""

    title: str
    calls: tuple[CallRecord, ...]
    focus: int | None = None
    session: SessionRecord | None = None
    people: tuple[PersonRow, ...] = ()
    generated_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds")
    )

    @property
    def criteria(self) -> list[tuple[str, str]]:
        """(id, title) of every criterion in the report's calls, in first-seen order."""
        seen: dict[str, str] = {}
        for c in self.calls:
            for crit in c.card.get("criteria", []):
                seen.setdefault(str(crit["id"]), str(crit["title"]))
        return list(seen.items())

    @property
    def focus_first(self) -> list[CallRecord]:
        """The calls in id order, the one asked for first."""
        return sorted(self.calls, key=lambda c: (c.id != self.focus, c.id))

    @property
    def per_trainee(self) -> bool:
        """Whether a per-person table says anything: a session, or a call with several speakers."""
        return self.session is not None or any(len(c.speakers) > 1 for c in self.calls)


def call_label(c: CallRecord) -> str:
    if c.parent_uuid:
        return f"Call {c.id} (branch of {c.parent_id or '?'} after turn {c.parent_turn})"
    return f"Call {c.id}"


def negative(c: CallRecord) -> frozenset[str]:
    """The ids this call's scenario counts against the trainee (Scenario.negative_behaviors,
    saved with the call); a call saved before they were kept marks nothing rather than guess."""
    return frozenset(str(b) for b in c.scenario.get("negative", []))


def criterion_title(c: CallRecord, cid: str) -> str:
    """A criterion's title in this call's card; "Overall" for the tip on the whole call."""
    titles = {str(crit["id"]): str(crit["title"]) for crit in c.card.get("criteria", [])}
    return tip_title(cid, titles)


def people(calls: tuple[CallRecord, ...] | list[CallRecord]) -> tuple[PersonRow, ...]:
    """Per-speaker turns, points by criterion, mood steps and behaviours over the calls, and
    each one's best score; counted by trainer.store.records, as the app and the history count.

    A call saved with its per-person rows (a finished hot seat) uses them; any other call's
    are worked out from its turns (no score: the rubric is not kept with the call)."""
    return merge_rows(c.people or person_rows(c.turns, c.scale) for c in calls)


def branch_families(calls: tuple[CallRecord, ...]) -> list[list[CallRecord]]:
    """Calls grouped by branch tree (root uuid), trees with more than one call only."""
    by_uuid = {c.uuid: c for c in calls}

    def root(c: CallRecord) -> str:
        seen = set()
        while c.parent_uuid and c.parent_uuid in by_uuid and c.uuid not in seen:
            seen.add(c.uuid)
            c = by_uuid[c.parent_uuid]
        return c.uuid

    groups: dict[str, list[CallRecord]] = {}
    for c in calls:
        groups.setdefault(root(c), []).append(c)
    return [g for g in groups.values() if len(g) > 1]


def call_report(store: Store, call_id: int) -> Report:
    """A call with every branch of its tree (the root and all rewinds)."""
    family = tuple(store.family(call_id))
    focus = next(c for c in family if c.id == call_id)
    title = f"{focus.title}: {focus.trainee}"
    return Report(title, family, call_id, None, people(family))


def session_report(store: Store, session_id: int) -> Report:
    """Every call of a coach's session, with each trainee's part in them."""
    session = store.load_session(session_id)
    if not session.calls:
        raise StoreError(f"session {session_id} has no calls yet")
    title = session.title or f"Session {session.id}"
    return Report(title, session.calls, None, session, people(session.calls))
