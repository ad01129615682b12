"""Settings: the environment variables template.yaml sets, validated per function at cold start.

Each area is a model whose fields are named for their variables (as in the Powertools cookbook's
`env_vars.py`); a field is required unless template.yaml gives its parameter a default, and then its default
is the template's (tests/unit/test_settings.py holds them equal). Each function lists the areas it uses
(`API_FUNCTION`, ...) and validates them when its handler module is imported (`cold_start`), so a missing
or invalid variable fails the init with its name and the function's. Layer code reads an area with
`settings_for(Area)`: validated once, read again only if the process environment changes (tests and tools
do that). The Lambda runtime's own variables (region, function name) are read here too, and nowhere else.

The models are declared pydantic-style but validated here, not by pydantic: importing pydantic costs
~200 ms of init in the Lambda-like environment, and eight of the ten functions never load it otherwise."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

_REQUIRED: Any = object()


class SettingsError(RuntimeError):
    """A function's environment lacks a variable template.yaml sets, or holds an invalid value."""


@dataclass(frozen=True)
class Var:
    """One variable: how its text becomes a value, and its default (template.yaml's) if it has one."""

    parse: Callable[[str], Any]
    default: Any = _REQUIRED

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED


def text(*, default: Any = _REQUIRED, empty_ok: bool = False) -> Any:
    """A string, never empty unless `empty_ok` (a table, secret, queue, ARN or URL is never empty)."""

    def parse(raw: str) -> str:
        if not raw and not empty_ok:
            raise ValueError("must not be empty")
        return raw

    return Var(parse, default)


def integer(*, ge: int, default: Any = _REQUIRED) -> Any:
    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise ValueError("not an integer") from None
        if value < ge:
            raise ValueError(f"must be at least {ge}")
        return value

    return Var(parse, default)


def csv(*, min_items: int = 0, default: Any = _REQUIRED) -> Any:
    """Comma-separated, blanks dropped."""

    def parse(raw: str) -> tuple[str, ...]:
        items = tuple(part.strip() for part in raw.split(",") if part.strip())
        if len(items) < min_items:
            raise ValueError(f"needs at least {min_items} comma-separated item(s)")
        return items

    return Var(parse, default)


class EnvSettings:
    """Fields are environment variables by name (class attributes made by `text`, `integer`, `csv`);
    an instance holds their validated values and is immutable."""

    fields: ClassVar[dict[str, Var]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, Var] = {}
        for klass in reversed(cls.__mro__):
            fields.update({name: value for name, value in vars(klass).items() if isinstance(value, Var)})
        cls.fields = fields

    def __init__(self, values: Mapping[str, Any]) -> None:
        for name in self.fields:
            object.__setattr__(self, name, values[name])

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.fields)
        return f"{type(self).__name__}({values})"

    @classmethod
    def variables(cls) -> tuple[str, ...]:
        return tuple(cls.fields)

    @classmethod
    def from_env(cls: type[S], env: Mapping[str, str] | None = None) -> S:
        source = os.environ if env is None else env
        settings, missing, invalid = _validate(cls, source)
        if settings is None:
            raise SettingsError(_explain(cls.__name__, missing, invalid, source))
        return settings


S = TypeVar("S", bound=EnvSettings)


def _validate(model: type[S], env: Mapping[str, str]) -> tuple[S | None, list[str], list[str]]:
    """(the settings, None if invalid; the missing variables; the invalid ones with the reason)."""
    values: dict[str, Any] = {}
    missing, invalid = [], []
    for name, var in model.fields.items():
        raw = env.get(name)
        if raw is None:
            if var.required:
                missing.append(name)
            else:
                values[name] = var.default
            continue
        try:
            values[name] = var.parse(raw)
        except ValueError as error:
            invalid.append(f"{name}={raw!r} ({error})")
    if missing or invalid:
        return None, missing, invalid
    return model(values), [], []


def _explain(what: str, missing: list[str], invalid: list[str], env: Mapping[str, str]) -> str:
    function = env.get("AWS_LAMBDA_FUNCTION_NAME") or what
    parts = [f"missing {', '.join(missing)}"] if missing else []
    parts += [f"invalid {', '.join(invalid)}"] if invalid else []
    return f"{function}: environment variables {'; '.join(parts)} (template.yaml sets them)"


_cache: dict[type[EnvSettings], tuple[tuple[str | None, ...], EnvSettings]] = {}
_lock = threading.Lock()


def _snapshot(model: type[EnvSettings]) -> tuple[str | None, ...]:
    return tuple(os.environ.get(name) for name in model.variables())


def _remember(model: type[EnvSettings], settings: EnvSettings) -> None:
    with _lock:
        _cache[model] = (_snapshot(model), settings)


def settings_for(model: type[S]) -> S:
    """`model` validated from the process environment; cached until one of its variables changes."""
    cached = _cache.get(model)
    if cached is not None and cached[0] == _snapshot(model):
        return cached[1]  # type: ignore[return-value]
    settings = model.from_env()
    _remember(model, settings)
    return settings


