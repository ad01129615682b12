"""The aiohttp application: authentication, parameter decoding, idempotency, Stripe-shaped errors.

Resource modules declare `ROUTES` (lists of `Route`); their handlers are plain functions that run
entirely under the store lock, so every request is atomic, and that return the JSON body (or
`(status, body)`, or an `aiohttp.web.Response` for the local HTML page).
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .encoding import parse_pairs
from .errors import StripeApiError, unauthorized
from .ids import new_id
from .params import Params, sdk_param_names
from .store import CURRENT_REQUEST, IdempotencyRecord, Store
from .webhooks import Dispatcher

log = logging.getLogger(__name__)

DEFAULT_API_VERSION = "2026-10-28.endive"
TEST_KEY_PREFIX = "sk_test_"
PUBLISHABLE_KEY_PREFIX = "pk_test_"
CORS_ALLOW_HEADERS = "Authorization, Content-Type, Idempotency-Key, Stripe-Version, Stripe-Account"


@dataclass
class LocalStripe:
    """Everything one server holds: the state and the webhook dispatcher."""

    store: Store
    dispatcher: Dispatcher


STATE: web.AppKey[LocalStripe] = web.AppKey("localstripe", LocalStripe)


@dataclass
class Call:
    """One API request as a handler sees it."""

    state: LocalStripe
    params: Params
    match: dict[str, str]
    method: str
    path: str
    base_url: str
    request_id: str
    publishable: bool = False  # authenticated by a publishable key (a browser, as Stripe.js)

    @property
    def store(self) -> Store:
        return self.state.store


Reply = dict[str, Any] | tuple[int, dict[str, Any]] | web.StreamResponse
Handler = Callable[[Call], Reply]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler
    params: str | None = None  # the SDK's `stripe.params` class naming the known parameters
    auth: bool = True
    extra: frozenset[str] = field(default_factory=frozenset)  # known params the SDK class lacks
    publishable: bool = False  # a browser may call it with a publishable key (the handler checks the secret)


def _dumps(body: Any) -> str:
    return json.dumps(body, indent=2)


def _masked(key: str) -> str:
    return key[:8] + "*" * max(len(key) - 12, 0) + key[-4:] if len(key) > 12 else "****"


def _api_key(request: web.Request, data: dict[str, Any], route: Route) -> tuple[str, bool]:
    """(key, publishable): from the Authorization header, or the `key` parameter Stripe.js sends."""
    header = request.headers.get("Authorization", "")
    key = ""
    if header.startswith("Bearer "):
        key = header[len("Bearer ") :].strip()
    elif header.startswith("Basic "):
        try:
            key = base64.b64decode(header[len("Basic ") :]).decode().split(":", 1)[0]
        except (binascii.Error, UnicodeDecodeError):
            key = ""
    form_key = data.pop("key", None)
    if not key and isinstance(form_key, str):
        key = form_key.strip()
    if not key:
        raise unauthorized(
            "You did not provide an API key. You need to provide your API key in the Authorization "
            "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
        )
    if key.startswith(PUBLISHABLE_KEY_PREFIX):
        if not route.publishable:
            raise unauthorized("This API call cannot be made with a publishable API key. Please use a secret API key.")
        return key, True
    if not key.startswith(TEST_KEY_PREFIX):
        raise unauthorized(f"Invalid API Key provided: {_masked(key)} (the local Stripe accepts sk_test_ keys)")
    return key, False


async def _read_params(request: web.Request) -> dict[str, Any]:
    if request.method in ("GET", "DELETE"):
        return parse_pairs(request.query.items())
    if request.content_type == "application/json":
        body = await request.text()
        data = json.loads(body) if body.strip() else {}
        if not isinstance(data, dict):
            raise StripeApiError(400, "The JSON body must be an object.")
        return data
    form = await request.post()
    return parse_pairs((k, v) for k, v in form.items() if isinstance(v, str))


def _idempotency_mismatch(key: str, message: str) -> StripeApiError:
    return StripeApiError(
        400,
        f"{message} Try using a key other than '{key}' if you meant to execute a different request.",
        type="idempotency_error",
    )


def _known_params(route: Route) -> frozenset[str] | None:
    """Parameter names the route accepts; None means "do not check"."""
    if route.params is None:
        return route.extra | {"expand"} if route.extra else None
    names = sdk_param_names(route.params)
    return None if names is None else names | route.extra


def _handle(route: Route) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    known = _known_params(route)

    async def handler(request: web.Request) -> web.StreamResponse:
        state = request.app[STATE]
        store = state.store
        request_id = new_id("req")
        version = request.headers.get("Stripe-Version") or store.api_version
        headers = {"Request-Id": request_id, "Stripe-Version": version}
        idem_key = request.headers.get("Idempotency-Key") if request.method == "POST" else None
        if idem_key:
            headers["Idempotency-Key"] = idem_key
        try:
            data = await _read_params(request)
            api_key, publishable = _api_key(request, data, route) if route.auth else ("", False)
            with store.lock:
                record_key = (api_key, idem_key) if idem_key else None
                if record_key is not None and (record := store.idempotency.get(record_key)):
                    if (record.method, record.path) != (request.method, request.path):
                        raise _idempotency_mismatch(
                            idem_key or "",
                            "Keys for idempotent requests can only be used for the same endpoint they "
                            f"were first used for ('{record.method} {record.path}' vs "
                            f"'{request.method} {request.path}').",
                        )
                    if record.params != data:
                        raise _idempotency_mismatch(
                            idem_key or "",
                            "Keys for idempotent requests can only be used with the same parameters "
                            "they were first used with.",
                        )
                    headers["Idempotent-Replayed"] = "true"
                    return web.Response(
                        text=record.body, status=record.status, content_type="application/json", headers=headers
                    )
                token = CURRENT_REQUEST.set({"id": request_id, "idempotency_key": idem_key})
                try:
                    call = Call(
                        state=state,
                        params=Params(data, known),
                        match=dict(request.match_info),
                        method=request.method,
                        path=request.path,
                        base_url=f"{request.scheme}://{request.host}",
                        request_id=request_id,
                        publishable=publishable,
                    )
                    try:
                        reply = route.handler(call)
                    except StripeApiError as err:
                        if err.executed and record_key is not None:
                            store.idempotency[record_key] = IdempotencyRecord(
                                request.method, request.path, data, err.status, _dumps(err.body())
                            )
                        raise
                finally:
                    CURRENT_REQUEST.reset(token)
                if isinstance(reply, web.StreamResponse):
                    return reply
                status, body = reply if isinstance(reply, tuple) else (200, reply)
                text = _dumps(body)
                if record_key is not None:
                    store.idempotency[record_key] = IdempotencyRecord(request.method, request.path, data, status, text)
        except StripeApiError as err:
            status, text = err.status, _dumps(err.body())
        return web.Response(text=text, status=status, content_type="application/json", headers=headers)

    return handler


@web.middleware
async def _stripe_errors(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Unknown URLs and crashes answer in Stripe's error shape."""
    try:
        return await handler(request)
    except (web.HTTPNotFound, web.HTTPMethodNotAllowed) as exc:
        if not request.path.startswith("/v1/"):
            raise
        message = (
            f"Unrecognized request URL ({request.method}: {request.path}). "
            "This local Stripe implements only part of the API (see soulseer_tools.localstripe)."
        )
        error = StripeApiError(exc.status, message)
        return web.json_response(error.body(), status=exc.status, dumps=_dumps)
    except web.HTTPException:
        raise
    except Exception:
        log.exception("local stripe crashed on %s %s", request.method, request.path)
        error = StripeApiError(500, "An unexpected error occurred in the local Stripe.", type="api_error")
        return web.json_response(error.body(), status=500, dumps=_dumps, headers={"Stripe-Should-Retry": "false"})


