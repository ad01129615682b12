"""`soulseer dev` in a subprocess for tests (tests/e2e and tests/browser): free loopback ports, a clean
environment, and one boot loop that waits for the state file and a URL, then stops the cloud after."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "soulseer_tools.cli"]


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


class DevPorts(NamedTuple):
    """The loopback ports of one `soulseer dev`: `DevPorts(*free_ports(6))`."""

    api: int
    moto: int
    issuer: int
    stripe: int
    websocket: int
    web: int


def dev_command(state_dir: Path, ports: DevPorts, *options: str) -> list[str]:
    """`soulseer dev` on this checkout's template.yaml, writing `state_dir`, on `ports`, with `options`."""
    return [
        *CLI, "dev", "--template", str(ROOT / "template.yaml"), "--state-dir", str(state_dir),
        "--port", str(ports.api), "--moto-port", str(ports.moto), "--issuer-port", str(ports.issuer),
        "--stripe-port", str(ports.stripe), "--ws-port", str(ports.websocket), "--web-port", str(ports.web),
        *options,
    ]  # fmt: skip


def clean_env() -> dict[str, str]:
    """The developer's shell, not the test process's moto settings: nothing AWS-ish leaks in."""
    # PYTHONPATH too: the local cloud must run this checkout's code (a worktree sharing another
    # checkout's editable install would otherwise serve that checkout's layer).
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "PYTHONPATH")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _fail_with_log(process: subprocess.Popen[bytes], log: Path, reason: str) -> None:
    pytest.fail(f"soulseer dev {reason} (exit code {process.poll()}):\n{log.read_text(errors='replace')}")


@contextmanager
def running_dev(
    args: list[str],
    *,
    state_dir: Path,
    log: Path,
    cwd: Path,
    ready_url: str,
    boot_timeout: float,
    stop_signal: signal.Signals,
    stop_timeout: float,
) -> Iterator[dict[str, Any]]:
    """Starts `args` (a `soulseer dev` command line writing `state_dir`/state.json) with its output in `log`;
    yields the state once `ready_url` first answers (fails if the state file is not written by then); fails
    the test with the log if it exits or is not ready within `boot_timeout` s. After: `stop_signal`, then a
    kill if it outlives `stop_timeout`."""
    with log.open("wb") as output:
        process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT, env=clean_env(), cwd=cwd)
    try:
        deadline = time.monotonic() + boot_timeout
        state_file = state_dir / "state.json"
        while True:
            if process.poll() is not None:
                _fail_with_log(process, log, "exited during boot")
            try:
                requests.get(ready_url, timeout=2)
                break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                _fail_with_log(process, log, f"was not ready after {boot_timeout:g} s")
            time.sleep(0.1)
        if not state_file.exists():  # the first answer means ready: the state is written before it
            _fail_with_log(process, log, f"answered {ready_url} before writing {state_file}")
        yield json.loads(state_file.read_text())
    finally:
        if process.poll() is None:
            process.send_signal(stop_signal)
            try:
                process.wait(timeout=stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
