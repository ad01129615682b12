"""Domain errors: one catalogue of codes (`ErrorCode`: each knows its HTTP status and default message),
raised through one class, `DomainError`. A few subclasses exist only so callers can catch them by kind
(the ledger's refusals, a rate limit); their code is still a member of the catalogue.

    raise DomainError(ErrorCode.SESSION_NOT_FOUND)
    raise DomainError(ErrorCode.READER_UNAVAILABLE, f"This reader is {status} right now.", details={...})
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar


class ErrorCode(StrEnum):
    """Every machine-readable code the API and the WebSocket send, with its HTTP status and default message."""

    status: int
    message: str

    def __new__(cls, value: str, status: int, message: str) -> ErrorCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.status = status
        member.message = message
        return member

    # 400: the request is not valid
    AMOUNT_NOT_ALLOWED = "amount_not_allowed", 400, "A rejection refunds nothing: leave amount_cents out."
    AMOUNT_OUT_OF_BOUNDS = "amount_out_of_bounds", 400, "This amount is out of bounds."
    BAD_REQUEST = "bad_request", 400, "The request is not valid."
    CHAT_MESSAGE_EMPTY = "chat_message_empty", 400, "Write something before sending."
    CHAT_MESSAGE_TOO_LONG = "chat_message_too_long", 400, "This chat message is too long."
    DISPLAY_NAME_REQUIRED = "display_name_required", 400, "A new reader needs a display_name."
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused", 400, "This Idempotency-Key was used with a different purchase."
    INVALID_AMOUNT = "invalid_amount", 400, "Ledger amounts are positive whole cents."
    INVALID_CURSOR = "invalid_cursor", 400, "The cursor is not valid for this listing."
    INVALID_DECLINE_REASON = "invalid_decline_reason", 400, "This decline reason is not one of the list."
    INVALID_DISPLAY_NAME = "invalid_display_name", 400, "This display name is not valid."
    INVALID_EMAIL = "invalid_email", 400, "That does not look like an email address."
    INVALID_ENTRY = "invalid_entry", 400, "An entry moves money between two accounts."
    INVALID_EVENT = "invalid_event", 400, "The webhook body is not a Stripe event."
    INVALID_HEADER = "invalid_header", 400, "Idempotency-Key must be 1 to 200 printable characters."
    INVALID_MESSAGE = "invalid_message", 400, "This message is not valid."
    INVALID_PUSH_KEYS = (
        "invalid_push_keys",
        400,
        "keys.p256dh must be an uncompressed P-256 point and keys.auth 16 bytes, base64url.",
    )
    INVALID_QUANTITY = "invalid_quantity", 400, "This quantity is not valid."
    INVALID_QUERY = "invalid_query", 400, "This search is not valid."
    INVALID_RATING = "invalid_rating", 400, "A rating is a whole number of stars from 1 to 5."
    INVALID_REPLY = "invalid_reply", 400, "This reply is not valid."
    INVALID_ROLE = "invalid_role", 400, "This role is not valid."
    INVALID_SIGNATURE = "invalid_signature", 400, "The webhook signature is missing or invalid."
    INVALID_STATUS = "invalid_status", 400, "Status must be online or offline."
    INVALID_UNSUBSCRIBE_TOKEN = "invalid_unsubscribe_token", 400, "This unsubscribe link is not valid."
    LIMIT_TOO_LOW = "limit_too_low", 400, "A spending limit must cover at least one paid minute."
    MESSAGE_TOO_LARGE = "message_too_large", 400, "Messages are at most 32 KB."
    MOVEMENT_TOO_LARGE = "movement_too_large", 400, "A movement touches too many accounts."
    NOTHING_TO_CHANGE = "nothing_to_change", 400, "Nothing to change."
    OWN_PRODUCT = "own_product", 400, "You cannot buy your own product."
    OWN_STREAM = "own_stream", 400, "You cannot send a gift to your own stream."
    PRICE_OUT_OF_BOUNDS = "price_out_of_bounds", 400, "This price is out of bounds."
    PRODUCT_BUSY = "product_busy", 400, "The product is busy; try again."
    PUSH_ENDPOINT_NOT_ALLOWED = (
        "push_endpoint_not_allowed",
        400,
        "Push endpoints must be on a browser push service's host.",
    )
    RATE_OUT_OF_BOUNDS = "rate_out_of_bounds", 400, "This rate is out of bounds."
    REVIEW_TOO_LONG = "review_too_long", 400, "This review is too long."
    SELF_READING = "self_reading", 400, "You cannot book a reading with yourself."
    STREAM_BUSY = "stream_busy", 400, "The stream is busy; try again."
    UNKNOWN_ACTION = "unknown_action", 400, "Unknown action."
    UNKNOWN_GIFT = "unknown_gift", 400, "Unknown gift."
    VALIDATION_FAILED = "validation_failed", 400, "The request is not valid."
    # 400: uploads and the shop (storefront)
    UNSUPPORTED_TYPE = "unsupported_type", 400, "This type of file is not accepted here."
    FILE_TOO_LARGE = "file_too_large", 400, "This file is too large."
    PRODUCT_REQUIRED = "product_required", 400, "product_id is required for a product upload."
    NOT_DIGITAL = "not_digital", 400, "Only digital products have a file to download."
    ADDRESS_REQUIRED = "address_required", 400, "A physical product needs a shipping address."
    INVALID_GIFT_CATALOG = "invalid_gift_catalog", 400, "The gift catalog is not valid."
    # 401: who are you
    INVALID_TOKEN = "invalid_token", 401, "The session token is not valid."
    MISSING_TOKEN = "missing_token", 401, "A session token is required."
    TOKEN_EXPIRED = "token_expired", 401, "The session token has expired."
    UNAUTHORIZED = "unauthorized", 401, "A valid session token is required."
    # 402: money
    INSUFFICIENT_FUNDS = "insufficient_funds", 402, "The balance is too low for this."
    CARD_DECLINED = "card_declined", 402, "Your card was declined; nothing was charged."
    # 403: not yours to do
    ACCOUNT_BLOCKED = "account_blocked", 403, "Your account is blocked; please contact support."
    FORBIDDEN = "forbidden", 403, "You are not allowed to do this."
    NOT_IN_SESSION = "not_in_session", 403, "Join the reading before sending to it."
    NOT_IN_STREAM = "not_in_stream", 403, "This connection is not in that stream's audience."
    MUTED = "muted", 403, "The reader has muted you in this stream's chat."
    PAYMENT_DISPUTED = (
        "payment_disputed",
        403,
        "A card payment of yours is disputed with your bank; spending is paused until it is resolved.",
    )
    READER_SUSPENDED = "reader_suspended", 403, "Your reader account is suspended; please contact support."
    # 404: no such thing
    DISPUTE_NOT_FOUND = "dispute_not_found", 404, "No such dispute."
    NOT_FOUND = "not_found", 404, "Not found."
    PAYOUT_NOT_FOUND = "payout_not_found", 404, "No such payout."
    ORDER_NOT_FOUND = "order_not_found", 404, "No such order."
    FILE_NOT_FOUND = "file_not_found", 404, "The seller has not uploaded this product's file yet."
    MESSAGE_NOT_FOUND = "message_not_found", 404, "No such message."
    PRODUCT_NOT_FOUND = "product_not_found", 404, "No such product."
    READER_NOT_FOUND = "reader_not_found", 404, "No such reader."
    ROUTE_NOT_FOUND = "route_not_found", 404, "No such route."
    SESSION_NOT_FOUND = "session_not_found", 404, "No such reading."
    STREAM_NOT_FOUND = "stream_not_found", 404, "No such stream."
    USER_NOT_FOUND = "user_not_found", 404, "No such user."
    # 409: the state does not allow it now
    ALREADY_DISPUTED = "already_disputed", 409, "This reading has been disputed already."
    ALREADY_LIVE = "already_live", 409, "You already have a live stream; end it first."
    ALREADY_REPLIED = "already_replied", 409, "You have replied to this review already."
    ALREADY_REVIEWED = "already_reviewed", 409, "This reading has been reviewed already."
    CONFLICT = "conflict", 409, "This is not possible now."
    CONNECTION_UNKNOWN = "connection_unknown", 409, "This connection is closed; reconnect."
    DISPUTE_RESOLVED = "dispute_resolved", 409, "This dispute is resolved already."
    DISPUTE_WINDOW_CLOSED = "dispute_window_closed", 409, "The window to dispute this reading has closed."
    OWN_ROLE = "own_role", 409, "Admins do not change their own role."
    READER_CHANGED = "reader_changed", 409, "The reader changed meanwhile; look again."
    USER_CHANGED = "user_changed", 409, "The user changed meanwhile; look again."
    NO_PRESENCE_CONNECTION = (
        "no_presence_connection",
        409,
        "Open the app (a WebSocket connection) before going online; you are online while it is open.",
    )
    NO_SAVED_CARD = "no_saved_card", 409, "There is no saved card: save one with your next top-up."
    NOT_DISPUTABLE = "not_disputable", 409, "Only a finished reading can be disputed."
    NOT_REVIEWABLE = "not_reviewable", 409, "Only a finished reading with a paid minute can be reviewed."
    NOT_REVIEWED = "not_reviewed", 409, "This reading has no review to reply to."
    NOTHING_TO_REFUND = "nothing_to_refund", 409, "Nothing was charged for this reading."
    ORDER_NOT_PAID = "order_not_paid", 409, "Only a paid order that has not shipped can be shipped or changed."
    ORDER_NOT_SHIPPED = "order_not_shipped", 409, "Only a shipped order can be marked delivered."
    NOT_PHYSICAL = "not_physical", 409, "Only physical orders are shipped."
    OUT_OF_STOCK = "out_of_stock", 409, "Not enough of this product is left."
    PAYOUT_NOT_OUTSTANDING = "payout_not_outstanding", 409, "This payout is finished (paid or cancelled)."
    PEER_NOT_CONNECTED = "peer_not_connected", 409, "The other participant is not connected."
    PRECONDITION_FAILED = "precondition_failed", 409, "The record changed meanwhile; try again."
    PRODUCT_ARCHIVED = "product_archived", 409, "This product is no longer for sale."
    PRODUCT_CHANGED = "product_changed", 409, "The product changed meanwhile; reload it and try again."
    PROFILE_REQUIRED = "profile_required", 409, "Create your reader profile before going online."
    READER_AVAILABLE = "reader_available", 409, "This reader is available now."
    READER_BUSY = "reader_busy", 409, "You are in a reading; your status changes when it ends."
    READER_UNAVAILABLE = "reader_unavailable", 409, "The reader is not available right now."
    REQUEST_CLOSED = "request_closed", 409, "This request is no longer waiting for an answer."
    REQUEST_OPEN = "request_open", 409, "Another request of yours was just made."
    SELF_FAVORITE = "self_favorite", 409, "You cannot favorite yourself."
    SESSION_ENDED = "session_ended", 409, "This reading has ended."
    STREAM_ENDED = "stream_ended", 409, "This stream has ended."
    TOO_MANY_FAVORITES = "too_many_favorites", 409, "You have too many favorites."
    TOO_MANY_PUSH_SUBSCRIPTIONS = (
        "too_many_push_subscriptions",
        409,
        "At most 10 devices can get pushes; remove one first.",
    )
    TOO_MANY_NOTIFY_REQUESTS = "too_many_notify_requests", 409, "You asked to be notified about too many readers."
    TRANSCRIPT_FULL = "transcript_full", 409, "This reading's transcript is full or the reading ended."
    USER_IS_ADMIN = "user_is_admin", 409, "An admin cannot also be a reader; use another account."
    # 415
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type", 415, "Send the body as application/json."
    # 429
    RATE_LIMITED = "rate_limited", 429, "Too many requests; try again shortly."
    # 500: ours, never the caller"s
    INTERNAL_ERROR = "internal_error", 500, "Something went wrong."
    # 502: a provider failed
    PAYMENT_PROVIDER_ERROR = "payment_provider_error", 502, "The payment provider refused the request; try again."
    STRIPE_SYNC_FAILED = "stripe_sync_failed", 502, "Stripe did not accept the product change; try again."
    # 503: busy, the same request can succeed shortly
    BUSY = "busy", 503, "Busy; try again."
    PAYMENT_PROVIDER_UNAVAILABLE = (
        "payment_provider_unavailable",
        503,
        "The payment provider could not be asked; try again.",
    )
    LEDGER_BUSY = "ledger_busy", 503, "The ledger is busy; try again."


class DomainError(Exception):
    """A refusal the caller can act on: the code's status, the code, a human message, optional details.
    503s carry a Retry-After (`retry_after` seconds, 1 unless given)."""

    default_code: ClassVar[ErrorCode] = ErrorCode.BAD_REQUEST  # of a subclass raised without a code

    def __init__(
        self,
        code: ErrorCode | None = None,
        message: str | None = None,
        *,
        details: Any = None,
        retry_after: int | None = None,
    ) -> None:
        code = code or self.default_code
        super().__init__(message or code.message)
        self.code = code
        self.message = message or code.message
        self.details = details
        self.retry_after = retry_after if retry_after is not None else (1 if code.status == 503 else None)

    @property
    def status(self) -> int:
        return self.code.status

    def to_body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": str(self.code), "message": self.message}
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}
