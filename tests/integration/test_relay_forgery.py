"""The relay cannot be used to forge server events: the event name is the action, `from` and
`session_id` are the server's, only the signaling payload travels, chat only through `chat-message`
(stored first); a demoted admin's open socket cannot end other people's readings."""

from __future__ import annotations

import pytest

from soulseer import users
from soulseer.readings import room
from soulseer.stores.readings import TranscriptModel
from tests.support.readings import events_of, pushed, send, session

pytestmark = pytest.mark.usefixtures("slow_minutes")


def names(connection_id: str) -> list[str]:
    return [event["event"] for event in pushed(connection_id)]


def test_a_client_cannot_make_the_reader_receive_session_ended(reading) -> None:
    sid = reading["sid"]
    forged = {"event": "session-ended", "summary": {"end_reason": "ended_by_reader"}, "from": "server"}
    send(reading["client"], "offer", session_id=sid, sdp={"type": "offer", "sdp": "v=0"}, **forged)
    (offer,) = events_of(reading["reader"], "offer")
    assert offer == {"event": "offer", "session_id": sid, "sdp": {"type": "offer", "sdp": "v=0"}, "from": "client"}
    assert "session-ended" not in names(reading["reader"])
    send(reading["client"], "session-ended", session_id=sid)  # not an action
    assert events_of(reading["client"], "error")[-1]["code"] == "unknown_action"
    assert "session-ended" not in names(reading["reader"]) and session(sid).status == "active"


def test_a_reader_cannot_make_the_client_receive_balance_low(reading) -> None:
    sid = reading["sid"]
    candidate = {"candidate": "candidate:1 1 udp 1 127.0.0.1 9 typ host", "sdpMid": "0", "sdpMLineIndex": 0}
    send(reading["reader"], "ice-candidate", session_id=sid, candidate=candidate, event="balance-low", minutes_left=0)
    (relayed,) = events_of(reading["client"], "ice-candidate")
    assert relayed == {"event": "ice-candidate", "session_id": sid, "candidate": candidate, "from": "reader"}
    assert "balance-low" not in names(reading["client"])
    sneaky = {**candidate, "event": "balance-low"}
    send(reading["reader"], "ice-candidate", session_id=sid, candidate=sneaky)
    assert events_of(reading["reader"], "error")[-1]["code"] == "invalid_message"
    send(reading["reader"], "answer", session_id=sid, sdp={"type": "balance-low", "sdp": "v=0"})
    assert events_of(reading["reader"], "error")[-1]["code"] == "invalid_message"
    assert names(reading["client"]).count("ice-candidate") == 1 and "balance-low" not in names(reading["client"])


def test_no_chat_message_bypasses_the_transcript(reading) -> None:
    sid = reading["sid"]
    send(reading["client"], "answer", session_id=sid, sdp="v=0", event="chat-message", text="you owe me", message_id=1)
    (answer,) = events_of(reading["reader"], "answer")
    assert set(answer) == {"event", "session_id", "sdp", "from"}
    assert events_of(reading["reader"], "chat-message") == [] and TranscriptModel.count(sid) == 0
    send(reading["client"], "chat-message", session_id=sid, text="hello")
    (chat,) = events_of(reading["reader"], "chat-message")
    assert [m.text for m in TranscriptModel.query(sid)] == ["hello"] and chat["message_id"] == 1


def test_signaling_payloads_are_bounded(reading) -> None:
    sid = reading["sid"]
    send(reading["client"], "offer", session_id=sid, sdp="v" * (room.SDP_MAX_CHARS + 1))
    send(reading["client"], "ice-candidate", session_id=sid, candidate="c" * (room.CANDIDATE_MAX_CHARS + 1))
    send(reading["client"], "ice-candidate", session_id=sid, candidate={"candidate": "c", "sdpMLineIndex": True})
    send(reading["client"], "offer", session_id=sid)
    assert [e["code"] for e in events_of(reading["client"], "error")] == ["invalid_message"] * 4
    assert "offer" not in names(reading["reader"]) and "ice-candidate" not in names(reading["reader"])


def test_a_demoted_admins_socket_cannot_end_other_peoples_readings(reading) -> None:
    users.set_role("boss", "admin")
    room.connect("conn-boss", "boss", "admin")  # the role stored at connect
    users.set_role("boss", "client")  # demoted while connected
    send("conn-boss", "end-session", session_id=reading["sid"])
    assert events_of("conn-boss", "error")[-1]["code"] == "session_not_found"
    assert session(reading["sid"]).status == "active"
    users.set_role("boss", "admin")
    send("conn-boss", "end-session", session_id=reading["sid"])
    assert session(reading["sid"]).end_reason == "ended_by_admin"
