"""Pushing events to WebSocket connections through the API Gateway management API."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from aws_lambda_powertools import Logger
from botocore.exceptions import ClientError

from soulseer import monitoring
from soulseer.adapters import aws
from soulseer.config import PushSettings, settings_for
from soulseer.logs import SERVICE
from soulseer.stores import connections

logger = Logger(service=SERVICE, child=True)
GONE = ("GoneException", "410")


class PushFailed(RuntimeError):
    """@connections refused a push for another reason than a gone connection: a permission or
    endpoint error (ForbiddenException), throttling, a payload too large. Counted and alarmed."""


@lru_cache(maxsize=4)
def _client(endpoint: str) -> Any:
    return aws.client("apigatewaymanagementapi", endpoint_url=endpoint)


def push(connection_id: str, message: Mapping[str, Any]) -> bool:
    """Sends one event. A connection that is gone is forgotten (never taken as the end of a reading) and
    False returned; any other refusal raises PushFailed and keeps the connection's state."""
    endpoint = settings_for(PushSettings).WEBSOCKET_MANAGEMENT_URL
    data = json.dumps(message, separators=(",", ":")).encode()
    try:
        _client(endpoint).post_to_connection(ConnectionId=connection_id, Data=data)
        return True
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code not in GONE:
            monitoring.count(monitoring.PUSH_FAILURES)
            logger.error("Push refused", extra={"connection_id": connection_id, "code": code})
            raise PushFailed(f"@connections refused the push ({code or 'unknown error'})") from error
        logger.info("Connection gone; removing it", extra={"connection_id": connection_id})
        connections.forget(connection_id)
        return False
