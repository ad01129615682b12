"""The deploy tooling: samconfig.toml's stages, the web app's config.json, `soulseer setup secrets`."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from soulseer_tools.deploy import samconfig, secrets
from soulseer_tools.deploy.webconfig import web_config

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
}


def test_config_json_has_the_shape_agreed_with_the_web_app() -> None:
    assert web_config(OUTPUTS) == {
        "stage": "dev",
        "apiUrl": "https://abc123.execute-api.us-east-1.amazonaws.com/dev",
        "wsUrl": "wss://ws456.execute-api.us-east-1.amazonaws.com/dev",
        "auth": {"mode": "clerk", "publishableKey": "pk_test_Y2xlcms"},
        "payments": {"mode": "stripe", "publishableKey": "pk_test_51Abc"},
        "video": {"mode": "agora", "appId": "0123456789abcdef0123456789abcdef"},
        "push": {"vapidPublicKey": OUTPUTS["VapidPublicKey"]},
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
