"""The local cloud's template reader: CloudFormation short tags, intrinsics, and the real template.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from soulseer_tools.localcloud.cfn_yaml import load_yaml
from soulseer_tools.localcloud.intrinsics import Resolver, TemplateError
from soulseer_tools.localcloud.model import Route
from soulseer_tools.localcloud.routing import RouteTable
from soulseer_tools.localcloud.template import Template

ROOT = Path(__file__).resolve().parents[2]
ISSUER = "http://127.0.0.1:3001"
ORIGINS = "http://localhost:5173,http://127.0.0.1:5173"


@pytest.fixture(scope="module")
def local() -> Template:
    return Template(
        ROOT / "template.yaml",
        {
            "ClerkIssuer": ISSUER,
            "ClerkJwksUrl": ISSUER + "/.well-known/jwks.json",
            "ClerkAuthorizedParties": ORIGINS,
            "CorsAllowedOrigins": ORIGINS,
        },
    )


SNIPPET = """
Parameters:
  Stage: {Type: String, Default: dev}
  Origins: {Type: String, Default: "https://a.example,https://b.example"}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties: {TableName: !Sub "app-${Stage}-things"}
  Fn:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: fn/, Handler: app.handler}
  Queue: {Type: AWS::SQS::Queue}
Outputs:
  TableRef: {Value: !Ref Table}
  FnArn: {Value: !GetAtt Fn.Arn}
  TableArn: {Value: !GetAtt [Table, Arn]}
  QueueRef: {Value: !Ref Queue}
  Region: {Value: !Sub "${AWS::Region}/${AWS::AccountId}/${AWS::StackName}"}
  SubList: {Value: !Sub ["${First}|${Table}|${!Literal}", {First: !Select [0, !Split [",", !Ref Origins]]}]}
  Second: {Value: !Select [1, !Split [",", !Ref Origins]]}
  Joined: {Value: !Join ["-", [a, !Ref Stage, b]]}
  Chosen: {Value: !If [IsProd, big, small]}
