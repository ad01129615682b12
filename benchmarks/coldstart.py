"""Cold init per function as a ratio to a bare `import boto3` process, measured in interleaved pairs.

A round runs a bare process (the runtime's boto3 imported), then each function's init (its handler module
imported as Lambda's bootstrap does) followed by another bare process, all as fresh `python -S -B`
processes in the Lambda-like environment of `lambda_env`, with the Lambda runtime's variables and the
function's template variables. A function's init over the mean of the two bare runs beside it is one
sample (A, B, A, B, ...: each B between two A's); the report gives their median and spread."""

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
    for function, probe, env, _ in plans:  # warm the page cache; fail early on an import error
        _run(probe, env, function.code_uri)
    samples: dict[str, dict[str, list[float]]] = {
        f.logical_id: {"ratio": [], "bare_ms": [], "init_ms": [], "import_ms": [], "bare_import_ms": []}
        for f, *_ in plans
    }
    # one round: bare, f1, bare, f2, ..., fn, bare; each function against the mean of the bare runs on
    # either side of it (n + 1 processes a round instead of 2n); every other round in reverse order
    for round_number in range(pairs):
        order = plans if round_number % 2 == 0 else plans[::-1]
        before = _run(bare_probe, order[0][3], order[0][0].code_uri)
        for function, probe, env, bare_env in order:
            wall, imported = _run(probe, env, function.code_uri)
            after = _run(bare_probe, bare_env, function.code_uri)
            bare_wall, bare_import = (before[0] + after[0]) / 2, (before[1] + after[1]) / 2
            s = samples[function.logical_id]
            s["ratio"].append(wall / bare_wall)
            s["bare_ms"].append(bare_wall)
            s["init_ms"].append(wall)
            s["import_ms"].append(imported)
            s["bare_import_ms"].append(bare_import)
            before = after
    result: dict[str, Any] = {
        "pairs": pairs,
        "interleaving": "bare, f1, bare, f2, ... bare; each function over the mean of its neighbours",
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
