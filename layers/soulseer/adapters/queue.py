"""The presence queue (SQS): work that must not run inline, delivered to the presence function."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from soulseer.adapters import aws
from soulseer.config import PresenceSettings, settings_for

MAX_DELAY_SECONDS = 900  # SQS DelaySeconds limit


@lru_cache(maxsize=1)
def _client() -> Any:
    return aws.client("sqs")


def send(message: dict[str, Any], delay_seconds: int = 0) -> None:
    """Queues one message; `delay_seconds` (at most 15 minutes) holds it back before delivery."""
    _client().send_message(
        QueueUrl=settings_for(PresenceSettings).PRESENCE_QUEUE_URL,
        MessageBody=json.dumps(message, separators=(",", ":")),
        DelaySeconds=max(0, min(int(delay_seconds), MAX_DELAY_SECONDS)),
    )
