"""What admins did: each action is logged with who, when, what and why in the transaction of its change
(`commit`), or as an intent before a remote call and an outcome after it (`intend`, `conclude`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from soulseer.errors import DomainError, ErrorCode
from soulseer.ledger.transaction import CONDITION_FAILED, Cancelled, OrderedTransaction, Throttled
from soulseer.stores import admin_actions
from soulseer.stores.admin_actions import ActionRecord

if TYPE_CHECKING:  # the views import the readings schemas, which import disputes, which log through here
    from soulseer.schemas.console import ActionPage, ActionView

T = TypeVar("T")


class ActionKind(StrEnum):
    ROLE_CHANGED = "role_changed"
    USER_BLOCKED = "user_blocked"
    USER_UNBLOCKED = "user_unblocked"
    READER_CREATED = "reader_created"
    READER_SUSPENDED = "reader_suspended"
    READER_REINSTATED = "reader_reinstated"
    READER_RATES_CHANGED = "reader_rates_changed"
    DISPUTE_RESOLVED = "dispute_resolved"
    PAYOUT_RUN = "payout_run"
    PAYOUT_RETRIED = "payout_retried"
    AUDIT_STARTED = "audit_started"


def record(
    actor_id: str,
    kind: ActionKind,
    *,
    target_id: str | None = None,
    subject: str | None = None,
    reason: str | None = None,
    details: dict[str, Any] | None = None,
) -> ActionRecord:
    return ActionRecord(
        actor_id=actor_id,
        action=kind.value,
        target_id=target_id,
        subject=subject,
        reason=reason,
        details=dict(details or {}),
    )


def commit(change: Callable[[OrderedTransaction], None], entry: ActionRecord) -> bool:
    """The change's writes and the log entry in one transaction. False (nothing written) when a condition
    of the change did not hold; contention is a 503 to try again."""
    transaction = OrderedTransaction()
    change(transaction)
    admin_actions.put(entry)(transaction)
    try:
        transaction.commit()
    except Cancelled as cancelled:
        if any(reason.code == CONDITION_FAILED for reason in cancelled.reasons):
            return False
        raise DomainError(ErrorCode.BUSY) from None
    except Throttled:
        raise DomainError(ErrorCode.BUSY) from None
    return True


def log_write(entry: ActionRecord) -> Callable[[Any], None]:
    """The log entry as an extra write of someone else's transaction (a ledger movement's)."""
    return admin_actions.put(entry)


def intend(entry: ActionRecord) -> ActionRecord:
    """Before a remote call (Stripe, another function): the intent, so an action that dies midway is known."""
    return admin_actions.append(replace(entry, status="intent"))


def conclude(intent: ActionRecord, *, failed: bool = False, details: dict[str, Any] | None = None) -> ActionRecord:
    """The outcome of an intent, a second entry naming it (the log is never updated)."""
    return admin_actions.append(
        ActionRecord(
            actor_id=intent.actor_id,
            action=intent.action,
            target_id=intent.target_id,
            subject=intent.subject,
            reason=intent.reason,
            details={**intent.details, **(details or {})},
            status="failed" if failed else "done",
            intent_id=intent.action_id,
        )
    )


def view(entry: ActionRecord) -> ActionView:
    from soulseer.schemas.console import ActionView

    return ActionView(
        action_id=entry.action_id,
        at=entry.at.isoformat(),
        actor_id=entry.actor_id,
        action=entry.action,
        target_id=entry.target_id,
        subject=entry.subject,
        reason=entry.reason,
        status=entry.status,
        intent_id=entry.intent_id,
        details=entry.details,
    )


def listing(user_id: str | None, limit: int, cursor: str | None) -> ActionPage:
    from soulseer.schemas.console import ActionPage

    entries, next_cursor = admin_actions.listing(user_id, limit, cursor)
    return ActionPage(items=[view(entry) for entry in entries], next_cursor=next_cursor)


def performed(entry: ActionRecord, call: Callable[[], T]) -> T:
    """`call` (which reaches a remote service) between its intent and its outcome in the log."""
    intent = intend(entry)
    try:
        result = call()
    except Exception as error:
        code = str(getattr(error, "code", "")) or type(error).__name__
        conclude(intent, failed=True, details={"error": code})
        raise
    conclude(intent)
    return result