"""


def test_short_tags_become_long_forms() -> None:
    doc = load_yaml(SNIPPET)
    assert doc["Outputs"]["TableRef"]["Value"] == {"Ref": "Table"}
    assert doc["Outputs"]["FnArn"]["Value"] == {"Fn::GetAtt": ["Fn", "Arn"]}
    assert doc["Outputs"]["TableArn"]["Value"] == {"Fn::GetAtt": ["Table", "Arn"]}
    assert doc["Conditions"]["IsProd"] == {"Fn::Equals": [{"Ref": "Stage"}, "prod"]}
    sub = doc["Outputs"]["SubList"]["Value"]["Fn::Sub"]
    assert sub[1]["First"] == {"Fn::Select": [0, {"Fn::Split": [",", {"Ref": "Origins"}]}]}


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("TableRef", "app-dev-things"),
        ("FnArn", "arn:aws:lambda:us-east-1:123456789012:function:Fn"),
        ("TableArn", "arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-things"),
        ("QueueRef", "https://sqs.us-east-1.amazonaws.com/123456789012/Queue"),
        ("Region", "us-east-1/123456789012/soulseer-local"),
        ("SubList", "https://a.example|app-dev-things|${Literal}"),
        ("Second", "https://b.example"),
        ("Joined", "a-dev-b"),
        ("Chosen", "small"),
    ],
)
def test_intrinsics_resolve(output: str, expected: str) -> None:
    doc = load_yaml(SNIPPET)
    assert Resolver(doc).resolve(doc["Outputs"][output]["Value"]) == expected


def test_parameter_overrides_apply_and_unknown_ones_are_refused() -> None:
    doc = load_yaml(SNIPPET)
    prod = Resolver(doc, {"Stage": "prod"})
    assert prod.resolve(doc["Outputs"]["TableRef"]["Value"]) == "app-prod-things"
    assert prod.resolve(doc["Outputs"]["Chosen"]["Value"]) == "big"
    with pytest.raises(TemplateError):
        Resolver(doc, {"Nope": "x"})


def test_routes_carry_the_effective_authorizer(local: Template) -> None:
    api = local.rest_api()
    routes = {(r.method, r.path): r for r in api.routes}
    assert routes[("GET", "/api/readers")].authorizer is None
    assert routes[("GET", "/api/readers/{id}")].authorizer is None
    assert routes[("GET", "/api/openapi.json")].authorizer is None
    assert routes[("GET", "/api/me")].authorizer == "ClerkAuthorizer"
    assert routes[("PUT", "/api/readers/profile")].authorizer == "ClerkAuthorizer"
    assert routes[("PUT", "/api/readers/status")].authorizer == "ClerkAuthorizer"
    assert {r.function_id for r in api.routes} == {"ApiFunction"}
    assert api.stage == "dev"


def test_authorizer_cors_and_gateway_responses(local: Template) -> None:
    api = local.rest_api()
    clerk = api.authorizers["ClerkAuthorizer"]
    assert clerk.function_id == "AuthorizerFunction"
    assert clerk.payload_type == "TOKEN"
    assert clerk.identity_header == "Authorization"
    assert clerk.validation_expression == "^Bearer [-0-9A-Za-z_.]+$"
    assert clerk.ttl_seconds == 300
    assert api.cors is not None
    assert api.cors.allow_origin == "*"  # the preflight; real responses name only configured origins
    assert "Authorization" in (api.cors.allow_headers or "")
    assert not api.authorize_cors_preflight
    unauthorized = api.gateway_responses["UNAUTHORIZED"]
    assert unauthorized.status == 401
    assert '"unauthorized"' in (unauthorized.template or "")
    assert unauthorized.headers == {"Access-Control-Allow-Origin": "'*'"}
    assert api.gateway_responses["ACCESS_DENIED"].status == 403
    assert api.gateway_responses["MISSING_AUTHENTICATION_TOKEN"].status == 404


def test_function_environment_is_globals_plus_own_resolved(local: Template) -> None:
    api_fn, auth_fn = local.functions["ApiFunction"], local.functions["AuthorizerFunction"]
    assert api_fn.code_uri == ROOT / "functions" / "api"
    assert api_fn.handler == "app.handler"
    assert api_fn.timeout_seconds == 15  # its own Timeout beats the Globals' 10
    assert auth_fn.memory_mb == 256
    for env in (api_fn.env, auth_fn.env):
        assert env["USERS_TABLE"] == "soulseer-dev-users"
        assert env["READER_PROFILES_TABLE"] == "soulseer-dev-reader-profiles"
        assert env["CLERK_ISSUER"] == ISSUER
        assert env["CLERK_JWKS_URL"] == ISSUER + "/.well-known/jwks.json"
        assert env["CLERK_AUTHORIZED_PARTIES"] == ORIGINS
        assert env["READER_RATE_MIN_CENTS"] == "100"  # Number parameters arrive as strings
        assert all(isinstance(value, str) for value in env.values())
    assert auth_fn.env["POWERTOOLS_SERVICE_NAME"] == "soulseer-authorizer"
    assert api_fn.env["POWERTOOLS_SERVICE_NAME"] == "soulseer"
    assert local.env_union()["CORS_ALLOWED_ORIGINS"] == ORIGINS


def test_tables_become_create_table_kwargs(local: Template) -> None:
    users = local.tables["UsersTable"].create_kwargs
    assert users == {
        "TableName": "soulseer-dev-users",
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "user_id", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "user_id", "KeyType": "HASH"}],
    }
    profiles = local.tables["ReaderProfilesTable"].create_kwargs
    assert profiles["GlobalSecondaryIndexes"][0]["IndexName"] == "by-rating"
    for table in local.tables.values():
        assert "PointInTimeRecoverySpecification" not in table.create_kwargs
        assert "SSESpecification" not in table.create_kwargs
        assert table.name.startswith("soulseer-dev-")


def test_stage_parameter_renames_tables() -> None:
    staging = Template(ROOT / "template.yaml", {"Stage": "staging"})
    assert staging.tables["UsersTable"].name == "soulseer-staging-users"
    assert staging.functions["ApiFunction"].env["USERS_TABLE"] == "soulseer-staging-users"


def test_literal_segments_beat_parameters(local: Template) -> None:
    table = RouteTable(local.rest_api().routes)
    profile = table.match("/api/readers/profile")
    assert profile is not None
    assert profile.resource == "/api/readers/profile"
    assert profile.route_for("PUT") is not None
    assert profile.route_for("GET") is None  # API Gateway does not fall back to /api/readers/{id}
    reader = table.match("/api/readers/user_123")
    assert reader is not None
    assert reader.resource == "/api/readers/{id}"
    assert reader.path_parameters == {"id": "user_123"}
    route = reader.route_for("GET")
    assert route is not None and route.authorizer is None
    assert table.match("/api/nope") is None
    assert table.match("/api/readers/a/b") is None
    assert table.match("/api") is None


def test_greedy_proxy_and_any_method() -> None:
    table = RouteTable(
        [
            Route("/files/{proxy+}", "ANY", "Files", None),
            Route("/files/special", "GET", "Special", None),
            Route("/files/{name}/meta", "GET", "Meta", None),
        ]
    )
    deep = table.match("/files/a/b%20c/d.txt")
    assert deep is not None
    assert deep.path_parameters == {"proxy": "a/b c/d.txt"}
    assert deep.route_for("DELETE") == Route("/files/{proxy+}", "ANY", "Files", None)
    meta = table.match("/files/x/meta")
    assert meta is not None and meta.resource == "/files/{name}/meta"
    special = table.match("/files/special/")
    assert special is not None and special.resource == "/files/special"
    assert table.match("/files") is None  # {proxy+} needs at least one segment


def test_the_template_maps_each_queue_to_its_function(local: Template) -> None:
    sources = {s.name: (s.function_id, s.queue, s.batch_size, s.report_batch_item_failures, s.enabled)
               for s in local.queue_sources.values()}  # fmt: skip
    assert sources == {
        "PresenceFunctionPresenceEvents": ("PresenceFunction", "PresenceQueue", 10, True, True),
        "PayoutWorkerFunctionPayoutRequests": ("PayoutWorkerFunction", "PayoutsQueue", 5, True, True),
    }


MAPPINGS = """
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: fn/, Handler: app.handler}
  Queue: {Type: AWS::SQS::Queue, Properties: {QueueName: work}}
  ByRef:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {FunctionName: !Ref Fn, EventSourceArn: !GetAtt Queue.Arn}
  ByArn:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !GetAtt Fn.Arn
      EventSourceArn: !GetAtt Queue.Arn
      BatchSize: 3
      FunctionResponseTypes: [ReportBatchItemFailures]
      Enabled: false
  FromAStream:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {FunctionName: !Ref Fn, EventSourceArn: "arn:aws:dynamodb:us-east-1:1:table/t/stream/x"}
