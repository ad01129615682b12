"""The deploy rehearsed: `soulseer deploy --dry-run` without credentials or network prints the exact
commands, SAM CLI's own parser takes each `sam` command, and the parameters they pass satisfy the
template's constraints. A test here fails the day a deploy step would."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from soulseer_tools.deploy import plan, preflight
from tests.infrastructure.conftest import ROOT, SAM_PYTHON

SOULSEER = Path(sys.executable).with_name("soulseer")
# What an operator puts in place of each CHANGE-ME (README "Deploying").
FILLED = {
    "ClerkIssuer": "https://clerk.example.com",
    "ClerkJwksUrl": "https://clerk.example.com/.well-known/jwks.json",
    "ClerkPublishableKey": "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k",
    "StripePublishableKey": "pk_live_51Abc",
    "AgoraAppId": "0123456789abcdef0123456789abcdef",
    "AlarmEmail": "operators@example.com",
    "VapidPublicKey": "BMF_PQZJVGpi54H-7df7uSWuVU77xhwO1ExbJm3v-EzNHtuaUPsNfU7JxTDtw--BkNGjBIfM5VQ3Z4dpI9usgWo",
    "VapidSubject": "mailto:operators@example.com",
    "EmailSender": "receipts@example.com",
    "WebDomainNames": "app.example.com,www.example.com",
    "WebCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
}
NO_AWS = {
    "AWS_ACCESS_KEY_ID": None,
    "AWS_SECRET_ACCESS_KEY": None,
    "AWS_SESSION_TOKEN": None,
    "AWS_PROFILE": None,
    "AWS_CONFIG_FILE": "/nonexistent",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
    "AWS_EC2_METADATA_DISABLED": "true",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
}  # fmt: skip  (no credentials; any network call would go to a closed port)


def filled_samconfig(tmp_path: Path) -> Path:
    text = (ROOT / "samconfig.toml").read_text()
    for name, value in FILLED.items():
        text = re.sub(rf'"{name}=CHANGE-ME"', f'"{name}={value}"', text)
    assert "CHANGE-ME" not in re.sub(r"#.*", "", text), "a CHANGE-ME this rehearsal does not fill"
    path = tmp_path / "samconfig.toml"
    path.write_text(text)
    return path


def dry_run(stage: str, config: Path | None = None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in NO_AWS} | {k: v for k, v in NO_AWS.items() if v}
    args = [str(SOULSEER), "deploy", "--stage", stage, "--dry-run"] + (["--config", str(config)] if config else [])
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()


def sam_parse(lines: list[str]) -> list[dict[str, Any]]:
    """Each `sam` line through SAM CLI's click commands (tests/infrastructure/sam_parse.py, in .venv-sam)."""
    commands = "\n".join(shlex.join(c) for c in commands_of(lines) if c[0] == plan.SAM) + "\n"
    result = subprocess.run(
        [str(SAM_PYTHON), str(Path(__file__).with_name("sam_parse.py"))],
        input=commands,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SAM_CLI_TELEMETRY": "0"},
    )
    parsed = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.returncode == 0 and all("error" not in p for p in parsed), result.stdout + result.stderr
    return parsed


def commands_of(lines: list[str]) -> list[list[str]]:
    return [shlex.split(line) for line in lines if not line.startswith("#")]


def assert_satisfies_the_template(overrides: dict[str, str], raw: dict[str, Any]) -> None:
    """What CloudFormation checks before it creates anything: every value fits its parameter."""
    parameters = raw["Parameters"]
    assert set(overrides) <= set(parameters), set(overrides) - set(parameters)
    missing = {name for name, spec in parameters.items() if "Default" not in spec} - set(overrides)
    assert missing == set()
    for name, value in overrides.items():
        spec = parameters[name]
        if "AllowedPattern" in spec:
            assert re.fullmatch(spec["AllowedPattern"], value), f"{name}={value!r} misses {spec['AllowedPattern']}"
        if "AllowedValues" in spec:
            assert value in [str(v) for v in spec["AllowedValues"]], f"{name}={value!r}"


