"""ICE servers for a reading: STUN from configuration, TURN with short-lived REST credentials."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import TYPE_CHECKING

from soulseer.adapters.secrets import SECRET_MAX_AGE_SECONDS
from soulseer.config import IceSettings, settings_for

if TYPE_CHECKING:
    from soulseer.schemas.readings import IceServer

TURN_CREDENTIAL_TTL_SECONDS = 3600


def turn_credentials(user_id: str, secret: str, now: int | None = None) -> tuple[str, str]:
    """The coturn REST scheme (use-auth-secret): username `<expiry>:<user>`, HMAC-SHA1 credential."""
    expires = (now or int(time.time())) + TURN_CREDENTIAL_TTL_SECONDS
    username = f"{expires}:{user_id}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def ice_servers(user_id: str) -> list[IceServer]:
    from soulseer.schemas.readings import StunServer, TurnServer  # API paths only: ws and billing skip pydantic

    env = settings_for(IceSettings)
    servers: list[IceServer] = []
    if stun := list(env.STUN_URLS):
        servers.append(StunServer(urls=stun))
    turn, secret_name = list(env.TURN_URLS), env.TURN_SECRET_NAME
    if turn and secret_name:
        from aws_lambda_powertools.utilities import parameters  # loads boto3: only when TURN is configured

        secret = str(parameters.get_secret(secret_name, max_age=SECRET_MAX_AGE_SECONDS))
        username, credential = turn_credentials(user_id, secret)
        servers.append(TurnServer(urls=turn, username=username, credential=credential))
    return servers
