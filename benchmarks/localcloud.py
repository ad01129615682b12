"""`soulseer dev` booted as a user boots it (a subprocess on free loopback ports), for the relay and scale runs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from tests.e2e.conftest import CLI, ROOT, LocalCloud, clean_env, free_ports

BOOT_TIMEOUT_SECONDS = 90


@contextmanager
def booted(tick_seconds: int, keep_log: Path | None = None) -> Iterator[LocalCloud]:
    """`keep_log`: where the local cloud's log is copied when it stops (it lives in a temporary directory)."""
    with tempfile.TemporaryDirectory(prefix="soulseer-bench-") as base_name:
        base = Path(base_name)
        state_dir, log = base / "state", base / "dev.log"
        port, moto_port, issuer_port, stripe_port, ws_port = free_ports(5)
        args = [
            *CLI, "dev", "--template", str(ROOT / "template.yaml"), "--state-dir", str(state_dir),
            "--port", str(port), "--moto-port", str(moto_port), "--issuer-port", str(issuer_port),
            "--stripe-port", str(stripe_port), "--ws-port", str(ws_port), "--tick-seconds", str(tick_seconds),
        ]  # fmt: skip
        # the tree under test, not whatever checkout the environment's editable install points at
        env = {**clean_env(), "PYTHONPATH": os.pathsep.join(str(ROOT / part) for part in ("layers", "infra", "."))}
        with log.open("wb") as output:
            process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT, env=env, cwd=base)
        try:
            state_file = state_dir / "state.json"
            deadline = time.monotonic() + BOOT_TIMEOUT_SECONDS
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"soulseer dev did not come up:\n{log.read_text(errors='replace')[-3000:]}")
                if state_file.exists():
                    try:
                        requests.get(f"http://127.0.0.1:{port}/", timeout=2)
                        break
                    except requests.ConnectionError:
                        pass
                time.sleep(0.2)
            yield LocalCloud(state_dir=state_dir, state=json.loads(state_file.read_text()))
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if keep_log is not None:
                keep_log.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(log, keep_log)


def use_local_tables(cloud: LocalCloud) -> None:
    """This process talks to the local cloud's moto as the functions do (before soulseer is imported)."""
    if "soulseer.models" in sys.modules:
        raise RuntimeError("soulseer was imported before the local cloud's environment was set")
    os.environ.update({k: str(v) for k, v in cloud.state["env"].items()})
