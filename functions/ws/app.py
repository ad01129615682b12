"""The WebSocket API: $connect, $disconnect and $default, which carries every action of the reading room."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from soulseer import presence, tracing
from soulseer.config import WS_FUNCTION, cold_start
from soulseer.monitoring import flush_metrics_after
from soulseer.readings import room
from soulseer.streams import audience, chat

SETTINGS = cold_start(WS_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
tracer = tracing.tracer()
OK = {"statusCode": 200, "body": ""}
audience.register(room.ACTIONS)  # join-stream, leave-stream
room.ACTIONS["stream-chat"] = chat.chat_action


@flush_metrics_after
@logger.inject_lambda_context(correlation_id_path="requestContext.requestId")
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    request = event["requestContext"]
    route, connection_id = request["routeKey"], request["connectionId"]
    logger.append_keys(route=route, connection_id=connection_id)
    identity = request.get("authorizer") or {}  # API Gateway passes $connect's context on every route
    user_id, role = str(identity.get("user_id") or ""), str(identity.get("role", "client"))
    if route == "$connect":
        if not user_id:
            return {"statusCode": 401, "body": "Unauthorized"}
        room.connect(connection_id, user_id, role)
        presence.connected(user_id, connection_id, role)
    elif route == "$disconnect":
        audience.forget_connection(connection_id)
        room.disconnect(connection_id)
        if user_id:
            presence.disconnected(user_id, connection_id, role)
    else:  # every action arrives on $default (template.yaml declares no route per action)
        room.handle(connection_id, event.get("body"))
    return OK