"""


def test_event_source_mappings_of_queues_are_read(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(MAPPINGS)
    sources = Template(path).queue_sources
    assert sorted(sources) == ["ByArn", "ByRef"]  # a stream's mapping is not served locally
    assert (sources["ByRef"].function_id, sources["ByRef"].queue, sources["ByRef"].batch_size) == ("Fn", "Queue", 10)
    assert not sources["ByRef"].report_batch_item_failures
    assert (sources["ByArn"].function_id, sources["ByArn"].batch_size) == ("Fn", 3)
    assert sources["ByArn"].report_batch_item_failures and not sources["ByArn"].enabled


@pytest.mark.parametrize(
    ("function", "source", "message"),
    [
        ("!Ref Nope", "!GetAtt Queue.Arn", "names no function"),
        ("!Ref Queue", "!GetAtt Queue.Arn", "names no function"),
        ("!Ref Fn", "arn:aws:sqs:us-east-1:123456789012:elsewhere", "is not a queue here"),
    ],
)
def test_a_mapping_must_name_a_function_and_a_queue_of_the_template(
    tmp_path: Path, function: str, source: str, message: str
) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(
        "Resources:\n  Fn: {Type: AWS::Serverless::Function, Properties: {CodeUri: fn/, Handler: app.handler}}\n"
        "  Queue: {Type: AWS::SQS::Queue}\n"
        f"  Mapping: {{Type: AWS::Lambda::EventSourceMapping, Properties: {{FunctionName: {function}, "
        f"EventSourceArn: {source}}}}}\n"
    )
    with pytest.raises(TemplateError, match=message):
        _ = Template(path).queue_sources


DEFINITION_BODY = """
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Auth:
        DefaultAuthorizer: Main
        Authorizers:
          Main: {FunctionArn: !GetAtt Auth.Arn, Identity: {Header: Authorization}}
          Other: {FunctionArn: !GetAtt Auth.Arn, Identity: {Header: X-Other}}
      DefinitionBody:
        openapi: "3.0.1"
        paths:
          /things/{id}:
            parameters: [{name: id, in: path, required: true}]
            get:
              security: [NONE: []]
              x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: !Sub "FN_URI"}
            put:
              x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: !Sub "FN_URI"}
            delete:
              security: []
              x-amazon-apigateway-integration: {type: aws_proxy, httpMethod: POST, uri: !Sub "FN_URI"}
            options:
              x-amazon-apigateway-integration: {type: mock}
          /other/{proxy+}:
            x-amazon-apigateway-any-method:
              security: [Other: []]
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub ["arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${F}/invocations",
                           {F: !GetAtt Fn.Arn}]
  Fn: {Type: AWS::Serverless::Function, Properties: {CodeUri: fn/, Handler: app.handler}}
  Auth: {Type: AWS::Serverless::Function, Properties: {CodeUri: auth/, Handler: app.handler}}
