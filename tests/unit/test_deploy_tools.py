"""The deploy tooling: samconfig.toml's stages, the web app's config.json, `soulseer setup secrets`."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from soulseer_tools.deploy import layer_platform, preflight, samconfig, secrets
from soulseer_tools.deploy.webconfig import web_config
from soulseer_tools.localcloud.cfn_yaml import load_template_file

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = {
    "Stage": "dev",
    "ApiUrl": "https://abc123.execute-api.us-east-1.amazonaws.com/dev",
    "WebSocketUrl": "wss://ws456.execute-api.us-east-1.amazonaws.com/dev",
    "ClerkPublishableKey": "pk_test_Y2xlcms",
    "StripePublishableKey": "pk_test_51Abc",
    "AgoraAppId": "0123456789abcdef0123456789abcdef",
    "WebUrl": "https://d111.cloudfront.net",
    "VapidPublicKey": "BMF_PQZJVGpi54H-7df7uSWuVU77xhwO1ExbJm3v-EzNHtuaUPsNfU7JxTDtw--BkNGjBIfM5VQ3Z4dpI9usgWo",
    "FreeIntroMinutes": "3",
    "SatisfactionPolicy": "Not what you hoped for? Report it within 72 hours.",
}


def test_config_json_has_the_shape_agreed_with_the_web_app() -> None:
    assert web_config(OUTPUTS) == {
        "stage": "dev",
        "webUrl": "https://d111.cloudfront.net",
        "apiUrl": "https://abc123.execute-api.us-east-1.amazonaws.com/dev",
        "wsUrl": "wss://ws456.execute-api.us-east-1.amazonaws.com/dev",
        "auth": {"mode": "clerk", "publishableKey": "pk_test_Y2xlcms"},
        "payments": {"mode": "stripe", "publishableKey": "pk_test_51Abc"},
        "video": {"mode": "agora", "appId": "0123456789abcdef0123456789abcdef"},
        "push": {"vapidPublicKey": OUTPUTS["VapidPublicKey"]},
        "storefront": {"freeIntroMinutes": 3, "satisfactionPolicy": OUTPUTS["SatisfactionPolicy"]},
    }


def test_config_json_refuses_a_stack_that_is_not_deployed() -> None:
    with pytest.raises(ValueError, match="StripePublishableKey"):
        web_config({k: v for k, v in OUTPUTS.items() if k != "StripePublishableKey"})


@pytest.mark.parametrize("stage", ["dev", "staging", "prod"])
def test_every_stage_of_the_real_samconfig_reads_and_names_what_is_left_to_set(stage: str) -> None:
    config = samconfig.load(ROOT / "samconfig.toml", stage)
    assert config.stack_name == f"soulseer-{stage}" and config.parameters["Stage"] == stage
    assert {"ClerkIssuer", "ClerkPublishableKey", "StripePublishableKey", "AlarmEmail"} <= set(config.missing())
    overrides = config.overrides(WebOrigin="https://d111.cloudfront.net")
    assert overrides[-1] == "WebOrigin=https://d111.cloudfront.net" and f"Stage={stage}" in overrides


def test_a_filled_in_stage_has_nothing_missing(tmp_path: Path) -> None:
    path = tmp_path / "samconfig.toml"
    path.write_text(
        '[dev.deploy.parameters]\nstack_name = "s"\nparameter_overrides = ["Stage=dev", "ClerkIssuer=https://x.dev"]\n'
    )
    config = samconfig.load(path, "dev")
    assert config.missing() == [] and config.parameters == {"Stage": "dev", "ClerkIssuer": "https://x.dev"}
    with pytest.raises(ValueError, match="staging"):
        samconfig.load(path, "staging")


def test_setup_secrets_creates_then_updates_from_a_file_and_prompts() -> None:
    parameters = {"StripeSecretName": "soulseer/dev/stripe", "AgoraSecretName": "soulseer/dev/agora"}
    given = {"soulseer/dev/stripe": {"secret_key": "sk_test_1", "webhook_secret": "whsec_p"}}
    asked: list[str] = []
    answers = {"Connect": "whsec_c", "App ID": "0123", "Certificate": "cert"}

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(value for key, value in answers.items() if key in prompt)

    values = secrets.collect(parameters, given, ask)
    assert len(asked) == 3  # the file's fields are not asked again
    with mock_aws():
        client = boto3.client("secretsmanager", region_name="us-east-1")
        assert secrets.store(client, values, "dev") == ["created soulseer/dev/stripe", "created soulseer/dev/agora"]
        stripe = json.loads(client.get_secret_value(SecretId="soulseer/dev/stripe")["SecretString"])
        assert stripe == {"secret_key": "sk_test_1", "webhook_secret": "whsec_p", "connect_webhook_secret": "whsec_c"}
        agora = json.loads(client.get_secret_value(SecretId="soulseer/dev/agora")["SecretString"])
        assert agora == {"app_id": "0123", "app_certificate": "cert"}
        values["soulseer/dev/stripe"]["secret_key"] = "sk_test_2"
        assert secrets.store(client, values, "dev")[0] == "updated soulseer/dev/stripe"
        stripe = json.loads(client.get_secret_value(SecretId="soulseer/dev/stripe")["SecretString"])
        assert stripe["secret_key"] == "sk_test_2"


def test_setup_secrets_refuses_an_empty_answer() -> None:
    parameters = {"StripeSecretName": "soulseer/dev/stripe", "AgoraSecretName": "soulseer/dev/agora"}
    with pytest.raises(ValueError, match="secret_key"):
        secrets.collect(parameters, None, lambda prompt: "" if "secret key" in prompt else "x")


def test_the_layer_is_built_for_the_template_s_runtime_and_architecture() -> None:
    """layers/Makefile installs wheels for the platform template.yaml declares, whatever machine builds."""
    makefile = (ROOT / "layers" / "Makefile").read_text()
    target = layer_platform.template_target(load_template_file(ROOT / "template.yaml"))
    assert f"ARCHITECTURE ?= {target.architecture}" in makefile
    assert f"PYTHON_VERSION ?= {target.runtime.removeprefix('python')}" in makefile
    assert "PLATFORM ?= manylinux2014_$(ARCHITECTURE)" in makefile
    install = " ".join(line.strip(" \t\\") for line in makefile.splitlines() if line.startswith("\t"))
    for flag in ("--platform $(PLATFORM)", "--implementation cp", "--python-version $(PYTHON_VERSION)",
                 "--only-binary=:all:", "--target"):  # fmt: skip
        assert flag in install, flag
    assert load_template_file(ROOT / "template.yaml")["Resources"]["SharedLayer"]["Metadata"]["BuildArchitecture"] == (
        target.architecture
    )


@pytest.mark.parametrize(
    ("tag", "fits"),
    [
        ("py3-none-any", True),
        ("cp311-cp311-manylinux_2_17_x86_64", True),
        ("cp311-cp311-manylinux2014_x86_64", True),
        ("cp39-abi3-manylinux2014_x86_64", True),
        ("cp311-abi3-manylinux_2_34_x86_64", False),  # glibc 2.34: Amazon Linux 2 has 2.26
        ("cp311-cp311-macosx_11_0_arm64", False),  # what `pip install --target` gives on a Mac
        ("cp311-cp311-manylinux_2_17_aarch64", False),
        ("cp312-cp312-manylinux_2_17_x86_64", False),
    ],
)
def test_wheel_tags_are_checked_against_the_lambda_platform(tag: str, fits: bool) -> None:
    assert layer_platform.tag_fits(tag, layer_platform.Target("python3.11", "x86_64")) is fits


def test_a_layer_built_for_another_machine_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "python"
    (site / "pydantic_core-2.0.dist-info").mkdir(parents=True)
    (site / "pydantic_core-2.0.dist-info" / "WHEEL").write_text(
        "Wheel-Version: 1.0\nTag: cp311-cp311-macosx_11_0_arm64\n"
    )
    (site / "pydantic_core").mkdir()
    elf_arm = b"\x7fELF\x02\x01" + bytes(12) + (0xB7).to_bytes(2, "little") + bytes(40)
    (site / "pydantic_core" / "_core.cpython-311-aarch64-linux-gnu.so").write_bytes(elf_arm)
    (site / "jwt-2.0.dist-info").mkdir()
    (site / "jwt-2.0.dist-info" / "WHEEL").write_text("Tag: py3-none-any\n")
    found = layer_platform.problems(site, layer_platform.Target("python3.11", "x86_64"))
    assert len(found) == 2 and "pydantic_core-2.0.dist-info" in found[0] and "ELF machine 0xb7" in found[1]


def test_an_empty_or_spaced_override_is_quoted_for_sam_s_parser() -> None:
    """SAM CLI refuses `WebOrigin=` ("is not a valid format") and splits values at spaces."""
    assert samconfig.override("WebOrigin", "") == 'WebOrigin=""'
    assert samconfig.override("Stage", "dev") == "Stage=dev"
    assert samconfig.override("Note", 'a "b" c') == 'Note="a \\"b\\" c"'


class FakeLambda:
    def __init__(self, limit: int, unreserved: int) -> None:
        self.limits = {"ConcurrentExecutions": limit, "UnreservedConcurrentExecutions": unreserved}

    def get_account_settings(self) -> dict:
        return {"AccountLimit": self.limits}


def test_a_new_account_s_concurrency_limit_stops_a_reservation_and_says_what_to_request() -> None:
    (finding,) = preflight.concurrency_findings(FakeLambda(10, 10), reserved=10)
    assert finding.blocks and "limit is 10" in finding.text and "L-B99A9384" in finding.text
    assert "Request at least 20" in finding.text and "BillingTickReservedConcurrency=0" in finding.text
    (note,) = preflight.concurrency_findings(FakeLambda(10, 10), reserved=0)  # nothing reserved: it deploys
    assert not note.blocks and "Request 1000" in note.text
    assert preflight.concurrency_findings(FakeLambda(1000, 1000), reserved=100) == []
    # an update: the function's own reservation is not counted twice
    assert preflight.concurrency_findings(FakeLambda(1000, 900), reserved=100, already_reserved=100) == []


def test_an_account_without_a_distribution_is_told_about_cloudfront_verification() -> None:
    class FakeCloudFront:
        def __init__(self, quantity: int) -> None:
            self.quantity = quantity

        def list_distributions(self, MaxItems: str) -> dict:
            return {"DistributionList": {"Quantity": self.quantity}}

    (finding,) = preflight.cloudfront_findings(FakeCloudFront(0))
    assert not finding.blocks and "must be verified" in finding.text and "AWS Support" in finding.text
    assert preflight.cloudfront_findings(FakeCloudFront(1)) == []


def test_the_custom_domain_s_certificate_must_be_issued_and_cover_every_alias() -> None:
    class FakeAcm:
        def __init__(self, status: str, names: list[str]) -> None:
            self.certificate = {"Status": status, "SubjectAlternativeNames": names}

        def describe_certificate(self, CertificateArn: str) -> dict:
            return {"Certificate": self.certificate}

    arn = "arn:aws:acm:us-east-1:123456789012:certificate/x"
    assert preflight.certificate_findings(FakeAcm("ISSUED", ["*.example.com"]), arn, ["app.example.com"]) == []
    pending = preflight.certificate_findings(
        FakeAcm("PENDING_VALIDATION", ["app.example.com"]), arn, ["app.example.com"]
    )
    assert [f.blocks for f in pending] == [True] and "DNS validation" in pending[0].text
    (uncovered,) = preflight.certificate_findings(FakeAcm("ISSUED", ["app.example.com"]), arn, ["www.other.com"])
    assert uncovered.blocks and "www.other.com" in uncovered.text
    (no_arn,) = preflight.certificate_findings(FakeAcm("ISSUED", []), "", ["app.example.com"])
    assert no_arn.blocks


@pytest.mark.parametrize(
    ("status", "blocks"),
    [("CREATE_IN_PROGRESS", True), ("ROLLBACK_FAILED", True), ("UPDATE_ROLLBACK_FAILED", True),
     ("ROLLBACK_COMPLETE", False), ("UPDATE_COMPLETE", None)],
)  # fmt: skip
def test_every_stack_state_says_what_happens(status: str, blocks: bool | None) -> None:
    findings = preflight.stack_findings(preflight.Stack("soulseer-dev", status=status))
    assert [f.blocks for f in findings] == ([] if blocks is None else [blocks])


def test_setup_secrets_makes_the_notify_secret_once_and_prints_its_public_key() -> None:
    with mock_aws():
        client = boto3.client("secretsmanager", region_name="us-east-1")
        done, public_key = secrets.ensure_notify_secret(client, "soulseer/dev/notify", "dev")
        assert done == "created soulseer/dev/notify" and len(public_key) == 87
        stored = json.loads(client.get_secret_value(SecretId="soulseer/dev/notify")["SecretString"])
        assert secrets.vapid_public_key(stored["vapid_private_key"]) == public_key and stored["unsubscribe_key"]
        assert secrets.ensure_notify_secret(client, "soulseer/dev/notify", "dev") == (
            "kept soulseer/dev/notify",
            public_key,
        )
