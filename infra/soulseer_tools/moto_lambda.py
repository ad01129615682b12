"""Route moto's Lambda invocations (Step Functions Task states) to our handlers, in process.

With `{"lambda": {"use_docker": false}}` moto answers every invoke from LambdaSimpleBackend; this
patch makes it call the real handler named by the function in template.yaml, the way Lambda would."""

from __future__ import annotations

import json
import threading
import traceback
from collections.abc import Callable
from typing import Any

from moto.awslambda_simple.models import LambdaSimpleBackend

Handler = Callable[[dict[str, Any], Any], Any]
HandlerLookup = Callable[[str], tuple[Handler, Any] | None]  # function name -> (handler, context)

_lookup: HandlerLookup | None = None
_in_flight = 0
_idle = threading.Condition()
_original_invoke = LambdaSimpleBackend.invoke


def function_name_of(name_or_arn: str) -> str:
    """`arn:aws:lambda:region:account:function:NAME[:qualifier]` or `NAME` -> `NAME`."""
    if name_or_arn.startswith("arn:"):
        parts = name_or_arn.split(":")
        return parts[6] if len(parts) > 6 else parts[-1]
    return name_or_arn


def _invoke(
    self: LambdaSimpleBackend, function_name: str, qualifier: str | None, body: Any, headers: Any, response_headers: Any
) -> str | bytes | None:
    found = _lookup(function_name_of(function_name)) if _lookup else None
    if found is None:
        return _original_invoke(self, function_name, qualifier, body, headers, response_headers)
    handler, context = found
    event = json.loads(body) if body else {}
    global _in_flight
    with _idle:
        _in_flight += 1
    try:
        result = handler(event, context)
    except Exception as error:  # a Lambda error is reported to the caller, as Lambda does
        traceback.print_exc()
        response_headers["x-amz-function-error"] = "Unhandled"
        result = {"errorMessage": str(error), "errorType": type(error).__name__}
    finally:
        with _idle:
            _in_flight -= 1
            _idle.notify_all()
    return json.dumps(result).encode()


def wait_until_idle(timeout: float = 30.0) -> bool:
    """Waits for invocations in progress (a stopped execution finishes the task it is running)."""
    with _idle:
        return _idle.wait_for(lambda: _in_flight == 0, timeout=timeout)


def route_lambda_invocations(lookup: HandlerLookup) -> None:
    global _lookup
    _lookup = lookup
    LambdaSimpleBackend.invoke = _invoke  # type: ignore[method-assign]
