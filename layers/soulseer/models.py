"""PynamoDB models. Table names come from the environment template.yaml sets, read at first use (`BoundTable`)."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from soulseer.clock import utcnow as utcnow  # the stores' clock, re-exported
from soulseer.lifecycles import (
    DisputeStatus,
    OrderStatus,
    PayoutStatus,
    ProductStatus,
    ReaderStatus,
    StreamStatus,
)
from soulseer.stores.binding import BoundTable
from soulseer.stores.binding import transactions_connection as transactions_connection  # re-exported


class UserModel(Model):
    class Meta(BoundTable):
        table_setting = "USERS_TABLE"

    user_id = UnicodeAttribute(hash_key=True)
    role = UnicodeAttribute(default="client")
    stripe_customer_id = UnicodeAttribute(null=True)
    open_chargebacks = UnicodeSetAttribute(null=True)  # ids of the card disputes still open
    intro_used = BooleanAttribute(default=False)
    display_name = UnicodeAttribute(null=True)  # shown to readers (requests) and on reviews
    open_request = UnicodeAttribute(null=True)  # the client's latest request; open while it is requested/accepted
    email = UnicodeAttribute(null=True)  # when known (an admin gave it making a reader); found by the admin search
    blocked_at = UTCDateTimeAttribute(null=True)  # set by an admin: no readings, gifts or purchases
    blocked_reason = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute(default=utcnow)
    updated_at = UTCDateTimeAttribute(default=utcnow)


class ReadersByRating(GlobalSecondaryIndex["ReaderProfileModel"]):
    class Meta:
        index_name = "by-rating"
        projection = AllProjection()

    listing = UnicodeAttribute(hash_key=True)
    rating_rank = UnicodeAttribute(range_key=True)


class ReadersByPrice(GlobalSecondaryIndex["ReaderProfileModel"]):
    class Meta:
        index_name = "by-price"
        projection = AllProjection()

    listing = UnicodeAttribute(hash_key=True)
    price_rank = UnicodeAttribute(range_key=True)


class ReadersByJoined(GlobalSecondaryIndex["ReaderProfileModel"]):
    class Meta:
        index_name = "by-joined"
        projection = AllProjection()

    listing = UnicodeAttribute(hash_key=True)
    joined_key = UnicodeAttribute(range_key=True)


class ReaderProfileModel(Model):
    class Meta(BoundTable):
        table_setting = "READER_PROFILES_TABLE"

    reader_id = UnicodeAttribute(hash_key=True)
    display_name = UnicodeAttribute()
    bio = UnicodeAttribute(default="")
    specialties = ListAttribute(of=UnicodeAttribute, default=list)
    avatar_url = UnicodeAttribute(null=True)
    rate_chat_cents = NumberAttribute()
    rate_voice_cents = NumberAttribute()
    rate_video_cents = NumberAttribute()
    status = UnicodeAttribute(default=ReaderStatus.OFFLINE)
    rating_total = NumberAttribute(default=0)
    rating_count = NumberAttribute(default=0)
    listing = UnicodeAttribute(default="reader")  # "suspended" takes a suspended reader out of the listing
    rating_rank = UnicodeAttribute()
    suspended_at = UTCDateTimeAttribute(null=True)  # set by an admin: offline, unlisted, cannot go online or live
    suspended_reason = UnicodeAttribute(null=True)
    price_rank = UnicodeAttribute(null=True)  # <lowest rate, zero-padded>#<reader id>: the by-price index
    joined_key = UnicodeAttribute(null=True)  # <iso created_at>#<reader id>: the by-joined index
    search_text = UnicodeAttribute(null=True)  # lower-case name, specialties and bio, for `q=`
    languages = ListAttribute(of=UnicodeAttribute, null=True)
    years_experience = NumberAttribute(null=True)
    readings_completed = NumberAttribute(default=0)
    response_seconds_total = NumberAttribute(default=0)  # request -> accept, summed over accepted requests
    response_count = NumberAttribute(default=0)
    photo_id = UnicodeAttribute(null=True)  # the processed upload whose sizes are under media/readers/<id>/
    created_at = UTCDateTimeAttribute(default=utcnow)
    updated_at = UTCDateTimeAttribute(default=utcnow)

    by_rating = ReadersByRating()
    by_price = ReadersByPrice()
    by_joined = ReadersByJoined()


class LedgerAccountModel(Model):
    """One balance per account; changed only inside a movement's transaction."""

    class Meta(BoundTable):
        table_setting = "LEDGER_ACCOUNTS_TABLE"

    account_id = UnicodeAttribute(hash_key=True)
    balance = NumberAttribute(default=0)
    updated_at = UTCDateTimeAttribute(default=utcnow)


