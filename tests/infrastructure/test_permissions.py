"""Least privilege: each function's role grants exactly what that function needs, through one
managed policy per function (no inline policies near IAM's size limits)."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.infrastructure.conftest import of_type

READ = {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"}
LEVELS = {
    "read": READ,
    "write": READ | {"dynamodb:PutItem", "dynamodb:UpdateItem"},
    "write+delete": READ | {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"},
    "append": READ | {"dynamodb:PutItem"},  # ledger entries and movements are written once, never changed
    "read+delete": READ | {"dynamodb:DeleteItem"},  # connections: read to push, deleted when gone
}
PUSH = ("execute-api:ManageConnections", "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
        "${WebSocketApi}/${Stage}/POST/@connections/*")  # fmt: skip
SECRET = "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${%s}-??????"
STATES = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:soulseer-${Stage}-%s"
STRIPE = ("secretsmanager:GetSecretValue", SECRET % "StripeSecretName")
AGORA = ("secretsmanager:GetSecretValue", SECRET % "AgoraSecretName")
TURN = ("secretsmanager:GetSecretValue", SECRET % "TurnSecretName")  # only when TurnSecretName is set
NOTIFY = ("secretsmanager:GetSecretValue", SECRET % "NotifySecretName")  # VAPID key, unsubscribe-link key
SES = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:%s"
SEND_EMAIL = {
    ("ses:SendEmail", SES % "identity/*"),
    ("ses:SendEmail", SES % "configuration-set/${EmailConfigurationSet}"),
}
ENQUEUE_PAYOUTS = ("sqs:SendMessage", "PayoutsQueue")
ENQUEUE_PRESENCE = ("sqs:SendMessage", "PresenceQueue")  # offline checks and fan-out, never inline
MEDIA = "arn:${AWS::Partition}:s3:::soulseer-${Stage}-media-${AWS::AccountId}/%s"  # by name: the bucket notifies it
POLL_ACTIONS = ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes")  # an event source mapping's


def poll(queue: str) -> set[tuple[str, str]]:
    """What Lambda's SQS poller needs, on the one queue (not SAM's AWSLambdaSQSQueueExecutionRole on `*`)."""
    return {(action, queue) for action in POLL_ACTIONS}


# function -> (table -> level, other (action, resource) grants, tables it may Scan)
NEEDS: dict[str, tuple[dict[str, str], set[tuple[str, str]], set[str]]] = {
    "AuthorizerFunction": ({"UsersTable": "write"}, set(), set()),  # ensure_user on first sight
    "ApiFunction": (
        {
            "UsersTable": "write",
            "ReaderProfilesTable": "write",
            "LedgerAccountsTable": "write",
            "LedgerEntriesTable": "append",
            "LedgerMovementsTable": "append",
            "PaymentsTable": "write",
            "ConnectAccountsTable": "write",
            "DisputesTable": "write",
            "PayoutsTable": "write",
            "SessionsTable": "write",
            "TranscriptsTable": "read",
            "ConnectionsTable": "read+delete",
            "StreamsTable": "write+delete",
            "StreamAudienceTable": "write+delete",
            "ProductsTable": "write",
            "OrdersTable": "write",
            "PresenceTable": "read+delete",
            "WatchesTable": "write+delete",
            "RateLimitsTable": "write",  # token buckets: one UpdateItem per limited request
            "AuditReportsTable": "read",  # the latest audit report
            "AdminActionsTable": "append",  # the admin action log: items are put once, never changed
            "NotificationsTable": "write+delete",  # settings and push subscriptions
        },
        {
            STRIPE,
            AGORA,
            TURN,
            NOTIFY,
            ("states:StartExecution", STATES % "request-expiry"),
            PUSH,
            ENQUEUE_PAYOUTS,
            ENQUEUE_PRESENCE,
            ("lambda:InvokeFunction", "AuditFunction"),  # an admin starts a fresh audit
            ("s3:PutObject", "MediaBucket/uploads/*"),  # signs presigned POSTs
            ("s3:GetObject", "MediaBucket/uploads/*"),  # signs digital products' download links
        }
        | {("dynamodb:BatchGetItem", "StatsRollupsTable"), ("dynamodb:UpdateItem", "StatsRollupsTable")},
        {"ConnectAccountsTable", "UsersTable"},  # the admin payout run lists payout accounts; user search
    ),
    "WebSocketFunction": (
        {
            "UsersTable": "write",
            "ReaderProfilesTable": "write",
            "SessionsTable": "write",
            "TranscriptsTable": "append",
            "ConnectionsTable": "write+delete",
            "LedgerAccountsTable": "read",
            "StreamsTable": "write",  # the viewer count, kept by the audience's connections
            "StreamAudienceTable": "write+delete",
            "PresenceTable": "write+delete",
            "RateLimitsTable": "write",  # stream chat sent over the socket is rate-limited
        },
        {("states:StartExecution", STATES % "session-billing"), PUSH, ENQUEUE_PRESENCE},
        set(),
    ),
    "BillingTickFunction": (
        {
            "SessionsTable": "write",
            "ReaderProfilesTable": "write",
            "LedgerAccountsTable": "write",
            "LedgerEntriesTable": "append",
            "LedgerMovementsTable": "append",
            "ConnectionsTable": "read+delete",
            "PresenceTable": "read+delete",
            "PaymentsTable": "read",  # the client's automatic top-up, in the tick's one BatchGetItem
        },
        {
            ("states:StartExecution", STATES % "session-billing"),  # continues as a new execution
            PUSH,
            ENQUEUE_PRESENCE,
            ENQUEUE_PAYOUTS,  # an automatic top-up, charged by the money worker
            ("dynamodb:UpdateItem", "StatsRollupsTable"),
        },
        set(),
    ),
    "RequestExpiryFunction": (
        {
            "SessionsTable": "write",
            "ReaderProfilesTable": "write",
            "ConnectionsTable": "read+delete",
            "PresenceTable": "read+delete",
        },
        {PUSH},
        set(),
    ),
    "ReconcilerFunction": (
        {"SessionsTable": "write", "ReaderProfilesTable": "write", "ConnectionsTable": "read+delete"},
        {("states:StartExecution", STATES % "session-billing"), PUSH},
        set(),
    ),
    "PresenceFunction": (
        {
            "ReaderProfilesTable": "write",
            "WatchesTable": "write+delete",
            "ConnectionsTable": "read+delete",
            "PresenceTable": "read+delete",
            "NotificationsTable": "write+delete",  # gone subscriptions deleted, sent emails marked
        },
        {PUSH, ENQUEUE_PRESENCE, NOTIFY} | SEND_EMAIL | poll("PresenceQueue"),  # fan-out continues page by page
        set(),
    ),
    "PayoutsFunction": (
        {"ConnectAccountsTable": "read", "PayoutsTable": "read", "LedgerAccountsTable": "read"},
        {ENQUEUE_PAYOUTS},
        {"ConnectAccountsTable"},
    ),
    "AuditFunction": (
        {
            "LedgerAccountsTable": "read",
            "LedgerEntriesTable": "read",
            "LedgerMovementsTable": "read",
            "AuditReportsTable": "write",
        },
        set(),
        {"LedgerAccountsTable", "LedgerEntriesTable", "LedgerMovementsTable"},
    ),
    "MediaFunction": (
        {
            "ReaderProfilesTable": "write",
            "ProductsTable": "write",
            "ConnectionsTable": "read+delete",
            "PresenceTable": "read+delete",
        },
        {
            PUSH,
            ("s3:GetObject", MEDIA % "uploads/*"),
            ("s3:DeleteObject", MEDIA % "uploads/*"),  # the original, metadata and all, once resized
            ("s3:PutObject", MEDIA % "media/*"),
        },
        set(),
    ),
    "PayoutWorkerFunction": (
        {
            "ConnectAccountsTable": "read",
            "PayoutsTable": "write",
            "LedgerAccountsTable": "write",
            "LedgerEntriesTable": "append",
            "LedgerMovementsTable": "append",
            "PaymentsTable": "write",  # automatic top-ups: the payment record, the card's generation
            "ConnectionsTable": "read+delete",  # a declined automatic top-up is told at once
            "PresenceTable": "read+delete",
        },
        {STRIPE, ENQUEUE_PRESENCE, PUSH} | poll("PayoutsQueue"),  # payout-sent push and email, after the commit
        set(),
    ),
}
# What SAM attaches to every function (logs, X-Ray). SQS-triggered functions have no SAM `SQS` event
# (it would attach AWSLambdaSQSQueueExecutionRole, polling on every queue): see the mapping test below.
SAM_MANAGED = {
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
}
MANAGED_POLICY_MAX_CHARS = 6144
_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/soulseer-staging-stream-audience"


def resource_name(value: Any) -> str:
    """A Resource entry as a readable string: `UsersTable`, `UsersTable/index/*`, or the Sub text."""
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        target = value["Fn::GetAtt"]
        return str(target[0] if isinstance(target, list) else target.split(".")[0])
    if isinstance(value, dict) and "Fn::Sub" in value:
        return re.sub(r"^\$\{(\w+)\.Arn\}", r"\1", str(value["Fn::Sub"]))
    return str(value)


def statements(policy: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
        if "Fn::If" in statement:  # a grant that exists only under a condition (the TURN secret)
            statement = statement["Fn::If"][1]
        found.append(statement)
    return found


def grants(policy: dict[str, Any]) -> set[tuple[str, str]]:
    granted = set()
    for statement in statements(policy):
        assert statement["Effect"] == "Allow"
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        targets = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        granted |= {(action, resource_name(target)) for action in actions for target in targets}
    return granted


def has_indexes(table: dict[str, Any]) -> bool:
    props = table["Properties"]
    return bool(props.get("GlobalSecondaryIndexes") or props.get("LocalSecondaryIndexes"))


def expected(resources: dict[str, Any], function: str) -> set[tuple[str, str]]:
    """Index ARNs only for tables that have indexes."""
    tables, others, scans = NEEDS[function]
    needed = set(others) | {("dynamodb:Scan", table) for table in scans}
    for table, level in tables.items():
        for action in LEVELS[level]:
            needed.add((action, table))
            if has_indexes(resources[table]):
                needed.add((action, f"{table}/index/*"))
    return needed


# The one inline policy SAM writes itself: an asynchronous invocation's failure destination.
DESTINATION_POLICIES = {"PayoutsFunction": ("sqs:SendMessage", "FailedInvocationsQueue")}


# Functions whose grants are split over more than one managed policy of ours (each far from IAM's size
# limit): the api's admin area has its own.
POLICIES = {"ApiFunction": ["ApiPolicy", "ApiAdminPolicy"]}


def function_policies(resources: dict[str, Any], function: str) -> list[tuple[str, dict[str, Any]]]:
    role = resources[f"{function}Role"]["Properties"]
    inline = [grants({"Properties": policy}) for policy in role.get("Policies", [])]
    allowed = [{DESTINATION_POLICIES[function]}] if function in DESTINATION_POLICIES else []
    assert inline == allowed, f"{function}: inline policies {inline} (use its managed policy)"
    arns = role["ManagedPolicyArns"]
    ours = [arn["Ref"] for arn in arns if isinstance(arn, dict)]
    if function in POLICIES:
        assert ours == POLICIES[function], f"{function}: expected managed policies {POLICIES[function]}, got {ours}"
    else:
        assert len(ours) == 1, f"{function}: expected one managed policy of ours, got {ours}"
    aws = {arn for arn in arns if isinstance(arn, str)}
    assert aws == SAM_MANAGED, f"{function}: unexpected AWS managed policies {aws}"
    return [(name, resources[name]) for name in ours]


def function_policy(resources: dict[str, Any], function: str) -> tuple[str, dict[str, Any]]:
    """The function's managed policies of ours as one (their statements together)."""
    found = function_policies(resources, function)
    merged = [statement for _, policy in found for statement in policy["Properties"]["PolicyDocument"]["Statement"]]
    return "+".join(name for name, _ in found), {"Properties": {"PolicyDocument": {"Statement": merged}}}


