"""DynamoDB and other AWS calls per operation: the real handlers on in-process moto, counted by botocore hooks.

Each operation runs once to warm the container (caches, connections, like a warm Lambda) and is then
measured on fresh data, so no measured call is a replay."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from benchmarks.counting import Calls, counting
from benchmarks.world import conftest, moto_world

FLOORS = {
    "billing_tick": 2,
    "relay": 1,
    "chat": 2,
    "session_start": 2,
    "gift": 3,
    "purchase": 2,
    "topup_webhook": 1,
    "heartbeat": None,  # no floor of its own; it feeds the reading-hour cost
}


def _modules() -> tuple[Any, Any, Any]:
    from tests.support.apigw import load_handler_module

    return load_handler_module("api"), load_handler_module("ws"), load_handler_module("billing_tick")


def _call(api: Any, method: str, path: str, user: tuple[str, str] | None, **kwargs: Any) -> Any:
    from tests.support.streams import call

    status, body = call(api, method, path, user, **kwargs)
    if status != 200:
        raise RuntimeError(f"{method} {path} -> {status} {body}")
    return body


def _prepared(api: Any, method: str, path: str, user: tuple[str, str] | None, **kwargs: Any) -> Callable[[], Any]:
    """One REST call with its event built now: the user's record is written then, as the authorizer does
    (once per token and cache period, not per request), so only the api function's own calls count."""
    from tests.support.apigw import LambdaContext, rest_event

    resource = kwargs.pop("resource", None)
    key = kwargs.pop("key", None)
    params = {"id": path.split("/")[3]} if resource and "{id}" in resource else None
    headers = {"Idempotency-Key": key} if key else None
    event = rest_event(method, path, resource=resource, path_parameters=params, user=user, headers=headers, **kwargs)

    def send() -> Any:
        response = api.handler(event, LambdaContext())
        if response["statusCode"] != 200:
            raise RuntimeError(f"{method} {path} -> {response['statusCode']} {response['body']}")
        return json.loads(response["body"])

    return send


def _ws(route: str, connection_id: str, body: dict[str, Any] | None = None, user: tuple[str, str] | None = None):
    from tests.support.streams import ws

    ws(route, connection_id, body, user)


def _client(user_id: str, cents: int) -> tuple[str, str]:
    from soulseer.models import UserModel
    from tests.support.readings import fund

    fund(user_id, cents, f"pi_{user_id}")
    UserModel(user_id, role="client", intro_used=True).save()
    return (user_id, "client")


def _reader(user_id: str) -> tuple[str, str]:
    from tests.support.readings import make_reader

    make_reader(user_id, rate_cents=200)
    return (user_id, "reader")


class Readings:
    """A started reading per call; `joined` also connects both participants and joins the room."""

    def __init__(self, api: Any) -> None:
        self.api = api
        self.count = 0

    def start(self) -> tuple[str, tuple[str, str], tuple[str, str]]:
        self.count += 1
        n = self.count
        reader, client = _reader(f"reader{n}"), _client(f"client{n}", 100_000)
        _ws("$connect", f"rc{n}", user=reader)  # the reader is in the app: the request is pushed to it
        body = _call(self.api, "POST", "/api/sessions/start", client, body={"reader_id": reader[0], "type": "chat"})
        return body["session"]["session_id"], client, reader

    def joined(self) -> tuple[str, str, str]:
        session_id, client, _reader = self.start()
        n = self.count
        _ws("$connect", f"cc{n}", user=client)
        _ws("$default", f"cc{n}", {"action": "join-reading", "session_id": session_id})
        _ws("$default", f"rc{n}", {"action": "join-reading", "session_id": session_id})
        return session_id, f"cc{n}", f"rc{n}"


def _measured(run: Callable[[], Any]) -> Calls:
    with counting() as calls:
        run()
    return calls


def session_start(api: Any, readings: Readings) -> Calls:
    readings.start()  # warm
    n = readings.count + 1
    reader, client = _reader(f"reader{n}"), _client(f"client{n}", 100_000)
    _ws("$connect", f"rc{n}", user=reader)
    readings.count = n
    return _measured(
        _prepared(api, "POST", "/api/sessions/start", client, body={"reader_id": reader[0], "type": "chat"})
    )


def relay(readings: Readings) -> Calls:
    session_id, client_conn, _ = readings.joined()
    offer = {"action": "offer", "session_id": session_id, "sdp": "v=0 warm"}
    _ws("$default", client_conn, offer)
    return _measured(lambda: _ws("$default", client_conn, {**offer, "sdp": "v=0 measured"}))


def chat(readings: Readings) -> Calls:
    session_id, client_conn, _ = readings.joined()
    message = {"action": "chat-message", "session_id": session_id, "text": "hello"}
    _ws("$default", client_conn, message)
    return _measured(lambda: _ws("$default", client_conn, {**message, "text": "a question"}))


def heartbeat(readings: Readings) -> Calls:
    session_id, client_conn, _ = readings.joined()
    beat = {"action": "heartbeat", "session_id": session_id}
    _ws("$default", client_conn, beat)
    return _measured(lambda: _ws("$default", client_conn, beat))


