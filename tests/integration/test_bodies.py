"""No 5xx for any input: a body is one JSON object in UTF-8 sent as application/json, or a 400/415 in
the error shape; WebSocket frames likewise get an `error` event, never an exception."""

from __future__ import annotations

import base64
import json

import pytest

from soulseer import ledger
from soulseer.readings import room
from tests.support.apigw import LambdaContext, rest_event
from tests.support.readings import events_of, fund

CLIENT = ("user_client_bodies", "client")
DEEP = "[" * 100_000 + "]" * 100_000
HUGE_INT = '{"amount_cents": ' + "9" * 5000 + "}"


def call(api_module, body: str | None, *, content_type: str | None = "application/json", b64: bool = False):
    headers = {"Content-Type": content_type} if content_type is not None else {}
    event = rest_event("POST", "/api/payments/add-balance", body=body, user=CLIENT, headers=headers)
    if content_type is None:
        event["headers"].pop("Content-Type", None)
    if b64:
        event["isBase64Encoded"] = True
    response = api_module.handler(event, LambdaContext())
    return response["statusCode"], json.loads(response["body"])


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("[]", "body_not_object"),
        ('[{"amount_cents": 1000}]', "body_not_object"),
        ("42", "body_not_object"),
        ('"text"', "body_not_object"),
        ("null", "body_not_object"),
        ("{", "invalid_json"),
        ('{"amount_cents": NaN}', "invalid_json"),
        ('{"amount_cents": 1e999}', "number_too_long"),
        (HUGE_INT, "number_too_long"),
        (DEEP, "body_too_deep"),
        ('{"a":' * 100 + "1" + "}" * 100, "body_too_deep"),
    ],
    ids=["empty-array", "wrapped-object", "number", "string", "null", "truncated", "nan", "inf", "huge-int", "deep",
         "deep-object"],
)  # fmt: skip
def test_bodies_that_are_not_one_json_object_are_400(aws, api_module, body: str, code: str) -> None:
    status, payload = call(api_module, body)
    assert status == 400
    assert payload["error"]["code"] == "validation_failed"
    assert payload["error"]["details"][0]["reason"] == code
    assert set(payload["error"]) == {"code", "message", "details"}


def test_invalid_utf8_is_400(aws, api_module) -> None:
    raw = base64.b64encode(b'{"amount_cents": "\xff\xfe"}').decode()
    status, payload = call(api_module, raw, b64=True)
    assert (status, payload["error"]["code"]) == (400, "validation_failed")
    assert payload["error"]["details"][0]["reason"] == "invalid_utf8"
    assert call(api_module, "not base64 !!", b64=True)[0] == 400


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "application/x-www-form-urlencoded",
        "application/json; charset=latin-1",
        "application/jsonx",
        ";;;",
        "",
        None,
    ],
)
def test_bodies_not_sent_as_json_are_415(aws, api_module, content_type: str | None) -> None:
    status, payload = call(api_module, '{"amount_cents": 1000}', content_type=content_type)
    assert status == 415
    assert payload == {"error": {"code": "unsupported_media_type", "message": "Send the body as application/json."}}


def test_a_wrapped_gift_moves_no_money(aws, api_module) -> None:
    fund(CLIENT[0], 1000, "bodies")
    event = rest_event(
        "POST", "/api/streams/str_1/gift", resource="/api/streams/{id}/gift", path_parameters={"id": "str_1"},
        body=[{"gift": "rose"}], user=CLIENT,
    )  # fmt: skip
    response = api_module.handler(event, LambdaContext())
    assert response["statusCode"] == 400
    assert json.loads(response["body"])["error"]["details"][0]["reason"] == "body_not_object"
    balance = ledger.client_balance(CLIENT[0])
    assert ledger.balances_of([balance])[balance] == 1000


def test_a_valid_body_still_reaches_the_route(aws, api_module) -> None:
    event = rest_event("POST", "/api/sessions/start", body={"reader_id": "nobody", "type": "chat"}, user=CLIENT)
    event["headers"]["Content-Type"] = "application/json; charset=UTF-8"
    response = api_module.handler(event, LambdaContext())
    assert response["statusCode"] == 404
    assert json.loads(response["body"])["error"]["code"] == "reader_not_found"


def test_a_route_without_a_body_model_still_refuses_bad_bodies(aws, api_module) -> None:
    event = rest_event(
        "POST", "/api/streams/str_1/join", resource="/api/streams/{id}/join", path_parameters={"id": "str_1"},
        body="x", user=CLIENT, headers={"Content-Type": "text/plain"},
    )  # fmt: skip
    assert api_module.handler(event, LambdaContext())["statusCode"] == 415


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (DEEP[:30_000], "invalid_message"),
        ('{"action": "heartbeat", "n": ' + "9" * 5000 + "}", "invalid_message"),
        ("[1, 2]", "invalid_message"),
        ("\udcff", "invalid_message"),
        ('{"action": "chat-message", "text": "' + "x" * 40_000 + '"}', "message_too_large"),
    ],
    ids=["deep", "huge-int", "array", "lone-surrogate", "huge"],
)
def test_bad_websocket_frames_get_error_events(aws, frame: str, code: str) -> None:
    room.connect("conn-bodies", CLIENT[0], "client")
    room.handle("conn-bodies", frame)
    assert [event["code"] for event in events_of("conn-bodies", "error")] == [code]
