"""Moments as UTC ISO text, so the database sorts and compares them as plain strings."""

from __future__ import annotations

from datetime import UTC, date, datetime

from trainer.store.errors import StoreError


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """The form every ``*_at`` column holds: UTC, to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_since(text: str) -> str:
    """A date or date-time from the user as the ISO text the store compares against."""
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            moment = datetime(d.year, d.month, d.day, tzinfo=UTC)
        else:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
    except ValueError:
        raise StoreError(f"'{text}' is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    return iso(moment)
