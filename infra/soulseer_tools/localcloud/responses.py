"""API Gateway's own responses (gateway responses), customised by the template or AWS's defaults."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from soulseer_tools.localcloud.model import GatewayResponse
from soulseer_tools.localcloud.read_rest import unquote

# Response type -> (default status, default message). The default body is {"message": <message>}.
DEFAULTS: dict[str, tuple[int, str | None]] = {
    "ACCESS_DENIED": (403, "User is not authorized to access this resource"),
    "AUTHORIZER_CONFIGURATION_ERROR": (500, None),
    "AUTHORIZER_FAILURE": (500, None),
    "BAD_REQUEST_BODY": (400, "Invalid request body"),
    "DEFAULT_4XX": (400, None),
    "DEFAULT_5XX": (500, "Internal server error"),
    "EXPIRED_TOKEN": (403, "The security token included in the request is expired"),
    "INTEGRATION_FAILURE": (504, "Internal server error"),
    "INTEGRATION_TIMEOUT": (504, "Endpoint request timed out"),
    "MISSING_AUTHENTICATION_TOKEN": (403, "Missing Authentication Token"),
    "REQUEST_TOO_LARGE": (413, "Request Too Long"),
    "RESOURCE_NOT_FOUND": (404, "Not Found"),
    "THROTTLED": (429, "Too Many Requests"),
    "UNAUTHORIZED": (401, "Unauthorized"),
}
_DEFAULT_TEMPLATE = '{"message":$context.error.messageString}'
_REQUEST_HEADER = "method.request.header."


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class GatewayResponses:
    """Renders a response type the way the REST API would, falling back to DEFAULT_4XX/5XX then AWS's."""

    def __init__(self, declared: Mapping[str, GatewayResponse]) -> None:
        self.declared = dict(declared)

    def render(
        self,
        response_type: str,
        *,
        request_id: str,
        request_headers: Mapping[str, str],
        message: str | None = None,
        status: int | None = None,
    ) -> HttpResponse:
        default_status, default_message = DEFAULTS.get(response_type, (500, None))
        status = status or default_status
        family = "DEFAULT_4XX" if status < 500 else "DEFAULT_5XX"
        custom = self.declared.get(response_type) or self.declared.get(family)
        if custom is not None and custom.response_type == response_type and custom.status:
            status = custom.status
        message = message if message is not None else default_message
        template = (custom.template if custom and custom.template is not None else None) or _DEFAULT_TEMPLATE
        body = (
            template.replace("$context.error.messageString", json.dumps(message))
            .replace("$context.error.message", message or "")
            .replace("$context.error.responseType", response_type)
            .replace("$context.requestId", request_id)
        )
        headers = [("Content-Type", "application/json"), ("x-amzn-RequestId", request_id)]
        if response_type in ("UNAUTHORIZED", "ACCESS_DENIED", "MISSING_AUTHENTICATION_TOKEN"):
            error_type = {"UNAUTHORIZED": "UnauthorizedException", "ACCESS_DENIED": "AccessDeniedException"}
            headers.append(("x-amzn-ErrorType", error_type.get(response_type, "IncompleteSignatureException")))
        for name, value in (custom.headers if custom else {}).items():
            if value.startswith(_REQUEST_HEADER):
                value = request_headers.get(value[len(_REQUEST_HEADER) :], "")
            headers.append((name, unquote(value)))
        return HttpResponse(status=status, headers=headers, body=body.encode())
