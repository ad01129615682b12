"""Top-ups through Stripe: intents are created here; money moves only when Stripe's webhook says so."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from soulseer import ledger, monitoring, presence
from soulseer.adapters.stripe_api import call_stripe, stripe_client, stripe_error
from soulseer.config import StripeSettings, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.idempotency import check_key
from soulseer.ledger.core import InsufficientFunds, LedgerBusy, PreconditionFailed
from soulseer.ledger.kinds import MovementKind
from soulseer.stores import ledger as store
from soulseer.stores import topup_requests
from soulseer.stores import users as user_store
from soulseer.stores.ledger import Payment
from soulseer.users import User

if TYPE_CHECKING:  # the models load with the API only: the billing tick and workers skip pydantic
    from soulseer.schemas.payments import TopupView

CURRENCY = "usd"
TOPUP_PURPOSE = "balance_topup"
_RETRIES = 8


@dataclass(frozen=True)
class IntentAtStripe:
    """What Stripe itself says about one of our intents (never what an event claims)."""

    status: str
    currency: str
    amount_received: int
    latest_charge: str | None
    saved_card: CardAtStripe | None = None  # the card Stripe saved on the customer (setup_future_usage)


@dataclass(frozen=True)
class CardAtStripe:
    customer_id: str
    payment_method_id: str
    brand: str
    last4: str


def _saved_card(intent: Any) -> CardAtStripe | None:
    """The customer's card this intent saved for off-session use, from the expanded payment method."""
    method = getattr(intent, "payment_method", None)
    if getattr(intent, "setup_future_usage", None) != "off_session" or method is None or isinstance(method, str):
        return None
    card = getattr(method, "card", None)
    if card is None or not getattr(method, "customer", None):
        return None
    return CardAtStripe(
        str(method.customer), str(method.id), str(getattr(card, "brand", "card")), str(getattr(card, "last4", ""))
    )


def intent_at_stripe(payment_intent_id: str) -> IntentAtStripe | None:
    """The intent read back from Stripe (one call, its payment method expanded); None when Stripe does not
    know it."""
    try:
        intent = stripe_client().v1.payment_intents.retrieve(payment_intent_id, params={"expand": ["payment_method"]})
    except stripe_error() as error:
        if getattr(error, "http_status", None) == 404:
            return None
        raise DomainError(ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE) from error
    charge = intent.latest_charge
    charge_id = charge if isinstance(charge, str) else getattr(charge, "id", None)
    received = intent.amount_received
    return IntentAtStripe(
        status=str(intent.status),
        currency=str(intent.currency),
        amount_received=received if isinstance(received, int) else 0,
        latest_charge=charge_id if isinstance(charge_id, str) else None,
        saved_card=_saved_card(intent),
    )


def topup_bounds() -> tuple[int, int]:
    stripe = settings_for(StripeSettings)
    return stripe.TOPUP_MIN_CENTS, stripe.TOPUP_MAX_CENTS


def _customer_id(user: User) -> str:
    """The user's Stripe customer, created once (Stripe's idempotency key makes racing calls agree).
    `user`: the caller's record as this request read it (consistently); it is not read again."""
    if user.stripe_customer_id:
        return user.stripe_customer_id
    customer = stripe_client().v1.customers.create(
        params={"metadata": {"user_id": user.user_id}},
        options={"idempotency_key": f"customer:{user.user_id}"},
    )
    return user_store.keep_stripe_customer(user.user_id, str(customer.id))


def replayed_topup(user_id: str, amount_cents: int, idempotency_key: str | None) -> TopupView | None:
    """The first answer to an add-balance request with this Idempotency-Key, if there was one; a key used
    with another amount is refused (as Stripe refuses it)."""
    if idempotency_key is None:
        return None
    check_key(idempotency_key)
    earlier = topup_requests.find(user_id, idempotency_key)
    if earlier is None:
        return None
    if earlier.amount_cents != amount_cents:
        raise DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used with a different request.")
    return _topup_view(earlier)


def _topup_view(request: topup_requests.TopupRequest) -> TopupView:
    from soulseer.schemas.payments import TopupView

    return TopupView(
        payment_intent_id=request.intent_id,
        client_secret=request.client_secret,
        amount_cents=request.amount_cents,
        currency=CURRENCY,
        status=request.status,
    )


