"""Operator commands: `soulseer audit` and `soulseer admin bootstrap` (the other `admin` commands are
in admin_cli). The audit starts the audit job through the API and prints its report (local cloud by default,
`--api-url` + `--token` for a stage; `--latest` only reads the last report), or, with `--stack`, runs
the audit here against a deployed stack's tables."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from soulseer_tools import admin_cli
from soulseer_tools.api_client import ApiError, api_for
from soulseer_tools.target import use_target


def _target_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--state-dir", type=Path, default=Path(".soulseer-dev"), help="the local cloud's state")
    parser.add_argument("--stack", help="a deployed CloudFormation stack instead of the local cloud")
    parser.add_argument("--region", help="the stack's region")


def register(commands: Any) -> None:
    audit = commands.add_parser("audit", help="check that every balance equals the sum of its ledger entries")
    _target_arguments(audit)
    audit.add_argument(
        "--api-url",
        default=os.environ.get("SOULSEER_API_URL"),
        help="a deployed stage's API URL (with --token); default: the local cloud",
    )
    audit.add_argument("--token", default=os.environ.get("SOULSEER_TOKEN"), help="an admin's session token")
    audit.add_argument("--json", action="store_true", help="print the report as JSON")
    audit.add_argument("--latest", action="store_true", help="print the latest stored report, start no new run")
    audit.add_argument("--wait", type=float, default=300.0, help="seconds to wait for a fresh run's report")
    audit.set_defaults(func=run_audit)

    admin = commands.add_parser("admin", help="administration")
    admin_commands = admin.add_subparsers(dest="admin_command", required=True)
    bootstrap = admin_commands.add_parser("bootstrap", help="make a user an admin (the first admin)")
    bootstrap.add_argument("--user", required=True, help="the Clerk user id")
    _target_arguments(bootstrap)
    bootstrap.set_defaults(func=run_bootstrap)
    admin_cli.register_admin(admin_commands)


def _audit_report(args: argparse.Namespace) -> dict[str, Any]:
    if args.stack:
        use_target(args.state_dir, args.stack, args.region)
        from soulseer.ledger.audit import run_audit as audit

        return audit().to_dict()
    api = api_for(args)
    if args.latest:
        return dict(api.request("GET", "/api/admin/audit"))
    requested = api.request("POST", "/api/admin/audit")["requested_at"]
    deadline = time.monotonic() + args.wait
    while True:
        report = dict(api.request("GET", "/api/admin/audit"))
        if report.get("status") == "done" and str(report["finished_at"]) >= str(requested):
            return report
        if time.monotonic() > deadline:
            raise ApiError(504, "audit_pending", f"no report finished within {args.wait} s; try --latest later")
        time.sleep(0.5)


def run_audit(args: argparse.Namespace) -> int:
    try:
        report = _audit_report(args)
    except ApiError as error:
        print(f"error: {error.code}: {error.message}", file=sys.stderr)
        return 2
    if report.get("status") == "never_run":
        print("ledger audit: no report yet (the job has not finished a run)")
        return 1
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        verdict = "CLEAN" if report["clean"] else "MISMATCH"
        print(f"ledger audit: {verdict}")
        print(f"  accounts   {report['accounts']}")
        print(f"  entries    {report['entries']}")
        print(f"  movements  {report['movements']}")
        print(f"  entries sum to {report['entries_total_cents']} cents")
        if report.get("finished_at"):
            print(f"  as of {report['cutoff']} (finished {report['finished_at']})")
        for account in report.get("unverified", []):
            print(f"  ? {account}: changing throughout the run, not verified")
        for problem in report["problems"]:
            print(f"  ! {problem}")
    return 0 if report["clean"] else 1


def run_bootstrap(args: argparse.Namespace) -> int:
    use_target(args.state_dir, args.stack, args.region)
    from soulseer.users import set_role

    user = set_role(args.user, "admin")
    print(f"{user.user_id} is now an admin")
    return 0
