"""TransactWriteItems in the order the items were added.

PynamoDB's TransactWrite groups items by kind (checks, deletes, puts, updates), so the cancellation
reasons DynamoDB returns (one per item, in request order) no longer line up with the caller's items.
This keeps PynamoDB's item builders and the TransactWrite interface callers write to, and sends the
request itself with boto3, so reason i is about item i. Each item carries the `Tag` it was added under
(`with transaction.tagged(...)`), so a refusal is read by what an item is for, never by its position."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar

from botocore.exceptions import ClientError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from soulseer.adapters import aws
from soulseer.stores.binding import transactions_connection

_M = TypeVar("_M", bound=Model)
CONDITION_FAILED = "ConditionalCheckFailed"
RETRYABLE = frozenset({"TransactionConflict", "ThrottlingError"})
THROTTLED = frozenset({"ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded"})


@lru_cache(maxsize=1)
def _dynamodb() -> Any:
    return aws.client("dynamodb")  # botocore only: boto3 is not imported at cold start


class ItemRole(StrEnum):
    MOVEMENT = "movement"  # the movement record (exists already: a replay)
    ACCOUNT = "account"  # a balance update (with its floor or cap condition)
    ENTRY = "entry"  # an account's immutable entry
    EXTRA = "extra"  # a write the caller added to the movement
    ROLLUP = "rollup"  # the dashboard's daily totals


@dataclass(frozen=True)
class Tag:
    role: ItemRole
    account_id: str | None = None  # of an ACCOUNT item
    extra: int | None = None  # of an EXTRA item: its position among the caller's writes


@dataclass(frozen=True)
class Reason:
    code: str  # "None" for an item that did not cause the cancellation
    item: dict[str, Any] | None = None  # the item as it was, when the request asked for ALL_OLD


class Cancelled(Exception):
    """The transaction was cancelled; `reasons[i]` is about the i-th item added."""

    def __init__(self, reasons: list[Reason]) -> None:
        super().__init__(", ".join(reason.code for reason in reasons))
        self.reasons = reasons

    @property
    def retryable(self) -> bool:
        return any(reason.code in RETRYABLE for reason in self.reasons)


class Throttled(Exception):
    """DynamoDB refused the request for capacity after the SDK's own retries."""


class OrderedTransaction(TransactWrite):
    def __init__(self) -> None:
        super().__init__(connection=transactions_connection())
        self.items: list[dict[str, Any]] = []
        self.tags: list[Tag | None] = []  # tags[i]: what items[i] is for
        self._tag: Tag | None = None

    @contextmanager
    def tagged(self, tag: Tag) -> Iterator[None]:
        """Items added inside are tagged `tag`."""
        outer, self._tag = self._tag, tag
        try:
            yield
        finally:
            self._tag = outer

    def _add(self, item: dict[str, Any]) -> None:
        self.items.append(item)
        self.tags.append(self._tag)

    def condition_check(
        self, model_cls: type[_M], hash_key: Any, range_key: Any | None = None, condition: Condition | None = None
    ) -> None:
        if condition is None:
            raise TypeError("`condition` cannot be None")
        kwargs = model_cls.get_operation_kwargs_from_class(hash_key, range_key=range_key, condition=condition)
        self._add({"ConditionCheck": kwargs})

    def delete(self, model: _M, condition: Condition | None = None, *, add_version_condition: bool = True) -> None:
        kwargs = model.get_delete_kwargs_from_instance(condition=condition, add_version_condition=add_version_condition)
        self._add({"Delete": kwargs})

    def save(self, model: _M, condition: Condition | None = None, return_values: str | None = None) -> None:
        kwargs = model.get_save_kwargs_from_instance(
            condition=condition, return_values_on_condition_failure=return_values
        )
        self._add({"Put": kwargs})

    def update(
        self,
        model: _M,
        actions: list[Action],
        condition: Condition | None = None,
        return_values: str | None = None,
        *,
        add_version_condition: bool = True,
    ) -> None:
        kwargs = model.get_update_kwargs_from_instance(
            actions=actions,
            condition=condition,
            return_values_on_condition_failure=return_values,
            add_version_condition=add_version_condition,
        )
        self._add({"Update": kwargs})

    def _commit(self) -> Any:
        return self.commit()

    def commit(self) -> None:
        """Sends the items in order; raises Cancelled (reasons by position) or Throttled."""
        try:
            _dynamodb().transact_write_items(TransactItems=self.items)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code")
            if code in THROTTLED:
                raise Throttled(str(error)) from error
            if code != "TransactionCanceledException":
                raise
            raw = error.response.get("CancellationReasons") or []
            if len(raw) != len(self.items):
                raise
            raise Cancelled([Reason(str(r.get("Code", "None")), r.get("Item")) for r in raw]) from error
