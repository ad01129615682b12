"""Decoding Agora AccessToken 006 strings, so tests check what a token grants rather than that it exists."""

from __future__ import annotations

import base64
import hmac
from dataclasses import dataclass
from hashlib import sha256
from zlib import crc32

from agora_token_builder.AccessToken import (
    kJoinChannel,
    kPublishAudioStream,
    kPublishDataStream,
    kPublishVideoStream,
    unPackContent,
    unPackMessages,
)

PUBLISH = {kPublishAudioStream, kPublishVideoStream, kPublishDataStream}


@dataclass(frozen=True)
class RtcToken:
    app_id: str
    channel: str
    uid: int
    privileges: dict[int, int]  # privilege -> expiry (unix seconds)

    @property
    def role(self) -> str:
        if set(self.privileges) == {kJoinChannel} | PUBLISH:
            return "publisher"
        if set(self.privileges) == {kJoinChannel}:
            return "subscriber"
        return f"unknown {sorted(self.privileges)}"

    @property
    def expires_at(self) -> int:
        (expiry,) = set(self.privileges.values())
        return expiry


def decode(token: str, app_certificate: str, channel: str, uid: int) -> RtcToken:
    """Checks the version, the CRCs of channel and uid and the HMAC signature; returns the grant."""
    assert token.startswith("006"), token[:3]
    app_id, content = token[3:35], base64.b64decode(token[35:])
    signature, crc_channel, crc_uid, message = unPackContent(content)
    assert crc_channel == crc32(channel.encode()) & 0xFFFFFFFF, "token is for another channel"
    assert crc_uid == crc32(str(uid).encode()) & 0xFFFFFFFF, "token is for another uid"
    signed = app_id.encode() + channel.encode() + str(uid).encode() + message
    expected = hmac.new(app_certificate.encode(), signed, sha256).digest()
    assert hmac.compare_digest(signature, expected), "signature does not verify with the certificate"
    _salt, _ts, privileges = unPackMessages(message)
    return RtcToken(app_id=app_id, channel=channel, uid=uid, privileges=dict(privileges))
