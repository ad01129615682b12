"""moto's Step Functions in tests and benchmarks: executions run in moto's threads and must be stopped
before the mock goes, so that none outlives the test (or the benchmark's world)."""

from __future__ import annotations

import contextlib
import time
from typing import Any


def stop_executions(sfn: Any, machines: list[str]) -> list[str]:
    """Stops the running executions of `machines` until none runs (up to 100 rounds, 0.05 s apart);
    returns the executions still running after the last round: none when all stopped."""
    running: list[str] = []
    for _ in range(100):
        running = [
            e["executionArn"]
            for arn in machines
            for e in sfn.list_executions(stateMachineArn=arn, statusFilter="RUNNING")["executions"]
        ]
        if not running:
            return []
        for arn in running:
            # moto raises AttributeError while its worker thread has not set the execution up: next round
            with contextlib.suppress(AttributeError):
                sfn.stop_execution(executionArn=arn)
        time.sleep(0.05)
    return running