class LedgerEntryModel(Model):
    """An immutable posting of one movement to one account; `position` sorts newest last."""

    class Meta(BoundTable):
        table_setting = "LEDGER_ENTRIES_TABLE"

    account_id = UnicodeAttribute(hash_key=True)
    position = UnicodeAttribute(range_key=True)  # <iso time>#<movement id>
    movement_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    amount = NumberAttribute()  # signed cents: + credit to this account, - debit
    counterparts = ListAttribute(of=UnicodeAttribute, default=list)
    memo: MapAttribute[str, Any] = MapAttribute(default=dict)
    created_at = UTCDateTimeAttribute(default=utcnow)


class LedgerMovementModel(Model):
    """The movement itself, keyed by its deterministic id: written once, ever."""

    class Meta(BoundTable):
        table_setting = "LEDGER_MOVEMENTS_TABLE"

    movement_id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    entries = ListAttribute(of=MapAttribute, default=list)  # [{debit, credit, amount}]
    memo: MapAttribute[str, Any] = MapAttribute(default=dict)
    created_at = UTCDateTimeAttribute(default=utcnow)


class PaymentModel(Model):
    """A Stripe PaymentIntent for a top-up and what its webhooks told us."""

    class Meta(BoundTable):
        table_setting = "PAYMENTS_TABLE"

    payment_id = UnicodeAttribute(hash_key=True)  # the PaymentIntent id
    user_id = UnicodeAttribute()
    amount_cents = NumberAttribute()
    purpose = UnicodeAttribute(default="balance_topup")
    status = UnicodeAttribute(default="requires_payment_method")
    charge_id = UnicodeAttribute(null=True)
    refunded_cents = NumberAttribute(default=0)
    dispute_id = UnicodeAttribute(null=True)
    last_error = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute(default=utcnow)
    updated_at = UTCDateTimeAttribute(default=utcnow)


class LiveStreams(GlobalSecondaryIndex["StreamModel"]):
    """Sparse: only live streams carry `live_listing`."""

    class Meta:
        index_name = "live"
        projection = AllProjection()

    live_listing = UnicodeAttribute(hash_key=True)
    started_key = UnicodeAttribute(range_key=True)


class StreamModel(Model):
    """A reader's live stream: its Agora channel, viewer count and gift totals."""

    class Meta(BoundTable):
        table_setting = "STREAMS_TABLE"

    stream_id = UnicodeAttribute(hash_key=True)
    reader_id = UnicodeAttribute()
    reader_name = UnicodeAttribute(null=True)
    title = UnicodeAttribute(default="")
    channel = UnicodeAttribute()
    status = UnicodeAttribute(default=StreamStatus.LIVE)
    live_listing = UnicodeAttribute(null=True)  # "live" while live, removed when it ends
    started_key = UnicodeAttribute()  # <iso started_at>#<stream id>
    viewer_count = NumberAttribute(default=0)
    gift_count = NumberAttribute(default=0)
    gifts_cents = NumberAttribute(default=0)
    reader_share_cents = NumberAttribute(default=0)
    started_at = UTCDateTimeAttribute(default=utcnow)
    ended_at = UTCDateTimeAttribute(null=True)

    live = LiveStreams()


class StreamSlotModel(Model):
    """`slot#<reader>` in the streams table: present while the reader is live, so there is one at most."""

    class Meta(BoundTable):
        table_setting = "STREAMS_TABLE"

    stream_id = UnicodeAttribute(hash_key=True)
    live_stream_id = UnicodeAttribute()


class StreamAudienceModel(Model):
    """Who is in a stream: `conn#<connection>` (a WebSocket connection that gets the events) and
    `viewer#<user>` (a counted viewer: the ids of their connections in the audience, one tab or several)."""

    class Meta(BoundTable):
        table_setting = "STREAM_AUDIENCE_TABLE"

    stream_id = UnicodeAttribute(hash_key=True)
    member = UnicodeAttribute(range_key=True)
    user_id = UnicodeAttribute()
    joined_at = UTCDateTimeAttribute(default=utcnow)
    expires_at = NumberAttribute(null=True)  # TTL of WebSocket members
    connections = UnicodeSetAttribute(null=True)  # viewer#: their connections in the audience (never empty)


