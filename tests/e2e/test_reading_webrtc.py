"""A paid reading end to end on `soulseer dev` with 1-second billing ticks: two aiortc peers (client and
reader) signal through SoulSeer's WebSocket API, open a WebRTC data channel, chat into the transcript,
are billed per tick, and both receive the summary when the reading ends; the ledger audits clean."""

from __future__ import annotations

import asyncio
from typing import Any

import aioice.ice
import pytest
from aiortc import RTCConfiguration, RTCDataChannel, RTCPeerConnection, RTCSessionDescription
from aiortc.sdp import candidate_from_sdp

from tests.e2e.conftest import LocalCloud
from tests.e2e.peers import RoomClient, api, funded_client, online_reader

pytestmark = pytest.mark.e2e

RATES = (199, 249, 299)  # chat, voice, video cents per minute; 299 * 70 // 100 = 209 per minute
TOP_UP_CENTS = 5000
PAID_MINUTES_AT_LEAST = 2  # after the free intro minutes (about five ticks in all)
HEARTBEAT_SECONDS = 1.0


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """aioice leaves 127.0.0.1 out of its host candidates; on loopback, it is the only one."""
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])


def peer_connection() -> RTCPeerConnection:
    return RTCPeerConnection(RTCConfiguration(iceServers=[]))  # no STUN: nothing leaves the machine


def split_candidates(sdp: str) -> tuple[str, list[str]]:
    """The SDP without its candidates (they travel as trickled `ice-candidate` messages instead)."""
    lines = sdp.splitlines()
    kept = [line for line in lines if not line.startswith(("a=candidate:", "a=end-of-candidates"))]
    candidates = [line[2:] for line in lines if line.startswith("a=candidate:")]
    return "\r\n".join(kept) + "\r\n", candidates


def channel_inbox(channel: RTCDataChannel) -> asyncio.Queue[str]:
    inbox: asyncio.Queue[str] = asyncio.Queue()
    channel.on("message", inbox.put_nowait)
    return inbox


async def wait_open(channel: RTCDataChannel) -> None:
    if channel.readyState != "open":
        opened = asyncio.Event()
        channel.on("open", opened.set)
        await asyncio.wait_for(opened.wait(), 15)


