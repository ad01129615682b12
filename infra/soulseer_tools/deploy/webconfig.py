"""The web app's runtime config.json, from a deployed stack's outputs (the shape agreed with web/)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

REQUIRED_OUTPUTS = (
    "Stage",
    "ApiUrl",
    "WebSocketUrl",
    "ClerkPublishableKey",
    "StripePublishableKey",
    "AgoraAppId",
    "VapidPublicKey",
    "FreeIntroMinutes",
    "SatisfactionPolicy",
)


def web_config(outputs: Mapping[str, str]) -> dict[str, Any]:
    missing = [name for name in REQUIRED_OUTPUTS if not outputs.get(name)]
    if missing:
        raise ValueError(f"the stack has no output(s) {', '.join(missing)}: deploy it first (make deploy)")
    return {
        "stage": outputs["Stage"],
        "webUrl": outputs.get("WebUrl", ""),  # the app's canonical origin (its custom domain when it has one)
        "apiUrl": outputs["ApiUrl"],
        "wsUrl": outputs["WebSocketUrl"],
        "auth": {"mode": "clerk", "publishableKey": outputs["ClerkPublishableKey"]},
        "payments": {"mode": "stripe", "publishableKey": outputs["StripePublishableKey"]},
        "video": {"mode": "agora", "appId": outputs["AgoraAppId"]},
        "push": {"vapidPublicKey": outputs["VapidPublicKey"]},
        "storefront": storefront(outputs["FreeIntroMinutes"], outputs["SatisfactionPolicy"]),
    }


def storefront(free_intro_minutes: str | int, satisfaction_policy: str) -> dict[str, Any]:
    """What the home page explains from the stage's parameters (the local cloud writes the same)."""
    return {"freeIntroMinutes": int(free_intro_minutes), "satisfactionPolicy": satisfaction_policy}
