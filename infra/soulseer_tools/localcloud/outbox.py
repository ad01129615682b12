"""What the local cloud sent: emails (SES on moto, read from moto's backend in this process) and web
pushes (the local push service). `soulseer dev outbox` prints them."""

from __future__ import annotations

import email
import email.policy
from typing import Any

from soulseer_tools.localcloud.intrinsics import ACCOUNT_ID, REGION


def parse_email(raw: str) -> dict[str, Any]:
    message = email.message_from_string(raw, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    return {
        "from": str(message["From"]),
        "to": str(message["To"]),
        "subject": str(message["Subject"]),
        "list_unsubscribe": str(message["List-Unsubscribe"] or ""),
        "list_unsubscribe_post": str(message["List-Unsubscribe-Post"] or ""),
        "text": text.get_content() if text is not None else "",
        "html": html.get_content() if html is not None else "",
    }


def sent_emails(account_id: str = ACCOUNT_ID, region: str = REGION) -> list[dict[str, Any]]:
    """Every email SES (moto, in this process) took, oldest first."""
    from moto.ses.models import ses_backends

    backend = ses_backends[account_id][region]
    emails = []
    for message in list(backend.sent_messages):
        raw = getattr(message, "raw_data", None)
        if raw is not None:
            emails.append({"id": message.id, **parse_email(raw)})
        else:
            emails.append(
                {
                    "id": message.id,
                    "to": ", ".join(message.destinations.get("ToAddresses", [])),
                    "subject": message.subject,
                    "text": message.body,
                }
            )
    return emails


def format_outbox(outbox: dict[str, Any]) -> str:
    lines = [f"Emails ({len(outbox['emails'])})"]
    for sent in outbox["emails"]:
        lines.append(f"- to {sent.get('to')}: {sent.get('subject')}")
        lines += [f"    {line}" for line in str(sent.get("text") or "").splitlines()]
    lines.append(f"Pushes ({len(outbox['pushes'])})")
    for push in outbox["pushes"]:
        if "payload" in push:
            payload = push["payload"]
            title = (payload.get("notification") or {}).get("title", "")
            lines.append(f"- {push['endpoint']}: {payload.get('event')} {title!r}")
        else:
            lines.append(f"- {push['endpoint']}: {push['size']} bytes, encrypted for the subscriber's keys")
    return "\n".join(lines)
