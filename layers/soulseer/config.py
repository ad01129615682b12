"""Settings: the environment variables template.yaml sets, validated per function at cold start.

Each area has a pydantic model whose fields are named for their variables (as in the Powertools cookbook's
`env_vars.py`); a field is required unless template.yaml gives its parameter a default, and then its default
is the template's (tests/unit/test_settings.py holds them equal). Each function composes the areas it uses
(`ApiFunction`, ...) and validates them when its handler module is imported (`cold_start`), so a missing or
invalid variable fails the init with its name and the function's. Layer code reads an area with
`settings_for(Area)`: validated once, read again only if the process environment changes (tests and tools do that).
The Lambda runtime's own variables (region, function name) are read here too, and nowhere else."""

from __future__ import annotations

import os
import threading
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError


def _csv(value: Any) -> Any:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return value


Name = Annotated[str, Field(min_length=1)]  # a table, secret, queue, ARN or URL: never empty
Csv = Annotated[tuple[str, ...], BeforeValidator(_csv)]  # comma-separated, blanks dropped (may be empty)
Seconds = Annotated[int, Field(ge=1)]
Count = Annotated[int, Field(ge=0)]


class SettingsError(RuntimeError):
    """A function's environment lacks a variable template.yaml sets, or holds an invalid value."""