def test_every_function_has_a_declared_need(resources) -> None:
    assert set(of_type(resources, "AWS::Lambda::Function")) == set(NEEDS)


def test_each_function_is_granted_exactly_what_it_needs(resources) -> None:
    for function in NEEDS:
        name, policy = function_policy(resources, function)
        granted = grants(policy)
        assert granted - expected(resources, function) == set(), f"{function} ({name}) is granted more than it needs"
        assert expected(resources, function) - granted == set(), f"{function} ({name}) lacks what it needs"


def test_sqs_event_sources_are_mappings_polled_with_the_functions_own_queue_scoped_grant(raw, resources) -> None:
    for function, resource in of_type(raw["Resources"], "AWS::Serverless::Function").items():
        for event, spec in (resource["Properties"].get("Events") or {}).items():
            assert spec["Type"] != "SQS", f"{function}.{event}: a SAM SQS event attaches polling on every queue"
    mappings = of_type(resources, "AWS::Lambda::EventSourceMapping")
    polled = {}
    for name, mapping in mappings.items():
        props = mapping["Properties"]
        function, queue = props["FunctionName"]["Ref"], resource_name(props["EventSourceArn"])
        assert "ReportBatchItemFailures" in props["FunctionResponseTypes"], name
        polled[function] = queue
    assert polled == {"PresenceFunction": "PresenceQueue", "PayoutWorkerFunction": "PayoutsQueue"}
    assert mappings["PayoutWorkerFunctionPayoutRequests"]["Properties"]["ScalingConfig"] == {"MaximumConcurrency": 5}
    for function, mapped_queue in polled.items():
        granted = grants(function_policy(resources, function)[1])
        polling = {(action, queue) for action, queue in granted if action in POLL_ACTIONS}
        assert polling == poll(mapped_queue), f"{function}: polls {polling}"
    for function in set(NEEDS) - set(polled):
        granted = grants(function_policy(resources, function)[1])
        assert not {action for action, _ in granted} & set(POLL_ACTIONS), f"{function} polls an unmapped queue"


