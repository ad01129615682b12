"""What a reader's profile counts about their readings (readings completed, response time), kept by the
reading lifecycle; readers.to_public shows them."""

from __future__ import annotations

from soulseer.stores import users as store


def reading_completed(reader_id: str) -> None:
    """A reading of theirs ended after it was active: counted on the profile."""
    store.count_reading_completed(reader_id)


def record_response(reader_id: str, seconds: int) -> None:
    """The reader answered a request after `seconds`: kept for their average response time."""
    store.count_response(reader_id, seconds)
