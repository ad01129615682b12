"""What a deployment to a fresh account relies on, checked on the transformed template: retained
tables, per-stage parameters without defaults, alarms that reach someone, one stage per API, logs."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from tests.infrastructure.conftest import ROOT, of_type

# nothing to keep (they expire by TTL): connections, presence, audiences, rate-limit buckets, the latest audit report
EPHEMERAL_TABLES = {"ConnectionsTable", "PresenceTable", "StreamAudienceTable", "RateLimitsTable", "AuditReportsTable"}
PER_STAGE = {
    "Stage",
    "ClerkIssuer",
    "ClerkJwksUrl",
    "ClerkPublishableKey",
    "StripePublishableKey",
    "AgoraAppId",
    "StripeSecretName",
    "AgoraSecretName",
    "AlarmEmail",
    "LogRetentionDays",
    "NotifySecretName",
    "VapidPublicKey",
    "VapidSubject",
    "EmailSender",
}  # fmt: skip  (CORS origins and Clerk's authorized parties derive from the stage's web origins)
STAGES = ("dev", "staging", "prod")


def stage_overrides(stage: str) -> dict[str, str]:
    document = tomllib.loads((ROOT / "samconfig.toml").read_text())
    items = document[stage]["deploy"]["parameters"]["parameter_overrides"]
    return dict(item.split("=", 1) for item in items)


def test_every_lasting_table_is_retained_and_deletion_protected(raw, resources) -> None:
    """Retained on every delete and replacement, protected after the first create; a failed first create
    removes them (RetainExceptOnCreate, protection off until `soulseer deploy`'s next pass), so a retry is
    not refused with "table already exists"."""
    tables = of_type(resources, "AWS::DynamoDB::Table")
    assert set(tables) > EPHEMERAL_TABLES
    for name, table in tables.items():
        if name in EPHEMERAL_TABLES:
            assert table["Properties"]["TimeToLiveSpecification"]["Enabled"] is True, name
            continue
        policies = (table.get("DeletionPolicy"), table.get("UpdateReplacePolicy"))
        assert policies == ("RetainExceptOnCreate", "Retain"), name
        assert table["Properties"].get("DeletionProtectionEnabled") == {"Fn::If": ["ProtectTables", True, False]}, name
        assert table["Properties"]["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True, name
    assert raw["Parameters"]["ProtectTables"]["Default"] == "true"
    assert raw["Conditions"]["ProtectTables"] == {"Fn::Equals": [{"Ref": "ProtectTables"}, "true"]}


def test_per_stage_parameters_have_no_default_and_every_stage_sets_them(raw) -> None:
    parameters = raw["Parameters"]
    assert set(parameters) >= PER_STAGE
    for name in PER_STAGE:
        assert "Default" not in parameters[name], f"{name} must be set per stage, not defaulted"
    without_default = {name for name, spec in parameters.items() if "Default" not in spec}
    assert without_default == PER_STAGE
    for stage in STAGES:
        overrides = stage_overrides(stage)
        assert set(overrides) >= PER_STAGE, f"samconfig.toml [{stage}] lacks {PER_STAGE - set(overrides)}"
        assert set(overrides) <= set(parameters), f"samconfig.toml [{stage}] sets unknown parameters"
        assert overrides["Stage"] == stage
        assert overrides["StripeSecretName"] == f"soulseer/{stage}/stripe"
        assert overrides["AgoraSecretName"] == f"soulseer/{stage}/agora"
        assert overrides["NotifySecretName"] == f"soulseer/{stage}/notify"


def test_the_alarm_topic_is_usable_by_cloudwatch(resources) -> None:
    topic = resources["AlarmTopic"]["Properties"]
    key_ref = topic["KmsMasterKeyId"]
    assert key_ref != "alias/aws/sns" and isinstance(key_ref, dict), "the AWS-managed key refuses CloudWatch"
    key = resources[key_ref["Ref"]]
    assert key["Type"] == "AWS::KMS::Key" and key["Properties"]["EnableKeyRotation"] is True
    allowed = [
        s
        for s in key["Properties"]["KeyPolicy"]["Statement"]
        if s["Principal"].get("Service") == "cloudwatch.amazonaws.com"
    ]
    assert len(allowed) == 1 and allowed[0]["Effect"] == "Allow"
    assert {"kms:Decrypt", "kms:GenerateDataKey*"} <= set(allowed[0]["Action"])
    subscriptions = of_type(resources, "AWS::SNS::Subscription")
    by_topic = {
        (s["Properties"]["TopicArn"]["Ref"], s["Properties"]["Protocol"], json.dumps(s["Properties"]["Endpoint"]))
        for s in subscriptions.values()
    }
    assert by_topic == {
        ("AlarmTopic", "email", json.dumps({"Ref": "AlarmEmail"})),
        ("EmailEventsTopic", "lambda", json.dumps({"Fn::GetAtt": ["PresenceFunction", "Arn"]})),  # bounces
    }
    assert all("Condition" not in s for s in subscriptions.values())


def _alarm_functions(alarm: dict[str, Any]) -> set[str]:
    names = set()
    for metric in alarm["Properties"].get("Metrics", []):
        for dimension in metric.get("MetricStat", {}).get("Metric", {}).get("Dimensions", []):
            if dimension["Name"] == "FunctionName":
                names.add(dimension["Value"]["Ref"])
    return names


def test_every_alarm_notifies_and_says_when_it_is_ok(resources) -> None:
    alarms = of_type(resources, "AWS::CloudWatch::Alarm")
    assert len(alarms) >= 8
    for name, alarm in alarms.items():
        props = alarm["Properties"]
        assert props["AlarmActions"] == [{"Ref": "AlarmTopic"}], name
        assert props["OKActions"] == [{"Ref": "AlarmTopic"}], name


def _group(resources: dict[str, dict[str, Any]], prefix: str) -> set[str]:
    """The functions of an alarm that comes in groups of at most 10 metrics (LambdaErrorsAlarm, ...Alarm2)."""
    alarms = [a for name, a in of_type(resources, "AWS::CloudWatch::Alarm").items() if name.startswith(prefix)]
    for alarm in alarms:
        assert len([m for m in alarm["Properties"]["Metrics"] if "MetricStat" in m]) <= 10, "CloudWatch's hard limit"
    return set().union(*(_alarm_functions(a) for a in alarms))


def test_the_authorizer_has_its_own_high_threshold_alarm(resources) -> None:
    functions = set(of_type(resources, "AWS::Lambda::Function"))
    assert _group(resources, "LambdaErrorsAlarm") == functions - {"AuthorizerFunction"}
    assert _group(resources, "LambdaThrottlesAlarm") == functions
    authorizer = resources["AuthorizerErrorsAlarm"]["Properties"]
    assert authorizer["Dimensions"] == [{"Name": "FunctionName", "Value": {"Ref": "AuthorizerFunction"}}]
    assert authorizer["Threshold"] >= 100 and authorizer["EvaluationPeriods"] >= 3


def test_no_stage_but_the_declared_one(resources) -> None:
    rest_stages = of_type(resources, "AWS::ApiGateway::Stage")
    assert [s["Properties"]["StageName"] for s in rest_stages.values()] == [{"Ref": "Stage"}]
    ws_stages = of_type(resources, "AWS::ApiGatewayV2::Stage")
    assert [s["Properties"]["StageName"] for s in ws_stages.values()] == [{"Ref": "Stage"}]


def test_the_websocket_stage_deploys_every_route_with_its_own_throttling_and_logs(resources) -> None:
    (stage,) = of_type(resources, "AWS::ApiGatewayV2::Stage").values()
    props = stage["Properties"]
    assert "AutoDeploy" not in props
    deployment = resources[props["DeploymentId"]["Ref"]]
    routes = set(of_type(resources, "AWS::ApiGatewayV2::Route"))
    assert set(deployment["DependsOn"]) == routes
    assert props["DefaultRouteSettings"]["ThrottlingRateLimit"] == {"Ref": "WebSocketThrottleRateLimit"}
    assert props["AccessLogSettings"]["DestinationArn"] == {"Fn::GetAtt": ["WebSocketAccessLogGroup", "Arn"]}


def test_logs_expire_and_both_apis_and_state_machines_log(resources) -> None:
    groups = of_type(resources, "AWS::Logs::LogGroup")
    for name, group in groups.items():
        assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}, name
    for name, function in of_type(resources, "AWS::Lambda::Function").items():
        target = function["Properties"]["LoggingConfig"]["LogGroup"]
        assert target["Ref"] in groups, f"{name} logs to a group without retention"
    (rest_stage,) = of_type(resources, "AWS::ApiGateway::Stage").values()
    assert rest_stage["Properties"]["AccessLogSetting"]["DestinationArn"] == {
        "Fn::GetAtt": ["RestApiAccessLogGroup", "Arn"]
    }
    for name, machine in of_type(resources, "AWS::StepFunctions::StateMachine").items():
        logging = machine["Properties"]["LoggingConfiguration"]
        assert logging["Level"] == "ERROR" and logging["IncludeExecutionData"] is False, name


def test_billing_ticks_have_reserved_concurrency_only_when_a_stage_asks(raw, resources) -> None:
    """A new account's limit is 10, all of which Lambda keeps unreserved: reserving any fails the create."""
    tick = resources["BillingTickFunction"]["Properties"]
    assert tick["ReservedConcurrentExecutions"] == {
        "Fn::If": ["ReservesTickConcurrency", {"Ref": "BillingTickReservedConcurrency"}, {"Ref": "AWS::NoValue"}]
    }
    assert raw["Parameters"]["BillingTickReservedConcurrency"]["Default"] == 0
    assert "BillingTickReservedConcurrency" not in stage_overrides("dev")


def test_gateway_responses_carry_our_error_shape_and_cors(resources) -> None:
    """In the API's own OpenAPI body (SAM's GatewayResponses), not beside it: a re-import keeps them."""
    assert of_type(resources, "AWS::ApiGateway::GatewayResponse") == {}
    (api,) = of_type(resources, "AWS::ApiGateway::RestApi").values()
    responses = api["Properties"]["Body"]["x-amazon-apigateway-gateway-responses"]
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED", "UNAUTHORIZED", "ACCESS_DENIED"):
        assert responses[kind]["responseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"] == "'*'"
        assert responses[kind]["responseTemplates"]["application/json"].startswith('{"error": {"code": ')
    assert responses["THROTTLED"]["statusCode"] == "429"
    assert responses["UNAUTHORIZED"]["statusCode"] == "401"


def test_the_web_app_is_private_behind_https_with_a_strict_csp(resources) -> None:
    bucket = resources["WebBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    policy = resources["WebBucketPolicy"]
    assert policy["Properties"]["Bucket"] == {"Ref": "WebBucket"}
    reads = policy["Properties"]["PolicyDocument"]["Statement"][0]
    assert reads["Principal"] == {"Service": "cloudfront.amazonaws.com"} and reads["Action"] == "s3:GetObject"
    config = resources["WebDistribution"]["Properties"]["DistributionConfig"]
    assert config["Origins"][0]["OriginAccessControlId"] == {"Fn::GetAtt": ["WebOriginAccessControl", "Id"]}
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert {(e["ErrorCode"], e["ResponseCode"], e["ResponsePagePath"]) for e in config["CustomErrorResponses"]} == {
        (403, 200, "/index.html"),
        (404, 200, "/index.html"),
    }
    headers = resources["WebSecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    connect = next(d for d in csp.split(";") if d.strip().startswith("connect-src")).split()[1:]
    assert connect == [
        "'self'",
        "https://${RestApi}.execute-api.${AWS::Region}.amazonaws.com",
        "wss://${WebSocketApi}.execute-api.${AWS::Region}.amazonaws.com",
        "${ClerkIssuer}",
        "https://api.stripe.com",
        "https://maps.googleapis.com",
        "https://*.agora.io",
        "wss://*.agora.io",
        "https://*.sd-rtn.com",
        "wss://*.sd-rtn.com",
        "https://s3.${AWS::Region}.amazonaws.com",  # uploads: presigned POSTs, path-style
    ]
    directives = {d.split()[0]: set(d.split()[1:]) for d in csp.split(";")}
    # Clerk's CSP guide: its Frontend API, Cloudflare's bot protection, its images, blob workers
    assert {"${ClerkIssuer}", "https://challenges.cloudflare.com"} <= directives["script-src"]
    assert "https://challenges.cloudflare.com" in directives["frame-src"]
    assert "https://img.clerk.com" in directives["img-src"] and "blob:" in directives["worker-src"]
    # Stripe's: Stripe.js and its frames (3-D Secure on hooks.stripe.com)
    assert {"https://js.stripe.com", "https://*.js.stripe.com"} <= directives["script-src"]
    assert {"https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"} <= directives["frame-src"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000


def test_the_web_origin_joins_cors_and_clerk_authorized_parties(raw) -> None:
    """The stage's own origins are the default; the extra ones join them when a stage sets any."""
    env = raw["Globals"]["Function"]["Environment"]["Variables"]
    for variable, extra, condition in (
        ("CORS_ALLOWED_ORIGINS", "CorsAllowedOrigins", "HasCorsOrigins"),
        ("CLERK_AUTHORIZED_PARTIES", "ClerkAuthorizedParties", "HasAuthorizedParties"),
    ):
        assert env[variable]["Fn::If"][0] == "HasWebOrigin"
        assert env[variable]["Fn::If"][1] == {
            "Fn::If": [condition, {"Fn::Sub": "${WebOrigin}," + "${" + extra + "}"}, {"Ref": "WebOrigin"}]
        }
        assert env[variable]["Fn::If"][2] == {"Ref": extra}
        assert raw["Parameters"][extra]["Default"] == ""
    assert Path(ROOT / "samconfig.toml").exists()


def test_uploads_are_private_and_only_processed_media_are_served(resources) -> None:
    bucket = resources["MediaBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["CorsConfiguration"]["CorsRules"][0]["AllowedMethods"] == ["POST"]
    (notification,) = bucket["NotificationConfiguration"]["LambdaConfigurations"]
    assert notification["Event"] == "s3:ObjectCreated:*"
    assert notification["Function"] == {"Fn::GetAtt": ["MediaFunction", "Arn"]}
    assert notification["Filter"]["S3Key"]["Rules"] == [{"Name": "prefix", "Value": "uploads/"}]
    statements = resources["MediaBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    allowed = [s for s in statements if s["Effect"] == "Allow"]
    assert [(s["Principal"], s["Action"], s["Resource"]) for s in allowed] == [
        ({"Service": "cloudfront.amazonaws.com"}, "s3:GetObject", {"Fn::Sub": "${MediaBucket.Arn}/media/*"})
    ]
    config = resources["WebDistribution"]["Properties"]["DistributionConfig"]
    media = next(b for b in config["CacheBehaviors"] if b["PathPattern"] == "/media/*")
    origin = next(o for o in config["Origins"] if o["Id"] == media["TargetOriginId"])
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["MediaOriginAccessControl", "Id"]}
    assert media["AllowedMethods"] == ["GET", "HEAD"] and media["ViewerProtocolPolicy"] == "redirect-to-https"


def test_a_custom_domain_is_a_parameter_set_away(raw, resources) -> None:
    config = resources["WebDistribution"]["Properties"]["DistributionConfig"]
    assert config["Aliases"] == {
        "Fn::If": ["HasWebDomain", {"Fn::Split": [",", {"Ref": "WebDomainNames"}]}, {"Ref": "AWS::NoValue"}]
    }
    custom, default = config["ViewerCertificate"]["Fn::If"][1:]
    assert custom == {
        "AcmCertificateArn": {"Ref": "WebCertificateArn"},
        "SslSupportMethod": "sni-only",
        "MinimumProtocolVersion": "TLSv1.2_2021",
    }
    assert default == {"CloudFrontDefaultCertificate": True}
    assert "us-east-1" in raw["Parameters"]["WebCertificateArn"]["AllowedPattern"]
    assert raw["Rules"]["DomainsNeedACertificate"]["Assertions"][0]["Assert"] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "WebCertificateArn"}, ""]}]
    }


