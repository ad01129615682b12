""" "Busy, try again" is 503 with Retry-After, in the one error shape; other domain errors carry no header."""

from __future__ import annotations

import json

from soulseer.errors import DomainError, ErrorCode
from soulseer.ledger.core import LedgerBusy
from soulseer.web import build_resolver
from tests.support.apigw import LambdaContext, rest_event


def resolver_raising(error: Exception):
    app = build_resolver()

    @app.get("/api/boom")
    def boom() -> dict:
        raise error

    return app


def test_a_busy_ledger_is_503_with_retry_after() -> None:
    app = resolver_raising(LedgerBusy(retry_after=2))
    response = app.resolve(rest_event("GET", "/api/boom"), LambdaContext())
    assert response["statusCode"] == 503
    headers = {
        **(response.get("headers") or {}),
        **{k: v[0] for k, v in (response.get("multiValueHeaders") or {}).items()},
    }
    assert headers["Retry-After"] == "2"
    assert json.loads(response["body"]) == {
        "error": {"code": "ledger_busy", "message": "The ledger is busy; try again."}
    }
    assert LedgerBusy().status == 503 and LedgerBusy().retry_after == 1
    assert DomainError(ErrorCode.BUSY).retry_after == 1 and DomainError(ErrorCode.STREAM_ENDED).retry_after is None


def test_other_domain_errors_have_no_retry_after() -> None:
    response = build_and_resolve(DomainError(ErrorCode.CONFLICT, "No."))
    assert response["statusCode"] == 409
    assert "Retry-After" not in (response.get("headers") or {})
    assert "Retry-After" not in (response.get("multiValueHeaders") or {})


def build_and_resolve(error: Exception) -> dict:
    return resolver_raising(error).resolve(rest_event("GET", "/api/boom"), LambdaContext())