@pytest.mark.parametrize("stage", ["dev", "staging", "prod"])
def test_a_new_stage_s_deploy_is_parsed_by_sam_and_fits_the_template(stage: str, tmp_path: Path, raw) -> None:
    config = filled_samconfig(tmp_path)
    lines = dry_run(stage, config)
    assert any("could not be read" in line and "treated as new" in line for line in lines)
    run = commands_of(lines)
    assert [c[1] for c in run] == ["build", "deploy", "deploy", "deploy-web"]
    parsed = sam_parse(lines)
    first, second = (p["params"] for p in parsed if p["command"] == "deploy")
    for deploy in (first, second):
        assert deploy["stack_name"] == f"soulseer-{stage}" and deploy["config_file"] == str(config)
        assert deploy["capabilities"] == ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]
        assert_satisfies_the_template(deploy["parameter_overrides"], raw)
    assert first["parameter_overrides"]["ProtectTables"] == "false"  # a failed create removes its tables
    assert second["parameter_overrides"]["ProtectTables"] == "true"
    origins = second["parameter_overrides"]["WebOrigin"].split(",")
    if stage == "prod":  # a custom domain: known before the create, so Clerk's production instance works at once
        assert first["parameter_overrides"]["WebOrigin"] == "https://app.example.com,https://www.example.com"
        assert origins[:2] == ["https://app.example.com", "https://www.example.com"]
    else:
        assert first["parameter_overrides"]["WebOrigin"] == ""
    assert origins[-1].endswith(".cloudfront.net")
    assert run[-1][-4:] == ["--stage", stage, "--config", str(config)]


def test_the_real_samconfig_rehearses_too_and_names_what_is_left_to_set() -> None:
    lines = dry_run("dev")
    assert "ClerkIssuer" in lines[0] and "CHANGE-ME" in lines[0] and lines[0].startswith("#")
    parsed = sam_parse(lines)
    assert [p["command"] for p in parsed] == ["build", "deploy", "deploy"]
    assert parsed[1]["params"]["parameter_overrides"]["WebOrigin"] == ""
    assert "BillingTickReservedConcurrency" not in parsed[1]["params"]["parameter_overrides"]  # a new account: 10


def test_sam_s_parser_refuses_the_empty_override_the_old_deploy_passed() -> None:
    """The failure this rehearsal exists for: `WebOrigin=` is not a valid format for SAM CLI."""
    line = shlex.join([plan.SAM, "deploy", "--stack-name", "s", "--parameter-overrides", "Stage=dev", "WebOrigin="])
    result = subprocess.run(
        [str(SAM_PYTHON), str(Path(__file__).with_name("sam_parse.py"))],
        input=line + "\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "SAM_CLI_TELEMETRY": "0"},
    )
    assert result.returncode == 1 and "WebOrigin= is not a valid format" in result.stdout