def test_the_bucket_and_the_distribution_write_access_logs(resources) -> None:
    logs = resources["LogsBucket"]
    assert (logs["DeletionPolicy"], logs["UpdateReplacePolicy"]) == ("RetainExceptOnCreate", "Retain")
    assert all(logs["Properties"]["PublicAccessBlockConfiguration"].values())
    assert logs["Properties"]["LifecycleConfiguration"]["Rules"][0]["ExpirationInDays"] == {"Ref": "LogRetentionDays"}
    web = resources["WebBucket"]["Properties"]["LoggingConfiguration"]
    assert web["DestinationBucketName"] == {"Ref": "LogsBucket"}
    logging = resources["WebDistribution"]["Properties"]["DistributionConfig"]["Logging"]
    assert logging["Bucket"] == {"Fn::GetAtt": ["LogsBucket", "DomainName"]}


def test_public_routes_and_the_webhook_have_their_own_throttling(resources) -> None:
    (stage,) = of_type(resources, "AWS::ApiGateway::Stage").values()
    settings = {(m["ResourcePath"], m["HttpMethod"]): m for m in stage["Properties"]["MethodSettings"]}
    (api,) = of_type(resources, "AWS::ApiGateway::RestApi").values()
    public = {
        (path, method.upper())
        for path, item in api["Properties"]["Body"]["paths"].items()
        for method, operation in item.items()
        if method != "options" and operation.get("security") == [{"NONE": []}]
    }
    assert ("/api/payments/webhook", "POST") in public and ("/api/readers", "GET") in public
    for path, method in public:
        setting = settings[("/" + path.replace("/", "~1"), method)]
        kind = "Webhook" if path == "/api/payments/webhook" else "Public"
        assert setting["ThrottlingRateLimit"] == {"Ref": f"{kind}ThrottleRateLimit"}, path
        assert setting["ThrottlingBurstLimit"] == {"Ref": f"{kind}ThrottleBurstLimit"}, path
    assert settings[("/*", "*")]["ThrottlingRateLimit"] == {"Ref": "ApiThrottleRateLimit"}


