"""Agora RTC tokens (AccessToken 006, agora-token-builder). App id and certificate come from Secrets Manager."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any, Literal

from soulseer.adapters.secrets import SECRET_MAX_AGE_SECONDS
from soulseer.config import StreamSettings, settings_for

AgoraRole = Literal["publisher", "subscriber"]


@dataclass(frozen=True)
class RtcGrant:
    app_id: str
    channel: str
    uid: int
    role: AgoraRole
    token: str
    expires_at: int  # unix seconds

    def to_dict(self) -> dict[str, Any]:
        return {
            "app_id": self.app_id,
            "channel": self.channel,
            "uid": self.uid,
            "role": self.role,
            "token": self.token,
            "expires_at": self.expires_at,
        }


def agora_secrets() -> dict[str, str]:
    """`{"app_id": "...", "app_certificate": "..."}` stored under AGORA_SECRET_NAME."""
    from aws_lambda_powertools.utilities import parameters  # loads boto3: only where a token is made

    secret = parameters.get_secret(
        settings_for(StreamSettings).AGORA_SECRET_NAME, transform="json", max_age=SECRET_MAX_AGE_SECONDS
    )
    if not isinstance(secret, dict) or not secret.get("app_id") or not secret.get("app_certificate"):
        raise RuntimeError("The Agora secret must hold app_id and app_certificate")
    return {"app_id": str(secret["app_id"]), "app_certificate": str(secret["app_certificate"])}


def uid_for(user_id: str) -> int:
    """A stable Agora uid (1 .. 2**32-1) for one of our users: the same user gets the same uid everywhere."""
    digest = int.from_bytes(hashlib.sha256(user_id.encode()).digest()[:4], "big")
    return digest % (2**32 - 1) + 1


def token_ttl_seconds() -> int:
    return settings_for(StreamSettings).AGORA_TOKEN_TTL_SECONDS


def rtc_grant(channel: str, user_id: str, role: AgoraRole) -> RtcGrant:
    """A token for `user_id` in `channel`; publishers may send audio, video and data, subscribers only join."""
    from agora_token_builder.RtcTokenBuilder import Role_Publisher, Role_Subscriber, RtcTokenBuilder

    secret = agora_secrets()
    uid = uid_for(user_id)
    expires_at = int(time.time()) + token_ttl_seconds()
    token = RtcTokenBuilder.buildTokenWithUid(
        secret["app_id"],
        secret["app_certificate"],
        channel,
        uid,
        Role_Publisher if role == "publisher" else Role_Subscriber,
        expires_at,
    )
    return RtcGrant(secret["app_id"], channel, uid, role, token, expires_at)
