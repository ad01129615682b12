"""The configurable rules of a reading (environment variables set by template.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from soulseer.config import ReadingSettings, settings_for


@dataclass(frozen=True)
class ReadingRules:
    tick_seconds: int
    join_timeout_seconds: int
    free_intro_minutes: int
    disconnect_grace_seconds: int  # the pause allowance of a reading, cumulative from the first drop
    max_minutes: int
    ticks_per_execution: int
    heartbeat_window_seconds: int  # a participant silent for longer is away
    low_balance_minutes: int = 2
    transcript_max_messages: int = 1000
    message_max_chars: int = 2000


@lru_cache(maxsize=1)
def rules() -> ReadingRules:
    env = settings_for(ReadingSettings)
    return ReadingRules(
        tick_seconds=env.BILLING_TICK_SECONDS,
        join_timeout_seconds=env.JOIN_TIMEOUT_SECONDS,
        free_intro_minutes=env.FREE_INTRO_MINUTES,
        disconnect_grace_seconds=env.DISCONNECT_GRACE_SECONDS,
        max_minutes=env.MAX_READING_MINUTES,
        ticks_per_execution=env.TICKS_PER_EXECUTION,
        heartbeat_window_seconds=env.HEARTBEAT_WINDOW_SECONDS,
    )
