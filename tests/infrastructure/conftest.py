"""The infrastructure tests read template.yaml as CloudFormation will see it: transformed by SAM
(in .venv-sam, where aws-sam-translator lives), plus the raw document for what SAM leaves alone."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from soulseer_tools.localcloud.cfn_yaml import load_template_file

ROOT = Path(__file__).resolve().parents[2]
SAM_PYTHON = Path(os.environ.get("SAM_PYTHON", ROOT / ".venv-sam" / "bin" / "python"))


@pytest.fixture(scope="session")
def transformed() -> dict[str, Any]:
    assert SAM_PYTHON.exists(), f"{SAM_PYTHON} not found: run `make setup`"
    result = subprocess.run(
        [str(SAM_PYTHON), str(Path(__file__).with_name("transform_template.py")), str(ROOT / "template.yaml")],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "SAM_CLI_TELEMETRY": "0"},
    )
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.fixture(scope="session")
def resources(transformed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return dict(transformed["Resources"])


@pytest.fixture(scope="session")
def raw() -> dict[str, Any]:
    return load_template_file(ROOT / "template.yaml")


def of_type(resources: dict[str, dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {name: res for name, res in resources.items() if res["Type"] == kind}
