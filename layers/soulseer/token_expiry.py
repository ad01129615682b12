"""A token's expiry as the API re-checks it on a cached authorization: no JWT library needed (importing
PyJWT pulls in cryptography, which only the authorizer needs to verify a signature)."""

from __future__ import annotations

import time

# Clock skew allowed on exp and nbf, in the authorizer and where a cached authorization is re-checked.
LEEWAY_SECONDS = 5


def expired(expires_at: object, now: float | None = None) -> bool:
    """True unless `expires_at` (an authorizer context value: unix seconds, maybe a string) is still ahead."""
    try:
        deadline = int(str(expires_at))
    except ValueError:
        return True
    return (time.time() if now is None else now) >= deadline + LEEWAY_SECONDS
