"""`soulseer dev` as a developer restarts it: the first answer of the API means the cloud is up (state
written, demo readers online); a client's balance, history, Stripe objects and uploads (a seller's product
image as served at /media/, a digital product's file) survive a restart
(SIGTERM or Ctrl-C); `--fresh` starts empty; a port in use stops the boot with one clear message and nothing else."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests
import stripe

from soulseer_tools.localcloud.seed import demo_online_readers
from tests.e2e.conftest import LocalCloud
from tests.e2e.peers import RoomClient, api, funded_client
from tests.support.localcloud import CLI, ROOT, DevPorts, clean_env, dev_command, free_ports

pytestmark = pytest.mark.e2e
BOOT_SECONDS = 120
CLIENT = "user_e2e_keeps_data"


@contextmanager
def booted(tmp_path: Path, ports: DevPorts, stop: signal.Signals, *options: str) -> Iterator[dict[str, Any]]:
    """Boots `soulseer dev` and yields at the first answer of its API, as a tool polling it would; checks
    that the cloud is up by then: state.json written, the online demo readers listed online."""
    state_dir = tmp_path / "state"
    log = tmp_path / f"dev-{time.monotonic_ns()}.log"
    with log.open("wb") as output:
        args = dev_command(state_dir, ports, "--tick-seconds", "1", *options)
        process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT, env=clean_env(), cwd=tmp_path)
    stopping = _stopper(process, stop, log)
    try:
        deadline = time.monotonic() + BOOT_SECONDS
        while True:
            try:
                first = requests.get(f"http://127.0.0.1:{ports.api}/api/readers", timeout=10)
                break
            except requests.ConnectionError:
                assert process.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.05)
        assert first.status_code == 200, first.text
        assert (state_dir / "state.json").exists(), "the API answered before the state was written"
        online = {r["reader_id"] for r in first.json()["items"] if r["status"] == "online"}
        assert online == set(demo_online_readers()), first.json()
        yield {"state_dir": state_dir, "log": log, "gateway": f"http://127.0.0.1:{ports.api}", "stop": stopping}
    finally:
        stopping()


def _stopper(process: subprocess.Popen[bytes], stop: signal.Signals, log: Path) -> Callable[[], None]:
    def stopping() -> None:
        if process.poll() is not None:
            return
        process.send_signal(stop)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            pytest.fail(f"soulseer dev ignored {stop.name}:\n{log.read_text()}")

    return stopping


def token(state_dir: Path, role: str | None = "client", user: str = CLIENT) -> str:
    """`soulseer dev token` right after the first answer: it works at once."""
    args = [*CLI, "dev", "token", "--user", user, "--state-dir", str(state_dir)] + (["--role", role] if role else [])
    done = subprocess.run(args, capture_output=True, text=True, env=clean_env(), cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def get(cloud: dict[str, Any], path: str, bearer: str) -> Any:
    response = requests.get(cloud["gateway"] + path, headers={"Authorization": f"Bearer {bearer}"}, timeout=20)
    assert response.status_code == 200, response.text
    return response.json()


def stripe_client(ports: DevPorts) -> stripe.StripeClient:
    return stripe.StripeClient("sk_test_soulseer_local", base_addresses={"api": f"http://127.0.0.1:{ports.stripe}"})


def top_up(cloud: dict[str, Any], ports: DevPorts, bearer: str, cents: int, balance: int) -> str:
    response = requests.post(
        cloud["gateway"] + "/api/payments/add-balance",
        json={"amount_cents": cents},
        headers={"Authorization": f"Bearer {bearer}"},
        timeout=20,
    )
    assert response.status_code == 200, response.text
    intent = str(response.json()["payment_intent_id"])
    stripe_client(ports).v1.payment_intents.confirm(intent, params={"payment_method": "pm_card_visa"})
    deadline = time.monotonic() + 30  # the signed webhook credits it
    while get(cloud, "/api/payments/balance", bearer)["balance_cents"] != balance:
        assert time.monotonic() < deadline, "the top-up was never credited"
        time.sleep(0.1)
    return intent


def s3(state_dir: Path) -> Any:
    moto_url = json.loads((state_dir / "state.json").read_text())["moto_url"]
    return boto3.client(
        "s3", endpoint_url=moto_url, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )


PHOTO = b"\x89PNG\r\n\x1a\n not really a photo"
SELLER = "user_demo_reader_1"
WORKBOOK = b"%PDF-1.4\n% kept across restarts\n%%EOF\n"


def a_png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (400, 300), (40, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(cloud: dict[str, Any], bearer: str, purpose: str, product_id: str, body: bytes, content_type: str) -> None:
    """What the web app does: `POST /api/uploads`, then the file to S3 with the presigned form."""
    answer = requests.post(
        cloud["gateway"] + "/api/uploads",
        json={"purpose": purpose, "product_id": product_id, "content_type": content_type, "size": len(body)},
        headers={"Authorization": f"Bearer {bearer}"},
        timeout=20,
    )
    assert answer.status_code == 200, answer.text
    form = answer.json()
    stored = requests.post(form["url"], data=form["fields"], files={"file": ("f", body, content_type)}, timeout=20)
    assert stored.status_code in (200, 201, 204), stored.text


def uploaded_product(cloud: dict[str, Any]) -> dict[str, Any]:
    """The seller's digital demo product once its image and file are both processed by the media function."""
    deadline = time.monotonic() + 60
    while True:
        (product,) = [
            p for p in get_public(cloud, f"/api/products?reader_id={SELLER}")["items"] if p["kind"] == "digital"
        ]
        if product["image"] and product["has_file"]:
            return product
        assert time.monotonic() < deadline, product
        time.sleep(0.2)