def test_paid_reading_with_webrtc_peers(local_cloud: LocalCloud) -> None:
    reader_token = online_reader(local_cloud, "user_e2e_rtc_reader", RATES)
    client_token = funded_client(local_cloud, "user_e2e_rtc_client", TOP_UP_CENTS)
    rate = RATES[2]
    earnings_before = api(local_cloud, "GET", "/api/payments/balance", reader_token)["earnings"]["pending_cents"]
    started = api(local_cloud, "POST", "/api/sessions/start", client_token,
                  {"reader_id": "user_e2e_rtc_reader", "type": "video"})  # fmt: skip
    session = started["session"]
    session_id = session["session_id"]
    assert session["rate_cents"] == rate and started["websocket_url"] == local_cloud.websocket_url

    async def scenario() -> dict[str, Any]:
        url = started["websocket_url"]
        # both heartbeat as the web client does, at the pace of these 1-second ticks so the loop sees them
        client = await RoomClient.connect(url, client_token, heartbeat_seconds=HEARTBEAT_SECONDS)
        reader = await RoomClient.connect(url, reader_token, heartbeat_seconds=HEARTBEAT_SECONDS)
        client_pc, reader_pc = peer_connection(), peer_connection()
        try:
            await client.send("join-reading", session_id=session_id)
            assert (await client.expect("user-joined", role="client"))["peer_present"] is False
            await reader.send("join-reading", session_id=session_id)  # after the client: ordered
            assert (await client.expect("user-joined", role="reader"))["peer_present"] is True
            assert (await reader.expect("user-joined", role="reader"))["peer_present"] is True

            # The client offers (candidates trickled separately); the reader answers through the room.
            channel = client_pc.createDataChannel("reading")
            client_inbox = channel_inbox(channel)
            await client_pc.setLocalDescription(await client_pc.createOffer())
            offer_sdp, candidates = split_candidates(client_pc.localDescription.sdp)
            assert candidates and all(" 127.0.0.1 " in c for c in candidates)
            await client.send("offer", session_id=session_id, sdp={"type": "offer", "sdp": offer_sdp})
            for line in candidates:
                trickled = {"candidate": line, "sdpMid": "0", "sdpMLineIndex": 0}
                await client.send("ice-candidate", session_id=session_id, candidate=trickled)

            offer = await reader.expect("offer")
            assert offer["from"] == "client" and "a=candidate" not in offer["sdp"]["sdp"]
            reader_channels: asyncio.Queue[RTCDataChannel] = asyncio.Queue()
            reader_pc.on("datachannel", reader_channels.put_nowait)
            await reader_pc.setRemoteDescription(RTCSessionDescription(**offer["sdp"]))
            await reader_pc.setLocalDescription(await reader_pc.createAnswer())
            answer = reader_pc.localDescription
            await reader.send("answer", session_id=session_id, sdp={"type": answer.type, "sdp": answer.sdp})
            for _ in candidates:
                received = (await reader.expect("ice-candidate", **{"from": "client"}))["candidate"]
                candidate = candidate_from_sdp(received["candidate"].split(":", 1)[1])
                candidate.sdpMid, candidate.sdpMLineIndex = received["sdpMid"], received["sdpMLineIndex"]
                await reader_pc.addIceCandidate(candidate)
            remote = reader_pc.sctp.transport.transport.getRemoteCandidates()
            assert {(c.ip, c.port) for c in remote} >= {(candidate.ip, candidate.port)}

            answered = await client.expect("answer")
            assert answered["from"] == "reader"
            await client_pc.setRemoteDescription(RTCSessionDescription(**answered["sdp"]))

            # The data channel carries messages both ways, peer to peer.
            reader_channel = await asyncio.wait_for(reader_channels.get(), 15)
            reader_inbox = channel_inbox(reader_channel)
            await wait_open(channel)
            await wait_open(reader_channel)
            channel.send("the cards, please")
            assert await asyncio.wait_for(reader_inbox.get(), 10) == "the cards, please"
            reader_channel.send("the Star, upright")
            assert await asyncio.wait_for(client_inbox.get(), 10) == "the Star, upright"
            assert client_pc.connectionState == reader_pc.connectionState == "connected"

            # Chat over the WebSocket lands in the transcript.
            await client.send("chat-message", session_id=session_id, text="What do you see?")
            assert (await reader.expect("chat-message"))["text"] == "What do you see?"
            await reader.send("chat-message", session_id=session_id, text="A journey, soon.")
            assert (await client.expect("chat-message"))["text"] == "A journey, soon."

            # Billing ticks every second; end once some minutes were paid.
            async def paid_minutes() -> int:
                view = await asyncio.to_thread(api, local_cloud, "GET", f"/api/sessions/{session_id}", client_token)
                return int(view["paid_minutes"])

            async with asyncio.timeout(30):
                while await paid_minutes() < PAID_MINUTES_AT_LEAST:
                    await asyncio.sleep(0.25)
            for peer in (client, reader):  # heartbeats were sent during the reading and answered
                assert peer.heartbeats >= 1 and await peer.expect("heartbeat")
            await client.send("end-session", session_id=session_id)
            ended = [await peer.expect("session-ended", timeout=15) for peer in (client, reader)]
            assert ended[0]["summary"] == ended[1]["summary"]
            return dict(ended[0]["summary"])
        finally:
            await client_pc.close()
            await reader_pc.close()
            await client.close()
            await reader.close()

    summary = asyncio.run(scenario())
    assert summary["session_id"] == session_id and summary["status"] == "ended"
    assert summary["end_reason"] == "ended_by_client"
    paid = summary["paid_minutes"]
    assert paid >= PAID_MINUTES_AT_LEAST
    assert summary["minutes"] == paid + session["free_minutes"]
    assert summary["total_cents"] == paid * rate
    assert summary["reader_share_cents"] == paid * (rate * 70 // 100)

    balance = api(local_cloud, "GET", "/api/payments/balance", client_token)
    assert balance["balance_cents"] == TOP_UP_CENTS - paid * rate
    earnings = api(local_cloud, "GET", "/api/payments/balance", reader_token)["earnings"]
    assert earnings["pending_cents"] - earnings_before == paid * (rate * 70 // 100)

    details = api(local_cloud, "GET", f"/api/sessions/{session_id}", reader_token)
    assert details["status"] == "ended" and details["paid_minutes"] == paid
    assert [(m["from"], m["text"]) for m in details["transcript"]] == [
        ("client", "What do you see?"),
        ("reader", "A journey, soon."),
    ]
    audit = local_cloud.cli("audit")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "ledger audit: CLEAN" in audit.stdout
