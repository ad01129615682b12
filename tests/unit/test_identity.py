"""Clerk session token verification against a JWKS served on 127.0.0.1 by the dev issuer."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from soulseer import identity
from soulseer.errors import DomainError
from soulseer.identity import Claims, bearer_token, verify_session_token
from soulseer_tools.dev_issuer import DevIssuer

ISSUER = "https://clerk.soulseer.test"
ORIGIN = "http://localhost:5173"


@dataclass
class JwksServer:
    url: str
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def issuer(tmp_path_factory: pytest.TempPathFactory) -> DevIssuer:
    return DevIssuer(tmp_path_factory.mktemp("issuer"), ISSUER)


@pytest.fixture(scope="module")
def other_issuer(tmp_path_factory: pytest.TempPathFactory) -> DevIssuer:
    return DevIssuer(tmp_path_factory.mktemp("other-issuer"), ISSUER)


@pytest.fixture
def jwks(issuer: DevIssuer) -> Iterator[JwksServer]:
    path = f"/{uuid.uuid4().hex}/.well-known/jwks.json"
    body = json.dumps(issuer.jwks()).encode()
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            payload = {path: body, path + ".txt": b"<html>not json</html>"}.get(self.path)
            self.send_response(404 if payload is None else 200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload or b"")))
            self.end_headers()
            self.wfile.write(payload or b"")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    identity.clear_jwks_cache()
    try:
        yield JwksServer(url=f"http://127.0.0.1:{server.server_address[1]}{path}", requests=seen)
    finally:
        identity.clear_jwks_cache()
        server.shutdown()
        server.server_close()


def verify(token: str, jwks: JwksServer, parties: tuple[str, ...] = (ORIGIN,)) -> Claims:
    return verify_session_token(token, issuer=ISSUER, jwks_url=jwks.url, authorized_parties=parties)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(obj: dict[str, Any]) -> str:
    return b64url(json.dumps(obj, separators=(",", ":")).encode())


def good_payload(user_id: str = "user_abc") -> dict[str, Any]:
    now = int(time.time())
    return {"iss": ISSUER, "sub": user_id, "sid": "sess_1", "iat": now, "nbf": now, "exp": now + 600}


def assert_refused(token: str, jwks: JwksServer, parties: tuple[str, ...] = (ORIGIN,)) -> None:
    with pytest.raises(DomainError) as excinfo:
        verify(token, jwks, parties)
    assert excinfo.value.code == "invalid_token"
    assert excinfo.value.status == 401
    assert excinfo.value.message == "The session token is invalid or expired."


def test_valid_token_gives_claims(issuer: DevIssuer, jwks: JwksServer) -> None:
    token = issuer.mint("user_abc", azp=ORIGIN)
    claims = verify(token, jwks)
    assert claims.user_id == "user_abc"
    assert claims.authorized_party == ORIGIN
    assert claims.session_id is not None and claims.session_id.startswith("sess_")


def test_azp_optional_when_no_parties_configured(issuer: DevIssuer, jwks: JwksServer) -> None:
    claims = verify(issuer.mint("user_abc"), jwks, parties=())
    assert claims == Claims(
        user_id="user_abc", session_id=claims.session_id, authorized_party=None, expires_at=claims.expires_at
    )
    assert claims.expires_at > time.time()


def test_small_clock_skew_is_tolerated(issuer: DevIssuer, jwks: JwksServer) -> None:
    token = issuer.mint("user_abc", azp=ORIGIN, now=int(time.time()) + 3)
    assert verify(token, jwks).user_id == "user_abc"


def test_jwks_fetched_once_across_verifications(issuer: DevIssuer, jwks: JwksServer) -> None:
    for n in range(5):
        assert verify(issuer.mint(f"user_{n}", azp=ORIGIN), jwks).user_id == f"user_{n}"
    assert len(jwks.requests) == 1


@pytest.mark.parametrize("header", [None, "", "   ", "Bearer", "Bearer ", "Basic abc", "Token x.y.z", "Bearer a b"])
def test_bearer_header_missing_or_malformed(header: str | None) -> None:
    with pytest.raises(DomainError) as refused:
        bearer_token(header)
    assert refused.value.status == 401


@pytest.mark.parametrize("header", ["Bearer x.y.z", "bearer x.y.z", "BEARER  x.y.z "])
def test_bearer_header_accepted(header: str) -> None:
    assert bearer_token(header) == "x.y.z"


@pytest.mark.parametrize("token", ["", "not-a-jwt", "a.b.c", "a" * 9000])
def test_empty_or_garbage_token_refused(token: str, jwks: JwksServer) -> None:
    assert_refused(token, jwks)


def test_expired_refused(issuer: DevIssuer, jwks: JwksServer) -> None:
    assert_refused(issuer.mint("user_abc", azp=ORIGIN, now=int(time.time()) - 120, ttl_seconds=60), jwks)


def test_not_yet_valid_refused(issuer: DevIssuer, jwks: JwksServer) -> None:
    assert_refused(issuer.mint("user_abc", azp=ORIGIN, nbf=int(time.time()) + 120), jwks)


def test_wrong_issuer_refused(issuer: DevIssuer, jwks: JwksServer) -> None:
    assert_refused(issuer.mint("user_abc", azp=ORIGIN, iss="https://evil.example.com"), jwks)


def test_wrong_azp_refused(issuer: DevIssuer, jwks: JwksServer) -> None:
    assert_refused(issuer.mint("user_abc", azp="https://evil.example.com"), jwks)


def test_missing_azp_refused_when_parties_configured(issuer: DevIssuer, jwks: JwksServer) -> None:
    assert_refused(issuer.mint("user_abc"), jwks)


@pytest.mark.parametrize("claim", ["exp", "nbf", "iat", "iss", "sub"])
def test_missing_required_claim_refused(claim: str, issuer: DevIssuer, jwks: JwksServer) -> None:
    removed: dict[str, Any] = {claim: None}
    assert_refused(issuer.mint("user_abc", azp=ORIGIN, **removed), jwks)


@pytest.mark.parametrize("sub", ["", "  "])
def test_blank_sub_refused(sub: str, issuer: DevIssuer, jwks: JwksServer) -> None:
    assert_refused(issuer.mint(sub, azp=ORIGIN), jwks)


def test_unknown_kid_refused(other_issuer: DevIssuer, jwks: JwksServer) -> None:
    assert_refused(other_issuer.mint("user_abc", azp=ORIGIN), jwks)


def test_known_kid_wrong_key_refused(issuer: DevIssuer, other_issuer: DevIssuer, jwks: JwksServer) -> None:
    forged = other_issuer.mint("user_abc", azp=ORIGIN)
    _header, payload, signature = forged.split(".")
    relabelled = segment({"alg": "RS256", "typ": "JWT", "kid": issuer.kid})
    assert_refused(f"{relabelled}.{payload}.{signature}", jwks)


def test_alg_none_refused(issuer: DevIssuer, jwks: JwksServer) -> None:
    payload = good_payload() | {"azp": ORIGIN}
    token = f"{segment({'alg': 'none', 'typ': 'JWT', 'kid': issuer.kid})}.{segment(payload)}."
    assert_refused(token, jwks)


def test_hs256_signed_with_public_key_refused(issuer: DevIssuer, jwks: JwksServer) -> None:
    payload = good_payload() | {"azp": ORIGIN}
    signing_input = f"{segment({'alg': 'HS256', 'typ': 'JWT', 'kid': issuer.kid})}.{segment(payload)}"
    mac = hmac.new(issuer.public_key_pem(), signing_input.encode(), hashlib.sha256).digest()
    assert_refused(f"{signing_input}.{b64url(mac)}", jwks)


def test_jwks_unreachable_refused(issuer: DevIssuer) -> None:
    identity.clear_jwks_cache()
    dead = JwksServer(url="http://127.0.0.1:9/.well-known/jwks.json")
    assert_refused(issuer.mint("user_abc", azp=ORIGIN), dead)


def test_jwks_http_error_refused(issuer: DevIssuer, jwks: JwksServer) -> None:
    assert_refused(issuer.mint("user_abc", azp=ORIGIN), JwksServer(url=jwks.url.replace(".well-known", "x")))
    assert len(jwks.requests) == 1


def test_jwks_not_json_refused(issuer: DevIssuer, jwks: JwksServer) -> None:
    assert_refused(issuer.mint("user_abc", azp=ORIGIN), JwksServer(url=jwks.url + ".txt"))
    assert len(jwks.requests) == 1 and jwks.requests[0].endswith("/jwks.json.txt")


def test_dev_issuer_key_shared_across_instances(issuer: DevIssuer, tmp_path: Path) -> None:
    first = DevIssuer(tmp_path, ISSUER)
    second = DevIssuer(tmp_path, ISSUER)
    assert first.kid == second.kid
    assert first.jwks() == second.jwks()
    assert first.kid != issuer.kid
    assert (tmp_path / "dev-issuer-key.pem").stat().st_mode & 0o777 == 0o600


def test_dev_issuer_kid_is_rfc7638_thumbprint() -> None:
    # RFC 7638 section 3.1 example key and thumbprint.
    n = (
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCi"
        "FV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZ"
        "gnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xB"
        "niIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
    )

    class Fixed(DevIssuer):
        def __init__(self) -> None:
            self._n, self._e = n, "AQAB"

    assert Fixed()._thumbprint() == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
