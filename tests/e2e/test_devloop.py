"""What a developer's loop needs from `soulseer dev`: overlapping requests all answered, a frame nested
too deep for any parser leaves the connection working, Ctrl-C stops everything within 5 s, and a restart
on the same ports right after works (TIME_WAIT sockets do not block it)."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import aiohttp
import pytest
import requests

from tests.e2e.conftest import LocalCloud, clean_env, free_ports
from tests.support.localcloud import DevPorts, dev_command

pytestmark = pytest.mark.e2e
STOP_LIMIT_SECONDS = 5.0


def test_overlapping_requests_to_the_api_are_all_answered(local_cloud: LocalCloud) -> None:
    token = local_cloud.token("user_e2e_overlap", "client")
    paths = ["/api/readers", "/api/me", "/api/payments/balance", "/api/readers?specialty=tarot"] * 6

    def get(path: str) -> tuple[str, int]:
        response = requests.get(local_cloud.url(path), headers={"Authorization": f"Bearer {token}"}, timeout=30)
        return path, response.status_code

    with ThreadPoolExecutor(max_workers=len(paths)) as pool:
        answers = list(pool.map(get, paths))
    assert answers == [(path, 200) for path in paths]


def test_a_frame_nested_too_deep_then_a_normal_action_is_still_answered(local_cloud: LocalCloud) -> None:
    token = local_cloud.token("user_e2e_deep_frame", "client")

    async def scenario() -> list[dict[str, object]]:
        async with aiohttp.ClientSession() as session:
            ws = await session.ws_connect(f"{local_cloud.websocket_url}?token={token}")
            await ws.send_str('{"action": "heartbeat", "x": ' + "[" * 15_000 + "]" * 15_000 + "}")
            await ws.send_str(json.dumps({"action": "heartbeat"}))
            received: list[dict[str, object]] = []
            while not any(m.get("event") == "heartbeat" for m in received):
                message = await ws.receive(timeout=15)
                assert message.type is aiohttp.WSMsgType.TEXT, message
                received.append(json.loads(message.data))
            await ws.close()
            return received

    received = asyncio.run(scenario())
    assert received[-1]["event"] == "heartbeat"
    assert len(received) <= 2  # at most one answer (an error) to the deep frame before it


def _boot(base: Path, ports: DevPorts) -> tuple[subprocess.Popen[bytes], Path]:
    state_dir = base / "state"
    args = dev_command(state_dir, ports, "--no-seed")
    log = base / f"dev-{time.monotonic_ns()}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT, env=clean_env(), cwd=base)
    deadline = time.monotonic() + 60
    while True:  # the first answer of the API means the whole cloud is up
        try:
            requests.get(f"http://127.0.0.1:{ports.api}/", timeout=2)
            break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"soulseer dev did not boot (exit {process.poll()}):\n{log.read_text()}")
        time.sleep(0.1)
    assert (state_dir / "state.json").exists(), log.read_text()
    return process, log


def _use(ports: DevPorts, token_url: str) -> None:
    """Traffic on every server, so that closed connections leave TIME_WAIT sockets on the ports."""
    port, _, issuer_port, stripe_port, ws_port, web_port = ports
    assert requests.get(f"http://127.0.0.1:{port}/api/readers", timeout=20).status_code == 200
    assert requests.get(f"http://127.0.0.1:{web_port}/config.json", timeout=5).status_code == 200
    assert requests.get(f"http://127.0.0.1:{ws_port}/dev", timeout=5).status_code == 426  # not an upgrade
    assert requests.get(f"http://127.0.0.1:{issuer_port}/dev/users", timeout=5).status_code == 200
    assert requests.get(f"http://127.0.0.1:{stripe_port}/v1/charges", timeout=5).status_code == 401
    assert requests.post(token_url, json={"user_id": "user_e2e_restart"}, timeout=5).status_code == 200


def _interrupt(process: subprocess.Popen[bytes], log: Path) -> float:
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        pytest.fail(f"soulseer dev ignored SIGINT:\n{log.read_text()}")
    return time.monotonic() - started


def test_ctrl_c_stops_within_5_s_and_a_restart_on_the_same_ports_works(tmp_path: Path) -> None:
    ports = DevPorts(*free_ports(6))
    token_url = f"http://127.0.0.1:{ports.issuer}/dev/token"
    first, log = _boot(tmp_path, ports)
    try:
        _use(ports, token_url)
    finally:
        took = _interrupt(first, log)
    assert took < STOP_LIMIT_SECONDS, log.read_text()
    assert not (tmp_path / "state" / "state.json").exists()
    second, log = _boot(tmp_path, ports)  # at once: the sockets of the first run are still in TIME_WAIT
    try:
        _use(ports, token_url)
    finally:
        took = _interrupt(second, log)
    assert took < STOP_LIMIT_SECONDS, log.read_text()
    assert "already in use" not in log.read_text()
