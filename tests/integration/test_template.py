"""template.yaml is deployable: SAM validates and lints it, cfn-lint passes, and `sam build` succeeds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAM = os.environ.get("SAM_CLI", str(ROOT / ".venv-sam" / "bin" / "sam"))
SAM_ENV = {**os.environ, "SAM_CLI_TELEMETRY": "0", "AWS_DEFAULT_REGION": "us-east-1"}


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=SAM_ENV, timeout=600, **kwargs)


def test_sam_cli_is_installed() -> None:
    assert Path(SAM).exists() or shutil.which(SAM), f"sam not found at {SAM}: run `make setup`"


def test_sam_validate_lint() -> None:
    result = run([SAM, "validate", "--lint", "--region", "us-east-1", "--template", "template.yaml"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is a valid SAM Template" in result.stdout + result.stderr


def test_cfn_lint() -> None:
    result = run([str(Path(sys.executable).with_name("cfn-lint")), "template.yaml"])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.timeout(900)
def test_sam_build(tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    result = run([SAM, "build", "--build-dir", str(build_dir), "--template", "template.yaml"])
    assert result.returncode == 0, result.stdout + result.stderr
    layer = build_dir / "SharedLayer" / "python"
    assert (layer / "soulseer" / "readers.py").exists()
    assert (layer / "pynamodb").is_dir() and (layer / "jwt").is_dir()
    assert (build_dir / "ApiFunction" / "app.py").exists()
    assert not (layer / "soulseer_tools").exists(), "tool code must stay out of the Lambda layer"
