"""Conditional writes: a condition that does not hold is an answer, not an error."""

from __future__ import annotations

from collections.abc import Callable

from pynamodb.exceptions import DeleteError, PutError, UpdateError

CONDITION_FAILED = "ConditionalCheckFailedException"


def applied(write: Callable[[], object]) -> bool:
    """Runs one conditional write; False when its condition did not hold (other failures propagate)."""
    try:
        write()
    except (PutError, UpdateError, DeleteError) as error:
        if error.cause_response_code != CONDITION_FAILED:
            raise
        return False
    return True
