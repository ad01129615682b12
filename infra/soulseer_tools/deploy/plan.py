"""The commands `soulseer deploy` runs, as argument lists (printed shell-quoted, one per line, by --dry-run).

A new stack takes two passes: the first creates it with table protection off (so a failed create removes
its tables) and with the origins known before (the custom domains); the second passes the stack's own
web origins (its CloudFront domain exists only after the create: the API's CORS and Clerk's authorized
parties need it) and switches table protection on. A stack whose first create failed (ROLLBACK_COMPLETE)
is deleted first.
"""

from __future__ import annotations

import os
from pathlib import Path

from soulseer_tools.deploy.samconfig import StageConfig

ROOT = Path(__file__).resolve().parents[3]
SAM = os.environ.get("SAM_CLI", str(ROOT / ".venv-sam" / "bin" / "sam"))
SOULSEER = str(ROOT / ".venv" / "bin" / "soulseer")
DEFAULT_CONFIG = ROOT / "samconfig.toml"
UNKNOWN_DISTRIBUTION = "https://NEW-DISTRIBUTION.cloudfront.net"  # --dry-run of a new stack: known after the create


def _config_file(config_path: Path) -> list[str]:
    return [] if config_path.resolve() == DEFAULT_CONFIG else ["--config-file", str(config_path.resolve())]


def domains(config: StageConfig) -> list[str]:
    return [name for name in config.parameters.get("WebDomainNames", "").split(",") if name]


def known_origins(config: StageConfig, outputs: dict[str, str]) -> str:
    """The stage's web origins as far as they are known: the stack's own output once it exists (WebUrl for
    a stack deployed before WebOrigins existed), else the custom domains (the CloudFront one comes later)."""
    if outputs.get("WebOrigins"):
        return outputs["WebOrigins"]
    custom = [f"https://{name}" for name in domains(config)]
    if outputs.get("WebUrl") and outputs["WebUrl"] not in custom:
        custom.append(outputs["WebUrl"])
    return ",".join(custom)


def sam_build() -> list[str]:
    return [SAM, "build"]


def sam_deploy(config: StageConfig, config_path: Path, web_origin: str, protect_tables: bool) -> list[str]:
    overrides = config.overrides(WebOrigin=web_origin, ProtectTables="true" if protect_tables else "false")
    return [
        SAM,
        "deploy",
        "--config-env",
        config.stage,
        *_config_file(config_path),
        "--no-fail-on-empty-changeset",
        "--parameter-overrides",
        *overrides,
    ]


def sam_delete(config: StageConfig, config_path: Path) -> list[str]:
    return [
        SAM,
        "delete",
        "--stack-name",
        config.stack_name,
        "--region",
        config.region,
        "--config-env",
        config.stage,
        *_config_file(config_path),
        "--no-prompts",
    ]


def deploy_web(config: StageConfig, config_path: Path) -> list[str]:
    extra = [] if config_path.resolve() == DEFAULT_CONFIG else ["--config", str(config_path.resolve())]
    return [SOULSEER, "deploy-web", "--stage", config.stage, *extra]
