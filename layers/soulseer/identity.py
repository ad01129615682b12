"""Clerk session tokens: RS256 JWTs verified against the instance's JWKS (PyJWT).

The Clerk user id (`sub`) is the identity; roles come from our users table, never from a claim.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jwt

from soulseer.errors import DomainError, ErrorCode
from soulseer.token_expiry import LEEWAY_SECONDS, expired

logger = logging.getLogger(__name__)

ALGORITHMS = ["RS256"]
REQUIRED_CLAIMS = ["exp", "nbf", "iat", "iss", "sub"]
JWKS_LIFESPAN_SECONDS = 300
JWKS_TIMEOUT_SECONDS = 3
MAX_TOKEN_LENGTH = 8192
MAX_SUBJECT_LENGTH = 255  # Clerk ids are ~32 characters; a DynamoDB key holds at most 2,048 bytes

__all__ = [
    "ALGORITHMS",
    "LEEWAY_SECONDS",
    "Claims",
    "bearer_token",
    "clear_jwks_cache",
    "expired",
    "jwks_client",
    "verify_session_token",
]
_INVALID_MESSAGE = "The session token is invalid or expired."
_clients: dict[str, jwt.PyJWKClient] = {}
_clients_lock = threading.Lock()


@dataclass(frozen=True)
class Claims:
    user_id: str
    session_id: str | None
    authorized_party: str | None
    expires_at: int  # the token's exp (unix seconds), passed on so a cached authorization ends with it


def _invalid() -> DomainError:
    return DomainError(ErrorCode.INVALID_TOKEN, _INVALID_MESSAGE)


def bearer_token(header_value: str | None) -> str:
    """The token from an `Authorization: Bearer <token>` header value."""
    if not header_value:
        raise DomainError(ErrorCode.MISSING_TOKEN)
    scheme, _, token = header_value.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or any(ch.isspace() for ch in token):
        raise _invalid()
    return token


def jwks_client(jwks_url: str) -> jwt.PyJWKClient:
    """One client per JWKS URL for the life of the process, so warm invocations reuse its keys."""
    with _clients_lock:
        client = _clients.get(jwks_url)
        if client is None:
            client = jwt.PyJWKClient(
                jwks_url,
                cache_keys=True,
                lifespan=JWKS_LIFESPAN_SECONDS,
                timeout=JWKS_TIMEOUT_SECONDS,
            )
            _clients[jwks_url] = client
        return client


def clear_jwks_cache() -> None:
    with _clients_lock:
        _clients.clear()


def _signing_key(token: str, jwks_url: str) -> Any:
    kid = jwt.get_unverified_header(token).get("kid")
    if not isinstance(kid, str) or not kid:
        raise jwt.InvalidTokenError("the token has no kid")
    try:
        return jwks_client(jwks_url).get_signing_key(kid).key
    except jwt.PyJWKClientConnectionError:
        logger.error("Could not fetch the JWKS from %s", jwks_url, exc_info=True)
        raise


def _decode(
    token: str, *, issuer: str, jwks_url: str, authorized_parties: Sequence[str], leeway_seconds: int
) -> Claims:
    payload = jwt.decode(
        token,
        key=_signing_key(token, jwks_url),
        algorithms=ALGORITHMS,
        issuer=issuer,
        leeway=leeway_seconds,
        options={"require": REQUIRED_CLAIMS},
    )
    sub = payload.get("sub")
    if not isinstance(sub, str) or not sub.strip() or len(sub) > MAX_SUBJECT_LENGTH or not sub.isprintable():
        raise jwt.InvalidTokenError(f"sub must be a printable string of 1 to {MAX_SUBJECT_LENGTH} characters")
    azp = payload.get("azp")
    if azp is not None and not isinstance(azp, str):
        raise jwt.InvalidTokenError("azp must be a string")
    if authorized_parties and azp not in authorized_parties:
        raise jwt.InvalidTokenError("azp is missing or not authorized")
    sid = payload.get("sid")
    return Claims(
        user_id=sub,
        session_id=sid if isinstance(sid, str) else None,
        authorized_party=azp,
        expires_at=int(payload["exp"]),
    )


def verify_session_token(
    token: str,
    *,
    issuer: str,
    jwks_url: str,
    authorized_parties: Sequence[str],
    leeway_seconds: int = LEEWAY_SECONDS,
) -> Claims:
    """Verify a Clerk session token; any failure is a 401 `invalid_token`."""
    if not issuer or not jwks_url:
        logger.error("Clerk issuer or JWKS URL is not configured")
        raise _invalid()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise _invalid()
    try:
        return _decode(
            token,
            issuer=issuer,
            jwks_url=jwks_url,
            authorized_parties=authorized_parties,
            leeway_seconds=leeway_seconds,
        )
    except jwt.PyJWTError as exc:
        logger.info("Session token refused: %s: %s", type(exc).__name__, exc)
        raise _invalid() from None
    except Exception:  # e.g. a JWKS response that is not JSON: still a refusal, never a 500
        logger.warning("Session token verification failed unexpectedly", exc_info=True)
        raise _invalid() from None