def test_no_function_may_change_or_delete_ledger_entries_or_movements(resources) -> None:
    for function in NEEDS:
        granted = grants(function_policy(resources, function)[1])
        for table in ("LedgerEntriesTable", "LedgerMovementsTable"):
            for action in ("dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"):
                assert (action, table) not in granted, f"{function}: {action} on {table}"


def test_the_turn_secret_is_granted_only_when_configured(raw) -> None:
    statements = raw["Resources"]["ApiPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    conditional = [s["Fn::If"] for s in statements if "Fn::If" in s]
    assert [(c[0], c[1]["Sid"], c[2]) for c in conditional] == [("HasTurn", "ReadTurnSecret", {"Ref": "AWS::NoValue"})]
    assert raw["Conditions"]["HasTurn"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "TurnSecretName"}, ""]}]}


def test_policies_stay_far_from_the_size_limits(resources) -> None:
    for function in NEEDS:
        for name, policy in function_policies(resources, function):
            text = json.dumps(policy["Properties"]["PolicyDocument"], separators=(",", ":"))
            rendered = re.sub(r'\{"Fn::GetAtt":\[[^\]]*\]\}', json.dumps(_ARN), text)
            assert len(rendered) < MANAGED_POLICY_MAX_CHARS * 0.8, f"{name}: {len(rendered)} characters"  # headroom