def test_an_optional_waf_web_acl_guards_the_api_stage(resources) -> None:
    association = resources["ApiWebAclAssociation"]
    assert association["Condition"] == "HasApiWebAcl"
    arn = association["Properties"]["ResourceArn"]["Fn::Sub"]
    assert arn.startswith("arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${RestApi}/stages/")


def test_nothing_with_a_fixed_name_survives_a_failed_first_create(resources) -> None:
    """A retained resource with a fixed name would make the retry fail ("already exists"): everything kept
    on delete is RetainExceptOnCreate, except API Gateway's account-wide role (another stage may use it)."""
    account_wide = {"ApiGatewayCloudWatchRole", "ApiGatewayAccount"}
    for name, resource in resources.items():
        if resource.get("DeletionPolicy") in ("Retain", "Snapshot") and name not in account_wide:
            raise AssertionError(f"{name}: DeletionPolicy {resource['DeletionPolicy']}, use RetainExceptOnCreate")


def test_the_media_bucket_accepts_uploads_from_the_api_s_origins(raw) -> None:
    (rule,) = raw["Resources"]["MediaBucket"]["Properties"]["CorsConfiguration"]["CorsRules"]
    origins = rule["AllowedOrigins"]["Fn::Split"][1]
    env = raw["Globals"]["Function"]["Environment"]["Variables"]["CORS_ALLOWED_ORIGINS"]
    assert origins["Fn::If"][:2] == env["Fn::If"][:2]  # the stage's origins, plus the extra ones
    assert origins["Fn::If"][2] == {
        "Fn::If": ["HasCorsOrigins", {"Ref": "CorsAllowedOrigins"}, "https://origin.invalid"]
    }