def cold_start(function: FunctionSettings) -> FunctionSettings:
    """Called at module level by each handler: every variable the function uses, checked at init (all of
    them at once, so the message names every missing one)."""
    function.check()
    return function


# The Lambda runtime's variables (not template.yaml's).


def aws_region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


# The areas. Defaults are template.yaml's parameter defaults (never a table, secret, queue or ARN).


class CoreSettings(EnvSettings):
    """What every function needs: the stage and the tables of the PynamoDB models (read at import)."""

    STAGE: str = text()
    USERS_TABLE: str = text()
    READER_PROFILES_TABLE: str = text()
    LEDGER_ACCOUNTS_TABLE: str = text()
    LEDGER_ENTRIES_TABLE: str = text()
    LEDGER_MOVEMENTS_TABLE: str = text()
    PAYMENTS_TABLE: str = text()
    SESSIONS_TABLE: str = text()
    TRANSCRIPTS_TABLE: str = text()
    CONNECTIONS_TABLE: str = text()
    CONNECT_ACCOUNTS_TABLE: str = text()
    DISPUTES_TABLE: str = text()
    PAYOUTS_TABLE: str = text()
    STREAMS_TABLE: str = text()
    STREAM_AUDIENCE_TABLE: str = text()
    PRODUCTS_TABLE: str = text()
    ORDERS_TABLE: str = text()
    PRESENCE_TABLE: str = text()
    WATCHES_TABLE: str = text()
    STATS_ROLLUPS_TABLE: str = text()  # every ledger movement updates the daily rollups in its transaction


class ClerkSettings(EnvSettings):
    """Session-token verification (the authorizer)."""

    CLERK_ISSUER: str = text()
    CLERK_JWKS_URL: str = text()
    CLERK_AUTHORIZED_PARTIES: tuple[str, ...] = csv(min_items=1)


class CorsSettings(EnvSettings):
    CORS_ALLOWED_ORIGINS: tuple[str, ...] = csv(min_items=1)


class ReaderRateSettings(EnvSettings):
    READER_RATE_MIN_CENTS: int = integer(ge=0, default=100)
    READER_RATE_MAX_CENTS: int = integer(ge=1, default=2000)


class StripeSettings(EnvSettings):
    STRIPE_SECRET_NAME: str = text()
    STRIPE_API_BASE: str = text(default="", empty_ok=True)  # empty: Stripe itself
    TOPUP_MIN_CENTS: int = integer(ge=50, default=500)
    TOPUP_MAX_CENTS: int = integer(ge=1, default=50000)


class PushSettings(EnvSettings):
    WEBSOCKET_MANAGEMENT_URL: str = text()


class HeartbeatSettings(EnvSettings):
    """How long a connection may stay silent and still count as there (presence and a reading's liveness)."""

    HEARTBEAT_WINDOW_SECONDS: int = integer(ge=1, default=45)


class ReadingSettings(HeartbeatSettings):
    """The rules of a reading and the state machines that run it."""

    BILLING_STATE_MACHINE_ARN: str = text()
    REQUEST_EXPIRY_STATE_MACHINE_ARN: str = text()
    WEBSOCKET_URL: str = text()
    BILLING_TICK_SECONDS: int = integer(ge=1, default=60)
    JOIN_TIMEOUT_SECONDS: int = integer(ge=1, default=60)
    FREE_INTRO_MINUTES: int = integer(ge=0, default=3)
    DISCONNECT_GRACE_SECONDS: int = integer(ge=0, default=60)
    MAX_READING_MINUTES: int = integer(ge=1, default=120)
    TICKS_PER_EXECUTION: int = integer(ge=1, default=2000)


class IceSettings(EnvSettings):
    STUN_URLS: tuple[str, ...] = csv(default=("stun:stun.l.google.com:19302",))
    TURN_URLS: tuple[str, ...] = csv(default=())
    TURN_SECRET_NAME: str = text(default="", empty_ok=True)  # empty disables TURN


class PresenceSettings(HeartbeatSettings):
    PRESENCE_QUEUE_URL: str = text()
    PRESENCE_GRACE_SECONDS: int = integer(ge=0, default=30)


class NotifySettings(EnvSettings):
    """Web push and email: subscriptions and preferences, the VAPID key and unsubscribe secret, SES."""

    NOTIFICATIONS_TABLE: str = text()
    NOTIFY_SECRET_NAME: str = text()
    PUSH_ENDPOINT_HOSTS: tuple[str, ...] = csv(
        min_items=1,
        default=(
            "fcm.googleapis.com",
            "updates.push.services.mozilla.com",
            "web.push.apple.com",
            "*.notify.windows.com",
        ),
    )
    VAPID_SUBJECT: str = text()
    RING_MISS_LIMIT: int = integer(ge=1, default=3)


class EmailSettings(EnvSettings):
    """Sending email (the presence function only): SES's sender and configuration set, and the API's URL
    that unsubscribe links point at (not in the API's own environment: the API refers to its function)."""

    EMAIL_SENDER: str = text()
    EMAIL_CONFIGURATION_SET: str = text()
    API_URL: str = text()  # one-click unsubscribe (RFC 8058 POST)
    WEB_URL: str = text()  # the web app: the unsubscribe page the email's link opens


