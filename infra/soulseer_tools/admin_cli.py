"""`soulseer admin readers create | stats | disputes list | disputes resolve | payouts run`.

Every command talks to the REST API's admin routes: the local cloud by default, a deployed stage with
`--api-url` and `--token`. Output is a readable table; `--json` prints the API's answer as is."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from soulseer_tools.api_client import Api, ApiError, add_target_arguments, api_for
from soulseer_tools.console_cli import register_console
from soulseer_tools.tables import money, pairs, table

Command = Callable[[Api, argparse.Namespace], dict[str, Any]]
Printer = Callable[[dict[str, Any]], int]


def _command(parent: Any, name: str, help_text: str, call: Command, show: Printer) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = parent.add_parser(name, help=help_text, description=help_text)
    add_target_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the API's JSON answer")
    parser.set_defaults(func=lambda args: run(call, show, args))
    return parser


def run(call: Command, show: Printer, args: argparse.Namespace) -> int:
    try:
        answer = call(api_for(args), args)
    except ApiError as error:
        print(f"error: {error.code}: {error.message}", file=sys.stderr)
        if error.details is not None:
            print(json.dumps(error.details, indent=2), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(answer, indent=2))
        return 0
    return show(answer)


def register_admin(admin_commands: Any) -> None:
    """Adds the operator commands under `soulseer admin` (next to `bootstrap`)."""
    readers = admin_commands.add_parser("readers", help="readers").add_subparsers(dest="readers_command", required=True)
    create = _command(readers, "create", "make a user a reader with a Stripe Connect account", _create, _show_reader)
    create.add_argument("--user", required=True, help="the Clerk user id")
    create.add_argument("--name", help="display name (required for a new reader)")
    create.add_argument("--email", help="the reader's email for Stripe")

    _command(admin_commands, "stats", "readings, readers, revenue, top-ups, payouts, disputes", _stats, _show_stats)

    disputes = admin_commands.add_parser("disputes", help="disputes").add_subparsers(
        dest="disputes_command", required=True
    )
    listing = _command(disputes, "list", "list disputes (newest first)", _list, _show_disputes)
    listing.add_argument("--status", choices=("open", "refunded", "rejected"), default="open")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--cursor", help="the next_cursor of a previous page")
    resolve = _command(disputes, "resolve", "refund (fully or partly) or reject a dispute", _resolve, _show_dispute)
    resolve.add_argument("dispute_id")
    outcome = resolve.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--refund", action="store_const", const="refund", dest="outcome")
    outcome.add_argument("--reject", action="store_const", const="reject", dest="outcome")
    resolve.add_argument("--amount", type=int, help="cents to refund (default: the whole reading)")
    resolve.add_argument("--note", required=True, help="why (kept with the dispute)")

    payouts = admin_commands.add_parser("payouts", help="payouts").add_subparsers(dest="payouts_command", required=True)
    run_parser = _command(payouts, "run", "run today's payouts now", _payouts, _show_payouts)
    run_parser.add_argument("--dry-run", action="store_true", help="show who would be paid; move nothing")
    register_console(admin_commands, readers, payouts, _command)


# -- calls ---------------------------------------------------------------------------------------


def _create(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    body = {"user_id": args.user, "display_name": args.name, "email": args.email}
    return api.request("POST", "/api/admin/readers", body={k: v for k, v in body.items() if v is not None})


def _stats(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    return api.request("GET", "/api/admin/stats")


def _list(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    query = {"status": args.status, "limit": str(args.limit), "cursor": args.cursor}
    return api.request("GET", "/api/admin/disputes", query={k: v for k, v in query.items() if v})


def _resolve(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    body: dict[str, Any] = {"outcome": args.outcome, "note": args.note}
    if args.amount is not None:
        body["amount_cents"] = args.amount
    return api.request("POST", f"/api/admin/disputes/{args.dispute_id}/resolve", body=body)


def _payouts(api: Api, args: argparse.Namespace) -> dict[str, Any]:
    return api.request("POST", "/api/admin/payouts/process", query={"dry_run": "true" if args.dry_run else "false"})


# -- output --------------------------------------------------------------------------------------


def _show_reader(made: dict[str, Any]) -> int:
    connect = made.get("connect") or {}
    print(
        pairs(
            [
                ("reader", made["user"]["user_id"]),
                ("display name", made["reader"]["display_name"]),
                ("connect account", connect.get("account_id")),
                ("payouts enabled", "yes" if connect.get("payouts_enabled") else "no (onboarding pending)"),
                ("onboarding link", made.get("onboarding_url")),
            ]
        )
    )
    return 0


def _show_stats(stats: dict[str, Any]) -> int:
    revenue, topups, payouts = stats["revenue_cents"], stats["topups_cents"], stats["payouts"]
    print(
        pairs(
            [
                ("active readings", stats["readings"]["active"]),
                ("readers online / busy / total", "{online} / {busy} / {total}".format(**stats["readers"])),
                ("revenue today / 7 d / 30 d", " / ".join(money(revenue[k]) for k in _WINDOWS)),
                ("top-ups today / 7 d / 30 d", " / ".join(money(topups[k]) for k in _WINDOWS)),
                ("pending payouts", money(payouts["pending_cents"])),
                ("payable now", f"{money(payouts['eligible_cents'])} to {payouts['eligible_readers']} readers"),
                ("unfinished / failed payouts", f"{payouts['outstanding']} / {payouts['failed']}"),
                ("open disputes", stats["disputes"]["open"]),
            ]
        )
    )
    return 0


_WINDOWS = ("today", "last_7_days", "last_30_days")


def _show_disputes(page: dict[str, Any]) -> int:
    rows = [
        {
            **item,
            "total": money(item["session_total_cents"]),
            "refund": money(item["refund_cents"]),
            "opened": item["opened_at"][:16],
        }
        for item in page["items"]
    ]
    if not rows:
        print("no disputes")
    else:
        columns = [
            ("dispute_id", "DISPUTE"),
            ("session_id", "SESSION"),
            ("client_id", "CLIENT"),
            ("reader_id", "READER"),
            ("total", "TOTAL"),
            ("status", "STATUS"),
            ("refund", "REFUND"),
            ("opened", "OPENED"),
            ("reason", "REASON"),
        ]
        print(table(rows, columns, {"reason": 40}))
    if page.get("next_cursor"):
        print(f"more: --cursor {page['next_cursor']}")
    return 0


def _show_dispute(item: dict[str, Any]) -> int:
    print(
        pairs(
            [
                ("dispute", item["dispute_id"]),
                ("status", item["status"]),
                ("refunded", money(item["refund_cents"])),
                ("from the reader", money(item["reader_take_back_cents"])),
                ("reader now owes", money(item["reader_shortfall_cents"])),
                ("note", item["note"]),
            ]
        )
    )
    return 0


def _show_payouts(report: dict[str, Any]) -> int:
    mode = "dry run" if report["dry_run"] else "run"
    print(f"payouts {mode} for {report['payout_date']} (minimum {money(report['minimum_cents'])})")
    rows = [{**r, "amount": money(r["amount_cents"])} for r in report["results"]]
    if rows:
        columns = [
            ("reader_id", "READER"),
            ("outcome", "OUTCOME"),
            ("amount", "AMOUNT"),
            ("transfer_id", "TRANSFER"),
            ("error", "ERROR"),
        ]
        print(table(rows, columns, {"error": 60}))
    total = report["would_pay_cents"] if report["dry_run"] else report["paid_cents"]
    print(
        f"{'would pay' if report['dry_run'] else 'paid'} {money(total)}; failed {report['failed_count']}; "
        f"below the minimum {report['below_minimum_count']}"
    )
    if not report["complete"]:
        print("stopped before the time limit: run it again to continue")
    return 1 if report["failed_count"] else 0
