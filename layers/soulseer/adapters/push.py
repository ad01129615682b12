"""Pushing events to WebSocket connections through the API Gateway management API."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

from aws_lambda_powertools import Logger
from botocore.exceptions import ClientError

from soulseer.adapters import aws
from soulseer.models import ConnectionModel

logger = Logger(child=True)


@lru_cache(maxsize=4)
def _client(endpoint: str) -> Any:
    return aws.client("apigatewaymanagementapi", endpoint_url=endpoint)


def push(connection_id: str, message: dict[str, Any]) -> bool:
    """Sends one event; a connection that is gone is forgotten (never taken as the end of a reading)."""
    endpoint = os.environ["WEBSOCKET_MANAGEMENT_URL"]
    data = json.dumps(message, separators=(",", ":")).encode()
    try:
        _client(endpoint).post_to_connection(ConnectionId=connection_id, Data=data)
        return True
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        if code not in ("GoneException", "410", "ForbiddenException"):
            raise
        logger.info("Connection gone; removing it", extra={"connection_id": connection_id})
        ConnectionModel(connection_id).delete()
        return False
