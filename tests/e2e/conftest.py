"""The local cloud booted as a user boots it: `soulseer dev` in a subprocess on free loopback ports."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.localcloud import CLI, ROOT, DevPorts, clean_env, dev_command, free_ports, running_dev

BOOT_TIMEOUT_SECONDS = 120  # a loaded CI machine: the boot cold-starts several functions
PRESENCE_GRACE_SECONDS = 2


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


@pytest.fixture(scope="session")
def local_cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    base = tmp_path_factory.mktemp("soulseer-dev")
    state_dir, log = base / "state", base / "dev.log"
    ports = DevPorts(*free_ports(6))
    options = ["--tick-seconds", "1", "--param", f"PresenceGraceSeconds={PRESENCE_GRACE_SECONDS}"]
    with running_dev(
        dev_command(state_dir, ports, *options),
        state_dir=state_dir,
        log=log,
        cwd=base,
        ready_url=f"http://127.0.0.1:{ports.api}/",
        boot_timeout=BOOT_TIMEOUT_SECONDS,
        stop_signal=signal.SIGTERM,
        stop_timeout=20,
    ) as state:
        yield LocalCloud(state_dir=state_dir, state=state)
