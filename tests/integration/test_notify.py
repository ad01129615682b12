"""Reaching people beyond the tab: a request rings a reader whose only contact is a push subscription
(the payload, decrypted with the subscription's own keys, names the session); a 410 forgets the
subscription; endpoints off the push services' hosts are refused; receipts by email, once each, none
after the one-click unsubscribe; failures of the push service or SES lose nothing."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import boto3
import pytest
from botocore.exceptions import ClientError

from soulseer import presence
from soulseer.models import ReaderProfileModel, UserModel
from soulseer.readings import lifecycle
from soulseer.stores import notifications as store
from soulseer_tools.localpush import new_keys
from tests.support.apigw import LambdaContext, rest_event
from tests.support.notify import emails_to, payloads, subscribe
from tests.support.presence import delivery, disconnect
from tests.support.readings import fund, make_reader

pytestmark = pytest.mark.usefixtures("slow_minutes")


@pytest.fixture
def short_grace(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PRESENCE_GRACE_SECONDS", "0")
    presence.presence_rules.cache_clear()
    yield
    presence.presence_rules.cache_clear()


def call(api_module: Any, method: str, path: str, user: tuple[str, str] | None, **kwargs: Any) -> tuple[int, Any]:
    response = api_module.handler(rest_event(method, path, user=user, **kwargs), LambdaContext())
    body = response["body"]
    return response["statusCode"], json.loads(body) if body and body.startswith(("{", "[")) else body


def status(reader_id: str) -> str:
    return ReaderProfileModel.get(reader_id, consistent_read=True).status


def away_ringable_reader(service, template, api_module) -> tuple[str, Any, str]:
    """Reader r1 turned "ring me" on, subscribed, then closed the app: still online, reachable by push."""
    make_reader("r1")
    endpoint, key, auth = subscribe(service, "r1", "r1-laptop")
    status_code, body = call(
        api_module, "PUT", "/api/me/notifications", ("r1", "reader"), body={"ring_when_away": True}
    )
    assert status_code == 200 and body["ring_when_away"] is True and body["push_subscriptions"] == 1
    disconnect("app-r1", "r1", "reader")
    delivery(template).drain()  # the presence check after the grace: ringable, so still online
    assert presence.connections("r1") == [] and status("r1") == "online"
    return endpoint, key, auth


def test_a_request_rings_a_reader_whose_only_contact_is_a_push_subscription(
    state_machines, push_service, template, api_module, short_grace
) -> None:
    endpoint, key, auth = away_ringable_reader(push_service, template, api_module)
    UserModel("c1", role="client", intro_used=True, display_name="Ada L.").save()
    fund("c1", 1_000, "pi_c1")
    code, started = call(
        api_module, "POST", "/api/sessions/start", ("c1", "client"), body={"reader_id": "r1", "type": "chat"}
    )
    assert code == 200, started
    sid = started["session"]["session_id"]
    assert push_service.received == []  # never inline on the request path
    delivery(template).drain()
    (ring,) = payloads(push_service, endpoint, key, auth)
    assert ring["event"] == "reading-requested" and ring["session_id"] == sid
    assert ring["client"]["display_name"] == "Ada L."
    shown = ring["notification"]
    assert shown["url"] == f"/console?request={sid}"
    assert [a["action"] for a in shown["actions"]] == ["accept", "decline"]
    assert push_service.received[0]["urgency"] == "high"
    code, accepted = call(api_module, "POST", f"/api/sessions/{sid}/accept", ("r1", "reader"))
    assert code == 200 and accepted["status"] == "accepted"


def test_unanswered_rings_take_an_away_reader_offline(
    state_machines, push_service, template, api_module, short_grace, monkeypatch
) -> None:
    monkeypatch.setenv("RING_MISS_LIMIT", "2")
    away_ringable_reader(push_service, template, api_module)
    for n, client in enumerate(("c1", "c2")):
        UserModel(client, role="client", intro_used=True).save()
        fund(client, 1_000, f"pi_{client}")
        code, started = call(
            api_module, "POST", "/api/sessions/start", (client, "client"), body={"reader_id": "r1", "type": "chat"}
        )
        assert code == 200, started
        lifecycle.expire_request(started["session"]["session_id"])
        delivery(template).drain()
        assert status("r1") == ("online" if n == 0 else "offline")
    assert store.preferences("r1").missed_rings == 0  # counting starts again when they come back


def test_a_410_from_the_push_service_removes_the_subscription(push_service, template, api_module) -> None:
    endpoint, key, auth = subscribe(push_service, "c1", "c1-phone")
    subscribe(push_service, "c1", "c1-laptop")
    push_service.gone.add("/push/c1-phone")
    from soulseer import notify

    notify.enqueue_push("c1", {"event": "reader-online", "reader_id": "r1", "display_name": "Moon"})
    delivery(template).drain()
    assert [s.endpoint for s in store.subscriptions("c1")] == [f"{push_service.url}/push/c1-laptop"]
    assert payloads(push_service, endpoint, key, auth) == []
    assert len(push_service.received) == 1


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://attacker.example/push/1",
        "https://fcm.googleapis.com.attacker.example/x",
        "http://fcm.googleapis.com/fcm/send/x",  # not https
        "https://fcm.googleapis.com:8443/fcm/send/x",
        "https://user@fcm.googleapis.com/fcm/send/x",
        "http://169.254.169.254/latest/meta-data/",
        "https://notify.windows.com/x",  # the wildcard covers subdomains only
        "file:///etc/passwd",
    ],
)
def test_an_endpoint_on_another_host_is_refused(push_service, api_module, endpoint: str) -> None:
    _, keys = new_keys()
    code, body = call(
        api_module, "POST", "/api/me/push-subscriptions", ("c1", "client"), body={"endpoint": endpoint, "keys": keys}
    )
    assert code == 400 and body["error"]["code"] in ("push_endpoint_not_allowed", "validation_failed")
    assert store.subscriptions("c1") == []


def test_push_service_endpoints_are_accepted_and_removed(push_service, api_module) -> None:
    _, keys = new_keys()
    for endpoint in ("https://fcm.googleapis.com/fcm/send/abc", "https://wns2-by3p.notify.windows.com/w/?token=x"):
        code, body = call(
            api_module,
            "POST",
            "/api/me/push-subscriptions",
            ("c1", "client"),
            body={"endpoint": endpoint, "keys": keys},
        )
        assert code == 200 and body["endpoint"] == endpoint
    bad = {**keys, "auth": "AAAA" * 5}
    code, body = call(
        api_module,
        "POST",
        "/api/me/push-subscriptions",
        ("c1", "client"),
        body={"endpoint": "https://fcm.googleapis.com/fcm/send/z", "keys": bad},
    )
    assert code == 400 and body["error"]["code"] == "invalid_push_keys"
    code, body = call(
        api_module,
        "DELETE",
        "/api/me/push-subscriptions",
        ("c1", "client"),
        query={"endpoint": "https://fcm.googleapis.com/fcm/send/abc"},
    )
    assert code == 200 and body["removed"] is True
    assert [s.endpoint for s in store.subscriptions("c1")] == ["https://wns2-by3p.notify.windows.com/w/?token=x"]


def test_a_push_service_that_is_down_gets_the_push_later(push_service, template) -> None:
    endpoint, key, auth = subscribe(push_service, "c1", "c1-phone")
    push_service.down = True
    from soulseer import notify

    notify.enqueue_push("c1", {"event": "reader-available", "reader_id": "r1", "display_name": "Moon", "at": "now"})
    delivery(template).drain()
    assert push_service.received == [] and len(store.subscriptions("c1")) == 1  # kept, retried later
    push_service.down = False
    sqs = boto3.client("sqs")
    url = sqs.get_queue_url(QueueName=template.queues["PresenceQueue"].name)["QueueUrl"]
    (retry,) = [json.loads(m["Body"]) for m in _all_messages(sqs, url)]
    assert retry["attempt"] == 1 and retry["only"] == store.subscription_key(endpoint)
    from soulseer.notify import delivery as notify_delivery

    notify_delivery.handle(retry)  # what the queue delivers after the delay
    assert [p["event"] for p in payloads(push_service, endpoint, key, auth)] == ["reader-available"]


def _all_messages(sqs: Any, url: str) -> list[dict[str, Any]]:
    """Delayed messages too (moto keeps DelaySeconds): read them as the poller would once due."""
    from moto.sqs.models import sqs_backends

    queue = sqs_backends["123456789012"]["us-east-1"].queues[url.rsplit("/", 1)[1]]
    return [{"Body": m.body} for m in queue._messages]


def set_email(api_module: Any, user: tuple[str, str], address: str) -> None:
    code, body = call(api_module, "PUT", "/api/me/notifications", user, body={"email": address})
    assert code == 200 and body["email"] == address.lower() and body["emails_enabled"] is True


def test_receipts_are_sent_once_and_none_after_unsubscribing(push_service, template, api_module) -> None:
    from soulseer import notify

    set_email(api_module, ("c1", "client"), "Ada@Example.com")
    for _ in range(2):  # a duplicate (a replayed webhook) sends one email
        notify.enqueue_email("c1", "topup", {"amount_cents": 2500, "movement_id": "topup:pi_1"}, dedupe="topup:pi_1")
    delivery(template).drain()
    (receipt,) = emails_to("ada@example.com")
    assert receipt["subject"] == "Receipt: $25.00 added to your balance" and "$25.00" in receipt["text"]
    assert receipt["list_unsubscribe_post"] == "List-Unsubscribe=One-Click"
    one_click = receipt["list_unsubscribe"].strip("<>")
    assert one_click.startswith("https://api.soulseer.test/test/api/notifications/unsubscribe?token=")
    token = parse_qs(urlsplit(one_click).query)["token"][0]
    page = f"https://app.soulseer.test/unsubscribe?token={quote(token)}"
    assert page in receipt["text"] and page.replace("&", "&amp;") in receipt["html"]
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (forged, "c1", "Yz E.x", "a" * 300):
        code, body = call(
            api_module,
            "POST",
            "/api/notifications/unsubscribe",
            None,
            query={"token": bad},
            body="List-Unsubscribe=One-Click",
            headers=form,
        )
        assert code == 400 and body["error"]["code"] == "invalid_unsubscribe_token", bad
    assert store.preferences("c1").emails_off is False
    code, body = call(
        api_module,
        "POST",
        "/api/notifications/unsubscribe",
        None,
        query={"token": token},
        body="List-Unsubscribe=One-Click",
        headers=form,
    )
    assert code == 200 and body == {"unsubscribed": True} and store.preferences("c1").emails_off is True
    code, body = call(api_module, "GET", "/api/me/notifications", ("c1", "client"))
    assert body["emails_enabled"] is False and body["email"] == "ada@example.com"
    notify.enqueue_email("c1", "topup", {"amount_cents": 500, "movement_id": "topup:pi_2"}, dedupe="topup:pi_2")
    delivery(template).drain()
    assert len(emails_to("ada@example.com")) == 1


def test_ses_throttling_loses_no_email(push_service, template, api_module, monkeypatch) -> None:
    from soulseer import notify
    from soulseer.notify import emails

    set_email(api_module, ("c1", "client"), "ada@example.com")
    real = emails._ses()
    calls = []

    class Throttled:
        def send_email(self, **kwargs: Any) -> Any:
            calls.append(kwargs)
            raise ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "slow down"}}, "SendEmail")

    monkeypatch.setattr(emails, "_ses", lambda: Throttled())
    notify.enqueue_email("c1", "payout", {"payout_id": "payout:r1:2026-01-01", "amount_cents": 1500}, dedupe="p1")
    assert delivery(template).drain() == 0  # failed: the message stays in the queue
    assert calls and emails_to("ada@example.com") == []
    monkeypatch.setattr(emails, "_ses", lambda: real)
    sqs = boto3.client("sqs")
    url = sqs.get_queue_url(QueueName=template.queues["PresenceQueue"].name)["QueueUrl"]
    from moto.sqs.models import sqs_backends

    for message in sqs_backends["123456789012"]["us-east-1"].queues[url.rsplit("/", 1)[1]]._messages:
        message.change_visibility(0)  # the visibility timeout passed: the queue delivers it again
    assert delivery(template).drain() == 1
    (sent,) = emails_to("ada@example.com")
    assert sent["subject"] == "Payout sent: $15.00"


def test_bounces_and_complaints_suppress_the_address(push_service, template, api_module) -> None:
    from soulseer import notify

    set_email(api_module, ("c1", "client"), "ada@example.com")
    notice = {
        "eventType": "Bounce",
        "bounce": {"bounceType": "Permanent", "bouncedRecipients": [{"emailAddress": "Ada@example.com"}]},
    }
    handler = (
        __import__("tests.support.apigw", fromlist=["load_handler_module"]).load_handler_module("presence").handler
    )
    result = handler({"Records": [{"EventSource": "aws:sns", "Sns": {"Message": json.dumps(notice)}}]}, LambdaContext())
    assert result == {"suppressed": 1}
    code, body = call(api_module, "GET", "/api/me/notifications", ("c1", "client"))
    assert code == 200 and body["email_suppressed"] is True
    notify.enqueue_email("c1", "topup", {"amount_cents": 500}, dedupe="x")
    delivery(template).drain()
    assert emails_to("ada@example.com") == []
    set_email(api_module, ("c1", "client"), "ada.new@example.com")  # a new address is tried again
    assert store.preferences("c1").suppressed is None


def test_notification_settings_round_trip(push_service, api_module) -> None:
    code, body = call(api_module, "GET", "/api/me/notifications", ("c1", "client"))
    assert code == 200 and body == {
        "email": None,
        "email_suppressed": False,
        "emails_enabled": True,
        "receipts": {k: True for k in ("topup", "reading", "order", "refund", "dispute", "payout")},
        "push_enabled": True,
        "ring_when_away": False,
        "push_subscriptions": 0,
    }
    code, body = call(
        api_module,
        "PUT",
        "/api/me/notifications",
        ("c1", "client"),
        body={"receipts": {"order": False}, "push_enabled": False},
    )
    assert (
        code == 200
        and body["receipts"]["order"] is False
        and body["receipts"]["topup"] is True
        and body["push_enabled"] is False
    )
    code, body = call(api_module, "PUT", "/api/me/notifications", ("c1", "client"), body={"ring_when_away": True})
    assert code == 403
    code, body = call(api_module, "PUT", "/api/me/notifications", ("c1", "client"), body={"email": "not an address"})
    assert code == 400 and body["error"]["code"] == "invalid_email"
    code, body = call(api_module, "PUT", "/api/me/notifications", ("c1", "client"), body={"receipts": {"nope": True}})
    assert code == 400
    code, _ = call(api_module, "GET", "/api/me/notifications", None)
    assert code == 401
