"""API Gateway REST proxy events shaped like the real ones, and a Lambda context."""

from __future__ import annotations

import importlib.util
import json
import sys
import time
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class LambdaContext:
    function_name: str = "soulseer-test"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:soulseer-test"
    aws_request_id: str = "00000000-0000-0000-0000-000000000000"
    log_group_name: str = "/aws/lambda/soulseer-test"
    log_stream_name: str = "test"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


@cache
def load_handler_module(function: str) -> ModuleType:
    """functions/<function>/app.py, loaded by path as the local cloud and Lambda see it."""
    path = ROOT / "functions" / function / "app.py"
    spec = importlib.util.spec_from_file_location(f"fn_{function}_app", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the handler's annotations through it
    sys.path.insert(0, str(path.parent))  # the task root, as in Lambda: sibling modules import
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def rest_event(
    method: str,
    path: str,
    *,
    resource: str | None = None,
    path_parameters: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    body: Any = None,
    user: tuple[str, str] | None = None,
    headers: dict[str, str] | None = None,
    record_role: bool = True,
) -> dict[str, Any]:
    """An API Gateway REST (payload 1.0) proxy event; `user` is (user_id, role) from the authorizer.

    As the authorizer does, the role is the users table's (admin and money routes read it there):
    `record_role` writes it; False leaves the table alone (a cached authorization gone stale)."""
    all_headers = {"Accept": "application/json", "Host": "api.example.com", **(headers or {})}
    raw_body = body if isinstance(body, str) or body is None else json.dumps(body)
    if raw_body is not None:
        all_headers.setdefault("Content-Type", "application/json")
    request_context: dict[str, Any] = {
        "accountId": "123456789012",
        "apiId": "abcdef1234",
        "resourcePath": resource or path,
        "httpMethod": method,
        "path": f"/test{path}",
        "stage": "test",
        "requestId": str(uuid.uuid4()),
        "requestTimeEpoch": int(time.time() * 1000),
        "protocol": "HTTP/1.1",
        "identity": {"sourceIp": "127.0.0.1", "userAgent": "pytest"},
    }
    if user and record_role:
        from soulseer import users

        if users.ensure_user(user[0]).role != user[1]:
            users.set_role(user[0], user[1])
    if user:
        request_context["authorizer"] = {
            "principalId": user[0],
            "user_id": user[0],
            "role": user[1],
            "exp": str(int(time.time()) + 3600),
        }
    return {
        "resource": resource or path,
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {name: [value] for name, value in all_headers.items()},
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": request_context,
        "body": raw_body,
        "isBase64Encoded": False,
    }