""".replace(
    "FN_URI", "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations"
)


def test_definition_body_routes_get_the_authorizer_sam_leaves_on_them(tmp_path: Path) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(DEFINITION_BODY)
    api = Template(path).rest_api()
    assert {(r.method, r.path): (r.function_id, r.authorizer) for r in api.routes} == {
        ("GET", "/things/{id}"): ("Fn", None),  # NONE: public
        ("PUT", "/things/{id}"): ("Fn", "Main"),  # no security: the DefaultAuthorizer
        ("DELETE", "/things/{id}"): ("Fn", "Main"),  # `security: []` too (SAM applies the default)
        ("ANY", "/other/{proxy+}"): ("Fn", "Other"),
    }
    assert RouteTable(api.routes).match("/things/42").path_parameters == {"id": "42"}  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("integration", "message"),
    [
        ("{type: http_proxy, httpMethod: GET, uri: 'https://example.com'}", "only aws_proxy"),
        ("{type: aws_proxy, httpMethod: POST, uri: 'https://example.com'}", "does not invoke a Lambda"),
        (
            "{type: aws_proxy, httpMethod: POST, uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/"
            "functions/arn:aws:lambda:us-east-1:1:function:elsewhere/invocations'}",
            "is not a function of this template",
        ),
    ],
)
def test_a_definition_body_route_must_proxy_to_a_function_of_the_template(
    tmp_path: Path, integration: str, message: str
) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(
        "Resources:\n  Fn: {Type: AWS::Serverless::Function, Properties: {CodeUri: fn/, Handler: app.handler}}\n"
        "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: v1\n"
        f"      DefinitionBody: {{paths: {{/x: {{get: {{x-amazon-apigateway-integration: {integration}}}}}}}}}\n"
    )
    with pytest.raises(TemplateError, match=message):
        _ = Template(path).rest_api()
