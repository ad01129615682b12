"""Helpers for presence tests: WebSocket events through the ws function, and the presence queue
delivered to the presence function as the local cloud delivers it (template.yaml's event source mapping)."""

from __future__ import annotations

import json
from typing import Any

import boto3

from soulseer_tools.localcloud.queue_delivery import QueueDelivery
from soulseer_tools.localcloud.template import Template
from tests.support.apigw import LambdaContext, load_handler_module


def ws(route: str, connection_id: str, user: str, role: str, body: dict[str, Any] | None = None) -> Any:
    """One WebSocket event as API Gateway sends it (the $connect authorizer context on every route)."""
    event = {
        "requestContext": {
            "routeKey": route,
            "connectionId": connection_id,
            "requestId": f"req-{connection_id}",
            "authorizer": {"principalId": user, "user_id": user, "role": role},
        },
        "body": json.dumps(body) if body is not None else None,
    }
    return load_handler_module("ws").handler(event, LambdaContext())


def connect(connection_id: str, user: str, role: str) -> None:
    ws("$connect", connection_id, user, role)


def disconnect(connection_id: str, user: str, role: str) -> None:
    ws("$disconnect", connection_id, user, role)


def action(connection_id: str, user: str, role: str, name: str, **fields: Any) -> None:
    ws(name, connection_id, user, role, {"action": name, **fields})


def delivery(template: Template) -> QueueDelivery:
    def invoke(function_id: str, event: dict[str, Any]) -> Any:
        module = load_handler_module(str(template.functions[function_id].code_uri.name))
        return json.loads(json.dumps(module.handler(event, LambdaContext(function_name=function_id))))

    return QueueDelivery(boto3.client("sqs"), template.queues, template.queue_sources, invoke)


def queue_counts(template: Template) -> tuple[int, int]:
    """(visible, delayed) messages of the presence queue."""
    sqs = boto3.client("sqs")
    url = sqs.get_queue_url(QueueName=template.queues["PresenceQueue"].name)["QueueUrl"]
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
    return int(attributes[names[0]]), int(attributes[names[1]])
