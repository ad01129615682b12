"""A client's saved card and automatic top-up, one item per client in the payments table
(`card#<user_id>`): the card Stripe saved for off-session top-ups, the client's auto top-up (amount and
threshold), and the auto top-up's generation. The generation names the next automatic payment
(`autotopup:<user>:<generation>`): it moves on only when that payment is credited, the card changes or
the client changes the settings, so any number of triggers before then ask Stripe for the same payment."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.expressions.update import Action
from pynamodb.models import Model

from soulseer.conditional import applied
from soulseer.models import utcnow
from soulseer.records import record
from soulseer.stores.binding import BoundTable


class SavedCardModel(Model):
    class Meta(BoundTable):
        table_setting = "PAYMENTS_TABLE"

    payment_id = UnicodeAttribute(hash_key=True)  # card#<user_id>
    user_id = UnicodeAttribute()
    customer_id = UnicodeAttribute(null=True)  # the Stripe customer the card is saved on
    payment_method_id = UnicodeAttribute(null=True)
    brand = UnicodeAttribute(null=True)
    last4 = UnicodeAttribute(null=True)
    auto_amount_cents = NumberAttribute(null=True)
    auto_threshold_cents = NumberAttribute(null=True)
    auto_generation = NumberAttribute(default=0)
    auto_pending_intent = UnicodeAttribute(null=True)  # the automatic payment Stripe took, until credited
    auto_failed_message = UnicodeAttribute(null=True)  # set when Stripe declined it: auto top-up paused
    updated_at = UTCDateTimeAttribute(default=utcnow)


@record
class SavedCard:
    user_id: str
    customer_id: str | None
    payment_method_id: str | None
    brand: str | None
    last4: str | None
    auto_amount_cents: int | None
    auto_threshold_cents: int | None
    auto_generation: int
    auto_pending_intent: str | None
    auto_failed_message: str | None

    @property
    def auto_on(self) -> bool:
        return bool(
            self.payment_method_id
            and self.customer_id
            and self.auto_amount_cents
            and self.auto_threshold_cents is not None
        )


def _key(user_id: str) -> str:
    return f"card#{user_id}"


def raw_key(user_id: str) -> tuple[str, dict[str, Any]]:
    """(table, key) of a client's item, for a BatchGetItem that reads it with other tables' items."""
    return SavedCardModel.Meta.table_name, {"payment_id": {"S": _key(user_id)}}


def from_raw(raw: dict[str, Any]) -> SavedCard:
    return _card(SavedCardModel.from_raw_data(raw))


def find(user_id: str) -> SavedCard | None:
    try:
        item = SavedCardModel.get(_key(user_id), consistent_read=True)
    except SavedCardModel.DoesNotExist:
        return None
    return _card(item)


def _card(item: SavedCardModel) -> SavedCard:
    return SavedCard(
        user_id=item.user_id,
        customer_id=item.customer_id,
        payment_method_id=item.payment_method_id,
        brand=item.brand,
        last4=item.last4,
        auto_amount_cents=None if item.auto_amount_cents is None else int(item.auto_amount_cents),
        auto_threshold_cents=None if item.auto_threshold_cents is None else int(item.auto_threshold_cents),
        auto_generation=int(item.auto_generation or 0),
        auto_pending_intent=item.auto_pending_intent,
        auto_failed_message=item.auto_failed_message,
    )


def save_card(user_id: str, customer_id: str, payment_method_id: str, brand: str, last4: str) -> None:
    """The card to use from now on; a new card also resumes a paused auto top-up (a new generation). A
    redelivered webhook for the same card changes nothing."""
    applied(
        lambda: SavedCardModel(_key(user_id)).update(
            actions=[
                SavedCardModel.user_id.set(user_id),
                SavedCardModel.customer_id.set(customer_id),
                SavedCardModel.payment_method_id.set(payment_method_id),
                SavedCardModel.brand.set(brand),
                SavedCardModel.last4.set(last4),
                SavedCardModel.auto_generation.add(1),
                SavedCardModel.auto_pending_intent.remove(),
                SavedCardModel.auto_failed_message.remove(),
                SavedCardModel.updated_at.set(utcnow()),
            ],
            condition=SavedCardModel.payment_method_id.does_not_exist()
            | (SavedCardModel.payment_method_id != payment_method_id),
        )
    )


def forget_card(user_id: str) -> None:
    """No saved card, and so no auto top-up."""
    applied(
        lambda: SavedCardModel(_key(user_id)).update(
            actions=[
                SavedCardModel.payment_method_id.remove(),
                SavedCardModel.brand.remove(),
                SavedCardModel.last4.remove(),
                SavedCardModel.auto_amount_cents.remove(),
                SavedCardModel.auto_threshold_cents.remove(),
                SavedCardModel.auto_generation.add(1),
                SavedCardModel.auto_pending_intent.remove(),
                SavedCardModel.updated_at.set(utcnow()),
            ],
            condition=SavedCardModel.payment_id.exists(),
        )
    )


def set_auto(user_id: str, amount_cents: int | None, threshold_cents: int | None) -> None:
    """Turns the auto top-up on (both given) or off (None); either way a new generation, unpaused."""
    actions: list[Action] = [
        SavedCardModel.user_id.set(user_id),
        SavedCardModel.auto_generation.add(1),
        SavedCardModel.auto_pending_intent.remove(),
        SavedCardModel.auto_failed_message.remove(),
        SavedCardModel.updated_at.set(utcnow()),
    ]
    if amount_cents is None or threshold_cents is None:
        actions += [SavedCardModel.auto_amount_cents.remove(), SavedCardModel.auto_threshold_cents.remove()]
    else:
        actions += [
            SavedCardModel.auto_amount_cents.set(amount_cents),
            SavedCardModel.auto_threshold_cents.set(threshold_cents),
        ]
    SavedCardModel(_key(user_id)).update(actions=actions)


def auto_started(user_id: str, generation: int, intent_id: str) -> bool:
    """Stripe took this generation's payment: it is pending until the webhook credits it."""
    return applied(
        lambda: SavedCardModel(_key(user_id)).update(
            actions=[SavedCardModel.auto_pending_intent.set(intent_id), SavedCardModel.updated_at.set(utcnow())],
            condition=SavedCardModel.auto_generation == generation,
        )
    )


def auto_failed(user_id: str, generation: int, message: str) -> bool:
    """Stripe declined this generation's payment: the auto top-up pauses until the client acts."""
    return applied(
        lambda: SavedCardModel(_key(user_id)).update(
            actions=[
                SavedCardModel.auto_failed_message.set(message[:300] or "Your card was declined."),
                SavedCardModel.auto_pending_intent.remove(),
                SavedCardModel.updated_at.set(utcnow()),
            ],
            condition=SavedCardModel.auto_generation == generation,
        )
    )


def auto_credited(user_id: str, intent_id: str) -> bool:
    """The pending automatic payment was credited: the next one gets a new generation."""
    return applied(
        lambda: SavedCardModel(_key(user_id)).update(
            actions=[
                SavedCardModel.auto_generation.add(1),
                SavedCardModel.auto_pending_intent.remove(),
                SavedCardModel.updated_at.set(utcnow()),
            ],
            condition=SavedCardModel.auto_pending_intent == intent_id,
        )
    )