def billing_tick(tick_module: Any, readings: Readings, billing_arn: str) -> Calls:
    """The state machine's input for the reading, fed through the task as the ASL does (minute 1 warms)."""
    import boto3

    from tests.support.apigw import LambdaContext

    session_id, _, _ = readings.joined()
    sfn = boto3.client("stepfunctions")
    executions = sfn.list_executions(stateMachineArn=billing_arn)["executions"]
    (execution,) = [e for e in executions if e["name"].startswith(session_id)]
    state = json.loads(sfn.describe_execution(executionArn=execution["executionArn"])["input"])
    context = LambdaContext(function_name="BillingTickFunction")
    state = tick_module.handler(state, context)
    holder: dict[str, Any] = {}
    calls = _measured(lambda: holder.update(out=tick_module.handler(state, context)))
    from soulseer.readings.lifecycle import load

    if int(load(session_id).paid_minutes) < 2:
        raise RuntimeError(f"the measured tick charged no minute: {holder.get('out')}")
    return calls


def gift(api: Any) -> Calls:
    reader, viewer, other = _reader("streamer"), _client("viewer1", 100_000), _client("viewer2", 100_000)
    stream = _call(api, "POST", "/api/streams/create", reader, body={"title": "bench"})["stream"]
    stream_id = stream["stream_id"]
    for n, user in enumerate((reader, viewer, other)):
        _ws("$connect", f"sc{n}", user=user)
        _ws("$default", f"sc{n}", {"action": "join-stream", "stream_id": stream_id})
    path, resource = f"/api/streams/{stream_id}/gift", "/api/streams/{id}/gift"
    _call(api, "POST", path, viewer, resource=resource, body={"gift": "rose"}, key="warm")
    return _measured(_prepared(api, "POST", path, viewer, resource=resource, body={"gift": "rose"}, key="bench"))


def purchase(api: Any) -> Calls:
    reader, buyer = _reader("seller"), _client("buyer", 100_000)
    product = {"name": "Spread", "description": "Bench.", "kind": "digital", "price_cents": 1500, "inventory": 10}
    created = _call(api, "POST", "/api/products", reader, body=product)
    product_id = created.get("product", created)["product_id"]
    path, resource = f"/api/products/{product_id}/purchase", "/api/products/{id}/purchase"
    _call(api, "POST", path, buyer, resource=resource, body={"quantity": 1}, key="warm")
    return _measured(_prepared(api, "POST", path, buyer, resource=resource, body={"quantity": 1}, key="bench"))


def topup_webhook(api: Any) -> Calls:
    import stripe

    from soulseer import payments
    from soulseer.adapters.stripe_api import stripe_client
    from soulseer.models import UserModel
    from soulseer.stores import users as user_store
    from tests.support.apigw import LambdaContext, rest_event

    payer = "payer"
    UserModel(payer, role="client").save()

    def paid_intent() -> dict[str, Any]:
        """An intent the way a client pays one: created by add-balance, confirmed with a test card at the
        local Stripe; the webhook reads it back before crediting (one Stripe call)."""
        user = user_store.find(payer)
        assert user is not None
        created = payments.create_topup(user, 2500, None)
        intent = stripe_client().v1.payment_intents.confirm(
            created.payment_intent_id, {"payment_method": "pm_card_visa"}
        )
        return intent.to_dict()

    def deliver(intent: dict[str, Any]) -> None:
        event = {"id": f"evt_{intent['id']}", "object": "event", "type": "payment_intent.succeeded",
                 "data": {"object": intent}}  # fmt: skip
        payload = json.dumps(event, default=str)
        signature = stripe.WebhookSignature.generate_signature_header(payload, conftest.WEBHOOK_SECRET)
        headers = {"Content-Type": "application/json", "Stripe-Signature": signature}
        response = api.handler(
            rest_event("POST", "/api/payments/webhook", body=payload, headers=headers), LambdaContext()
        )
        if response["statusCode"] != 200 or "credited" not in response["body"]:
            raise RuntimeError(f"webhook -> {response['statusCode']} {response['body']}")

    deliver(paid_intent())
    bench = paid_intent()
    return _measured(lambda: deliver(bench))


def measure() -> dict[str, Any]:
    """{operation: {dynamodb_calls, floor, other_calls, by_operation, units}} or {error} per operation."""
    results: dict[str, Any] = {}
    with moto_world(execute_state_machines=False, stripe=True) as world:
        api, _, tick_module = _modules()
        readings = Readings(api)
        billing_arn = (
            world["state_machines"]["SessionBillingStateMachine"]
            if "SessionBillingStateMachine" in (world["state_machines"])
            else next(arn for arn in world["state_machines"].values() if "billing" in arn)
        )
        plan: dict[str, Callable[[], Calls]] = {
            "billing_tick": lambda: billing_tick(tick_module, readings, billing_arn),
            "relay": lambda: relay(readings),
            "chat": lambda: chat(readings),
            "session_start": lambda: session_start(api, readings),
            "gift": lambda: gift(api),
            "purchase": lambda: purchase(api),
            "topup_webhook": lambda: topup_webhook(api),
            "heartbeat": lambda: heartbeat(readings),
        }
        for name, run in plan.items():
            started = time.perf_counter()
            try:
                calls = run()
                results[name] = {"floor": FLOORS[name], **calls.to_dict()}
            except Exception as error:  # one broken operation must not hide the others
                results[name] = {"floor": FLOORS[name], "error": f"{type(error).__name__}: {error}"[:500]}
            results[name]["seconds"] = round(time.perf_counter() - started, 2)
    return results


if __name__ == "__main__":
    print(json.dumps(measure(), indent=1))
