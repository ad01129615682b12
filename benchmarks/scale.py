"""Scale run: N concurrent readings billing at short ticks on the local cloud.

Readers and clients are made in the local tables, every reading is started over REST and joined by both
participants over the WebSocket API, billing runs for a while, then every client ends its reading.
Checked afterwards from the ledger: each reading's charges are minutes 1..n with none missing and none
twice, the client's balance fell by exactly rate x paid minutes, and the lateness of each tick (the gap
between consecutive charges minus the tick) has its p50/p95 reported."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks.stats import summary

RATE_CENTS = 100
FUNDS_CENTS = 100_000
JOINS_AT_ONCE = 8  # readings activating together; billing of the earlier ones runs meanwhile
JOIN_TIMEOUT_SECONDS = 180
LOG = Path(__file__).resolve().parent / ".lambda" / "scale-localcloud.log"


async def _start(http: aiohttp.ClientSession, cloud: Any, token: str, reader_id: str) -> str:
    async with http.post(
        cloud.url("/api/sessions/start"),
        json={"reader_id": reader_id, "type": "chat"},
        headers={"Authorization": f"Bearer {token}"},
    ) as response:
        body = await response.json()
        if response.status != 200:
            raise RuntimeError(f"start -> {response.status} {body}")
        return str(body["session"]["session_id"])


async def _scenario(cloud: Any, tokens: list[tuple[str, str, str]], seconds: float) -> dict[str, Any]:
    from tests.e2e.peers import RoomClient

    connector = aiohttp.TCPConnector(limit=16)
    async with aiohttp.ClientSession(connector=connector) as http:
        # one at a time: the local cloud runs overlapping requests of one function in threads of one
        # process, and Powertools' resolver keeps the current event in shared state (DESIGN, measured facts)
        sessions = [await _start(http, cloud, client_token, reader_id) for reader_id, client_token, _ in tokens]
    rooms: list[tuple[str, RoomClient, RoomClient]] = []
    connecting = asyncio.Semaphore(JOINS_AT_ONCE)

    async def connect(session_id: str, client_token: str, reader_token: str) -> None:
        async with connecting:
            client = await RoomClient.connect(cloud.websocket_url, client_token)
            reader = await RoomClient.connect(cloud.websocket_url, reader_token)
            rooms.append((session_id, client, reader))

    try:
        await asyncio.gather(
            *(
                connect(session_id, client, reader)
                for session_id, (_, client, reader) in zip(sessions, tokens, strict=True)
            )
        )

        joining = asyncio.Semaphore(JOINS_AT_ONCE)

        async def join(session_id: str, client: RoomClient, reader: RoomClient) -> None:
            async with joining:
                await client.send("join-reading", session_id=session_id)
                try:
                    await client.expect("user-joined", role="client", timeout=JOIN_TIMEOUT_SECONDS)
                except TimeoutError:
                    raise RuntimeError(f"{session_id}: no join ack; events {client.events[-3:]}") from None
                await reader.send("join-reading", session_id=session_id)
                await client.expect("user-joined", role="reader", timeout=JOIN_TIMEOUT_SECONDS)

        await asyncio.gather(*(join(*room) for room in rooms))
        await asyncio.sleep(seconds)
        for session_id, client, _ in rooms:
            await client.send("end-session", session_id=session_id)

        async def ended_for(client: RoomClient) -> bool:
            try:
                await client.expect("session-ended", timeout=60)
                return True
            except TimeoutError:
                return False

        ended = sum(await asyncio.gather(*(ended_for(client) for _, client, _ in rooms)))
    finally:
        for _, client, reader in rooms:
            await client.close()
            await reader.close()
    return {"sessions": sessions, "ended": ended}


def _charges(entries: Any, client_account: str, session_id: str) -> dict[int, list[datetime]]:
    """The reading's charges from the client's ledger: minute -> when each charge of it was posted."""
    charges: dict[int, list[datetime]] = {}
    for entry in entries.query(client_account, consistent_read=True):
        prefix, _, rest = str(entry.movement_id).partition(f"charge:{session_id}:")
        if prefix == "" and rest:
            at = datetime.fromisoformat(str(entry.position).split("#", 1)[0])
            charges.setdefault(int(rest), []).append(at)
    return charges


def _check(session_ids: list[str], clients: dict[str, str], tick: int) -> dict[str, Any]:
    from soulseer import ledger
    from soulseer.models import LedgerEntryModel
    from soulseer.readings.lifecycle import load

    lateness: list[float] = []
    missed = doubled = wrong_balance = still_active = 0
    minutes_total = 0
    for session_id in session_ids:
        for _ in range(20):  # a snapshot no tick moved meanwhile (a reading not ended may still be billing)
            session = load(session_id)
            client_account = ledger.client_balance(session.client_id)
            charges = _charges(LedgerEntryModel, client_account, session_id)
            balance = ledger.balance_of(client_account)
            again = load(session_id)
            if (again.paid_minutes, again.minutes) == (session.paid_minutes, session.minutes):
                break
            time.sleep(0.5)
        still_active += session.status == "active"
        minutes = int(session.paid_minutes)
        minutes_total += minutes
        missed += len(set(range(1, minutes + 1)) - set(charges))
        doubled += sum(len(times) - 1 for times in charges.values()) + len(set(charges) - set(range(1, minutes + 1)))
        wrong_balance += balance != FUNDS_CENTS - RATE_CENTS * minutes
        times = [min(charges[m]) for m in sorted(charges)]
        lateness += [(b - a).total_seconds() - tick for a, b in itertools.pairwise(times)]
    return {
        "billed_minutes": minutes_total,
        "missed_minutes": missed,
        "double_minutes": doubled,
        "wrong_balances": wrong_balance,
        "still_active": still_active,
        "tick_lateness_s": summary(lateness) if lateness else None,
    }


def measure(readings: int, tick_seconds: int = 2, seconds: float = 30.0) -> dict[str, Any]:
    from benchmarks.localcloud import booted, use_local_tables
    from soulseer_tools.dev_issuer import DevIssuer

    started = time.perf_counter()
    with booted(tick_seconds=tick_seconds, keep_log=LOG) as cloud:
        use_local_tables(cloud)
        from soulseer.models import UserModel
        from tests.support.readings import fund, make_reader

        issuer = DevIssuer(cloud.state_dir, cloud.state["issuer"])
        azp = cloud.state["authorized_party"]
        tokens, clients = [], {}
        for n in range(readings):
            reader_id, client_id = f"user_scale_reader_{n}", f"user_scale_client_{n}"
            make_reader(reader_id, rate_cents=RATE_CENTS)
            fund(client_id, FUNDS_CENTS, f"pi_scale_{n}")
            UserModel(client_id, role="client", intro_used=True).save()  # every minute is a paid one
            clients[client_id] = reader_id
            tokens.append((reader_id, issuer.mint(client_id, azp=azp), issuer.mint(reader_id, azp=azp)))
        outcome = asyncio.run(_scenario(cloud, tokens, seconds))
        time.sleep(tick_seconds)  # a tick in flight at the end finishes
        checked = _check(outcome["sessions"], clients, tick_seconds)
    return {
        "readings": readings,
        "tick_seconds": tick_seconds,
        "billing_seconds": seconds,
        "ended_cleanly": outcome["ended"],
        **checked,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    print(json.dumps(measure(int(os.environ.get("BENCH_READINGS", "5")), seconds=10), indent=1))
