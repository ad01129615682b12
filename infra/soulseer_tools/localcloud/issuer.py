"""The dev issuer's web side: its JWKS (and a minimal discovery document) on 127.0.0.1."""

from __future__ import annotations

from aiohttp import web

from soulseer_tools.dev_issuer import DevIssuer
from soulseer_tools.localcloud.environment import JWKS_PATH


def issuer_app(issuer: DevIssuer) -> web.Application:
    async def jwks(_: web.Request) -> web.Response:
        return web.json_response(issuer.jwks(), headers={"Cache-Control": "public, max-age=300"})

    async def discovery(_: web.Request) -> web.Response:
        return web.json_response({"issuer": issuer.issuer, "jwks_uri": issuer.issuer + JWKS_PATH})

    app = web.Application()
    app.router.add_get(JWKS_PATH, jwks)
    app.router.add_get("/.well-known/openid-configuration", discovery)
    return app
