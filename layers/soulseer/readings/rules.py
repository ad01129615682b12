"""The configurable rules of a reading (environment variables set by template.yaml)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class ReadingRules:
    tick_seconds: int
    join_timeout_seconds: int
    free_intro_minutes: int
    disconnect_grace_seconds: int  # the pause allowance of a reading, cumulative from the first drop
    max_minutes: int
    ticks_per_execution: int
    heartbeat_window_seconds: int = 45  # a participant silent for longer is away
    low_balance_minutes: int = 2
    transcript_max_messages: int = 1000
    message_max_chars: int = 2000


@lru_cache(maxsize=1)
def rules() -> ReadingRules:
    env = os.environ
    return ReadingRules(
        tick_seconds=int(env.get("BILLING_TICK_SECONDS", "60")),
        join_timeout_seconds=int(env.get("JOIN_TIMEOUT_SECONDS", "60")),
        free_intro_minutes=int(env.get("FREE_INTRO_MINUTES", "3")),
        disconnect_grace_seconds=int(env.get("DISCONNECT_GRACE_SECONDS", "60")),
        max_minutes=int(env.get("MAX_READING_MINUTES", "240")),
        ticks_per_execution=int(env.get("TICKS_PER_EXECUTION", "2000")),
        heartbeat_window_seconds=int(env.get("HEARTBEAT_WINDOW_SECONDS", "45")),
    )
