"""The one clock: aware UTC datetimes. Domain modules take `utcnow` from here (the models module re-exports
it for the stores), so nothing outside the stores imports the PynamoDB models for the time."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
