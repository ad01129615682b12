"""List prices (us-east-1, on-demand, no free tier) and the cost of a billed minute built from measured counts.

One dated table; change the date with the numbers. Sources: the AWS pricing pages of each service."""

from __future__ import annotations

from typing import Any

PRICES_AS_OF = "2026-12-01"
PRICES = {
    "lambda_gb_second_x86": 0.0000166667,  # USD per GB-second
    "lambda_request": 0.20 / 1_000_000,
    "sfn_standard_transition": 0.025 / 1_000,
    "sfn_express_request": 1.00 / 1_000_000,
    "sfn_express_gb_second": 0.00001667,  # first tier; billed per 100 ms at >= 64 MB
    "dynamodb_write_unit": 0.625 / 1_000_000,  # on-demand write request unit
    "dynamodb_read_unit": 0.125 / 1_000_000,  # on-demand read request unit
    "websocket_message": 1.00 / 1_000_000,  # per 32 KB message, first billion
    "websocket_connection_minute": 0.25 / 1_000_000,
    "scheduler_invocation": 1.00 / 1_000_000,  # EventBridge Scheduler, after the free tier
}
# A warm Lambda's billed duration per DynamoDB round trip and its fixed overhead (ms); moto in process is
# no guide to AWS latency, so the model takes typical single-digit-ms DynamoDB calls in the same region.
MS_PER_AWS_CALL = 8
MS_OVERHEAD = 4
EXPRESS_MEMORY_GB = 0.0625  # Express bills at least 64 MB


def lambda_invocation(memory_mb: int, aws_calls: int) -> float:
    duration_s = (MS_OVERHEAD + MS_PER_AWS_CALL * aws_calls) / 1000
    return PRICES["lambda_request"] + PRICES["lambda_gb_second_x86"] * (memory_mb / 1024) * duration_s


def dynamodb(read_units: float, write_units: float) -> float:
    return read_units * PRICES["dynamodb_read_unit"] + write_units * PRICES["dynamodb_write_unit"]


def billed_minute(
    *, transitions: float, tick_memory_mb: int, tick_calls: int, read_units: float, write_units: float
) -> dict[str, Any]:
    """The billing loop's cost of one billed minute, and the same tick driven by two alternatives."""
    task = lambda_invocation(tick_memory_mb, tick_calls)
    data = dynamodb(read_units, write_units)
    standard = transitions * PRICES["sfn_standard_transition"]
    # EventBridge Scheduler: each tick creates the next one-shot schedule (one more API call in the tick).
    scheduler = PRICES["scheduler_invocation"] + lambda_invocation(tick_memory_mb, tick_calls + 1) + data
    # Express: an execution lives at most 5 minutes, so it is billed for the whole minute it waits.
    express = PRICES["sfn_express_request"] / 5 + 60 * EXPRESS_MEMORY_GB * PRICES["sfn_express_gb_second"] + task + data
    total = standard + task + data
    return {
        "usd": total,
        "parts": {"step_functions": standard, "lambda": task, "dynamodb": data},
        "step_functions_share": standard / total if total else 0.0,
        "alternatives": {"eventbridge_scheduler_one_shot": scheduler, "step_functions_express": express},
        "floor_usd": 0.000062,
    }


def reading_hour(
    minute: dict[str, Any], *, heartbeat_seconds: int, ws_memory_mb: int, heartbeat_calls: int, heartbeat_wu: float,
    heartbeat_ru: float,
) -> dict[str, Any]:  # fmt: skip
    """60 billed minutes plus what keeps two participants connected: heartbeats (a message in, its
    Lambda, its reads and writes, the echo out) and connection minutes."""
    beats = 2 * 3600 / heartbeat_seconds
    per_beat = (
        2 * PRICES["websocket_message"]
        + lambda_invocation(ws_memory_mb, heartbeat_calls)
        + dynamodb(heartbeat_ru, heartbeat_wu)
    )
    connections = 2 * 60 * PRICES["websocket_connection_minute"]
    billing = 60 * minute["usd"]
    return {
        "usd": billing + beats * per_beat + connections,
        "parts": {"billing": billing, "heartbeats": beats * per_beat, "connection_minutes": connections},
    }