def check_topup_amount(amount_cents: int) -> None:
    low, high = topup_bounds()
    if not low <= amount_cents <= high:
        raise DomainError(
            ErrorCode.AMOUNT_OUT_OF_BOUNDS,
            f"A top-up is between ${low / 100:.2f} and ${high / 100:.2f}.",
            details={"min_cents": low, "max_cents": high},
        )


def create_topup(user: User, amount_cents: int, idempotency_key: str | None, save_card: bool = False) -> TopupView:
    """A PaymentIntent for a top-up; it credits nothing until `payment_intent.succeeded` arrives (and the
    intent, read back from Stripe, says so). `save_card`: Stripe keeps the card on the client's customer
    for one-tap and automatic top-ups (setup_future_usage=off_session)."""
    check_topup_amount(amount_cents)
    check_key(idempotency_key)
    user_id = user.user_id
    options: dict[str, Any] = {}
    if idempotency_key:
        options["idempotency_key"] = f"topup:{user_id}:{idempotency_key}"
    customer = _customer_id(user)
    params: dict[str, Any] = {
        "amount": amount_cents,
        "currency": CURRENCY,
        "customer": customer,
        "metadata": {"user_id": user_id, "purpose": TOPUP_PURPOSE},
        "automatic_payment_methods": {"enabled": True},
    }
    if save_card:
        params["setup_future_usage"] = "off_session"  # Stripe keeps the card on the customer
    intent = call_stripe(
        lambda: stripe_client().v1.payment_intents.create(
            params=params,  # type: ignore[arg-type]
            options=options,  # type: ignore[arg-type]
        ),
        DomainError(ErrorCode.PAYMENT_PROVIDER_ERROR),
    )
    store.create_payment(intent.id, user_id, amount_cents, TOPUP_PURPOSE, str(intent.status))
    request = topup_requests.TopupRequest(amount_cents, intent.id, str(intent.client_secret), str(intent.status))
    if idempotency_key:
        topup_requests.remember(user_id, idempotency_key, request)
    return _topup_view(request)


@dataclass(frozen=True)
class OffSessionCharge:
    """What Stripe answered to charging a saved card: `declined` carries Stripe's words."""

    intent_id: str
    status: str
    declined: str | None = None


def charge_saved_card(
    user_id: str,
    customer_id: str,
    payment_method_id: str,
    amount_cents: int,
    movement_key: str,
    before_confirm: Callable[[str], bool] | None = None,
) -> OffSessionCharge:
    """A top-up from the client's saved card, off session, confirmed here (not in a browser). Stripe's
    idempotency keys derive from `movement_key`, so a retry charges the card at most once; our payment
    record exists before the confirmation, so the webhook that follows credits it like any top-up.
    `before_confirm(intent_id)`: a last check (False: do not charge)."""
    import stripe

    check_topup_amount(amount_cents)
    intent = call_stripe(
        lambda: stripe_client().v1.payment_intents.create(
            params={
                "amount": amount_cents,
                "currency": CURRENCY,
                "customer": customer_id,
                "payment_method": payment_method_id,
                "metadata": {"user_id": user_id, "purpose": TOPUP_PURPOSE, "movement": movement_key},
            },
            options={"idempotency_key": movement_key},
        ),
        DomainError(ErrorCode.PAYMENT_PROVIDER_ERROR),
    )
    store.create_payment(intent.id, user_id, amount_cents, TOPUP_PURPOSE, str(intent.status))
    if intent.status == "succeeded":
        return OffSessionCharge(intent.id, "succeeded")
    if before_confirm is not None and not before_confirm(intent.id):
        return OffSessionCharge(intent.id, str(intent.status))
    try:
        confirmed = stripe_client().v1.payment_intents.confirm(
            intent.id,
            params={"off_session": True},
            options={"idempotency_key": f"{movement_key}:confirm"},
        )
    except stripe.CardError as error:
        message = str(getattr(error, "user_message", None) or "Your card was declined.")
        record_failure(intent.id, message)
        return OffSessionCharge(intent.id, "declined", declined=message)
    except stripe.StripeError as error:
        raise DomainError(ErrorCode.PAYMENT_PROVIDER_ERROR) from error
    return OffSessionCharge(intent.id, str(confirmed.status))


