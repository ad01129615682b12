"""Which push endpoints the server may post to: only the push services' hosts (`PushEndpointHosts`), never
a URL a user made up (a server that posts wherever it is told is a request-forgery hole).

An entry is a host (`fcm.googleapis.com`: https on the default port), a wildcard for its subdomains
(`*.notify.windows.com`) or a whole origin with scheme and port (`http://127.0.0.1:3004`, the local push
service)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from soulseer.config import NotifySettings, settings_for

MAX_ENDPOINT_LENGTH = 1024
_HOST = re.compile(r"^[a-z0-9.-]+$")


def _origin(endpoint: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of a well-formed http(s) URL without credentials, else None."""
    if len(endpoint) > MAX_ENDPOINT_LENGTH or any(c.isspace() or c == "\\" for c in endpoint):
        return None
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host or not _HOST.match(host) or "@" in parts.netloc:
        return None
    if parts.fragment or not parts.path.startswith("/"):
        return None
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80)


def _matches(entry: str, origin: tuple[str, str, int]) -> bool:
    scheme, host, port = origin
    entry = entry.strip().lower()
    if "://" in entry:
        allowed = _origin(entry.rstrip("/") + "/")
        return allowed == origin
    if scheme != "https" or port != 443:
        return False
    if entry.startswith("*."):
        return host.endswith(entry[1:]) and len(host) > len(entry) - 1
    return host == entry


def allowed(endpoint: str, hosts: tuple[str, ...] | None = None) -> bool:
    origin = _origin(endpoint)
    if origin is None:
        return False
    entries = hosts if hosts is not None else settings_for(NotifySettings).PUSH_ENDPOINT_HOSTS
    return any(_matches(entry, origin) for entry in entries)
