"""Money in people's words."""

from __future__ import annotations

from typing import Any


def dollars(cents: Any) -> str:
    cents = int(cents or 0)
    return f"{'-' if cents < 0 else ''}${abs(cents) // 100:,}.{abs(cents) % 100:02d}"