def sellers_digital_product(cloud: dict[str, Any]) -> dict[str, Any]:
    items = get_public(cloud, f"/api/products?reader_id={SELLER}")["items"]
    (product,) = [p for p in items if p["kind"] == "digital"]
    return dict(product)


def get_public(cloud: dict[str, Any], path: str) -> Any:
    response = requests.get(cloud["gateway"] + path, timeout=20)
    assert response.status_code == 200, response.text
    return response.json()


def web_url(cloud: dict[str, Any]) -> str:
    return str(json.loads((cloud["state_dir"] / "state.json").read_text())["web_url"])


def history(cloud: dict[str, Any], bearer: str) -> list[tuple[str, int]]:
    rows = get(cloud, "/api/payments/transactions", bearer)["items"]
    return [(row["type"], row["amount_cents"]) for row in rows]


def test_the_first_answer_means_ready_and_the_data_survives_a_restart(tmp_path: Path) -> None:
    ports = DevPorts(*free_ports(6))
    with booted(tmp_path, ports, signal.SIGTERM) as cloud:
        bearer = token(cloud["state_dir"])
        assert get(cloud, "/api/me", bearer)["role"] == "client"
        intent = top_up(cloud, ports, bearer, 2500, balance=2500)
        ratings = {r["reader_id"]: r["rating"]["count"] for r in get(cloud, "/api/readers", bearer)["items"]}
        bucket = s3(cloud["state_dir"]).list_buckets()["Buckets"][0]["Name"]  # an upload, as the front stores it
        s3(cloud["state_dir"]).put_object(Bucket=bucket, Key="photos/a.png", Body=PHOTO, ContentType="image/png")
        seller = token(cloud["state_dir"], "reader", user=SELLER)
        (digital,) = [
            p for p in get_public(cloud, f"/api/products?reader_id={SELLER}")["items"] if p["kind"] == "digital"
        ]
        upload(cloud, seller, "product-image", digital["product_id"], a_png(), "image/png")
        upload(cloud, seller, "product-file", digital["product_id"], WORKBOOK, "application/pdf")
        product = uploaded_product(cloud)
        image = requests.get(web_url(cloud) + product["image"]["medium"], timeout=20)
        assert image.status_code == 200 and image.headers["Content-Type"] == "image/webp"

    with booted(tmp_path, ports, signal.SIGINT) as cloud:
        bearer = token(cloud["state_dir"], role=None)  # the role was kept too
        assert get(cloud, "/api/me", bearer)["role"] == "client"
        assert get(cloud, "/api/payments/balance", bearer)["balance_cents"] == 2500
        assert history(cloud, bearer) == [("topup", 2500)]
        kept = stripe_client(ports).v1.payment_intents.retrieve(intent)
        assert kept.status == "succeeded" and kept.amount == 2500
        customer = stripe_client(ports).v1.customers.retrieve(str(kept.customer))
        assert customer.metadata["user_id"] == CLIENT
        kept_photo = s3(cloud["state_dir"]).get_object(Bucket=bucket, Key="photos/a.png")
        assert kept_photo["Body"].read() == PHOTO and kept_photo["ContentType"] == "image/png"
        assert uploaded_product(cloud) == product  # its image and file are still recorded on it
        served = requests.get(web_url(cloud) + product["image"]["medium"], timeout=20)
        assert served.status_code == 200 and served.content == image.content  # the web app still serves it
        files = s3(cloud["state_dir"]).list_objects_v2(
            Bucket=bucket, Prefix=f"uploads/product-file/{product['product_id']}/"
        )
        (kept_file,) = files["Contents"]
        assert s3(cloud["state_dir"]).get_object(Bucket=bucket, Key=kept_file["Key"])["Body"].read() == WORKBOOK
        # the demo data was not seeded a second time over the kept one
        assert {r["reader_id"]: r["rating"]["count"] for r in get(cloud, "/api/readers", bearer)["items"]} == ratings
        top_up(cloud, ports, bearer, 5500, balance=8000)  # a second top-up after a Ctrl-C stop is kept as well
        assert "items restored" in cloud["log"].read_text()

    with booted(tmp_path, ports, signal.SIGTERM) as cloud:
        bearer = token(cloud["state_dir"], role=None)
        assert get(cloud, "/api/payments/balance", bearer)["balance_cents"] == 8000

    with booted(tmp_path, ports, signal.SIGTERM, "--fresh") as cloud:
        bearer = token(cloud["state_dir"])
        assert get(cloud, "/api/payments/balance", bearer)["balance_cents"] == 0
        assert history(cloud, bearer) == []
        with pytest.raises(stripe.InvalidRequestError):
            stripe_client(ports).v1.payment_intents.retrieve(intent)
        assert s3(cloud["state_dir"]).list_objects_v2(Bucket=bucket).get("KeyCount") == 0


