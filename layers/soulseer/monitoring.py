"""Business metrics (CloudWatch EMF through Powertools Metrics): counts and amounts in cents.

Domain code records with `count` / `cents`; every handler is wrapped in `flush_metrics_after`, which
publishes what the invocation recorded (nothing when it recorded nothing: no empty-metrics warning).
A lock guards the shared metric set: the local cloud runs every function in one process, in threads.
The namespace is the stage's own (POWERTOOLS_METRICS_NAMESPACE = `SoulSeer/<stage>` in template.yaml), so
a stage's alarms and dashboard never count another stage's events.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit

READINGS_STARTED = "ReadingsStarted"
MINUTES_BILLED = "MinutesBilled"
BILLED_CENTS = "BilledCents"
REVENUE_CENTS = "RevenueCents"  # the platform's share of charges and gifts
TOPUP_CENTS = "TopupCents"
GIFTS = "Gifts"
GIFT_CENTS = "GiftCents"
DISPUTE_REFUND_CENTS = "DisputeRefundCents"
PAYOUTS = "Payouts"
PAYOUT_CENTS = "PayoutCents"
PAYOUT_FAILURES = "PayoutFailures"
PAYOUT_FAILED_CENTS = "PayoutFailedCents"
PUSH_FAILURES = "PushFailures"  # @connections refused a push (not a gone connection)

_lock = threading.Lock()
Handler = TypeVar("Handler", bound=Callable[..., Any])


@functools.lru_cache(maxsize=1)
def _metrics() -> Metrics:
    """Made at first use: Powertools reads the namespace from the environment when it is made."""
    return Metrics()


def count(name: str, value: int = 1) -> None:
    with _lock:
        _metrics().add_metric(name=name, unit=MetricUnit.Count, value=value)


def cents(name: str, value: int) -> None:
    """An amount of money in whole cents (CloudWatch has no currency unit: the name says cents)."""
    with _lock:
        _metrics().add_metric(name=name, unit=MetricUnit.Count, value=value)


def flush() -> None:
    with _lock:
        if _metrics().metric_set:
            _metrics().flush_metrics(raise_on_empty_metrics=False)


def flush_metrics_after(handler: Handler) -> Handler:
    """Publishes the invocation's metrics when the handler returns or raises."""

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        finally:
            flush()

    return wrapper  # type: ignore[return-value]