class StreamSettings(EnvSettings):
    AGORA_SECRET_NAME: str = text()
    AGORA_TOKEN_TTL_SECONDS: int = integer(ge=60, default=3600)
    GIFT_CATALOG: str = text(
        default="rose:100:Rose,heart:300:Heart,star:500:Star,crystal-ball:1000:Crystal ball,full-moon:2500:Full moon"
    )
    GIFT_CONFIRM_ABOVE_CENTS: int = integer(ge=0, default=500)


class MediaSettings(EnvSettings):
    """The media bucket: uploads (presigned POSTs), processed images under media/, digital products' files."""

    MEDIA_BUCKET: str = text()


class DisputeSettings(EnvSettings):
    DISPUTE_WINDOW_HOURS: int = integer(ge=1, default=72)


class PayoutSettings(EnvSettings):
    PAYOUTS_QUEUE_URL: str = text()
    PAYOUT_MINIMUM_CENTS: int = integer(ge=100, default=1500)
    PAYOUT_SCHEDULE: str = text(default="cron(0 6 * * ? *)")  # readers are told when the next run starts


class RateLimitSettings(EnvSettings):
    RATE_LIMITS_TABLE: str = text()
    RATE_LIMITS: str = text(
        default="add_balance=5/60,start_reading=5/60,gift=30/60,purchase=10/60,dispute=10/3600,stream_chat=8/10"
    )


class AuditSettings(EnvSettings):
    AUDIT_REPORTS_TABLE: str = text()


class AdminActionSettings(EnvSettings):
    """The admin action log (written by the admin routes only)."""

    ADMIN_ACTIONS_TABLE: str = text()


class AuditJobSettings(EnvSettings):
    """Starting an audit run from the API (only the API function is given the audit function's name)."""

    AUDIT_FUNCTION_NAME: str = text()


def settings() -> CoreSettings:
    return settings_for(CoreSettings)


# The functions: the areas each one's code uses (tests/unit/test_settings.py checks this against the
# imports of each handler and against the environment template.yaml gives each function). A list of areas,
# not a model of its own: each area is validated (and cached) once.


@dataclass(frozen=True)
class FunctionSettings:
    name: str
    areas: tuple[type[EnvSettings], ...]

    def variables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for area in self.areas for name in area.variables()))

    def check(self, env: Mapping[str, str] | None = None) -> None:
        """Validates every area from `env` (the process environment by default, then cached); raises
        SettingsError naming the function and every missing or invalid variable."""
        source = os.environ if env is None else env
        missing: list[str] = []
        invalid: list[str] = []
        for area in self.areas:
            settings, lacking, wrong = _validate(area, source)
            if settings is not None and env is None:
                _remember(area, settings)
            missing += [name for name in lacking if name not in missing]
            invalid += [problem for problem in wrong if problem not in invalid]
        if missing or invalid:
            raise SettingsError(_explain(self.name, missing, invalid, source))


AUTHORIZER_FUNCTION = FunctionSettings("authorizer", (CoreSettings, ClerkSettings))
API_FUNCTION = FunctionSettings(
    "api",
    (
        CoreSettings,
        CorsSettings,
        ReaderRateSettings,
        StripeSettings,
        PushSettings,
        ReadingSettings,
        IceSettings,
        PresenceSettings,
        StreamSettings,
        DisputeSettings,
        PayoutSettings,
        RateLimitSettings,
        AuditSettings,
        AuditJobSettings,
        MediaSettings,
        AdminActionSettings,
        NotifySettings,
    ),
)
_READING_LOOP = (CoreSettings, PushSettings, ReadingSettings, IceSettings, PresenceSettings, StripeSettings)
WS_FUNCTION = FunctionSettings("ws", (*_READING_LOOP, StreamSettings, RateLimitSettings, CorsSettings))  # stream chat
BILLING_TICK_FUNCTION = FunctionSettings("billing_tick", (*_READING_LOOP, PayoutSettings))  # auto top-ups
REQUEST_EXPIRY_FUNCTION = FunctionSettings("request_expiry", _READING_LOOP)
RECONCILER_FUNCTION = FunctionSettings("reconciler", _READING_LOOP)
PRESENCE_FUNCTION = FunctionSettings(
    "presence", (CoreSettings, PushSettings, PresenceSettings, ReaderRateSettings, NotifySettings, EmailSettings)
)
_PAYING = (CoreSettings, CorsSettings, StripeSettings, PayoutSettings, PresenceSettings)
PAYOUTS_FUNCTION = FunctionSettings("payouts", _PAYING)
PAYOUT_WORKER_FUNCTION = FunctionSettings("payout_worker", (*_PAYING, PushSettings))  # tells a declined top-up
AUDIT_FUNCTION = FunctionSettings("audit", (CoreSettings, AuditSettings))
MEDIA_FUNCTION = FunctionSettings(
    "media", (CoreSettings, PushSettings, PresenceSettings, MediaSettings, ReaderRateSettings, StripeSettings)
)
