"""The REST API through the local cloud: real HTTP, the real authorizer, tokens from the dev issuer."""

from __future__ import annotations

import pytest
import requests

from soulseer_tools.dev_issuer import DevIssuer
from tests.e2e.conftest import LocalCloud

pytestmark = pytest.mark.e2e

SEEDED_READERS = {f"user_demo_reader_{n}" for n in range(1, 6)}


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_state_file_describes_the_running_cloud(local_cloud: LocalCloud) -> None:
    state = local_cloud.state
    for key in ("gateway_url", "moto_url", "issuer", "jwks_url"):
        assert state[key].startswith("http://127.0.0.1:")
    assert state["stage"] == "dev"
    assert state["tables"]["UsersTable"] == "soulseer-dev-users"
    jwks = requests.get(state["jwks_url"], timeout=10).json()
    assert jwks["keys"][0]["alg"] == "RS256"


def test_public_reader_listing_has_the_seeded_readers(local_cloud: LocalCloud) -> None:
    response = requests.get(local_cloud.url("/api/readers"), timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "next_cursor" in body
    readers = {item["reader_id"]: item for item in body["items"]}
    assert set(readers) >= SEEDED_READERS
    assert all(readers[r]["display_name"] for r in SEEDED_READERS)
    assert {readers[r]["status"] for r in SEEDED_READERS} == {"online", "offline"}


def test_me_without_a_token_is_401(local_cloud: LocalCloud) -> None:
    response = requests.get(local_cloud.url("/api/me"), timeout=30)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_me_with_a_minted_token(local_cloud: LocalCloud) -> None:
    token = local_cloud.token("user_e2e_newcomer")
    response = requests.get(local_cloud.url("/api/me"), headers=auth(token), timeout=30)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user_id"] == "user_e2e_newcomer"
    assert body["role"] == "client"


def test_token_role_is_set_in_the_running_cloud(local_cloud: LocalCloud) -> None:
    token = local_cloud.token("user_e2e_reader", role="reader")
    response = requests.get(local_cloud.url("/api/me"), headers=auth(token), timeout=30)
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "reader"


@pytest.mark.parametrize("header", ["Bearer garbage", "Bearer not.a.jwt", "Bearer ", "Token abc"])
def test_garbage_tokens_are_401(local_cloud: LocalCloud, header: str) -> None:
    response = requests.get(local_cloud.url("/api/me"), headers={"Authorization": header}, timeout=30)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_expired_token_is_401(local_cloud: LocalCloud) -> None:
    issuer = DevIssuer(local_cloud.state_dir, local_cloud.state["issuer"])
    token = issuer.mint("user_e2e_expired", azp=local_cloud.state["authorized_party"], ttl_seconds=-120)
    response = requests.get(local_cloud.url("/api/me"), headers=auth(token), timeout=30)
    assert response.status_code == 401


def test_a_token_with_an_over_long_subject_is_401(local_cloud: LocalCloud) -> None:
    issuer = DevIssuer(local_cloud.state_dir, local_cloud.state["issuer"])
    token = issuer.mint("u" * 3000, azp=local_cloud.state["authorized_party"])
    response = requests.get(local_cloud.url("/api/me"), headers=auth(token), timeout=30)
    assert response.status_code == 401


def test_client_cannot_set_reader_status(local_cloud: LocalCloud) -> None:
    token = local_cloud.token("user_e2e_client", role="client")
    response = requests.put(
        local_cloud.url("/api/readers/status"), json={"status": "online"}, headers=auth(token), timeout=30
    )
    assert response.status_code == 403, response.text


def test_unknown_route_is_404(local_cloud: LocalCloud) -> None:
    response = requests.get(local_cloud.url("/api/no-such-thing"), timeout=30)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "route_not_found"


def test_cors_preflight(local_cloud: LocalCloud) -> None:
    """The preflight answers every configured origin (it carries no data: `*`); what a browser may
    read is decided by the real response, which names the caller's origin only if it is configured."""
    web_url = local_cloud.state["web_url"]
    for origin in (web_url, web_url.replace("127.0.0.1", "localhost")):
        headers = {"Origin": origin, "Access-Control-Request-Method": "GET"}
        response = requests.options(local_cloud.url("/api/me"), headers=headers, timeout=30)
        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] in ("*", origin)
        assert "Authorization" in response.headers["Access-Control-Allow-Headers"]
        listing = requests.get(local_cloud.url("/api/readers"), headers={"Origin": origin}, timeout=30)
        assert listing.status_code == 200 and listing.headers["Access-Control-Allow-Origin"] == origin
    stranger = requests.get(local_cloud.url("/api/readers"), headers={"Origin": "https://evil.example"}, timeout=30)
    assert stranger.headers.get("Access-Control-Allow-Origin") not in ("*", "https://evil.example")
