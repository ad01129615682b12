"""ICE servers with coturn REST credentials, and the 70/30 split in integer cents."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from aws_lambda_powertools.utilities import parameters

from soulseer.readings.ice import TURN_CREDENTIAL_TTL_SECONDS, ice_servers, turn_credentials
from soulseer.sales import split


def test_turn_credentials_follow_the_coturn_rest_scheme() -> None:
    username, credential = turn_credentials("user_1", "s3cret", now=1_700_000_000)
    assert username == f"{1_700_000_000 + TURN_CREDENTIAL_TTL_SECONDS}:user_1"
    expected = base64.b64encode(hmac.new(b"s3cret", username.encode(), hashlib.sha1).digest()).decode()
    assert credential == expected


def test_ice_servers_stun_only_without_a_turn_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUN_URLS", "stun:a.example:3478, stun:b.example:3478")
    monkeypatch.setenv("TURN_URLS", "turn:t.example:3478")
    monkeypatch.setenv("TURN_SECRET_NAME", "")
    assert [server.model_dump() for server in ice_servers("u")] == [
        {"urls": ["stun:a.example:3478", "stun:b.example:3478"]}
    ]


def test_ice_servers_with_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUN_URLS", "")
    monkeypatch.setenv("TURN_URLS", "turn:t.example:3478?transport=udp")
    monkeypatch.setenv("TURN_SECRET_NAME", "turn-secret")
    monkeypatch.setattr(parameters, "get_secret", lambda name, **_: "s3cret")
    (turn,) = (server.model_dump() for server in ice_servers("user_9"))
    assert turn["urls"] == ["turn:t.example:3478?transport=udp"]
    assert turn["username"].endswith(":user_9")
    assert turn["credential"] == turn_credentials("user_9", "s3cret", now=int(turn["username"].split(":")[0]) - 3600)[1]


@pytest.mark.parametrize(("amount", "reader", "platform"), [(100, 70, 30), (199, 139, 60), (1, 0, 1), (0, 0, 0)])
def test_split_is_70_30_floor_to_the_reader(amount: int, reader: int, platform: int) -> None:
    assert split(amount) == (reader, platform)
    assert sum(split(amount)) == amount
