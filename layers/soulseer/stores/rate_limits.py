"""The rate limits store: one item per (action, user) bucket holding GCRA's theoretical arrival time `tat`
(ms) and its TTL. Conditional UpdateItems only (soulseer.limits holds the algorithm)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from botocore.exceptions import ClientError

from soulseer.adapters import aws
from soulseer.config import RateLimitSettings, settings_for
from soulseer.records import record


@record
class Refused:
    """The condition did not hold; the bucket's stored `tat`, if it has one."""

    tat: int | None


@lru_cache(maxsize=1)
def _dynamodb() -> Any:
    return aws.client("dynamodb")


def advance(bucket: str, condition: str, tat: str, values: dict[str, int]) -> Refused | None:
    """One conditional update of the bucket: `SET tat = <tat>, expires_at = :expires` when `condition`
    holds (both DynamoDB expressions over `values`); None when it applied."""
    try:
        _dynamodb().update_item(
            TableName=settings_for(RateLimitSettings).RATE_LIMITS_TABLE,
            Key={"bucket": {"S": bucket}},
            UpdateExpression=f"SET tat = {tat}, expires_at = :expires",
            ConditionExpression=condition,
            ExpressionAttributeValues={k: {"N": str(v)} for k, v in values.items()},
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
            raise
        old = dict(error.response.get("Item") or {})
        return Refused(int(old["tat"]["N"]) if "tat" in old else None)
    return None
