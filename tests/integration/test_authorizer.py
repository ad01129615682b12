"""The TOKEN authorizer against moto DynamoDB and a dev JWKS served on 127.0.0.1."""

from __future__ import annotations

import os

os.environ.setdefault("USERS_TABLE", "soulseer-test-users")
os.environ.setdefault("READER_PROFILES_TABLE", "soulseer-test-reader-profiles")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")

import importlib.util
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import jwt
import pytest
from moto import mock_aws

from soulseer import identity
from soulseer.models import UserModel
from soulseer.users import set_role
from soulseer_tools.dev_issuer import DevIssuer
from soulseer_tools.localcloud.policy import evaluate

ISSUER = "https://clerk.soulseer.test"
ORIGIN = "http://localhost:5173"
METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/dev/GET/api/me"
STAGE_ARN = "arn:aws:execute-api:us-east-1:123456789012:abcdef123/dev/*/*"
APP_PATH = Path(__file__).resolve().parents[2] / "functions" / "authorizer" / "app.py"


@dataclass
class LambdaContext:
    function_name: str = "soulseer-authorizer"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:soulseer-authorizer"
    aws_request_id: str = "req-1"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


@pytest.fixture(scope="module")
def authorizer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("authorizer_app", APP_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def issuer(tmp_path_factory: pytest.TempPathFactory) -> DevIssuer:
    return DevIssuer(tmp_path_factory.mktemp("issuer"), ISSUER)


@pytest.fixture
def clerk(issuer: DevIssuer, monkeypatch: pytest.MonkeyPatch) -> Iterator[DevIssuer]:
    """Serves the dev JWKS and points the settings at it."""
    path = f"/{uuid.uuid4().hex}/.well-known/jwks.json"
    body = json.dumps(issuer.jwks()).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            ok = self.path == path
            self.send_response(200 if ok else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body) if ok else 0))
            self.end_headers()
            if ok:
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    monkeypatch.setenv("CLERK_ISSUER", ISSUER)
    monkeypatch.setenv("CLERK_JWKS_URL", f"http://127.0.0.1:{server.server_address[1]}{path}")
    monkeypatch.setenv("CLERK_AUTHORIZED_PARTIES", f"{ORIGIN},https://soulseer.example.com")
    identity.clear_jwks_cache()  # the settings follow the changed variables by themselves
    try:
        yield issuer
    finally:
        server.shutdown()
        server.server_close()
        identity.clear_jwks_cache()
        monkeypatch.undo()


@pytest.fixture
def users_table() -> Iterator[Any]:
    """The users table exactly as template.yaml declares it."""
    with mock_aws():
        table_name = os.environ["USERS_TABLE"]
        assert UserModel.Meta.table_name == table_name
        client = boto3.client("dynamodb", region_name=os.environ["AWS_DEFAULT_REGION"])
        client.create_table(
            TableName=table_name,
            BillingMode="PAY_PER_REQUEST",
            SSESpecification={"Enabled": True},
            AttributeDefinitions=[{"AttributeName": "user_id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "user_id", "KeyType": "HASH"}],
        )
        client.update_continuous_backups(
            TableName=table_name,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )
        yield boto3.resource("dynamodb", region_name=os.environ["AWS_DEFAULT_REGION"]).Table(table_name)


def event(token: str) -> dict[str, str]:
    return {"type": "TOKEN", "authorizationToken": f"Bearer {token}", "methodArn": METHOD_ARN}


def test_valid_token_allows_stage_and_creates_client(
    authorizer: ModuleType, clerk: DevIssuer, users_table: Any
) -> None:
    token = clerk.mint("user_new", azp=ORIGIN)
    result = authorizer.handler(event(token), LambdaContext())

    assert result["principalId"] == "user_new"
    assert result["policyDocument"] == {
        "Version": "2012-10-17",
        "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": STAGE_ARN}],
    }
    exp = jwt.decode(token, options={"verify_signature": False})["exp"]
    assert result["context"] == {"user_id": "user_new", "role": "client", "exp": str(exp)}  # ends a cached Allow
    item = users_table.get_item(Key={"user_id": "user_new"}, ConsistentRead=True)["Item"]
    assert item["role"] == "client"


def test_websocket_connect_request_allows_the_route(authorizer: ModuleType, clerk: DevIssuer, users_table: Any) -> None:
    connect_arn = "arn:aws:execute-api:us-east-1:123456789012:wsapi12345/dev/$connect"
    request = {"type": "REQUEST", "methodArn": connect_arn,
               "queryStringParameters": {"token": clerk.mint("user_ws", azp=ORIGIN)}}  # fmt: skip

    result = authorizer.handler(request, LambdaContext())

    (statement,) = result["policyDocument"]["Statement"]
    assert statement == {
        "Action": "execute-api:Invoke",
        "Effect": "Allow",
        "Resource": "arn:aws:execute-api:us-east-1:123456789012:wsapi12345/dev/*",
    }
    assert evaluate(result["policyDocument"], connect_arn) == "allow"  # IAM matching, as API Gateway does
    assert {k: v for k, v in result["context"].items() if k != "exp"} == {"user_id": "user_ws", "role": "client"}


def test_existing_reader_gets_reader_role(authorizer: ModuleType, clerk: DevIssuer, users_table: Any) -> None:
    set_role("user_reader", "reader")

    result = authorizer.handler(event(clerk.mint("user_reader", azp=ORIGIN)), LambdaContext())

    assert result["principalId"] == "user_reader"
    assert result["context"]["role"] == "reader"
    assert users_table.scan()["Count"] == 1


@pytest.mark.parametrize(
    "bad_event",
    [
        {"authorizationToken": "Bearer not.a.jwt"},
        {"authorizationToken": "Basic dXNlcjpwYXNz"},
        {"authorizationToken": ""},
        {"methodArn": "not-an-arn"},
    ],
    ids=["garbage", "basic", "empty", "bad-method-arn"],
)
def test_invalid_request_is_unauthorized_and_creates_no_user(
    bad_event: dict[str, str], authorizer: ModuleType, clerk: DevIssuer, users_table: Any
) -> None:
    request = event(clerk.mint("user_x", azp=ORIGIN)) | bad_event

    with pytest.raises(Exception, match=r"^Unauthorized$") as excinfo:
        authorizer.handler(request, LambdaContext())

    assert excinfo.type is Exception
    assert users_table.scan()["Count"] == 0


def test_token_for_other_party_is_unauthorized(authorizer: ModuleType, clerk: DevIssuer, users_table: Any) -> None:
    token = clerk.mint("user_x", azp="https://evil.example.com")

    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorizer.handler(event(token), LambdaContext())

    assert users_table.scan()["Count"] == 0


@pytest.mark.parametrize("sub", ["u" * 3000, "user_\x00nul", "user\nnewline"], ids=["3000-chars", "nul", "newline"])
def test_an_unusable_subject_is_unauthorized_and_creates_no_user(
    sub: str, authorizer: ModuleType, clerk: DevIssuer, users_table: Any
) -> None:
    """Validly signed, but no user id we could store (a DynamoDB key holds 2,048 bytes): 401, never a 500."""
    with pytest.raises(Exception, match=r"^Unauthorized$"):
        authorizer.handler(event(clerk.mint(sub, azp=ORIGIN)), LambdaContext())

    assert users_table.scan()["Count"] == 0
