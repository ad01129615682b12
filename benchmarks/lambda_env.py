"""A Lambda-like environment on disk, built from what the project ships (not the dev venv).

    <root>/runtime   the runtime's own boto3/botocore (Lambda's /var/runtime), precompiled like the runtime's
    <root>/layer     the layer as template.yaml builds it (Lambda's /opt): a `BuildMethod: makefile` layer
                     is built by its Makefile target; otherwise the way `sam build` builds a python layer
                     (pip install -r requirements.txt into python/ plus the package source, no byte code)
Functions run with `python -S -B` (no site-packages of this machine; /opt is read-only, so nothing is
written back) and sys.path ordered as Lambda orders it: task root, layer, runtime.
"""

from __future__ import annotations

import compileall
import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".lambda"
RUNTIME_REQUIREMENTS = ROOT / "benchmarks" / "runtime-requirements.txt"


@dataclass(frozen=True)
class LambdaEnv:
    runtime: Path
    layer: Path
    build_method: str
    precompiled: bool
    botocore_in_layer: bool

    def sys_path(self, task_root: Path) -> list[str]:
        """Task root (the function's code and the packages its own requirements.txt adds, as `sam build`
        bundles them), layer, runtime."""
        layer_paths = [self.layer / "python" / f"lib/python{sys.version_info[0]}.{sys.version_info[1]}/site-packages",
                       self.layer / "python"]  # fmt: skip
        bundled = function_packages(task_root)
        own = [str(bundled)] if bundled else []
        return [str(task_root), *own, *(str(p) for p in layer_paths if p.exists()), str(self.runtime)]


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _pip_target(requirements: Path, target: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
         "--target", str(target), "-r", str(requirements)],
        check=True,
    )  # fmt: skip


def function_packages(task_root: Path) -> Path | None:
    """What a function's own requirements.txt installs into its bundle (Pillow for the media function),
    built once per requirements digest; None when it has none."""
    requirements = task_root / "requirements.txt"
    if not requirements.exists() or not any(
        line.strip() and not line.lstrip().startswith("#") for line in requirements.read_text().splitlines()
    ):
        return None
    target = WORK / f"function-{task_root.name}-{_digest(requirements)}"
    if not (target / ".built").exists():
        shutil.rmtree(target, ignore_errors=True)
        _pip_target(requirements, target)
        (target / ".built").touch()
    return target


def _build_runtime() -> Path:
    target = WORK / f"runtime-{_digest(RUNTIME_REQUIREMENTS)}"
    if not (target / ".built").exists():
        shutil.rmtree(target, ignore_errors=True)
        _pip_target(RUNTIME_REQUIREMENTS, target)
        compileall.compile_dir(str(target), quiet=1, workers=2)  # the runtime's modules carry byte code
        (target / ".built").touch()
    return target


def layer_build_method(template_text: str) -> str:
    """The SharedLayer's Metadata BuildMethod in template.yaml (`makefile` or a runtime like python3.11)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    document = yaml.load(template_text, Loader=Loader)
    for resource in (document.get("Resources") or {}).values():
        if resource.get("Type") == "AWS::Serverless::LayerVersion":
            return str((resource.get("Metadata") or {}).get("BuildMethod", "none"))
    return "none"


def _build_layer(method: str) -> Path:
    layers = ROOT / "layers"
    requirements = layers / "requirements.txt"
    cached = WORK / f"layer-deps-{_digest(requirements)}"
    target = WORK / "layer"
    shutil.rmtree(target, ignore_errors=True)
    if method == "makefile":
        target.mkdir(parents=True)
        subprocess.run(
            ["make", "-C", str(layers), "build-SharedLayer", f"ARTIFACTS_DIR={target}",
             f"PYTHON={sys.executable}"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        return target
    if not (cached / ".built").exists():  # sam's python builder: dependencies + source, no byte code
        shutil.rmtree(cached, ignore_errors=True)
        _pip_target(requirements, cached / "python")
        (cached / ".built").touch()
    shutil.copytree(cached, target, ignore=shutil.ignore_patterns(".built"))
    shutil.copytree(layers / "soulseer", target / "python" / "soulseer", ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _has_pyc(root: Path) -> bool:
    return any(root.rglob("*.pyc"))


def build() -> LambdaEnv:
    WORK.mkdir(parents=True, exist_ok=True)
    method = layer_build_method((ROOT / "template.yaml").read_text())
    runtime = _build_runtime()
    layer = _build_layer(method)
    return LambdaEnv(
        runtime=runtime,
        layer=layer,
        build_method=method,
        precompiled=_has_pyc(layer),
        botocore_in_layer=any((path / "botocore" / "__init__.py").exists() for path in layer.glob("python*")),
    )


def lambda_variables(function_name: str, memory_mb: int, task_root: Path, handler: str) -> dict[str, str]:
    """The variables the Lambda runtime sets for every function (besides the template's own)."""
    return {
        "AWS_LAMBDA_FUNCTION_NAME": function_name,
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(memory_mb),
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{function_name}",
        "AWS_LAMBDA_LOG_STREAM_NAME": "2026/12/01/[$LATEST]0123456789abcdef",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.11",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "ASIAEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "example",
        "AWS_SESSION_TOKEN": "example",
        "AWS_XRAY_DAEMON_ADDRESS": "169.254.79.129:2000",
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        "_AWS_XRAY_DAEMON_ADDRESS": "169.254.79.129",
        "_AWS_XRAY_DAEMON_PORT": "2000",
        "LAMBDA_TASK_ROOT": str(task_root),
        "LAMBDA_RUNTIME_DIR": "/var/runtime",
        "_HANDLER": handler,
        "TZ": ":UTC",
        "LANG": "en_US.UTF-8",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    }
