"""The local cloud booted as a user boots it: `soulseer dev` in a subprocess on free loopback ports."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BOOT_TIMEOUT_SECONDS = 120  # a loaded CI machine: the boot cold-starts several functions
CLI = [sys.executable, "-m", "soulseer_tools.cli"]
PRESENCE_GRACE_SECONDS = 2


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def clean_env() -> dict[str, str]:
    """The developer's shell, not the test process's moto settings: nothing AWS-ish leaks in."""
    # PYTHONPATH too: the local cloud must run this checkout's code (a worktree sharing another
    # checkout's editable install would otherwise serve that checkout's layer).
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT", "PYTHONPATH")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class LocalCloud:
    state_dir: Path
    state: dict[str, Any]

    @property
    def gateway_url(self) -> str:
        return str(self.state["gateway_url"])

    def url(self, path: str) -> str:
        return self.gateway_url + path

    @property
    def websocket_url(self) -> str:
        return str(self.state["websocket_url"])

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """A `soulseer` command against this local cloud."""
        return subprocess.run(
            [*CLI, *args, "--state-dir", str(self.state_dir)],
            capture_output=True,
            text=True,
            env=clean_env(),
            cwd=ROOT,
            timeout=120,
        )

    def token(self, user: str, role: str | None = None, ttl: int = 3600) -> str:
        """A session token minted by `soulseer dev token` (which also sets the role when given)."""
        args = [*CLI, "dev", "token", "--user", user, "--ttl", str(ttl), "--state-dir", str(self.state_dir)]
        if role:
            args += ["--role", role]
        done = subprocess.run(args, capture_output=True, text=True, env=clean_env(), cwd=ROOT, timeout=60)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert len(lines) == 1, done.stdout
        return lines[0]


def _fail_with_log(process: subprocess.Popen[bytes], log: Path, reason: str) -> None:
    pytest.fail(f"soulseer dev {reason} (exit code {process.poll()}):\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def local_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    base = tmp_path_factory.mktemp("soulseer-dev")
    state_dir, log = base / "state", base / "dev.log"
    port, moto_port, issuer_port, stripe_port, ws_port, web_port = free_ports(6)
    args = [
        *CLI, "dev", "--template", str(ROOT / "template.yaml"), "--state-dir", str(state_dir),
        "--port", str(port), "--moto-port", str(moto_port), "--issuer-port", str(issuer_port),
        "--stripe-port", str(stripe_port), "--ws-port", str(ws_port), "--web-port", str(web_port),
        "--tick-seconds", "1", "--param", f"PresenceGraceSeconds={PRESENCE_GRACE_SECONDS}",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT, env=clean_env(), cwd=base)
    try:
        deadline = time.monotonic() + BOOT_TIMEOUT_SECONDS
        state_file = state_dir / "state.json"
        while True:
            if process.poll() is not None:
                _fail_with_log(process, log, "exited during boot")
            if state_file.exists():
                try:
                    requests.get(f"http://127.0.0.1:{port}/", timeout=2)
                    break
                except requests.ConnectionError:
                    pass
            if time.monotonic() > deadline:
                _fail_with_log(process, log, f"was not ready after {BOOT_TIMEOUT_SECONDS} s")
            time.sleep(0.2)
        yield LocalCloud(state_dir=state_dir, state=json.loads(state_file.read_text()))
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
