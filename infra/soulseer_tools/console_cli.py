"""The operator console's verbs in the CLI: `soulseer admin users find|show|role|block|unblock`,
`readers suspend|reinstate`, `actions`, `payouts runs|retry`; tables, or `--json` for the API's answer."""

from __future__ import annotations

import argparse
from typing import Any
from urllib.parse import quote

from soulseer_tools.api_client import Api
from soulseer_tools.tables import money, pairs, table

_USER_COLUMNS = [
    ("user_id", "USER"),
    ("role", "ROLE"),
    ("display_name", "NAME"),
    ("email", "EMAIL"),
    ("state", "STATE"),
]
_ACTION_COLUMNS = [
    ("at", "WHEN"),
    ("actor_id", "WHO"),
    ("action", "WHAT"),
    ("on", "ON"),
    ("reason", "WHY"),
    ("status", "STATE"),
]


def register_console(admin_commands: Any, readers: Any, payouts: Any, command: Any) -> None:
    users = admin_commands.add_parser("users", help="users").add_subparsers(dest="users_command", required=True)
    find = command(users, "find", "users whose id, email or name contains the text", _find, _show_users)
    find.add_argument("text", nargs="?", default="")
    find.add_argument("--limit", type=int, default=50)
    show = command(users, "show", "a user's role, block, money, readings, disputes and actions", _user, _show_user)
    show.add_argument("user_id")
    for verb, help_text in (("block", "no readings, gifts or purchases"), ("unblock", "lift a block")):
        parser = command(users, verb, help_text, _block if verb == "block" else _unblock, _show_user)
        parser.add_argument("user_id")
        parser.add_argument("--reason", required=True)
    role = command(users, "role", "change a user's role", _role, _show_user)
    role.add_argument("user_id")
    role.add_argument("role", choices=("client", "reader", "admin"))
    role.add_argument("--reason", required=True)

    for verb, help_text in (("suspend", "offline, unlisted, requests cancelled"), ("reinstate", "listed again")):
        parser = command(readers, verb, help_text, _suspend if verb == "suspend" else _reinstate, _show_reader)
        parser.add_argument("reader_id")
        parser.add_argument("--reason", required=True)

    log = command(admin_commands, "actions", "the admin action log, newest first", _actions, _show_actions)
    log.add_argument("--user", help="only what was done to this user")
    log.add_argument("--limit", type=int, default=50)

    runs = command(payouts, "runs", "payout runs (or one day's payouts with --date)", _runs, _show_runs)
    runs.add_argument("--days", type=int, default=30)
    runs.add_argument("--date", help="YYYY-MM-DD: that day's payouts, reader by reader")
    retry = command(payouts, "retry", "try a failed payout again now", _retry, _show_payout)
    retry.add_argument("payout_id")
    retry.add_argument("--reason", required=True)


def _user_path(user_id: str, verb: str = "") -> str:
    return f"/api/admin/users/{quote(user_id, safe='')}" + (f"/{verb}" if verb else "")


def _find(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    return api.request("GET", "/api/admin/users", query={"q": args.text, "limit": str(args.limit)})


def _user(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    return api.request("GET", _user_path(args.user_id))


def _block(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    return api.request("POST", _user_path(args.user_id, "block"), body={"reason": args.reason})


def _unblock(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    return api.request("POST", _user_path(args.user_id, "unblock"), body={"reason": args.reason})


def _role(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    return api.request("PUT", _user_path(args.user_id, "role"), body={"role": args.role, "reason": args.reason})


def _suspend(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    path = f"/api/admin/readers/{quote(args.reader_id, safe='')}/suspend"
    return api.request("POST", path, body={"reason": args.reason})


def _reinstate(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    path = f"/api/admin/readers/{quote(args.reader_id, safe='')}/reinstate"
    return api.request("POST", path, body={"reason": args.reason})


def _actions(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    query = {"limit": str(args.limit), **({"user_id": args.user} if args.user else {})}
    return api.request("GET", "/api/admin/actions", query=query)


def _runs(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    if args.date:
        return api.request("GET", f"/api/admin/payouts/runs/{quote(args.date, safe='')}")
    return api.request("GET", "/api/admin/payouts/runs", query={"days": str(args.days)})


def _retry(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    return api.request("POST", "/api/admin/payouts/retry", body={"payout_id": args.payout_id, "reason": args.reason})


def _show_users(page: dict[str, Any]) -> int:
    rows = [{**u, "state": "blocked" if u["blocked"] else "active"} for u in page["items"]]
    print(table(rows, _USER_COLUMNS, {"display_name": 30}) if rows else "no users found")
    if page.get("next_cursor"):
        print("more users left to search: narrow the text, or use --json for the cursor")
    return 0


def _show_user(user: dict[str, Any]) -> int:
    money_of = user["money"]
    block = user.get("block")
    print(
        pairs(
            [
                ("user", user["user_id"]),
                ("name / email", f"{user['display_name'] or '-'} / {user['email'] or '-'}"),
                ("role", user["role"]),
                ("state", f"blocked: {block['reason']}" if block else "active"),
                (
                    "balance / debt / held",
                    " / ".join(money(money_of[k]) for k in ("balance_cents", "owed_cents", "held_cents")),
                ),
                ("readings", len(user["readings"])),
                ("disputes", ", ".join(f"{d['dispute_id']} {d['status']}" for d in user["disputes"]) or "-"),
            ]
        )
    )
    if user["actions"]:
        print()
        _show_actions({"items": user["actions"]})
    return 0


def _show_reader(reader: dict[str, Any]) -> int:
    suspension = reader.get("suspension")
    state = f"suspended: {suspension['reason']}" if suspension else "listed"
    print(pairs([("reader", reader["reader_id"]), ("status", reader["status"]), ("state", state)]))
    return 0


def _show_actions(page: dict[str, Any]) -> int:
    rows = [{**a, "at": a["at"][:19], "on": a.get("target_id") or a.get("subject") or "-"} for a in page["items"]]
    print(table(rows, _ACTION_COLUMNS, {"reason": 40}) if rows else "no actions")
    return 0


def _show_runs(answer: dict[str, Any]) -> int:
    if "payouts" in answer:
        rows = [{**p, "amount": money(p["amount_cents"])} for p in answer["payouts"]]
        columns = [
            ("reader_id", "READER"),
            ("amount", "AMOUNT"),
            ("status", "STATUS"),
            ("transfer_id", "TRANSFER"),
            ("payout_id", "PAYOUT"),
            ("last_error", "ERROR"),
        ]
        print(table(rows, columns, {"last_error": 50}))
        return 0
    rows = [{**r, "paid": money(r["paid_cents"])} for r in answer["items"]]
    columns = [
        ("payout_date", "DAY"),
        ("readers", "READERS"),
        ("paid_count", "PAID"),
        ("paid", "AMOUNT"),
        ("failed_count", "FAILED"),
        ("pending_count", "PENDING"),
    ]
    print(table(rows, columns, {}) if rows else "no payout runs")
    return 0


def _show_payout(payout: dict[str, Any]) -> int:
    print(
        pairs(
            [
                ("payout", payout["payout_id"]),
                ("amount", money(payout["amount_cents"])),
                ("status", payout["status"]),
                ("transfer", payout["transfer_id"] or "-"),
                ("last error", payout["last_error"] or "-"),
            ]
        )
    )
    return 0 if payout["status"] == "paid" else 1
