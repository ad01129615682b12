"""Prints template.yaml as SAM transforms it (the CloudFormation CloudFormation deploys), as JSON.

Runs in .venv-sam, where aws-sam-translator lives: `python transform_template.py template.yaml`."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from samcli.yamlhelper import yaml_dump, yaml_parse
from samtranslator.translator.transform import transform

_LOCAL_URIS = ("CodeUri", "ContentUri", "DefinitionUri")


def _as_uploaded(template: dict[str, Any]) -> None:
    """Local code paths become the S3 locations `sam deploy` would upload them to."""
    for resource in (template.get("Resources") or {}).values():
        props = resource.get("Properties") or {}
        for key in _LOCAL_URIS:
            if isinstance(props.get(key), str) and not props[key].startswith("s3://"):
                props[key] = f"s3://sam-artifacts/{props[key].strip('/')}"


class NoManagedPolicies:
    """Our functions name managed policies by ARN; nothing needs looking up."""

    def load(self) -> dict[str, str]:
        return {}


def main(path: str) -> None:
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path, encoding="utf-8") as handle:
        # as `sam build`/`sam deploy` upload it: YAML aliases written out in full (no shared objects)
        template: dict[str, Any] = yaml_parse(yaml_dump(yaml_parse(handle.read())))
    _as_uploaded(template)
    transformed = transform(template, {}, NoManagedPolicies())
    json.dump(transformed, sys.stdout, default=str)


if __name__ == "__main__":
    main(sys.argv[1])
