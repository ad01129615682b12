"""samconfig.toml's per-stage deploy parameters, read the way `sam deploy --config-env <stage>` reads them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

PLACEHOLDER = "CHANGE-ME"


@dataclass(frozen=True)
class StageConfig:
    stage: str
    stack_name: str
    region: str
    parameters: dict[str, str]

    def missing(self) -> list[str]:
        """Parameters still holding the placeholder."""
        return sorted(name for name, value in self.parameters.items() if PLACEHOLDER in value)

    def overrides(self, **extra: str) -> list[str]:
        """`Name=value` items for `sam deploy --parameter-overrides` (which replaces samconfig's list)."""
        return [override(name, value) for name, value in {**self.parameters, **extra}.items()]


def override(name: str, value: str) -> str:
    """One `--parameter-overrides` item. SAM CLI's parser refuses `Name=` (an empty value) and splits a
    value at spaces: those are written `Name="..."`, which it unquotes."""
    if value and not any(c.isspace() or c in "\"'\\" for c in value):
        return f"{name}={value}"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{name}="{escaped}"'


def _pairs(raw: str | list[str]) -> dict[str, str]:
    items = raw if isinstance(raw, list) else raw.split()
    pairs: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"samconfig.toml: parameter override {item!r} is not Name=value")
        pairs[name.strip()] = value.strip().strip('"')
    return pairs


def load(path: Path, stage: str) -> StageConfig:
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        deploy = document[stage]["deploy"]["parameters"]
    except KeyError:
        raise ValueError(f"samconfig.toml has no [{stage}.deploy.parameters]") from None
    return StageConfig(
        stage=stage,
        stack_name=str(deploy["stack_name"]),
        region=str(deploy.get("region", "us-east-1")),
        parameters=_pairs(deploy.get("parameter_overrides", [])),
    )