def test_a_failed_first_create_is_deleted_then_created_again(monkeypatch, tmp_path: Path, capsys, raw) -> None:
    from soulseer_tools.deploy import commands as deploy_commands

    failed = preflight.Stack("soulseer-dev", status="ROLLBACK_COMPLETE")
    monkeypatch.setattr(deploy_commands.preflight, "read_stack", lambda client, name: failed)
    monkeypatch.setattr(deploy_commands, "_boto", lambda *args, **kwargs: None)
    config = filled_samconfig(tmp_path)
    args = deploy_commands.argparse.Namespace(
        stage="dev", config=str(config), dry_run=True, skip_web=True, delete=False, yes=False
    )
    assert deploy_commands.run_deploy(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any("ROLLBACK_COMPLETE" in line and "deletes it, then creates it again" in line for line in lines)
    run = commands_of(lines)
    assert [c[1] for c in run] == ["delete", "build", "deploy", "deploy"]
    parsed = sam_parse(lines)
    assert parsed[0]["params"]["stack_name"] == "soulseer-dev" and parsed[0]["params"]["no_prompts"] is True
    assert parsed[2]["params"]["parameter_overrides"]["ProtectTables"] == "false"


def test_delete_empties_the_web_bucket_first_and_keeps_the_data(monkeypatch, tmp_path: Path, capsys) -> None:
    from soulseer_tools.deploy import commands as deploy_commands

    stack = preflight.Stack("soulseer-dev", status="CREATE_COMPLETE", outputs={"WebBucketName": "web-bucket"})
    monkeypatch.setattr(deploy_commands.preflight, "read_stack", lambda client, name: stack)
    monkeypatch.setattr(deploy_commands, "_boto", lambda *args, **kwargs: None)
    args = deploy_commands.argparse.Namespace(
        stage="dev", config=str(filled_samconfig(tmp_path)), dry_run=True, yes=True
    )
    assert deploy_commands.run_delete(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "web bucket is emptied first" in lines[0] and "tables and log bucket are retained" in lines[0]
    assert [p["command"] for p in sam_parse(lines)] == ["delete"]


def test_the_transformed_template_creates_on_moto_then_deploy_web_publishes(transformed, tmp_path, monkeypatch) -> None:
    """The stack as SAM transforms it, created on moto with a stage's parameters (what moto lacks is left
    out and listed, and referred to by stand-ins); then `deploy-web` fills the bucket and config.json from
    the stack's outputs, and `deploy --delete` empties the bucket before deleting the stack."""
    import boto3
    from moto import mock_aws

    from soulseer_tools.deploy import commands as deploy_commands
    from soulseer_tools.deploy import samconfig, webconfig
    from tests.infrastructure.moto_stack import moto_subset, upload_artifacts, with_conditions_applied

    config_path = filled_samconfig(tmp_path)
    config = samconfig.load(config_path, "dev")
    parameters = {**config.parameters, "WebOrigin": "", "ProtectTables": "false"}
    applied, skipped = with_conditions_applied(transformed, parameters)
    template, left_out = moto_subset(applied)
    print("\nleft out of the moto stack:", *(f"\n  {lid}: {why}" for lid, why in sorted(left_out.items())))
    print("conditions false:", skipped)
    assert "ApiWebAclAssociation" in skipped  # no WAF web ACL given
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>SoulSeer</title>")
    (dist / "assets" / "app-1a2b.js").write_text("console.log('soulseer')")
    with mock_aws():
        upload_artifacts(boto3.client("s3", region_name=config.region), template)
        cloudformation = boto3.client("cloudformation", region_name=config.region)
        cloudformation.create_stack(
            StackName=config.stack_name,
            TemplateBody=json.dumps(template),
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
            Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
        )
        (stack,) = cloudformation.describe_stacks(StackName=config.stack_name)["Stacks"]
        assert stack["StackStatus"] == "CREATE_COMPLETE", stack.get("StackStatusReason")
        created = {r["LogicalResourceId"] for r in cloudformation.list_stack_resources(StackName=config.stack_name)[
            "StackResourceSummaries"]}  # fmt: skip
        assert created == set(template["Resources"])
        tables = boto3.client("dynamodb", region_name=config.region).list_tables()["TableNames"]
        assert "soulseer-dev-ledger-entries" in tables and "soulseer-dev-sessions" in tables
        api = boto3.client("lambda", region_name=config.region).get_function_configuration(
            FunctionName="soulseer-dev-api"
        )
        assert api["Runtime"] == "python3.11" and api["Architectures"] == ["x86_64"]
        env = api["Environment"]["Variables"]
        assert (
            env["POWERTOOLS_METRICS_NAMESPACE"] == "SoulSeer/dev"
            and env["CORS_ALLOWED_ORIGINS"] == "http://localhost:5173"
        )

        # deploy-web: CloudFront is not in moto's CloudFormation: a distribution made through its API stands in
        cloudfront = boto3.client("cloudfront", region_name=config.region)
        origin = {"Id": "web", "DomainName": "web.s3.amazonaws.com", "S3OriginConfig": {"OriginAccessIdentity": ""}}
        distribution = cloudfront.create_distribution(
            DistributionConfig={
                "CallerReference": "rehearsal",
                "Comment": "",
                "Enabled": True,
                "Origins": {"Quantity": 1, "Items": [origin]},
                "DefaultCacheBehavior": {"TargetOriginId": "web", "ViewerProtocolPolicy": "redirect-to-https"},
            }
        )["Distribution"]
        outputs = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        outputs |= {"WebDistributionId": distribution["Id"], "WebUrl": f"https://{distribution['DomainName']}"}
        monkeypatch.setattr(deploy_commands, "stack_outputs", lambda config: outputs)
        s3 = boto3.client("s3", region_name=config.region)
        bucket = outputs["WebBucketName"]
        s3.put_object(Bucket=bucket, Key="old-page.html", Body=b"gone from the build")
        s3.put_object(Bucket=bucket, Key="assets/app-0000.js", Body=b"an older build's asset")
        args = deploy_commands.argparse.Namespace(stage="dev", config=str(config_path), dist=str(dist), no_build=True)
        assert deploy_commands.run_deploy_web(args) == 0
        keys = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
        assert keys == {"index.html", "config.json", "assets/app-1a2b.js", "assets/app-0000.js"}
        published = json.loads(s3.get_object(Bucket=bucket, Key="config.json")["Body"].read())
        assert published == webconfig.web_config(outputs) and published["apiUrl"] == outputs["ApiUrl"]
        assert published["apiUrl"].startswith("https://") and published["apiUrl"].endswith("/dev")
        index = s3.head_object(Bucket=bucket, Key="index.html")
        assert index["CacheControl"] == "no-cache, max-age=0" and index["ContentType"] == "text/html"
        asset = s3.head_object(Bucket=bucket, Key="assets/app-1a2b.js")
        assert "immutable" in asset["CacheControl"]
        invalidations = cloudfront.list_invalidations(DistributionId=distribution["Id"])["InvalidationList"]
        assert invalidations["Quantity"] == 1

        # deploy --delete: the bucket emptied, then `sam delete` (recorded here, not run)
        ran: list[list[str]] = []
        monkeypatch.setattr(deploy_commands, "_run", lambda command, dry_run, cwd=None: ran.append(command))
        monkeypatch.setattr(deploy_commands.preflight, "read_stack", lambda client, name: preflight.Stack(
            name, status="CREATE_COMPLETE", outputs=outputs))  # fmt: skip
        delete = deploy_commands.argparse.Namespace(stage="dev", config=str(config_path), dry_run=False, yes=True)
        assert deploy_commands.run_delete(delete) == 0
        assert s3.list_objects_v2(Bucket=bucket).get("KeyCount") == 0
        assert [command[1] for command in ran] == ["delete"]


class AccountFakes:
    """Lambda's account settings and CloudFront's and ACM's answers (moto has no get_account_settings)."""

    def __init__(self, limit: int, unreserved: int, reserved_now: int = 0) -> None:
        self.limits = {"ConcurrentExecutions": limit, "UnreservedConcurrentExecutions": unreserved}
        self.reserved_now = reserved_now

    def get_account_settings(self) -> dict[str, Any]:
        return {"AccountLimit": self.limits}

    def get_function_concurrency(self, FunctionName: str) -> dict[str, Any]:  # boto3's names
        return {"ReservedConcurrentExecutions": self.reserved_now}

    def list_distributions(self, MaxItems: str) -> dict[str, Any]:
        return {"DistributionList": {"Quantity": 1}}


def _existing_stack(monkeypatch, tmp_path: Path, fakes: AccountFakes) -> tuple[Any, list[list[str]]]:
    """staging deployed before (on moto), its secrets stored; `sam` recorded, not run."""
    import boto3

    from soulseer_tools.deploy import commands as deploy_commands

    cloudformation = boto3.client("cloudformation", region_name="us-east-1")
    stack = {
        "Resources": {"BillingTickFunction": {"Type": "AWS::SQS::Queue"}},  # a physical id to look up
        "Outputs": {"WebOrigins": {"Value": "https://d111.cloudfront.net"}},
    }
    cloudformation.create_stack(StackName="soulseer-staging", TemplateBody=json.dumps(stack))
    secrets = boto3.client("secretsmanager", region_name="us-east-1")
    for name in ("soulseer/staging/stripe", "soulseer/staging/agora", "soulseer/staging/notify"):
        secrets.create_secret(Name=name, SecretString="{}")
    real = deploy_commands._boto

    def clients(service: str, region: str, quick: bool = False) -> Any:
        return fakes if service in ("lambda", "cloudfront") else real(service, region, quick)

    monkeypatch.setattr(deploy_commands, "_boto", clients)
    ran: list[list[str]] = []
    monkeypatch.setattr(deploy_commands, "_run", lambda command, dry_run, cwd=None: ran.append(command))
    monkeypatch.setattr(deploy_commands, "_check_layer", lambda: ran.append(["layer_platform", "check-layer"]))
    config = tmp_path / "samconfig.toml"
    config.write_text(filled_samconfig(tmp_path).read_text().replace('"WebDomainNames=', '"Unused='))
    config.write_text(re.sub(r'\s*"(Unused|WebCertificateArn)=[^"]*",[^\n]*', "", config.read_text()))
    args = deploy_commands.argparse.Namespace(
        stage="staging", config=str(config), dry_run=False, skip_web=False, delete=False, yes=False
    )
    return args, ran


def test_an_update_checks_the_account_then_deploys_once_with_the_stack_s_origins(monkeypatch, tmp_path, capsys) -> None:
    from moto import mock_aws

    from soulseer_tools.deploy import commands as deploy_commands

    with mock_aws():
        args, ran = _existing_stack(monkeypatch, tmp_path, AccountFakes(1000, 980, reserved_now=20))
        assert deploy_commands.run_deploy(args) == 0
    assert [c[1] for c in ran] == ["build", "check-layer", "deploy", "deploy-web"]  # one pass: nothing new
    deploy = sam_parse([shlex.join(ran[2])])[0]["params"]
    assert deploy["parameter_overrides"]["WebOrigin"] == "https://d111.cloudfront.net"
    assert deploy["parameter_overrides"]["ProtectTables"] == "true"
    assert deploy["parameter_overrides"]["BillingTickReservedConcurrency"] == "20"
    assert "STOP" not in capsys.readouterr().out


def test_a_reservation_the_account_cannot_keep_stops_the_deploy_before_anything_runs(monkeypatch, tmp_path, capsys):
    from moto import mock_aws

    from soulseer_tools.deploy import commands as deploy_commands

    with mock_aws():
        args, ran = _existing_stack(monkeypatch, tmp_path, AccountFakes(10, 10))
        assert deploy_commands.run_deploy(args) == 1
    assert ran == []
    out = capsys.readouterr().out
    assert "# STOP: The account's Lambda concurrency limit is 10" in out and "L-B99A9384" in out
