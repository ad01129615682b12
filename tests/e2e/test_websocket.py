"""The WebSocket API through `soulseer dev`: the real authorizer on $connect, the reading room's handlers,
relays and pushes through the local @connections API (GoneException included)."""

from __future__ import annotations

import asyncio

import boto3
import pytest

from soulseer_tools.dev_issuer import DevIssuer
from tests.e2e.conftest import LocalCloud
from tests.e2e.peers import RoomClient, api, funded_client, handshake_status, online_reader

pytestmark = pytest.mark.e2e


def test_state_file_names_the_websocket_api(local_cloud: LocalCloud) -> None:
    state = local_cloud.state
    assert state["websocket_url"].startswith("ws://127.0.0.1:") and state["websocket_url"].endswith("/dev")
    assert state["websocket_management_url"] == state["websocket_url"].replace("ws://", "http://")
    assert state["env"]["WEBSOCKET_URL"] == state["websocket_url"]
    assert state["env"]["WEBSOCKET_MANAGEMENT_URL"] == state["websocket_management_url"]


def test_handshake_needs_a_valid_token(local_cloud: LocalCloud) -> None:
    url = local_cloud.websocket_url
    expired = DevIssuer(local_cloud.state_dir, local_cloud.state["issuer"]).mint(
        "user_e2e_ws_expired", azp=local_cloud.state["authorized_party"], ttl_seconds=-120
    )

    async def statuses() -> list[int]:
        return [
            await handshake_status(url),
            await handshake_status(f"{url}?token="),
            await handshake_status(f"{url}?token=garbage"),
            await handshake_status(f"{url}?token=not.a.jwt"),
            await handshake_status(f"{url}?token={expired}"),
            await handshake_status(f"{url}?token={local_cloud.token('user_e2e_ws_valid')}"),
        ]

    assert asyncio.run(statuses()) == [401, 401, 401, 401, 401, 101]


def test_unknown_connections_are_gone(local_cloud: LocalCloud) -> None:
    client = boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=local_cloud.state["websocket_management_url"],
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with pytest.raises(client.exceptions.GoneException):
        client.post_to_connection(ConnectionId="bm90LWEtY29ubg=", Data=b"{}")


def test_reading_room_over_the_websocket(local_cloud: LocalCloud) -> None:
    reader_token = online_reader(local_cloud, "user_e2e_ws_reader", (150, 250, 350))
    client_token = funded_client(local_cloud, "user_e2e_ws_client", 2000)
    intruder_token = local_cloud.token("user_e2e_ws_intruder", "client")
    started = api(local_cloud, "POST", "/api/sessions/start", client_token,
                  {"reader_id": "user_e2e_ws_reader", "type": "chat"})  # fmt: skip
    session_id = started["session"]["session_id"]
    assert started["websocket_url"] == local_cloud.websocket_url
    assert started["session"]["status"] == "requested"

    async def scenario() -> None:
        url = local_cloud.websocket_url
        client = await RoomClient.connect(url, client_token)
        reader = await RoomClient.connect(url, reader_token)
        intruder = await RoomClient.connect(url, intruder_token)
        try:
            await client.send("join-reading", session_id=session_id)
            joined = await client.expect("user-joined", role="client")
            assert joined["peer_present"] is False and joined["status"] == "requested"

            await reader.send("join-reading", session_id=session_id)
            assert (await reader.expect("user-joined", role="reader"))["peer_present"] is True
            peer = await client.expect("user-joined", role="reader")
            assert peer["peer_present"] is True and peer["user_id"] == "user_e2e_ws_reader"
            details = await asyncio.to_thread(api, local_cloud, "GET", f"/api/sessions/{session_id}", client_token)
            assert details["status"] == "active"

            offer = {"type": "offer", "sdp": "v=0\r\n"}
            await client.send("offer", session_id=session_id, sdp=offer)
            relayed = await reader.expect("offer")
            assert relayed["sdp"] == offer and relayed["from"] == "client" and relayed["session_id"] == session_id
            candidate = {"candidate": "candidate:1 1 udp 1 127.0.0.1 9 typ host", "sdpMid": "0", "sdpMLineIndex": 0}
            await reader.send("ice-candidate", session_id=session_id, candidate=candidate)
            assert (await client.expect("ice-candidate"))["candidate"] == candidate

            await client.send("chat-message", session_id=session_id, text="Is anyone there?")
            chat = await reader.expect("chat-message")
            assert (chat["from"], chat["text"]) == ("client", "Is anyone there?")
            assert (await client.expect("chat-ack"))["message_id"] == chat["message_id"]

            await client.send("heartbeat")
            assert (await client.expect("heartbeat"))["at"] > 0
            await client.send("levitate", session_id=session_id)  # no such route: $default, then the room
            assert (await client.expect("error"))["code"] == "unknown_action"
            await client.ws.send_str("not json")
            assert (await client.expect("error"))["code"] == "invalid_message"

            await intruder.send("join-reading", session_id=session_id)
            assert (await intruder.expect("error"))["code"] == "session_not_found"
            await intruder.send("offer", session_id=session_id, sdp=offer)
            assert (await intruder.expect("error"))["code"] == "not_in_session"

            await client.close()  # the client drops: its connection is gone (410), never the reading's end
            await asyncio.sleep(0.3)
            await reader.send("offer", session_id=session_id, sdp=offer)
            assert (await reader.expect("error"))["code"] == "peer_not_connected"

            client = await RoomClient.connect(url, client_token)
            await client.send("join-reading", session_id=session_id)
            assert (await client.expect("user-joined", role="client"))["peer_present"] is True
            assert (await reader.expect("user-joined", role="client"))["status"] == "active"

            await reader.send("end-session", session_id=session_id)
            ended = [await peer.expect("session-ended") for peer in (client, reader)]
            assert ended[0]["summary"] == ended[1]["summary"]
            assert ended[0]["summary"]["status"] == "ended"
            assert ended[0]["summary"]["end_reason"] == "ended_by_reader"
        finally:
            for peer in (client, reader, intruder):
                await peer.close()

    asyncio.run(scenario())
    details = api(local_cloud, "GET", f"/api/sessions/{session_id}", client_token)
    assert [(m["from"], m["text"]) for m in details["transcript"]] == [("client", "Is anyone there?")]
