"""Stripe's test payment methods (`pm_card_visa`, `pm_card_chargeDeclined`, ...) and their outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import StripeApiError, missing
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
    "pm_card_chargeCustomerFail": _GENERIC,  # attaches to a customer; every charge is declined
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

# Stripe's test card numbers, as typed into a card form, and the test payment method each one is.
TEST_CARD_NUMBERS: dict[str, str] = {
    "4242424242424242": "pm_card_visa",
    "4012888888881881": "pm_card_visa",
    "5555555555554444": "pm_card_mastercard",
    "378282246310005": "pm_card_amex",
    "6011111111111117": "pm_card_discover",
    "4000000000000002": "pm_card_chargeDeclined",
    "4000000000000341": "pm_card_chargeCustomerFail",
    "4000000000009995": "pm_card_chargeDeclinedInsufficientFunds",
    "4000000000009987": "pm_card_chargeDeclinedLostCard",
    "4000000000009979": "pm_card_chargeDeclinedStolenCard",
    "4100000000000019": "pm_card_chargeDeclinedFraudulent",
    "4000000000000069": "pm_card_chargeDeclinedExpiredCard",
    "4000000000000127": "pm_card_chargeDeclinedIncorrectCvc",
    "4000000000000119": "pm_card_chargeDeclinedProcessingError",
}
_LIVE_CARD = (
    "Your card was declined. Your request was in test mode, but used a non test (live) card. "
    "For a list of valid test cards, visit: https://stripe.com/docs/testing."
)


def _luhn_ok(number: str) -> bool:
    total = 0
    for position, digit in enumerate(int(d) for d in reversed(number)):
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def from_card_number(raw: object) -> str:
    """The test payment method for a typed card number; a wrong or live number is a 402 card_error."""
    number = "".join(str(raw or "").split()).replace("-", "")
    param = "payment_method_data[card][number]"
    if not (number.isdigit() and 12 <= len(number) <= 19 and _luhn_ok(number)):
        raise StripeApiError(
            402, "Your card number is incorrect.", type="card_error", code="incorrect_number", param=param
        )
    known = TEST_CARD_NUMBERS.get(number)
    if known is None:
        raise StripeApiError(402, _LIVE_CARD, type="card_error", code="card_declined", param=param)
    return known


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
