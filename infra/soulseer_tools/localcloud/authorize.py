"""Lambda authorizers as the REST API runs them: identity check, invocation, policy cache, decision."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from soulseer_tools.localcloud.model import Authorizer
from soulseer_tools.localcloud.policy import evaluate

log = logging.getLogger("soulseer.localcloud")

Invoke = Callable[[str, dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True)
class Decision:
    """`failure` is None when allowed; else the gateway response type (and its message) to answer."""

    failure: str | None
    message: str | None = None
    context: dict[str, Any] | None = None  # requestContext.authorizer when allowed


class InvalidAuthorizerOutput(ValueError):
    pass


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise InvalidAuthorizerOutput(f"context values must be strings, numbers or booleans, not {value!r}")


def checked_output(output: Any) -> dict[str, Any]:
    """The authorizer's output validated; context values stringified as API Gateway passes them on."""
    if not isinstance(output, dict) or not output.get("principalId"):
        raise InvalidAuthorizerOutput("the output needs a principalId")
    document = output.get("policyDocument")
    if not isinstance(document, dict) or "Statement" not in document:
        raise InvalidAuthorizerOutput("the output needs a policyDocument with a Statement")
    context = output.get("context") or {}
    if not isinstance(context, dict):
        raise InvalidAuthorizerOutput("context must be a flat map")
    flat = {key: _scalar(value) for key, value in context.items() if value is not None}
    return {"principalId": str(output["principalId"]), "policyDocument": document, "context": flat}


class AuthorizerGate:
    """Runs one API's Lambda authorizers with API Gateway's result cache (ReauthorizeEvery seconds)."""

    def __init__(self, invoke: Invoke, clock: Callable[[], float] = time.monotonic) -> None:
        self._invoke = invoke
        self._clock = clock
        self._cache: dict[tuple[str, tuple[str, ...]], tuple[float, dict[str, Any]]] = {}

    def identity(
        self, authorizer: Authorizer, headers: Mapping[str, str], query: Mapping[str, str]
    ) -> tuple[str, ...] | None:
        """The identity sources' values, or None when one is missing (401 without invoking)."""
        values = [headers.get(name) for name in authorizer.identity_headers]
        values += [query.get(name) for name in authorizer.identity_query_strings]
        if not all(values):
            return None
        expression = authorizer.validation_expression
        if authorizer.payload_type == "TOKEN" and expression and not re.fullmatch(expression, str(values[0])):
            return None
        return tuple(str(v) for v in values)

    async def decide(
        self,
        authorizer: Authorizer,
        *,
        method_arn: str,
        headers: Mapping[str, str],
        query: Mapping[str, str],
        request_event: Callable[[], dict[str, Any]],
    ) -> Decision:
        identity = self.identity(authorizer, headers, query)
        if identity is None:
            return Decision("UNAUTHORIZED")
        started = self._clock()
        output = self._cached(authorizer, identity)
        if output is None:
            if authorizer.payload_type == "TOKEN":
                event = {"type": "TOKEN", "authorizationToken": identity[0], "methodArn": method_arn}
            else:
                event = {**request_event(), "type": "REQUEST", "methodArn": method_arn}
            try:
                output = checked_output(await self._invoke(authorizer.function_id, event))
            except InvalidAuthorizerOutput as exc:
                log.error("authorizer %s returned an invalid output: %s", authorizer.name, exc)
                return Decision("AUTHORIZER_CONFIGURATION_ERROR")
            except Exception as exc:
                if str(exc) == "Unauthorized":
                    return Decision("UNAUTHORIZED")
                log.exception("authorizer %s failed", authorizer.name)
                return Decision("AUTHORIZER_FAILURE")
            if authorizer.ttl_seconds > 0 and identity:
                self._cache[(authorizer.name, identity)] = (self._clock() + authorizer.ttl_seconds, output)
        effect = evaluate(output["policyDocument"], method_arn)
        if effect == "explicit_deny":
            return Decision("ACCESS_DENIED", "User is not authorized to access this resource with an explicit deny")
        if effect == "implicit_deny":
            return Decision("ACCESS_DENIED")
        latency_ms = int((self._clock() - started) * 1000)
        context = {
            **output["context"],
            "principalId": output["principalId"],
            "integrationLatency": latency_ms,
        }
        return Decision(None, context=context)

    def _cached(self, authorizer: Authorizer, identity: tuple[str, ...]) -> dict[str, Any] | None:
        entry = self._cache.get((authorizer.name, identity))
        if entry is None:
            return None
        expires, output = entry
        if self._clock() >= expires:
            del self._cache[(authorizer.name, identity)]
            return None
        return output