class ProductsListing(GlobalSecondaryIndex["ProductModel"]):
    """Sparse: only active products carry `listing`."""

    class Meta:
        index_name = "listing"
        projection = AllProjection()

    listing = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class ProductsByOwner(GlobalSecondaryIndex["ProductModel"]):
    """Sparse: an active product's `owner_listing` is its owner id."""

    class Meta:
        index_name = "by-owner"
        projection = AllProjection()

    owner_listing = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class ProductModel(Model):
    """A marketplace product, mirrored to a Stripe Product and its current Price."""

    class Meta(BoundTable):
        table_setting = "PRODUCTS_TABLE"

    product_id = UnicodeAttribute(hash_key=True)
    owner_id = UnicodeAttribute()  # the reader who sells it, or "platform"
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    kind = UnicodeAttribute()  # digital | physical
    price_cents = NumberAttribute()
    inventory = NumberAttribute()
    sold = NumberAttribute(default=0)
    status = UnicodeAttribute(default=ProductStatus.ACTIVE)
    listing = UnicodeAttribute(null=True)
    owner_listing = UnicodeAttribute(null=True)
    created_key = UnicodeAttribute()  # <iso created_at>#<product id>
    revision = NumberAttribute(default=1)  # +1 per change; guards concurrent edits
    price_version = NumberAttribute(default=1)  # +1 per price change (each is a new Stripe Price)
    stripe_product_id = UnicodeAttribute(null=True)
    stripe_price_id = UnicodeAttribute(null=True)
    seller_name = UnicodeAttribute(null=True)  # the reader's display name when listed ("SoulSeer" for the platform)
    image_id = UnicodeAttribute(null=True)  # the processed upload whose sizes are under media/products/<id>/
    file_key = UnicodeAttribute(null=True)  # a digital product's file in the media bucket (private)
    file_type = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute(default=utcnow)
    updated_at = UTCDateTimeAttribute(default=utcnow)

    listed = ProductsListing()
    by_owner = ProductsByOwner()


class OrdersByBuyer(GlobalSecondaryIndex["OrderModel"]):
    class Meta:
        index_name = "by-buyer"
        projection = AllProjection()

    buyer_id = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class OrdersBySeller(GlobalSecondaryIndex["OrderModel"]):
    """A seller's sales page (owner_id is the reader, or "platform")."""

    class Meta:
        index_name = "by-seller"
        projection = AllProjection()

    owner_id = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class OrderModel(Model):
    """A purchase paid from the balance; written in the same transaction as its ledger movement."""

    class Meta(BoundTable):
        table_setting = "ORDERS_TABLE"

    order_id = UnicodeAttribute(hash_key=True)
    buyer_id = UnicodeAttribute()
    product_id = UnicodeAttribute()
    product_name = UnicodeAttribute()
    kind = UnicodeAttribute()
    owner_id = UnicodeAttribute()
    quantity = NumberAttribute()
    unit_price_cents = NumberAttribute()
    total_cents = NumberAttribute()
    reader_share_cents = NumberAttribute(default=0)
    movement_id = UnicodeAttribute()
    seller_name = UnicodeAttribute(null=True)
    status = UnicodeAttribute(default=OrderStatus.PAID)
    shipping_address: MapAttribute[str, Any] = MapAttribute(null=True)  # physical orders; editable until shipped
    tracking = UnicodeAttribute(null=True)  # the seller's words when shipping (carrier, tracking number)
    shipped_at = UTCDateTimeAttribute(null=True)
    delivered_at = UTCDateTimeAttribute(null=True)
    created_key = UnicodeAttribute()  # <iso created_at>#<order id>
    created_at = UTCDateTimeAttribute(default=utcnow)

    by_buyer = OrdersByBuyer()
    by_seller = OrdersBySeller()


class ConnectAccountsByStripeId(GlobalSecondaryIndex["ConnectAccountModel"]):
    class Meta:
        index_name = "by-stripe-account"
        projection = AllProjection()

    stripe_account_id = UnicodeAttribute(hash_key=True)


class ConnectAccountModel(Model):
    """A reader's Stripe Connect Express account; `payouts_enabled` follows `account.updated`."""

    class Meta(BoundTable):
        table_setting = "CONNECT_ACCOUNTS_TABLE"

    reader_id = UnicodeAttribute(hash_key=True)
    stripe_account_id = UnicodeAttribute()
    payouts_enabled = BooleanAttribute(default=False)
    details_submitted = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute(default=utcnow)
    updated_at = UTCDateTimeAttribute(default=utcnow)

    by_stripe_account = ConnectAccountsByStripeId()


