"""The dev issuer's web side: its JWKS (and a minimal discovery document) on 127.0.0.1, and the dev-only
sign-in endpoints the web app's dev sign-in page uses (they exist only in the local cloud, never in AWS):

    GET  /dev/users                      -> {"users": [{"user_id", "display_name", "role"}]}
    POST /dev/token {"user_id", "role"}  -> {"token", "expires_at"}   (expires_at: unix seconds)

`POST /dev/token` sets the role in the users table first (as `soulseer dev token --role` does); without
`role` the user keeps the role they have. The token's `azp` is the caller's Origin when it is one of the
web origins, else the first web origin.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from aiohttp import web

from soulseer_tools.dev_issuer import DevIssuer
from soulseer_tools.localcloud.environment import JWKS_PATH
from soulseer_tools.localcloud.seed import demo_users

ROLES = ("client", "reader", "admin")
USER_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
TOKEN_TTL_SECONDS = 3600
RoleSetter = Callable[[str, str], object]


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


def _set_role_in_users_table(user_id: str, role: str) -> None:
    from soulseer.users import set_role  # after the local cloud's environment is in place

    set_role(user_id, role)


def issuer_app(
    issuer: DevIssuer,
    web_origins: Sequence[str] = (),
    set_role: RoleSetter = _set_role_in_users_table,
) -> web.Application:
    origins = tuple(web_origins)

    @web.middleware
    async def cors(request: web.Request, handler: Any) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        allowed = origin in origins
        if request.method == "OPTIONS" and request.path.startswith("/dev/"):
            if not allowed:
                return web.Response(status=403)
            response: web.StreamResponse = web.Response(status=204)
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type"
            response.headers["Access-Control-Max-Age"] = "600"
        else:
            response = await handler(request)
        if allowed:
            response.headers["Access-Control-Allow-Origin"] = origin or ""
            response.headers["Vary"] = "Origin"
        return response

    async def jwks(_: web.Request) -> web.Response:
        return web.json_response(issuer.jwks(), headers={"Cache-Control": "public, max-age=300"})

    async def discovery(_: web.Request) -> web.Response:
        return web.json_response({"issuer": issuer.issuer, "jwks_uri": issuer.issuer + JWKS_PATH})

    async def users(_: web.Request) -> web.Response:
        return web.json_response({"users": demo_users()}, headers={"Cache-Control": "no-store"})

    async def token(request: web.Request) -> web.Response:
        try:
            body = json.loads(await request.read())
        except (ValueError, RecursionError):
            return _error(400, "invalid_json", "The body must be a JSON object.")
        if not isinstance(body, dict):
            return _error(400, "invalid_json", "The body must be a JSON object.")
        user_id, role = body.get("user_id"), body.get("role")
        if not isinstance(user_id, str) or not USER_ID.match(user_id):
            return _error(400, "invalid_user_id", "user_id must be 1-64 letters, digits, '_' or '-'.")
        if role is not None and role not in ROLES:
            return _error(400, "invalid_role", f"role must be one of {', '.join(ROLES)}.")
        if role is not None:
            await asyncio.to_thread(set_role, user_id, role)
        origin = request.headers.get("Origin")
        azp = origin if origin in origins else (origins[0] if origins else None)
        issued = int(time.time())
        minted = issuer.mint(user_id, azp=azp, ttl_seconds=TOKEN_TTL_SECONDS, now=issued)
        return web.json_response(
            {"token": minted, "expires_at": issued + TOKEN_TTL_SECONDS}, headers={"Cache-Control": "no-store"}
        )

    app = web.Application(middlewares=[cors], client_max_size=64 * 1024)
    app.router.add_get(JWKS_PATH, jwks)
    app.router.add_get("/.well-known/openid-configuration", discovery)
    app.router.add_get("/dev/users", users)
    app.router.add_post("/dev/token", token)
    return app