def test_a_reading_active_at_a_restart_stays_in_history_and_the_reconciler_ends_it(tmp_path: Path) -> None:
    """moto's executions do not survive: the reconciler (every minute) restarts a reading whose loop is gone
    or, silent for more than six ticks as here (1 s ticks), ends it as a billing error; nothing unpaid."""
    ports = DevPorts(*free_ports(6))
    reader_id = "user_e2e_restart_reader"
    with booted(tmp_path, ports, signal.SIGTERM) as cloud:
        local = LocalCloud(cloud["state_dir"], json.loads((cloud["state_dir"] / "state.json").read_text()))
        reader = local.token(reader_id, "reader")
        rates = {"chat_cents": 100, "voice_cents": 100, "video_cents": 100}
        api(local, "PUT", "/api/readers/profile", reader, {"display_name": "Restart Reader", "rates": rates})
        client = funded_client(local, "user_e2e_restart_client", 1000)

        async def active_at_the_stop() -> str:
            reader_ws = await RoomClient.connect(local.websocket_url, reader)
            client_ws = await RoomClient.connect(local.websocket_url, client)
            await asyncio.to_thread(api, local, "PUT", "/api/readers/status", reader, {"status": "online"})
            started = await asyncio.to_thread(
                api, local, "POST", "/api/sessions/start", client, {"reader_id": reader_id, "type": "chat"}
            )
            session_id = str(started["session"]["session_id"])
            await reader_ws.send("accept-reading", session_id=session_id)
            await client_ws.send("join-reading", session_id=session_id)
            await client_ws.expect("user-joined", role="client")
            await reader_ws.send("join-reading", session_id=session_id)
            await reader_ws.expect("user-joined", role="reader")
            deadline = time.monotonic() + 60  # the free intro minutes, then a paid one (1 s each)
            while (await asyncio.to_thread(api, local, "GET", f"/api/sessions/{session_id}", client))[
                "paid_minutes"
            ] < 1:
                assert time.monotonic() < deadline, "the reading never billed"
                await asyncio.sleep(0.2)
            await asyncio.to_thread(cloud["stop"])  # stopped while both are in the reading
            for peer in (reader_ws, client_ws):
                with contextlib.suppress(Exception):
                    await peer.close()
            return session_id

        session_id = asyncio.run(active_at_the_stop())

    with booted(tmp_path, ports, signal.SIGTERM) as cloud:
        local = LocalCloud(cloud["state_dir"], json.loads((cloud["state_dir"] / "state.json").read_text()))
        client = local.token("user_e2e_restart_client")
        assert session_id in [row["session_id"] for row in api(local, "GET", "/api/sessions", client)["items"]]
        deadline = time.monotonic() + 150  # the reconciler's first run is a minute after the boot
        while (reading := api(local, "GET", f"/api/sessions/{session_id}", client))["status"] != "ended":
            assert time.monotonic() < deadline, f"the reading was never reconciled: {reading}"
            time.sleep(0.5)
        assert reading["end_reason"] == "billing_error"
        paid = int(reading["paid_minutes"])
        assert paid >= 1 and reading["minutes"] == paid + 3  # three free intro minutes, the rest paid
        assert api(local, "GET", "/api/payments/balance", client)["balance_cents"] == 1000 - 100 * paid
        assert api(local, "GET", f"/api/readers/{reader_id}", client)["status"] != "busy"
        audit = local.cli("audit")
        assert audit.returncode == 0 and "ledger audit: CLEAN" in audit.stdout, audit.stdout + audit.stderr


def test_a_port_in_use_stops_the_boot_with_the_message_alone(tmp_path: Path) -> None:
    ports = DevPorts(*free_ports(6))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", ports.issuer))
        taken.listen()
        done = subprocess.run(
            dev_command(tmp_path / "state", ports, "--no-seed"),
            capture_output=True,
            text=True,
            env=clean_env(),
            cwd=tmp_path,
            timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr.strip() == f"soulseer dev: 127.0.0.1:{ports.issuer} is already in use (another `soulseer dev`?)"
    assert done.stdout == ""


def test_saved_data_that_does_not_fit_stops_the_boot_and_is_left_as_it_was(tmp_path: Path) -> None:
    saved = tmp_path / "state" / "data" / "dynamodb.json"
    saved.parent.mkdir(parents=True)
    saved.write_text('{"tables": {"soulseer-dev-users": [{"no_such_key": {"S": "x"}}]}}')
    done = subprocess.run(
        dev_command(tmp_path / "state", DevPorts(*free_ports(6)), "--no-seed"),
        capture_output=True,
        text=True,
        env=clean_env(),
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(f"soulseer dev: {saved} could not be restored (")
    assert done.stderr.strip().endswith("`--fresh` starts empty")
    assert saved.read_text() == '{"tables": {"soulseer-dev-users": [{"no_such_key": {"S": "x"}}]}}'
