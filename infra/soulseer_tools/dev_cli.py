"""`soulseer dev` (boot the local cloud) and `soulseer dev token` (mint a dev session token).

Heavy and env-sensitive imports (moto, soulseer) happen inside the commands: soulseer's models read
table names from the environment at import time.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import Any

DEFAULT_STATE_DIR = Path(".soulseer-dev")
ROLES = ("client", "reader", "admin")


def _parameter(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError("expected Name=Value")
    return name, value


def register(commands: Any) -> None:
    """Add `dev` (and its `token` subcommand) to the top-level subparsers."""
    dev = commands.add_parser(
        "dev",
        help="run the whole system locally (no Docker)",
        description="Boot the local cloud from template.yaml on 127.0.0.1.",
    )
    dev.add_argument("--port", type=int, default=3000, help="REST API port (default 3000)")
    dev.add_argument("--moto-port", type=int, default=4566, help="moto server port (default 4566)")
    dev.add_argument("--issuer-port", type=int, default=3001, help="dev JWKS issuer port (default 3001)")
    dev.add_argument("--ws-port", type=int, default=3002, help="WebSocket API port (default 3002)")
    dev.add_argument("--stripe-port", type=int, default=12111, help="local Stripe port (default 12111)")
    dev.add_argument("--web-port", type=int, default=5173, help="web app and config.json port (default 5173)")
    dev.add_argument("--push-port", type=int, default=0, help="local web push service port (default: any free)")
    dev.add_argument("--web-dist", type=Path, help="the built web app (default: web/dist next to the template)")
    dev.add_argument("--tick-seconds", type=int, help="seconds per billed reading minute (template default: 60)")
    dev.add_argument("--state-dir", type=Path, default=DEFAULT_STATE_DIR, help="default .soulseer-dev")
    dev.add_argument("--template", type=Path, default=Path("template.yaml"))
    dev.add_argument("--no-seed", dest="seed", action="store_false", help="skip the demo data")
    dev.add_argument(
        "--fresh",
        action="store_true",
        help="start empty: forget the tables and local Stripe objects kept in the state dir (the issuer key stays)",
    )
    dev.add_argument(
        "--web-origin",
        action="append",
        dest="web_origins",
        metavar="ORIGIN",
        help="browser origin of the web app (CORS, azp; default the served web app's); repeatable",
    )
    dev.add_argument(
        "--param",
        action="append",
        type=_parameter,
        default=[],
        metavar="NAME=VALUE",
        help="template parameter override; repeatable",
    )
    dev.set_defaults(func=run_dev)

    sub = dev.add_subparsers(dest="dev_command", metavar="{token,outbox}")
    token = sub.add_parser("token", help="mint a session token from the dev issuer")
    token.add_argument("--user", required=True, help="the Clerk-style user id (the `sub` claim)")
    token.add_argument("--role", choices=ROLES, help="also set this role in the running local cloud")
    token.add_argument("--ttl", type=int, default=3600, help="seconds until expiry (default 3600)")
    token.add_argument("--state-dir", type=Path, default=argparse.SUPPRESS, help="as given to `soulseer dev`")
    token.set_defaults(func=run_token)

    outbox = sub.add_parser("outbox", help="the emails and web pushes the running local cloud sent")
    outbox.add_argument("--json", action="store_true", help="print JSON")
    outbox.add_argument("--state-dir", type=Path, default=argparse.SUPPRESS, help="as given to `soulseer dev`")
    outbox.set_defaults(func=run_outbox)


def _interrupted_while_importing(signum: int, _frame: object) -> None:
    print("soulseer dev: interrupted", file=sys.stderr, flush=True)
    os._exit(130)


def run_dev(args: argparse.Namespace) -> int:
    # Until the local cloud installs its own (orderly) handlers, Ctrl-C has nothing to clean up.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupted_while_importing)
    from soulseer_tools.localcloud.cloud import DevOptions
    from soulseer_tools.localcloud.cloud import run_dev as boot

    options = DevOptions(
        template=args.template,
        state_dir=args.state_dir,
        port=args.port,
        moto_port=args.moto_port,
        issuer_port=args.issuer_port,
        ws_port=args.ws_port,
        stripe_port=args.stripe_port,
        web_port=args.web_port,
        push_port=args.push_port,
        web_dist=args.web_dist,
        tick_seconds=args.tick_seconds,
        seed=args.seed,
        fresh=args.fresh,
        parameters=dict(args.param),
        **({"web_origins": tuple(args.web_origins)} if args.web_origins else {}),
    )
    return boot(options)


def run_token(args: argparse.Namespace) -> int:
    from soulseer_tools.dev_issuer import DevIssuer
    from soulseer_tools.localcloud.cloud import read_state

    try:
        state = read_state(args.state_dir)
    except FileNotFoundError as exc:
        print(f"soulseer dev token: {exc}", file=sys.stderr)
        return 1
    if args.role:
        from soulseer_tools.localcloud.environment import UNSET_VARIABLES

        for name in UNSET_VARIABLES:
            os.environ.pop(name, None)
        os.environ.update(state["env"])  # the running cloud's endpoint and table names, before importing
        from soulseer.users import set_role

        set_role(args.user, args.role)
    token = DevIssuer(args.state_dir, state["issuer"]).mint(
        args.user, azp=state["authorized_party"], ttl_seconds=args.ttl
    )
    print(token)
    return 0


def run_outbox(args: argparse.Namespace) -> int:
    import json
    import urllib.request

    from soulseer_tools.localcloud.cloud import read_state
    from soulseer_tools.localcloud.outbox import format_outbox

    try:
        state = read_state(args.state_dir)
    except FileNotFoundError as exc:
        print(f"soulseer dev outbox: {exc}", file=sys.stderr)
        return 1
    with urllib.request.urlopen(f"{state['push_service_url']}/_outbox", timeout=10) as response:
        outbox = json.load(response)
    print(json.dumps(outbox, indent=2) if args.json else format_outbox(outbox))
    return 0