# A function's resource policy as Lambda stores it: one statement per AWS::Lambda::Permission, whose Sid
# is CloudFormation's physical id (<stack>-<logical id>-<13 characters>), on the function's ARN.
RESOURCE_POLICY_MAX_BYTES = 20_480
_STACK = "soulseer-staging"  # the longest stack name of samconfig.toml
_SUFFIX = "ABCDEFGHIJ123"  # CloudFormation's random part of a generated name


def _function_arn(resources: dict[str, Any], function: str) -> str:
    name = resources[function]["Properties"].get("FunctionName")
    if isinstance(name, dict) and "Fn::Sub" in name:
        name = name["Fn::Sub"].replace("${Stage}", _STACK.removeprefix("soulseer-"))
    return f"arn:aws:lambda:us-east-1:123456789012:function:{name or f'{_STACK}-{function}-{_SUFFIX}'}"


def _source_arn(value: Any) -> str:
    if isinstance(value, dict) and "Fn::Sub" in value:
        text, variables = value["Fn::Sub"] if isinstance(value["Fn::Sub"], list) else (value["Fn::Sub"], {})
        names = {"AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws",
                 "__ApiId__": "abcdefghij", "__Stage__": "*", "Stage": "staging"}  # fmt: skip
        names |= {k: v for k, v in variables.items() if isinstance(v, str)}
        return re.sub(r"\$\{([^}]*)\}", lambda m: names.get(m.group(1), "abcdefghij"), text)
    return "arn:aws:execute-api:us-east-1:123456789012:abcdefghij/*"


