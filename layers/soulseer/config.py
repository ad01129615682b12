"""Settings read from the environment variables template.yaml sets (the local cloud sets the same)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    stage: str
    users_table: str
    reader_profiles_table: str
    ledger_accounts_table: str
    ledger_entries_table: str
    ledger_movements_table: str
    payments_table: str
    sessions_table: str
    transcripts_table: str
    connections_table: str
    connect_accounts_table: str
    disputes_table: str
    payouts_table: str
    streams_table: str
    stream_audience_table: str
    products_table: str
    orders_table: str
    presence_table: str
    watches_table: str
    clerk_issuer: str
    clerk_jwks_url: str
    clerk_authorized_parties: tuple[str, ...]
    cors_allowed_origins: tuple[str, ...]
    reader_rate_min_cents: int
    reader_rate_max_cents: int

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            stage=env.get("STAGE", "dev"),
            users_table=env.get("USERS_TABLE", "soulseer-dev-users"),
            reader_profiles_table=env.get("READER_PROFILES_TABLE", "soulseer-dev-reader-profiles"),
            ledger_accounts_table=env.get("LEDGER_ACCOUNTS_TABLE", "soulseer-dev-ledger-accounts"),
            ledger_entries_table=env.get("LEDGER_ENTRIES_TABLE", "soulseer-dev-ledger-entries"),
            ledger_movements_table=env.get("LEDGER_MOVEMENTS_TABLE", "soulseer-dev-ledger-movements"),
            payments_table=env.get("PAYMENTS_TABLE", "soulseer-dev-payments"),
            sessions_table=env.get("SESSIONS_TABLE", "soulseer-dev-sessions"),
            transcripts_table=env.get("TRANSCRIPTS_TABLE", "soulseer-dev-transcripts"),
            connections_table=env.get("CONNECTIONS_TABLE", "soulseer-dev-connections"),
            connect_accounts_table=env.get("CONNECT_ACCOUNTS_TABLE", "soulseer-dev-connect-accounts"),
            disputes_table=env.get("DISPUTES_TABLE", "soulseer-dev-disputes"),
            payouts_table=env.get("PAYOUTS_TABLE", "soulseer-dev-payouts"),
            streams_table=env.get("STREAMS_TABLE", "soulseer-dev-streams"),
            stream_audience_table=env.get("STREAM_AUDIENCE_TABLE", "soulseer-dev-stream-audience"),
            products_table=env.get("PRODUCTS_TABLE", "soulseer-dev-products"),
            orders_table=env.get("ORDERS_TABLE", "soulseer-dev-orders"),
            presence_table=env.get("PRESENCE_TABLE", "soulseer-dev-presence"),
            watches_table=env.get("WATCHES_TABLE", "soulseer-dev-watches"),
            clerk_issuer=env.get("CLERK_ISSUER", ""),
            clerk_jwks_url=env.get("CLERK_JWKS_URL", ""),
            clerk_authorized_parties=_csv(env.get("CLERK_AUTHORIZED_PARTIES", "")),
            cors_allowed_origins=_csv(env.get("CORS_ALLOWED_ORIGINS", "")),
            reader_rate_min_cents=int(env.get("READER_RATE_MIN_CENTS", "100")),
            reader_rate_max_cents=int(env.get("READER_RATE_MAX_CENTS", "2000")),
        )


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_env()
