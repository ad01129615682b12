"""Step Functions: the billing loop of a reading and the expiry of an unanswered request."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from botocore.exceptions import ClientError

from soulseer.adapters import aws
from soulseer.config import ReadingSettings, settings_for


@lru_cache(maxsize=1)
def _client() -> Any:
    return aws.client("stepfunctions")


def start(state_machine_arn: str, name: str, payload: Mapping[str, Any]) -> bool:
    """Starts an execution with a deterministic name; a second start of the same name is a no-op."""
    try:
        _client().start_execution(stateMachineArn=state_machine_arn, name=name, input=json.dumps(payload))
        return True
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ExecutionAlreadyExists":
            raise
        return False


def start_billing(session_id: str, payload: Mapping[str, Any], generation: int = 0) -> bool:
    name = session_id if generation == 0 else f"{session_id}-g{generation}"
    return start(settings_for(ReadingSettings).BILLING_STATE_MACHINE_ARN, name, payload)


def start_request_expiry(session_id: str, payload: dict[str, Any]) -> bool:
    arn = settings_for(ReadingSettings).REQUEST_EXPIRY_STATE_MACHINE_ARN
    return start(arn, f"{session_id}-request", payload)