def _cors(origins: tuple[str, ...]) -> Any:
    """Browsers at the web app's origins may call the API (Stripe.js confirms intents from the page)."""

    @web.middleware
    async def cors(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        origin = request.headers.get("Origin", "")
        if origin not in origins:
            return await handler(request)
        if request.method == "OPTIONS":
            response: web.StreamResponse = web.Response(status=200)
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = CORS_ALLOW_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
        else:
            response = await handler(request)
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
        return response

    return cors


def all_routes() -> list[Route]:
    from .resources import ROUTES

    return ROUTES


def create_app(
    *,
    webhook_endpoints: list[tuple[str, str]] | None = None,
    api_version: str | None = None,
    retry_delays: tuple[float, ...] | None = None,
    cors_origins: tuple[str, ...] | list[str] = (),
    store: Store | None = None,
) -> web.Application:
    """The local Stripe as an aiohttp application (state lives in `app[STATE]`; `store`: start from a
    restored one, `Store.load(...)`)."""
    store = store or Store(api_version=api_version or _sdk_api_version())
    kwargs: dict[str, Any] = {} if retry_delays is None else {"retry_delays": retry_delays}
    state = LocalStripe(store=store, dispatcher=Dispatcher(store, webhook_endpoints, **kwargs))
    app = web.Application(middlewares=[_cors(tuple(cors_origins)), _stripe_errors])
    app[STATE] = state
    for route in all_routes():
        app.router.add_route(route.method, route.path, _handle(route))

    async def on_startup(_: web.Application) -> None:
        await state.dispatcher.start()

    async def on_cleanup(_: web.Application) -> None:
        await state.dispatcher.close()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app


def _sdk_api_version() -> str:
    try:
        import stripe
    except ImportError:  # pragma: no cover - stripe is a project dependency
        return DEFAULT_API_VERSION
    return str(getattr(stripe, "api_version", None) or DEFAULT_API_VERSION)
