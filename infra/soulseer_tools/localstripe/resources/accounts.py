"""Connect: accounts, account links and the local onboarding page.

An account starts with charges and payouts disabled. Onboarding completes when the account link's
URL is opened (`GET /connect/onboarding/<acct>?link=...`, a local page that then sends the browser
to `return_url`) or through the local test helper `POST /v1/test_helpers/accounts/<acct>/onboard`;
either sets details_submitted/charges_enabled/payouts_enabled, activates the requested capabilities
and emits `account.updated`.
"""

from __future__ import annotations

import copy
import html
from typing import Any

from aiohttp import web

from ..app import Call, Route
from ..errors import invalid, required
from ..ids import new_id, now, random_token
from ..store import Store, changed
from ..views import render
from .base import deleted, listing, new_object

LINK_TTL = 300
ONBOARDING_DUE = [
    "business_profile.url",
    "external_account",
    "individual.dob.day",
    "individual.first_name",
    "individual.last_name",
    "tos_acceptance.date",
]
ACCOUNT_TYPES = ("express", "standard", "custom")


def _capabilities(requested: dict[str, Any], current: dict[str, str]) -> dict[str, str]:
    result = dict(current)
    for name, options in requested.items():
        wants = isinstance(options, dict) and options.get("requested") == "true"
        if wants:
            result.setdefault(name, "inactive")
        elif isinstance(options, dict) and options.get("requested") == "false":
            result.pop(name, None)
    return result


def _requirements(due: list[str]) -> dict[str, Any]:
    return {
        "alternatives": [],
        "current_deadline": None,
        "currently_due": list(due),
        "disabled_reason": "requirements.past_due" if due else None,
        "errors": [],
        "eventually_due": list(due),
        "past_due": list(due),
        "pending_verification": [],
    }


def _merge(current: dict[str, Any] | None, incoming: dict[str, Any]) -> dict[str, Any]:
    result = dict(current or {})
    for key, value in incoming.items():
        result[key] = None if value == "" else value
    return result


def create(call: Call) -> dict[str, Any]:
    p = call.params
    account_type = p.enum("type", ACCOUNT_TYPES)
    if account_type is None and not p.has("controller"):
        raise required("type")
    country = (p.string("country") or "US").upper()
    account = new_object(
        "acct",
        "account",
        business_profile=_merge(
            {"mcc": None, "name": None, "product_description": None, "support_email": None, "url": None},
            p.mapping("business_profile"),
        ),
        business_type=p.string("business_type"),
        capabilities=_capabilities(p.mapping("capabilities"), {}),
        charges_enabled=False,
        controller=p.mapping("controller") or {"is_controller": True, "type": "application"},
        country=country,
        default_currency=(p.currency("default_currency", required=False) or "usd"),
        details_submitted=False,
        email=p.string("email"),
        external_accounts=None,
        future_requirements=_requirements([]),
        metadata=p.metadata(),
        payouts_enabled=False,
        requirements=_requirements(ONBOARDING_DUE),
        settings={"payouts": {"debit_negative_balances": True, "schedule": {"delay_days": 2, "interval": "daily"}}},
        tos_acceptance={"date": None},
        type=account_type or "custom",
    )
    account["external_accounts"] = {
        "object": "list",
        "data": [],
        "has_more": False,
        "total_count": 0,
        "url": f"/v1/accounts/{account['id']}/external_accounts",
    }
    call.store.add(account)
    return render(call.store, account, p)


def retrieve(call: Call) -> dict[str, Any]:
    return render(call.store, call.store.get("account", call.match["id"]), call.params)


def modify(call: Call) -> dict[str, Any]:
    p = call.params
    account = call.store.get("account", call.match["id"])
    before = copy.deepcopy(account)
    for name in ("email", "business_type"):
        if p.has(name):
            account[name] = p.string(name)
    if p.has("business_profile"):
        account["business_profile"] = _merge(account["business_profile"], p.mapping("business_profile"))
    if p.has("capabilities"):
        account["capabilities"] = _capabilities(p.mapping("capabilities"), account["capabilities"])
        if account["details_submitted"]:
            account["capabilities"] = {name: "active" for name in account["capabilities"]}
    account["metadata"] = p.metadata(account["metadata"])
    previous = changed(before, account)
    if previous:
        call.store.emit("account.updated", account, previous)
    return render(call.store, account, p)


def list_(call: Call) -> dict[str, Any]:
    return listing(call, "account", "/v1/accounts")


def delete(call: Call) -> dict[str, Any]:
    return deleted(call.store.get("account", call.match["id"]))