def resource_policy_sizes(resources: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """function -> (statements, bytes of the rendered policy)."""
    statements: dict[str, list[dict[str, Any]]] = {}
    for logical_id, permission in of_type(resources, "AWS::Lambda::Permission").items():
        props = permission["Properties"]
        target = props["FunctionName"]
        function = target["Ref"] if "Ref" in target else target["Fn::GetAtt"][0]
        statement = {
            "Sid": f"{_STACK}-{logical_id}-{_SUFFIX}",
            "Effect": "Allow",
            "Principal": {"Service": props["Principal"]},
            "Action": props["Action"],
            "Resource": _function_arn(resources, function),
            "Condition": {"ArnLike": {"AWS:SourceArn": _source_arn(props.get("SourceArn"))}},
        }
        statements.setdefault(function, []).append(statement)
    return {
        function: (len(found), len(json.dumps({"Version": "2012-10-17", "Id": "default", "Statement": found},
                                              separators=(",", ":"))))
        for function, found in statements.items()
    }  # fmt: skip


def test_lambda_resource_policies_fit_the_20_kb_limit(resources) -> None:
    """SAM would write one permission per REST route (`Api` event); the routes are RestApi's DefinitionBody."""
    sizes = resource_policy_sizes(resources)
    for function, (count, size) in sizes.items():
        assert size < RESOURCE_POLICY_MAX_BYTES, f"{function}: {count} permissions, {size} bytes"
    assert sizes["ApiFunction"][0] == 1, "ApiFunction: one permission for every route"


def _permissions_of(resources: dict[str, Any], function: str) -> list[dict[str, Any]]:
    found = []
    for permission in of_type(resources, "AWS::Lambda::Permission").values():
        target = permission["Properties"]["FunctionName"]
        if (target.get("Ref") or target.get("Fn::GetAtt", [None])[0]) == function:
            found.append(permission["Properties"])
    return found


def test_api_gateway_may_invoke_the_api_function_for_the_rest_api_only(resources) -> None:
    [permission] = _permissions_of(resources, "ApiFunction")
    assert permission["Action"] == "lambda:InvokeFunction"
    assert permission["Principal"] == "apigateway.amazonaws.com"
    assert permission["SourceArn"] == {
        "Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${RestApi}/*"
    }


def test_the_authorizer_may_be_invoked_by_the_rest_api_authorizer_and_the_websocket_authorizer(resources) -> None:
    sources = [permission["SourceArn"] for permission in _permissions_of(resources, "AuthorizerFunction")]
    rest = [s for s in sources if "Fn::Sub" in s and isinstance(s["Fn::Sub"], list)
            and s["Fn::Sub"][1].get("__ApiId__") == {"Ref": "RestApi"}]  # fmt: skip
    assert [s["Fn::Sub"][0] for s in rest] == [
        "arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*"
    ], sources  # SAM's, from RestApi's Auth.Authorizers
    assert len(sources) == 2, sources


def test_no_function_declares_rest_routes_as_api_events(raw) -> None:
    """An `Api` event adds a permission per route to the function's resource policy (20 KB): declare the
    route in RestApi's DefinitionBody instead."""
    for function, resource in of_type(raw["Resources"], "AWS::Serverless::Function").items():
        for event, spec in (resource["Properties"].get("Events") or {}).items():
            assert spec["Type"] != "Api", f"{function}.{event}: declare the route in RestApi's DefinitionBody"


def test_every_rest_method_proxies_to_the_api_function_behind_the_authorizer_or_public_by_name(resources) -> None:
    """What API Gateway imports: each method an aws_proxy integration of ApiFunction, either behind
    ClerkAuthorizer or explicitly public (SAM's `NONE` marker); OPTIONS is SAM's CORS mock, unauthorized."""
    uri = {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
                      "${ApiFunction.Arn}/invocations"}  # fmt: skip
    paths = resources["RestApi"]["Properties"]["Body"]["paths"]
    assert len(paths) > 40
    for path, item in paths.items():
        assert item["options"]["x-amazon-apigateway-integration"]["type"] == "mock", path
        assert "security" not in item["options"], path
        for method, operation in item.items():
            if method == "options":
                continue
            integration = operation["x-amazon-apigateway-integration"]
            assert integration == {"type": "aws_proxy", "httpMethod": "POST", "uri": uri}, (method, path)
            assert operation["security"] in ([{"ClerkAuthorizer": []}], [{"NONE": []}]), (method, path)
