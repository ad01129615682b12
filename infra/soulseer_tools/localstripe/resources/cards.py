"""Stripe's test payment methods (`pm_card_visa`, `pm_card_chargeDeclined`, ...) and their outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import missing
from ..ids import now


@dataclass(frozen=True)
class Decline:
    code: str
    decline_code: str
    message: str


_GENERIC = Decline("card_declined", "generic_decline", "Your card was declined.")
_FUNDS = Decline("card_declined", "insufficient_funds", "Your card has insufficient funds.")
_LOST = Decline("card_declined", "lost_card", "Your card was declined.")
_STOLEN = Decline("card_declined", "stolen_card", "Your card was declined.")
_FRAUD = Decline("card_declined", "fraudulent", "Your card was declined.")

DECLINES: dict[str, Decline] = {
    "pm_card_chargeDeclined": _GENERIC,
    "pm_card_visa_chargeDeclined": _GENERIC,
    "pm_card_chargeDeclinedInsufficientFunds": _FUNDS,
    "pm_card_visa_chargeDeclinedInsufficientFunds": _FUNDS,
    "pm_card_chargeDeclinedLostCard": _LOST,
    "pm_card_visa_chargeDeclinedLostCard": _LOST,
    "pm_card_chargeDeclinedStolenCard": _STOLEN,
    "pm_card_visa_chargeDeclinedStolenCard": _STOLEN,
    "pm_card_chargeDeclinedFraudulent": _FRAUD,
    "pm_card_visa_chargeDeclinedFraudulent": _FRAUD,
    "pm_card_chargeDeclinedExpiredCard": Decline("expired_card", "expired_card", "Your card has expired."),
    "pm_card_chargeDeclinedIncorrectCvc": Decline(
        "incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."
    ),
    "pm_card_chargeDeclinedProcessingError": Decline(
        "processing_error",
        "processing_error",
        "An error occurred while processing your card. Try again in a little bit.",
    ),
}

_BRANDS = (("mastercard", "4444"), ("amex", "8431"), ("discover", "1117"), ("visa", "4242"))


def check(payment_method: str, param: str = "payment_method") -> None:
    """Only Stripe's `pm_card_*` test payment methods exist here."""
    if not payment_method.startswith("pm_card_"):
        raise missing("PaymentMethod", payment_method, param=param, status=400)


def decline_for(payment_method: str) -> Decline | None:
    return DECLINES.get(payment_method)


def card_details(payment_method: str) -> dict[str, Any]:
    brand, last4 = next(((b, l4) for b, l4 in _BRANDS if b in payment_method.lower()), _BRANDS[-1])
    return {
        "brand": brand,
        "country": "US",
        "exp_month": 12,
        "exp_year": 1970 + now() // 31_556_952 + 2,
        "fingerprint": "localstripe" + last4,
        "funding": "credit",
        "last4": last4,
        "network": brand,
    }


def payment_method_object(payment_method: str, customer: str | None) -> dict[str, Any]:
    return {
        "id": payment_method,
        "object": "payment_method",
        "billing_details": {"address": None, "email": None, "name": None, "phone": None},
        "card": card_details(payment_method),
        "created": now(),
        "customer": customer,
        "livemode": False,
        "metadata": {},
        "type": "card",
    }