def complete_onboarding(store: Store, account: dict[str, Any]) -> bool:
    """What a finished onboarding does; emits `account.updated`. False if it was already complete."""
    before = copy.deepcopy(account)
    account.update(
        details_submitted=True,
        charges_enabled=True,
        payouts_enabled=True,
        requirements=_requirements([]),
        tos_acceptance={"date": now(), "ip": "127.0.0.1", "user_agent": "localstripe"},
    )
    account["capabilities"] = {name: "active" for name in account["capabilities"] or {"transfers": "active"}}
    if not account["external_accounts"]["data"]:
        account["external_accounts"]["data"].append(
            {
                "id": new_id("ba"),
                "object": "bank_account",
                "account": account["id"],
                "bank_name": "STRIPE TEST BANK",
                "country": account["country"],
                "currency": account["default_currency"],
                "default_for_currency": True,
                "last4": "6789",
                "routing_number": "110000000",
                "status": "new",
            }
        )
        account["external_accounts"]["total_count"] = 1
    previous = changed(before, account)
    if not previous:
        return False
    store.emit("account.updated", account, previous)
    return True


def onboard(call: Call) -> dict[str, Any]:
    """LOCAL TEST HELPER (not a Stripe endpoint): finish onboarding without a browser."""
    account = call.store.get("account", call.match["id"])
    complete_onboarding(call.store, account)
    return render(call.store, account, call.params)


def _url(call: Call, name: str) -> str:
    value = call.params.string(name)
    if value is None:
        raise required(name)
    if not value.startswith(("http://", "https://")):
        raise invalid(f"Not a valid URL: {name}", param=name, code="url_invalid")
    return value


def create_link(call: Call) -> dict[str, Any]:
    p = call.params
    account_id = p.string("account")
    if account_id is None:
        raise required("account")
    call.store.get("account", account_id, param="account", status=400)
    link_type = p.enum("type", ("account_onboarding", "account_update"))
    if link_type is None:
        raise required("type")
    refresh_url, return_url = _url(call, "refresh_url"), _url(call, "return_url")
    token = random_token(32)
    created = now()
    call.store.account_links[token] = {
        "account": account_id,
        "expires_at": created + LINK_TTL,
        "refresh_url": refresh_url,
        "return_url": return_url,
        "type": link_type,
        "used": False,
    }
    return {
        "object": "account_link",
        "created": created,
        "expires_at": created + LINK_TTL,
        "url": f"{call.base_url}/connect/onboarding/{account_id}?link={token}",
    }


def _page(status: int, title: str, text: str, redirect: str | None) -> web.Response:
    refresh = f'<meta http-equiv="refresh" content="1;url={html.escape(redirect)}">' if redirect else ""
    go = f'<p><a id="continue" href="{html.escape(redirect)}">Continue</a></p>' if redirect else ""
    body = (
        # No icon: a browser would otherwise ask for /favicon.ico and log the 404 as an error.
        f"<!doctype html><html><head><meta charset='utf-8'><link rel='icon' href='data:,'>"
        f"<title>{html.escape(title)}</title>{refresh}"
        f"</head><body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>{go}"
        "<p><small>Local Stripe (development only)</small></p></body></html>"
    )
    return web.Response(status=status, text=body, content_type="text/html")


def onboarding_page(call: Call) -> web.Response:
    """The page an account link points at: opening it completes onboarding (local only)."""
    account_id = call.match["account"]
    token = call.params.string("link") or ""
    link = call.store.account_links.get(token)
    if link is None or link["account"] != account_id:
        return _page(404, "Unknown onboarding link", "This onboarding link does not exist.", None)
    if link["used"] or link["expires_at"] < now():
        return _page(410, "Onboarding link expired", "This link was already used or has expired.", link["refresh_url"])
    link["used"] = True
    account = call.store.get("account", account_id)
    complete_onboarding(call.store, account)
    return _page(
        200,
        "Onboarding complete",
        f"Account {account_id} can now receive transfers and payouts.",
        link["return_url"],
    )


ROUTES = [
    Route("POST", "/v1/accounts", create, "AccountCreateParams"),
    Route("GET", "/v1/accounts", list_, "AccountListParams"),
    Route("GET", "/v1/accounts/{id}", retrieve, "AccountRetrieveParams"),
    Route("POST", "/v1/accounts/{id}", modify, "AccountUpdateParams"),
    Route("DELETE", "/v1/accounts/{id}", delete),
    Route("POST", "/v1/account_links", create_link, "AccountLinkCreateParams"),
    # Local only: the onboarding "hosted page" and a browser-free test helper.
    Route("GET", "/connect/onboarding/{account}", onboarding_page, auth=False, extra=frozenset({"link"})),
    Route("POST", "/v1/test_helpers/accounts/{id}/onboard", onboard, extra=frozenset({"expand"})),
]