class DisputesByStatus(GlobalSecondaryIndex["DisputeModel"]):
    class Meta:
        index_name = "by-status"
        projection = AllProjection()

    status = UnicodeAttribute(hash_key=True)
    opened_key = UnicodeAttribute(range_key=True)


class DisputeModel(Model):
    """A client's dispute of a reading (one per session): open -> refunded | rejected."""

    class Meta(BoundTable):
        table_setting = "DISPUTES_TABLE"

    dispute_id = UnicodeAttribute(hash_key=True)  # dsp_<session>
    session_id = UnicodeAttribute()
    client_id = UnicodeAttribute()
    reader_id = UnicodeAttribute()
    reason = UnicodeAttribute()
    status = UnicodeAttribute(default=DisputeStatus.OPEN)
    opened_key = UnicodeAttribute()  # <iso opened_at>#<dispute id>, newest-first listings
    session_total_cents = NumberAttribute()
    refund_cents = NumberAttribute(default=0)
    reader_take_back_cents = NumberAttribute(default=0)
    reader_shortfall_cents = NumberAttribute(default=0)  # what the reader's pending lacked: reader debt
    note = UnicodeAttribute(null=True)
    resolved_by = UnicodeAttribute(null=True)
    opened_at = UTCDateTimeAttribute(default=utcnow)
    resolved_at = UTCDateTimeAttribute(null=True)

    by_status = DisputesByStatus()


class OutstandingPayouts(GlobalSecondaryIndex["PayoutModel"]):
    class Meta:
        index_name = "outstanding"
        projection = AllProjection()

    outstanding = UnicodeAttribute(hash_key=True)  # set only while the payout is unfinished (sparse)
    payout_id = UnicodeAttribute(range_key=True)


class PayoutsByDate(GlobalSecondaryIndex["PayoutModel"]):
    class Meta:
        index_name = "by-date"
        projection = AllProjection()

    payout_date = UnicodeAttribute(hash_key=True)
    reader_id = UnicodeAttribute(range_key=True)


class PayoutModel(Model):
    """A payout intent, written before its Stripe Transfer; finished by the ledger movement of the same id."""

    class Meta(BoundTable):
        table_setting = "PAYOUTS_TABLE"

    payout_id = UnicodeAttribute(hash_key=True)  # payout:<reader>:<date>, also the movement id
    reader_id = UnicodeAttribute()
    payout_date = UnicodeAttribute()
    amount_cents = NumberAttribute()
    destination = UnicodeAttribute()  # the Connect account
    status = UnicodeAttribute(default=PayoutStatus.PENDING)
    outstanding = UnicodeAttribute(null=True)
    transfer_id = UnicodeAttribute(null=True)
    failures = NumberAttribute(default=0)  # failed transfer attempts; each retry uses a new key
    last_error = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute(default=utcnow)
    updated_at = UTCDateTimeAttribute(default=utcnow)

    outstanding_index = OutstandingPayouts()
    by_date = PayoutsByDate()


class PresenceModel(Model):
    """One open WebSocket connection of a user, kept by user so all of them are found with one query."""

    class Meta(BoundTable):
        table_setting = "PRESENCE_TABLE"

    user_id = UnicodeAttribute(hash_key=True)
    connection_id = UnicodeAttribute(range_key=True)
    role = UnicodeAttribute()
    last_seen = NumberAttribute()  # epoch seconds of the connect or the last heartbeat
    expires_at = NumberAttribute()  # TTL: API Gateway closes connections after 2 h


class WatchesByReader(GlobalSecondaryIndex["WatchModel"]):
    class Meta:
        index_name = "by-reader"
        projection = KeysOnlyProjection()

    reader_watch = UnicodeAttribute(hash_key=True)  # <kind>#<reader id>
    client_id = UnicodeAttribute(range_key=True)


class WatchModel(Model):
    """A client's interest in a reader: `fav#<reader>` (a favorite) or `free#<reader>` (notify when free);
    `count#free` holds how many notify-when-free requests the client has pending."""

    class Meta(BoundTable):
        table_setting = "WATCHES_TABLE"

    client_id = UnicodeAttribute(hash_key=True)
    watch_key = UnicodeAttribute(range_key=True)
    reader_watch = UnicodeAttribute(null=True)  # = watch_key for watches; absent on the counter
    reader_id = UnicodeAttribute(null=True)
    pending = NumberAttribute(null=True)  # the counter item only
    created_at = UTCDateTimeAttribute(default=utcnow)

    by_reader = WatchesByReader()