def credit_topup(
    payment_intent_id: str, user_id: str, amount_cents: int, charge_id: str | None = None
) -> ledger.Movement:
    """Credits a succeeded top-up once; it first pays back anything the client owes."""
    movement_id = f"topup:{payment_intent_id}"
    clearing = ledger.stripe_clearing(movement_id)
    mark_paid = store.payment_status_write(payment_intent_id, store.PAYMENT_SUCCEEDED, charge_id)
    for _ in range(_RETRIES):
        owed = -ledger.balance_of(ledger.client_owed(user_id))
        settle = min(owed, amount_cents)
        entries = [ledger.Entry(clearing, ledger.client_owed(user_id), settle)] if settle else []
        if amount_cents > settle:
            entries.append(ledger.Entry(clearing, ledger.client_balance(user_id), amount_cents - settle))
        try:
            movement = ledger.post(
                movement_id,
                MovementKind.TOPUP,
                entries,
                memo={"payment_intent": payment_intent_id},
                extra_writes=[mark_paid],
            )
        except PreconditionFailed:
            continue  # the debt changed meanwhile
        if not movement.replayed:
            monitoring.cents(monitoring.TOPUP_CENTS, amount_cents)
        return movement
    raise LedgerBusy()


class BalanceUpdated(TypedDict):
    event: Literal["balance-updated"]
    balance_cents: int
    movement_id: str
    payment_intent_id: str


def announce_credit(user_id: str, movement_id: str, payment_intent_id: str) -> int:
    """`balance-updated` to the client's open connections, once the credit has committed: the app
    finishes a top-up on this event for its own intent, never by comparing balances."""
    event: BalanceUpdated = {
        "event": "balance-updated",
        "balance_cents": ledger.balance_of(ledger.client_balance(user_id)),
        "movement_id": movement_id,
        "payment_intent_id": payment_intent_id,
    }
    return presence.push_to_user(user_id, event)


@dataclass(frozen=True)
class CardRefund:
    """A card refund taken back from the balance: its movement, the amount, and what became debt."""

    movement_id: str
    amount_cents: int
    owed_cents: int


def take_back_refund(charge_id: str, payment_intent_id: str, user_id: str, refunded_total: int) -> CardRefund | None:
    """Takes back refunded money once per cumulative refund total; what the balance lacks becomes debt.
    Returns what was taken back (None for a duplicate or a stale event)."""
    for _ in range(_RETRIES):
        payment = store.find_payment(payment_intent_id)
        if payment is None:
            return None  # not one of our intents (the caller found it: never happens)
        already = payment.refunded_cents
        delta = refunded_total - already
        if delta <= 0:
            return None  # a duplicate, or an older refund event arriving late
        movement_id = f"refund:{charge_id}:{refunded_total}"
        clearing = ledger.stripe_clearing(movement_id)
        from_balance = min(delta, ledger.balance_of(ledger.client_balance(user_id)))
        entries = []
        if from_balance:
            entries.append(ledger.Entry(ledger.client_balance(user_id), clearing, from_balance))
        if delta > from_balance:
            entries.append(ledger.Entry(ledger.client_owed(user_id), clearing, delta - from_balance))
        record = store.payment_refund_write(payment_intent_id, charge_id, refunded_total, was=already)
        try:
            ledger.post(
                movement_id,
                MovementKind.REFUND,
                entries,
                memo={"payment_intent": payment_intent_id, "charge": charge_id},
                extra_writes=[record],
            )
            return CardRefund(movement_id, delta, delta - from_balance)
        except (PreconditionFailed, InsufficientFunds):
            continue  # the balance or the payment changed meanwhile: read again
    raise LedgerBusy()


def record_failure(payment_intent_id: str, message: str) -> None:
    """A failed attempt; never overrides a success that arrived first."""
    store.record_failure(payment_intent_id, message[:500] or "payment failed")


def find_payment(payment_intent_id: object) -> Payment | None:
    """Our record of an intent that add-balance created; None for any other id."""
    if not isinstance(payment_intent_id, str) or not payment_intent_id.startswith("pi_"):
        return None
    return store.find_payment(payment_intent_id)
