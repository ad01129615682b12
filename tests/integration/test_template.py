"""template.yaml is deployable: SAM validates and lints it, cfn-lint passes, and `sam build` succeeds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from soulseer_tools.deploy import layer_platform
from soulseer_tools.localcloud.cfn_yaml import load_template_file

ROOT = Path(__file__).resolve().parents[2]
SAM = os.environ.get("SAM_CLI", str(ROOT / ".venv-sam" / "bin" / "sam"))


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAM_CLI_TELEMETRY": "0", "AWS_DEFAULT_REGION": "us-east-1"}  # the tests' environment
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env, timeout=600, **kwargs)


def test_sam_cli_is_installed() -> None:
    assert Path(SAM).exists() or shutil.which(SAM), f"sam not found at {SAM}: run `make setup`"


def test_sam_validate_lint() -> None:
    result = run([SAM, "validate", "--lint", "--region", "us-east-1", "--template", "template.yaml"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is a valid SAM Template" in result.stdout + result.stderr


def test_cfn_lint_including_informational_rules() -> None:
    """Clean at the info level for every rule we keep (no rule is suppressed today)."""
    result = run([str(Path(sys.executable).with_name("cfn-lint")), "--include-checks", "I", "--", "template.yaml"])
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
    assert_layer_is_precompiled_without_botocore(layer)
    target = layer_platform.template_target(load_template_file(ROOT / "template.yaml"))
    assert layer_platform.built_problems(build_dir, target) == [], "the layer or a function would not import on Lambda"
    compiled = {p.name for p in layer.glob("*.dist-info") if p.name.startswith(("pydantic_core", "cryptography"))}
    assert len(compiled) == 2, compiled  # the compiled wheels were among those checked


def assert_layer_is_precompiled_without_botocore(layer: Path) -> None:
    """Lambda's /opt is read-only: every module needs its .pyc, valid whatever the zip does to mtimes
    (unchecked hash). The runtime's boto3/botocore pair is used: the layer ships neither."""
    modules = list(layer.rglob("*.py"))
    assert len(modules) > 500
    missing = [p for p in modules if not (p.parent / "__pycache__" / f"{p.stem}.cpython-311.pyc").exists()]
    assert missing == [], f"{len(missing)} modules without byte code, e.g. {missing[:3]}"
    for pyc in (layer / "soulseer" / "__pycache__").glob("*.pyc"):
        flags = int.from_bytes(pyc.read_bytes()[4:8], "little")
        assert flags == 1, f"{pyc.name}: not an unchecked-hash .pyc (flags {flags})"
    shipped = {name for name in ("boto3", "botocore") if (layer / name).exists()}
    assert shipped == set(), f"the layer ships {shipped}; the runtime's matched pair must be used"
