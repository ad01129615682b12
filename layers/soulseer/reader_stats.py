"""What a reader's profile counts about their readings (readings completed, response time), kept by the
reading lifecycle; readers.to_public shows them."""

from __future__ import annotations

from soulseer.conditional import applied
from soulseer.models import ReaderProfileModel


def reading_completed(reader_id: str) -> None:
    """A reading of theirs ended after it was active: counted on the profile."""
    applied(
        lambda: ReaderProfileModel(reader_id).update(
            actions=[ReaderProfileModel.readings_completed.add(1)], condition=ReaderProfileModel.reader_id.exists()
        )
    )


def record_response(reader_id: str, seconds: int) -> None:
    """The reader answered a request after `seconds`: kept for their average response time."""
    applied(
        lambda: ReaderProfileModel(reader_id).update(
            actions=[
                ReaderProfileModel.response_seconds_total.add(max(0, seconds)),
                ReaderProfileModel.response_count.add(1),
            ],
            condition=ReaderProfileModel.reader_id.exists(),
        )
    )
