"""The local cloud's web side in-process: web/dist with SPA fallback and config.json, the dev sign-in
endpoints of the dev issuer, and the port probe that must not trip over TIME_WAIT."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from soulseer_tools.dev_issuer import DevIssuer
from soulseer_tools.localcloud.cloud import HOST, PortInUse, ensure_free
from soulseer_tools.localcloud.issuer import issuer_app
from soulseer_tools.localcloud.seed import DEMO_READERS
from soulseer_tools.localcloud.webapp import WebApp

CONFIG = {"stage": "dev", "apiUrl": "http://127.0.0.1:3000"}
ORIGIN = "http://127.0.0.1:5173"


def request(
    make: Callable[[], web.Application], method: str, path: str, **kwargs: Any
) -> tuple[int, dict[str, str], bytes]:
    """One request to a fresh application (an aiohttp application serves one event loop only)."""

    async def go() -> tuple[int, dict[str, str], bytes]:
        async with TestClient(TestServer(make())) as client:
            response = await client.request(method, path, **kwargs)
            return response.status, dict(response.headers), await response.read()

    return asyncio.run(go())


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>SoulSeer</title><div id=root></div>")
    (root / "assets" / "index-abc123.js").write_text("console.log('hi')")
    (root / "assets" / "index-abc123.css").write_text("body{}")
    (root / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("outside the build")
    return root


def test_files_have_their_types_and_hashed_assets_are_cached(dist: Path) -> None:
    app = WebApp(dist, CONFIG).app
    status, headers, body = request(app, "GET", "/assets/index-abc123.js")
    assert status == 200 and body == b"console.log('hi')"
    assert headers["Content-Type"].startswith("text/javascript")
    assert "immutable" in headers["Cache-Control"]
    _, css, _ = request(app, "GET", "/assets/index-abc123.css")
    assert css["Content-Type"].startswith("text/css")
    _, svg, _ = request(app, "GET", "/favicon.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")


def test_deep_links_and_missing_files_get_index_html_uncached_as_from_cloudfront(dist: Path) -> None:
    app = WebApp(dist, CONFIG).app
    for path in ("/", "/readers/user_demo_reader_1", "/reading/s1/room", "/favicon.ico", "/assets/gone.js"):
        status, headers, body = request(app, "GET", path)
        assert status == 200 and b"<div id=root>" in body, path
        assert headers["Content-Type"].startswith("text/html")
        assert "no-cache" in headers["Cache-Control"]
    assert request(app, "GET", "/../secret.txt")[2] != b"outside the build"
    assert request(app, "GET", "/%2e%2e/secret.txt")[2] != b"outside the build"
    assert request(app, "POST", "/")[0] == 405


def test_config_json_is_the_runtime_document_never_cached(dist: Path) -> None:
    status, headers, body = request(WebApp(dist, CONFIG).app, "GET", "/config.json")
    assert status == 200 and json.loads(body) == CONFIG
    assert headers["Content-Type"].startswith("application/json")
    assert "no-store" in headers["Cache-Control"]


def test_without_a_build_pages_say_how_to_make_one(tmp_path: Path) -> None:
    app = WebApp(tmp_path / "missing", CONFIG).app
    status, headers, body = request(app, "GET", "/readers")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"make run" in body and b"/config.json" in body
    assert request(app, "GET", "/config.json")[0] == 200


@pytest.fixture
def issuer(tmp_path: Path) -> DevIssuer:
    return DevIssuer(tmp_path, "http://127.0.0.1:3001")


def test_dev_users_lists_the_seeded_clients_readers_and_admin(issuer: DevIssuer) -> None:
    status, headers, body = request(
        lambda: issuer_app(issuer, (ORIGIN,)), "GET", "/dev/users", headers={"Origin": ORIGIN}
    )
    users = json.loads(body)["users"]
    assert status == 200 and headers["Access-Control-Allow-Origin"] == ORIGIN
    roles = {u["role"] for u in users}
    assert roles == {"client", "reader", "admin"}
    assert sum(u["role"] == "client" for u in users) >= 2
    readers = {u["user_id"]: u["display_name"] for u in users if u["role"] == "reader"}
    assert readers == {r.user_id: r.display_name for r in DEMO_READERS}


def test_dev_token_sets_the_role_and_mints_a_token_for_the_callers_origin(issuer: DevIssuer) -> None:
    roles: list[tuple[str, str]] = []

    def app() -> web.Application:
        return issuer_app(issuer, (ORIGIN, "http://localhost:5173"), set_role=lambda u, r: roles.append((u, r)))

    status, headers, body = request(
        app, "POST", "/dev/token", json={"user_id": "user_demo_reader_1", "role": "reader"}, headers={"Origin": ORIGIN}
    )
    assert status == 200 and headers["Access-Control-Allow-Origin"] == ORIGIN
    answer = json.loads(body)
    claims = jwt.decode(
        answer["token"],
        issuer.public_key_pem(),
        algorithms=["RS256"],
        issuer=issuer.issuer,
        options={"verify_aud": False},
    )
    assert claims["sub"] == "user_demo_reader_1" and claims["azp"] == ORIGIN
    assert answer["expires_at"] == claims["exp"]
    assert roles == [("user_demo_reader_1", "reader")]
    status, _, _ = request(app, "POST", "/dev/token", json={"user_id": "user_demo_client"})
    assert status == 200 and roles == [("user_demo_reader_1", "reader")]  # no role given: none set


@pytest.mark.parametrize(
    "body",
    [b"[1]", b"not json", b"[" * 5000, b'{"user_id": ""}', b'{"user_id": "a b"}', b'{"user_id": "u", "role": "god"}'],
)
def test_dev_token_refuses_bad_input_with_a_4xx(issuer: DevIssuer, body: bytes) -> None:
    status, _, answer = request(
        issuer_app(issuer, (ORIGIN,), set_role=lambda u, r: None), "POST", "/dev/token", data=body
    )
    assert status == 400 and "message" in json.loads(answer)["error"]


def test_dev_endpoints_answer_cors_preflight_for_web_origins_only(issuer: DevIssuer) -> None:
    def app() -> web.Application:
        return issuer_app(issuer, (ORIGIN,))

    headers = {
        "Origin": ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    status, answer, _ = request(app, "OPTIONS", "/dev/token", headers=headers)
    assert status == 204 and answer["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in answer["Access-Control-Allow-Methods"] and "Content-Type" in answer["Access-Control-Allow-Headers"]
    status, answer, _ = request(app, "OPTIONS", "/dev/token", headers={**headers, "Origin": "http://evil.test"})
    assert status == 403 and "Access-Control-Allow-Origin" not in answer


def test_a_port_left_in_time_wait_is_free_but_a_listening_one_is_not() -> None:
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((HOST, 0))
    listener.listen()
    port = listener.getsockname()[1]
    with pytest.raises(PortInUse):
        ensure_free(port)
    client = socket.create_connection((HOST, port))
    accepted, _ = listener.accept()
    accepted.close()  # the server side closes first: its end of the connection stays in TIME_WAIT
    client.close()
    listener.close()
    ensure_free(port)
