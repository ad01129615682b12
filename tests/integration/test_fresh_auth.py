"""Fresh authorization: API Gateway caches an authorizer's Allow for minutes, so the api function
refuses a token past its `exp` at once, and admin and money routes read the role from the users table."""

from __future__ import annotations

import json
import time

from soulseer.users import set_role
from tests.support.apigw import LambdaContext, rest_event


def call(api_module, method: str, path: str, user: tuple[str, str], *, exp: object = None, body=None, **kwargs):
    event = rest_event(method, path, user=user, body=body, record_role=False, **kwargs)
    if exp is not None:
        event["requestContext"]["authorizer"]["exp"] = exp
    response = api_module.handler(event, LambdaContext())
    return response["statusCode"], json.loads(response["body"])


def test_a_token_that_expired_while_cached_is_refused(aws, api_module) -> None:
    user = ("user_cached", "client")
    now = int(time.time())
    assert call(api_module, "GET", "/api/me", user, exp=str(now + 60))[0] == 200
    status, body = call(api_module, "GET", "/api/me", user, exp=str(now - 6))  # past exp and the leeway
    assert status == 401
    assert body["error"]["code"] == "token_expired"
    status, _ = call(api_module, "POST", "/api/payments/add-balance", user, exp=str(now - 6), body={"amount_cents": 1})
    assert status == 401  # before the body is even looked at


def test_an_authorization_without_exp_is_refused(aws, api_module) -> None:
    event = rest_event("GET", "/api/me", user=("user_old", "client"), record_role=False)
    del event["requestContext"]["authorizer"]["exp"]
    assert api_module.handler(event, LambdaContext())["statusCode"] == 401
    assert call(api_module, "GET", "/api/me", ("user_old", "client"), exp="soon")[0] == 401


def test_public_routes_need_no_authorization(aws, api_module) -> None:
    response = api_module.handler(rest_event("GET", "/api/streams/gifts"), LambdaContext())
    assert response["statusCode"] == 200


def test_a_demoted_admin_is_refused_on_the_next_call(aws, api_module) -> None:
    admin = ("user_boss", "admin")  # what the cached authorization keeps saying
    set_role(admin[0], "admin")
    assert call(api_module, "GET", "/api/admin/stats", admin)[0] == 200
    set_role(admin[0], "client")
    status, body = call(api_module, "GET", "/api/admin/stats", admin)
    assert (status, body["error"]["code"]) == (403, "forbidden")
    status, _ = call(api_module, "POST", "/api/admin/readers", admin, body={"user_id": "x"})
    assert status == 403


def test_a_promoted_admin_is_admin_at_once(aws, api_module) -> None:
    cached = ("user_new_admin", "client")
    set_role(cached[0], "admin")
    assert call(api_module, "GET", "/api/admin/audit", cached)[0] == 200


def test_money_routes_read_the_role_now(aws, api_module) -> None:
    cached = ("user_turned_reader", "client")
    set_role(cached[0], "reader")  # readers do not top up or book readings
    status, body = call(api_module, "POST", "/api/payments/add-balance", cached, body={"amount_cents": 1000})
    assert (status, body["error"]["code"]) == (403, "forbidden")
    status, _ = call(api_module, "POST", "/api/sessions/start", cached, body={"reader_id": "r", "type": "chat"})
    assert status == 403
    status, balance = call(api_module, "GET", "/api/payments/balance", cached)
    assert status == 200 and "earnings" in balance  # shown as the reader they are now
