"""Pure domain pieces: opaque cursors and the rating sort key."""

from __future__ import annotations

import pytest

from soulseer.errors import DomainError
from soulseer.pagination import decode_cursor, encode_cursor
from soulseer.readers import rating_rank

KEYS = frozenset({"reader_id", "listing", "rating_rank"})


def test_cursor_round_trip() -> None:
    key = {"reader_id": "user_1", "listing": "reader", "rating_rank": "450#user_1"}
    cursor = encode_cursor(key)
    assert "=" not in cursor and "user_1" not in cursor
    assert decode_cursor(cursor, KEYS) == key


@pytest.mark.parametrize(
    "cursor",
    [
        "***",
        "bm90IGpzb24",  # "not json"
        encode_cursor({"reader_id": "x"}),  # wrong keys
        encode_cursor({"reader_id": "x", "listing": "reader", "rating_rank": ""}),
    ],
)
def test_bad_cursors_are_validation_errors(cursor: str) -> None:
    with pytest.raises(DomainError) as caught:
        decode_cursor(cursor, KEYS)
    assert caught.value.code == "invalid_cursor" and caught.value.status == 400


def test_rating_rank_sorts_by_average_then_id() -> None:
    ranks = [rating_rank(0, 0, "b"), rating_rank(5, 1, "a"), rating_rank(9, 2, "c"), rating_rank(14, 3, "d")]
    assert ranks == ["000#b", "500#a", "450#c", "466#d"]
    assert sorted(ranks, reverse=True) == ["500#a", "466#d", "450#c", "000#b"]
