"""Cold init per function as a ratio to a bare `import boto3` process, measured in interleaved pairs.

Each pair runs a bare process (the runtime's boto3 imported) and then the function's init (its handler
module imported as Lambda's bootstrap does), both as fresh `python -S -B` processes in the Lambda-like
environment of `lambda_env`, with the Lambda runtime's variables and the function's template variables.
The ratio of each pair's wall times is one sample; the report gives their median and spread."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import lambda_env
from benchmarks.stats import summary

PROBE = """
import sys, time
sys.path[0:0] = {paths!r}
start = time.perf_counter()
import importlib
importlib.import_module({module!r})
print(round((time.perf_counter() - start) * 1000, 2))
"""


def _run(code: str, env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(process wall ms, in-process import ms)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-S", "-B", "-c", code], env=env, cwd=cwd, capture_output=True, text=True, timeout=60
    )
    wall = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"init failed in {cwd}:\n{done.stderr[-3000:]}")
    return wall, float(done.stdout.strip().splitlines()[-1])


def measure(template: Any, pairs: int) -> dict[str, Any]:
    env_built = lambda_env.build()
    functions = sorted(template.functions.values(), key=lambda f: f.logical_id)
    bare_probe = PROBE.format(paths=[str(env_built.runtime)], module="boto3")
    plans = []
    for function in functions:
        task_root = function.code_uri
        module, _, _ = function.handler.rpartition(".")
        env = {
            **function.env,
            **lambda_env.lambda_variables(function.logical_id, function.memory_mb, task_root, function.handler),
        }
        probe = PROBE.format(paths=env_built.sys_path(task_root), module=module)
        bare_env = lambda_env.lambda_variables(function.logical_id, function.memory_mb, task_root, function.handler)
        plans.append((function, probe, env, bare_env))
    for function, probe, env, bare_env in plans:  # warm the page cache; fail early on an import error
        _run(bare_probe, bare_env, function.code_uri)
        _run(probe, env, function.code_uri)
    samples: dict[str, dict[str, list[float]]] = {
        f.logical_id: {"ratio": [], "bare_ms": [], "init_ms": [], "import_ms": [], "bare_import_ms": []}
        for f, *_ in plans
    }
    for _ in range(pairs):
        for function, probe, env, bare_env in plans:
            bare_wall, bare_import = _run(bare_probe, bare_env, function.code_uri)
            wall, imported = _run(probe, env, function.code_uri)
            s = samples[function.logical_id]
            s["ratio"].append(wall / bare_wall)
            s["bare_ms"].append(bare_wall)
            s["init_ms"].append(wall)
            s["import_ms"].append(imported)
            s["bare_import_ms"].append(bare_import)
    result: dict[str, Any] = {
        "pairs": pairs,
        "layer_build_method": env_built.build_method,
        "layer_precompiled": env_built.precompiled,
        "layer_ships_botocore": env_built.botocore_in_layer,
        "floor_ratio": 1.3,
        "functions": {},
    }
    for name, s in samples.items():
        result["functions"][name] = {key: summary(values) for key, values in s.items()}
    return result


if __name__ == "__main__":
    from soulseer_tools.localcloud.template import Template

    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    print(json.dumps(measure(Template(lambda_env.ROOT / "template.yaml", {"Stage": "dev"}), 3), indent=1))