class EnvSettings(BaseModel):
    """Fields are environment variables by name; other variables are ignored."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    function: ClassVar[str] = ""  # the function a composed model belongs to (named in errors)

    @classmethod
    def variables(cls) -> tuple[str, ...]:
        return tuple(cls.model_fields)

    @classmethod
    def from_env(cls: type[S], env: dict[str, str] | os._Environ[str] | None = None) -> S:
        source = os.environ if env is None else env
        values = {name: source[name] for name in cls.variables() if name in source}
        try:
            return cls.model_validate(values)
        except ValidationError as error:
            raise SettingsError(_explain(cls, error, source)) from None


S = TypeVar("S", bound=EnvSettings)


def _explain(model: type[EnvSettings], error: ValidationError, env: Any) -> str:
    missing, invalid = [], []
    for problem in error.errors():
        name = ".".join(str(part) for part in problem["loc"])
        if problem["type"] == "missing":
            missing.append(name)
        else:
            invalid.append(f"{name}={problem.get('input')!r} ({problem['msg']})")
    function = env.get("AWS_LAMBDA_FUNCTION_NAME") or model.function or "soulseer"
    parts = [f"missing {', '.join(missing)}"] if missing else []
    parts += [f"invalid {', '.join(invalid)}"] if invalid else []
    return f"{function}: environment variables for {model.__name__}: {'; '.join(parts)} (template.yaml sets them)"


_cache: dict[type[EnvSettings], tuple[tuple[str | None, ...], EnvSettings]] = {}
_lock = threading.Lock()


def settings_for(model: type[S]) -> S:
    """`model` validated from the process environment; cached until one of its variables changes."""
    snapshot = tuple(os.environ.get(name) for name in model.variables())
    cached = _cache.get(model)
    if cached is not None and cached[0] == snapshot:
        return cached[1]  # type: ignore[return-value]
    settings = model.from_env()
    with _lock:
        _cache[model] = (snapshot, settings)
    return settings


def cold_start(model: type[S]) -> S:
    """Called at module level by each handler: every variable the function uses, checked at init."""
    return settings_for(model)


# The Lambda runtime's variables (not template.yaml's).


def aws_region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


# The areas. Defaults are template.yaml's parameter defaults (never a table, secret, queue or ARN).


class CoreSettings(EnvSettings):
    """What every function needs: the stage and the tables of the PynamoDB models (read at import)."""

    STAGE: Name
    USERS_TABLE: Name
    READER_PROFILES_TABLE: Name
    LEDGER_ACCOUNTS_TABLE: Name
    LEDGER_ENTRIES_TABLE: Name
    LEDGER_MOVEMENTS_TABLE: Name
    PAYMENTS_TABLE: Name
    SESSIONS_TABLE: Name
    TRANSCRIPTS_TABLE: Name
    CONNECTIONS_TABLE: Name
    CONNECT_ACCOUNTS_TABLE: Name
    DISPUTES_TABLE: Name
    PAYOUTS_TABLE: Name
    STREAMS_TABLE: Name
    STREAM_AUDIENCE_TABLE: Name
    PRODUCTS_TABLE: Name
    ORDERS_TABLE: Name
    PRESENCE_TABLE: Name
    WATCHES_TABLE: Name
    STATS_ROLLUPS_TABLE: Name  # every ledger movement updates the daily rollups in its transaction


class ClerkSettings(EnvSettings):
    """Session-token verification (the authorizer)."""

    CLERK_ISSUER: Name
    CLERK_JWKS_URL: Name
    CLERK_AUTHORIZED_PARTIES: Csv


class CorsSettings(EnvSettings):
    CORS_ALLOWED_ORIGINS: Csv


class ReaderRateSettings(EnvSettings):
    READER_RATE_MIN_CENTS: Count = 100
    READER_RATE_MAX_CENTS: Annotated[int, Field(ge=1)] = 2000


class StripeSettings(EnvSettings):
    STRIPE_SECRET_NAME: Name
    STRIPE_API_BASE: str = ""  # empty: Stripe itself
    TOPUP_MIN_CENTS: Annotated[int, Field(ge=50)] = 500
    TOPUP_MAX_CENTS: Annotated[int, Field(ge=1)] = 50000


class PushSettings(EnvSettings):
    WEBSOCKET_MANAGEMENT_URL: Name


class ReadingSettings(EnvSettings):
    """The rules of a reading and the state machines that run it."""

    BILLING_STATE_MACHINE_ARN: Name
    REQUEST_EXPIRY_STATE_MACHINE_ARN: Name
    WEBSOCKET_URL: Name
    BILLING_TICK_SECONDS: Seconds = 60
    JOIN_TIMEOUT_SECONDS: Seconds = 60
    FREE_INTRO_MINUTES: Count = 3
    DISCONNECT_GRACE_SECONDS: Count = 60
    MAX_READING_MINUTES: Annotated[int, Field(ge=1)] = 120
    TICKS_PER_EXECUTION: Annotated[int, Field(ge=1)] = 2000
    HEARTBEAT_WINDOW_SECONDS: Seconds = 45


class IceSettings(EnvSettings):
    STUN_URLS: Csv = ("stun:stun.l.google.com:19302",)
    TURN_URLS: Csv = ()
    TURN_SECRET_NAME: str = ""  # empty disables TURN


class PresenceSettings(EnvSettings):
    PRESENCE_QUEUE_URL: Name
    PRESENCE_GRACE_SECONDS: Count = 30
    HEARTBEAT_WINDOW_SECONDS: Seconds = 45


class StreamSettings(EnvSettings):
    AGORA_SECRET_NAME: Name
    AGORA_TOKEN_TTL_SECONDS: Annotated[int, Field(ge=60)] = 3600
    GIFT_CATALOG: Name = "rose:100,heart:300,star:500,crystal-ball:1000,full-moon:2500"


class DisputeSettings(EnvSettings):
    DISPUTE_WINDOW_HOURS: Annotated[int, Field(ge=1)] = 72


class PayoutSettings(EnvSettings):
    PAYOUTS_QUEUE_URL: Name
    PAYOUT_MINIMUM_CENTS: Annotated[int, Field(ge=100)] = 1500


class RateLimitSettings(EnvSettings):
    RATE_LIMITS_TABLE: Name
    RATE_LIMITS: Name = "add_balance=5/60,start_reading=5/60,gift=30/60,purchase=10/60,dispute=10/3600"


class AuditSettings(EnvSettings):
    AUDIT_REPORTS_TABLE: Name


class AuditJobSettings(EnvSettings):
    """Starting an audit run from the API (only the API function is given the audit function's name)."""

    AUDIT_FUNCTION_NAME: Name


def settings() -> CoreSettings:
    return settings_for(CoreSettings)


# The functions: the areas each one's code uses (tests/unit/test_settings.py checks this against the
# imports of each handler and against the environment template.yaml gives each function).


class AuthorizerFunction(CoreSettings, ClerkSettings):
    function = "authorizer"


class ApiFunction(
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
):
    function = "api"


class WsFunction(CoreSettings, PushSettings, ReadingSettings, IceSettings, PresenceSettings, StripeSettings):
    function = "ws"


class BillingTickFunction(CoreSettings, PushSettings, ReadingSettings, IceSettings, PresenceSettings, StripeSettings):
    function = "billing_tick"


class RequestExpiryFunction(CoreSettings, PushSettings, ReadingSettings, IceSettings, PresenceSettings, StripeSettings):
    function = "request_expiry"


class ReconcilerFunction(CoreSettings, PushSettings, ReadingSettings, IceSettings, PresenceSettings, StripeSettings):
    function = "reconciler"


class PresenceFunction(CoreSettings, PushSettings, PresenceSettings, ReaderRateSettings):
    function = "presence"


class PayoutsFunction(CoreSettings, CorsSettings, StripeSettings, PayoutSettings):
    function = "payouts"


class PayoutWorkerFunction(CoreSettings, CorsSettings, StripeSettings, PayoutSettings):
    function = "payout_worker"


class AuditFunction(CoreSettings, AuditSettings):
    function = "audit"
