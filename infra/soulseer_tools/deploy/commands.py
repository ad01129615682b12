"""`soulseer setup secrets`, `soulseer deploy` and `soulseer deploy-web` (what `make deploy` runs).

`deploy` reads the stack (a stack it cannot read, e.g. without credentials, is treated as new), checks
what a new account lacks (Lambda concurrency, CloudFront verification, the custom domain's certificate;
preflight.py) and the secrets, then runs the plan of plan.py: delete a stack whose first create failed,
`sam build`, check the layer's platform, `sam deploy` (twice for a new stack), `deploy-web`. `--dry-run`
prints those commands, shell-quoted, one per line, and changes nothing. `--delete` empties the web
bucket and deletes the stack (its tables and log bucket are retained).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

from soulseer_tools.deploy import layer_platform, plan, preflight, samconfig, secrets, webpublish
from soulseer_tools.localcloud.cfn_yaml import load_template_file

ROOT = plan.ROOT
BUILT_LAYER = ROOT / ".aws-sam" / "build" / "SharedLayer" / "python"


def _boto(service: str, region: str, quick: bool = False) -> Any:
    import boto3
    from botocore.config import Config

    if quick:  # --dry-run: one try, short timeouts, so no network means "unknown" at once
        config = Config(connect_timeout=3, read_timeout=5, retries={"max_attempts": 1})
        return boto3.client(service, region_name=region, config=config)
    return boto3.client(service, region_name=region)


def _run(args: list[str], dry_run: bool, cwd: Path = ROOT) -> None:
    print(shlex.join(args), flush=True)
    if not dry_run:
        subprocess.run(args, cwd=cwd, check=True, env={**os.environ, "SAM_CLI_TELEMETRY": "0"})


def _note(text: str) -> None:
    """Everything --dry-run prints besides commands is a shell comment."""
    print("\n".join(f"# {line}" for line in text.splitlines()), flush=True)


def _config(args: argparse.Namespace) -> samconfig.StageConfig:
    config = samconfig.load(Path(args.config), args.stage)
    missing = config.missing()
    if missing:
        message = f"samconfig.toml [{args.stage}]: set {', '.join(missing)} (still CHANGE-ME); see README 'Deploying'"
        if not getattr(args, "dry_run", False):
            raise SystemExit(message)
        _note(message)
    return config


def stack_outputs(config: samconfig.StageConfig) -> dict[str, str]:
    return preflight.read_stack(_boto("cloudformation", config.region), config.stack_name).outputs


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


def _account_findings(config: samconfig.StageConfig, stack: preflight.Stack) -> list[preflight.Finding]:
    reserved = int(config.parameters.get("BillingTickReservedConcurrency", "0") or 0)
    already = 0
    if stack.exists and reserved:
        cloudformation = _boto("cloudformation", config.region)
        tick = cloudformation.describe_stack_resource(StackName=stack.name, LogicalResourceId="BillingTickFunction")
        name = tick["StackResourceDetail"]["PhysicalResourceId"]
        already = (
            _boto("lambda", config.region)
            .get_function_concurrency(FunctionName=name)
            .get("ReservedConcurrentExecutions", 0)
        )
    findings = preflight.concurrency_findings(_boto("lambda", config.region), reserved, already)
    if not stack.exists:
        findings += preflight.cloudfront_findings(_boto("cloudfront", config.region))
    acm = _boto("acm", "us-east-1")  # CloudFront's certificates live in us-east-1
    certificate = config.parameters.get("WebCertificateArn", "")
    findings += preflight.certificate_findings(acm, certificate, plan.domains(config))
    return findings


def _check_layer() -> None:
    """The built layer and every function bundle with dependencies of its own, for the Lambda platform."""
    target = layer_platform.template_target(load_template_file(ROOT / "template.yaml"))
    found = layer_platform.built_problems(BUILT_LAYER.parents[1], target)
    if found:
        raise SystemExit("the built layer or functions would not import on Lambda:\n  " + "\n  ".join(found))
    print(f"# the built wheels and shared objects are for {target.runtime} on {target.architecture}")


def run_deploy(args: argparse.Namespace) -> int:
    config, config_path, dry = _config(args), Path(args.config), args.dry_run
    stack = preflight.read_stack(_boto("cloudformation", config.region, quick=dry), config.stack_name)
    if stack.unreadable:
        if not dry:
            raise SystemExit(f"cannot read stack {stack.name}: {stack.unreadable}")
        _note(f"stack {stack.name} could not be read ({stack.unreadable.splitlines()[0]}): treated as new")
    findings = preflight.stack_findings(stack)
    if not dry:
        _check_secrets(config)
        findings += _account_findings(config, stack)
    elif not stack.unreadable:  # credentials work: say what the real deploy would find
        try:
            findings += _account_findings(config, stack)
        except Exception as error:  # a read the dry run may not be allowed: the deploy will do it
            _note(f"the account checks could not run ({type(error).__name__}): `soulseer deploy` runs them")
    for finding in findings:
        _note(("STOP: " if finding.blocks else "") + finding.text)
    if any(f.blocks for f in findings) and not dry:
        return 1
    if stack.status == preflight.FAILED_CREATE:
        _run(plan.sam_delete(config, config_path), dry)
        stack = preflight.Stack(stack.name)
    new = not stack.exists
    _note(f"stack {stack.name}: " + ("new: create, then deploy its web origins" if new else stack.status or ""))
    _run(plan.sam_build(), dry)
    if not dry:
        _check_layer()
    before = plan.known_origins(config, stack.outputs)
    _run(plan.sam_deploy(config, config_path, before, protect_tables=not new), dry)
    after = plan.known_origins(config, {} if dry else stack_outputs(config))
    if dry and new:
        after = ",".join(filter(None, [before, plan.UNKNOWN_DISTRIBUTION]))
        _note("the stack's WebOrigins output, known after the create:")
    if new or after != before:
        _run(plan.sam_deploy(config, config_path, after, protect_tables=True), dry)
    if not args.skip_web:
        _run(plan.deploy_web(config, config_path), dry)
    return 0


def run_delete(args: argparse.Namespace) -> int:
    config, config_path = samconfig.load(Path(args.config), args.stage), Path(args.config)
    stack = preflight.read_stack(_boto("cloudformation", config.region, quick=args.dry_run), config.stack_name)
    bucket = stack.outputs.get("WebBucketName")
    _note(
        f"deleting stack {config.stack_name}: its web bucket is emptied first; its tables and log bucket are "
        "retained (delete them yourself once you no longer need the data)"
    )
    if not args.dry_run and not args.yes and input(f"type {config.stack_name} to delete it: ") != config.stack_name:
        raise SystemExit("not deleted")
    if bucket and not args.dry_run:
        removed = webpublish.empty(_boto("s3", config.region), bucket)
        print(f"# emptied s3://{bucket} ({removed} objects)")
    _run(plan.sam_delete(config, config_path), args.dry_run)
    return 0


def run_deploy_web(args: argparse.Namespace) -> int:
    config = _config(args)
    outputs = stack_outputs(config)
    web = ROOT / "web"
    dist = Path(args.dist) if args.dist else web / "dist"
    if not args.no_build:
        _run(["npm", "ci", "--no-audit", "--no-fund"], False, cwd=web)
        _run(["npm", "run", "build"], False, cwd=web)
    webpublish.write_config(dist, outputs)
    written = webpublish.upload(_boto("s3", config.region), outputs["WebBucketName"], dist)
    print(f"# {len(written)} files in s3://{outputs['WebBucketName']} (config.json included)")
    invalidation = webpublish.invalidate(_boto("cloudfront", config.region), outputs["WebDistributionId"])
    print(f"# invalidation {invalidation}; the web app: {outputs['WebUrl']}")
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
    parser.add_argument("--config", default=str(plan.DEFAULT_CONFIG), help="samconfig.toml")


def _deploy(args: argparse.Namespace) -> int:
    return run_delete(args) if args.delete else run_deploy(args)


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
    deploy.add_argument("--dry-run", action="store_true", help="print the commands (shell-quoted), change nothing")
    deploy.add_argument("--delete", action="store_true", help="empty the web bucket, then delete the stack")
    deploy.add_argument("--yes", action="store_true", help="with --delete: do not ask")
    deploy.set_defaults(func=_deploy)

    deploy_web = commands.add_parser("deploy-web", help="build the web app and publish it to the stage")
    _stage_arguments(deploy_web)
    deploy_web.add_argument("--dist", help="publish this built directory (default web/dist)")
    deploy_web.add_argument("--no-build", action="store_true", help="do not build web/ first")
    deploy_web.set_defaults(func=run_deploy_web)
