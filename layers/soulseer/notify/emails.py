"""Receipt and outcome emails: rendered from the layer's templates (text and HTML), sent through SES
(sesv2) with the stage's sender identity and configuration set, each with a one-click unsubscribe link
(RFC 8058 List-Unsubscribe headers and a link in the body, a signed token: no sign-in needed)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from email.message import EmailMessage
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import quote

from soulseer.adapters import aws
from soulseer.config import EmailSettings, settings_for
from soulseer.notify.tokens import unsubscribe_token
from soulseer.notify.words import dollars

TEMPLATES = Path(__file__).parent / "templates"
UNSUBSCRIBE_PATH = "/api/notifications/unsubscribe"  # the API's one-click POST (RFC 8058)
UNSUBSCRIBE_PAGE = "/unsubscribe"  # the web app's page: asks, then POSTs


def _subject(kind: str, data: dict[str, Any]) -> str:
    if kind == "topup":
        return f"Receipt: {dollars(data.get('amount_cents'))} added to your balance"
    if kind == "reading":
        return f"Receipt: your reading with {data.get('reader_name') or 'your reader'}"
    if kind == "order":
        return f"Receipt: your order of {data.get('product_name') or 'a product'}"
    if kind == "refund":
        return f"Refund: {dollars(data.get('amount_cents'))} back to your card"
    if kind == "dispute":
        return "Your report about a reading was reviewed"
    if kind == "payout":
        return f"Payout sent: {dollars(data.get('amount_cents'))}"
    raise ValueError(kind)


def _fields(kind: str, data: dict[str, Any]) -> dict[str, str]:
    fields = {key: str(value) for key, value in data.items() if value is not None}
    for key in ("amount_cents", "total_cents"):
        if key in data:
            fields[key.removesuffix("_cents")] = dollars(data[key])
    if kind == "dispute":
        refunded = data.get("outcome") == "refund"
        fields["outcome_text"] = (
            f"{dollars(data.get('amount_cents'))} was refunded to your balance." if refunded else "no refund this time."
        )
    if kind == "refund":
        owed = int(data.get("owed_cents") or 0)
        fields["what"] = "It came out of your SoulSeer balance." + (
            f" Your balance lacked {dollars(owed)}: you owe it, and your next top-up settles it." if owed else ""
        )
    return fields


@lru_cache(maxsize=32)
def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text())


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def unsubscribe_links(user_id: str) -> tuple[str, str]:
    """(the one-click URL for the List-Unsubscribe header, the page a person's click opens)."""
    env = settings_for(EmailSettings)
    token = quote(unsubscribe_token(user_id))
    return (
        f"{env.API_URL.rstrip('/')}{UNSUBSCRIBE_PATH}?token={token}",
        f"{env.WEB_URL.rstrip('/')}{UNSUBSCRIBE_PAGE}?token={token}",
    )


def render(kind: str, data: dict[str, Any], unsubscribe: str) -> Rendered:
    subject = _subject(kind, data)
    fields = _fields(kind, data)
    text = _template(f"{kind}.txt").safe_substitute(fields).strip()
    body = _template(f"{kind}.html").safe_substitute({k: html.escape(v) for k, v in fields.items()}).strip()
    return Rendered(
        subject=subject,
        text=_template("layout.txt").safe_substitute(subject=subject, content=text, unsubscribe_url=unsubscribe),
        html=_template("layout.html").safe_substitute(
            subject=html.escape(subject), content=body, unsubscribe_url=html.escape(unsubscribe)
        ),
    )


def mime(to: str, rendered: Rendered, unsubscribe: str) -> bytes:
    env = settings_for(EmailSettings)
    message = EmailMessage()
    message["From"] = env.EMAIL_SENDER
    message["To"] = to
    message["Subject"] = rendered.subject
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message.as_bytes()


@lru_cache(maxsize=1)
def _ses() -> Any:
    return aws.client("sesv2")


def send(user_id: str, to: str, kind: str, data: dict[str, Any]) -> str:
    """Sends one email; returns SES's message id. Throttling and outages raise (the queue retries)."""
    env = settings_for(EmailSettings)
    one_click, page = unsubscribe_links(user_id)
    raw = mime(to, render(kind, data, page), one_click)
    answer = _ses().send_email(
        FromEmailAddress=env.EMAIL_SENDER,
        Destination={"ToAddresses": [to]},
        Content={"Raw": {"Data": raw}},
        ConfigurationSetName=env.EMAIL_CONFIGURATION_SET,
    )
    return str(answer["MessageId"])
