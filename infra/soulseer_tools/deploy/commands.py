"""`soulseer setup secrets`, `soulseer deploy` and `soulseer deploy-web` (what `make deploy` runs).

`deploy`: refuses while samconfig.toml still has a CHANGE-ME for the stage, checks that the secrets
exist, runs `sam build` and `sam deploy`, then, when the stack's WebUrl is not yet its WebOrigin (a new
stack: the distribution and the API refer to each other), deploys once more with it, and ends with
`deploy-web`. `deploy-web`: builds web/, writes dist/config.json from the stack's outputs, syncs it to
the bucket and invalidates the distribution."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from pathlib import Path
from typing import Any

from soulseer_tools.deploy import samconfig, secrets
from soulseer_tools.deploy.webconfig import web_config

ROOT = Path(__file__).resolve().parents[3]
SAM = os.environ.get("SAM_CLI", str(ROOT / ".venv-sam" / "bin" / "sam"))
NO_CACHE = "no-cache, max-age=0"
IMMUTABLE = "public, max-age=31536000, immutable"


def _run(args: list[str], cwd: Path = ROOT) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run(args, cwd=cwd, check=True, env={**os.environ, "SAM_CLI_TELEMETRY": "0"})


def _boto(service: str, region: str) -> Any:
    import boto3

    return boto3.client(service, region_name=region)


def stack_outputs(config: samconfig.StageConfig) -> dict[str, str]:
    cloudformation = _boto("cloudformation", config.region)
    try:
        stacks = cloudformation.describe_stacks(StackName=config.stack_name)["Stacks"]
    except cloudformation.exceptions.ClientError:
        return {}
    return {item["OutputKey"]: item["OutputValue"] for item in stacks[0].get("Outputs", [])}


def _config(args: argparse.Namespace) -> samconfig.StageConfig:
    config = samconfig.load(Path(args.config), args.stage)
    missing = config.missing()
    if missing:
        raise SystemExit(
            f"samconfig.toml [{args.stage}]: set {', '.join(missing)} (still CHANGE-ME); see README 'Deploying'"
        )
    return config


def _check_secrets(config: samconfig.StageConfig) -> None:
    client = _boto("secretsmanager", config.region)
    absent = []
    for parameter in (*secrets.FIELDS, "NotifySecretName"):
        try:
            client.describe_secret(SecretId=config.parameters[parameter])
        except client.exceptions.ResourceNotFoundException:
            absent.append(config.parameters[parameter])
    if absent:
        raise SystemExit(f"missing secret(s) {', '.join(absent)}: run `soulseer setup secrets --stage {config.stage}`")


def _sam_deploy(config: samconfig.StageConfig, web_origin: str) -> None:
    overrides = config.overrides(WebOrigin=web_origin)
    _run(
        [
            SAM,
            "deploy",
            "--config-env",
            config.stage,
            "--no-fail-on-empty-changeset",
            "--parameter-overrides",
            *overrides,
        ]
    )


def run_deploy(args: argparse.Namespace) -> int:
    config = _config(args)
    _check_secrets(config)
    _run([SAM, "build"])
    web_origin = stack_outputs(config).get("WebUrl", "")
    _sam_deploy(config, web_origin)
    outputs = stack_outputs(config)
    if outputs.get("WebUrl") and outputs["WebUrl"] != web_origin:
        print(f"The web app's origin is {outputs['WebUrl']}: adding it to CORS and Clerk's authorized parties")
        _sam_deploy(config, outputs["WebUrl"])
    if not args.skip_web:
        return run_deploy_web(args)
    return 0


def run_deploy_web(args: argparse.Namespace) -> int:
    config = _config(args)
    outputs = stack_outputs(config)
    web = ROOT / "web"
    _run(["npm", "ci"], cwd=web)
    _run(["npx", "vite", "build"], cwd=web)
    dist = web / "dist"
    (dist / "config.json").write_text(json.dumps(web_config(outputs), indent=2) + "\n", encoding="utf-8")
    bucket, region = f"s3://{outputs['WebBucketName']}", ["--region", config.region]
    _run(["aws", "s3", "sync", str(dist / "assets"), f"{bucket}/assets", "--cache-control", IMMUTABLE, *region])
    _run(
        [
            "aws",
            "s3",
            "sync",
            str(dist),
            bucket,
            "--delete",
            "--exclude",
            "assets/*",
            "--cache-control",
            NO_CACHE,
            *region,
        ]
    )
    distribution = outputs["WebDistributionId"]
    _run(["aws", "cloudfront", "create-invalidation", "--distribution-id", distribution, "--paths", "/*"])
    print(f"The web app: {outputs['WebUrl']}")
    return 0


def run_setup_secrets(args: argparse.Namespace) -> int:
    config = samconfig.load(Path(args.config), args.stage)
    given = json.loads(Path(args.file).read_text(encoding="utf-8")) if args.file else None
    values = secrets.collect(config.parameters, given)
    client = _boto("secretsmanager", config.region)
    for line in secrets.store(client, values, args.stage):
        print(line)
    if "NotifySecretName" in config.parameters:
        done, public_key = secrets.ensure_notify_secret(client, config.parameters["NotifySecretName"], args.stage)
        print(done)
        print(f"VapidPublicKey={public_key}  (set it in samconfig.toml [{args.stage}])")
    return 0


def _stage_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stage", required=True, choices=("dev", "staging", "prod"))
    parser.add_argument("--config", default=str(ROOT / "samconfig.toml"), help="samconfig.toml")


def register(commands: Any) -> None:
    setup = commands.add_parser("setup", help="one-time setup of a stage")
    setup_commands = setup.add_subparsers(dest="setup_command", required=True)
    secrets_parser = setup_commands.add_parser("secrets", help="store the stage's Stripe and Agora secrets")
    _stage_arguments(secrets_parser)
    secrets_parser.add_argument(
        "--file", help='JSON {"<secret name>": {field: value}} instead of prompts (fields: see README)'
    )
    secrets_parser.set_defaults(func=run_setup_secrets)

    deploy = commands.add_parser("deploy", help="build and deploy a stage (the stack, then the web app)")
    _stage_arguments(deploy)
    deploy.add_argument("--skip-web", action="store_true", help="only the stack")
    deploy.set_defaults(func=run_deploy)

    deploy_web = commands.add_parser("deploy-web", help="build the web app and publish it to the stage")
    _stage_arguments(deploy_web)
    deploy_web.set_defaults(func=run_deploy_web)
