"""`python -m soulseer_tools.localstripe --port 12111 --webhook http://127.0.0.1:3000/api/payments/webhook=whsec_x`"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging

from .server import DEFAULT_HOST, DEFAULT_PORT, bound_port, start_local_stripe
from .webhooks import check_loopback


def _webhook(value: str) -> tuple[str, str]:
    url, sep, secret = value.rpartition("=")
    if not sep or not url or not secret:
        raise argparse.ArgumentTypeError("expected URL=SECRET")
    try:
        check_loopback(url)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    return url, secret


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m soulseer_tools.localstripe",
        description="A local, Stripe-compatible HTTP server for development and tests (test keys only).",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 12111; 0 = any free)")
    parser.add_argument(
        "--webhook",
        action="append",
        type=_webhook,
        default=[],
        metavar="URL=SECRET",
        help="deliver signed events to URL using signing secret SECRET (repeatable; loopback only)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log webhook deliveries")
    return parser.parse_args(argv)


async def _serve(args: argparse.Namespace) -> None:
    runner = await start_local_stripe(args.host, args.port, args.webhook)
    url = f"http://{args.host}:{bound_port(runner)}"
    print(f"local stripe listening on {url}", flush=True)
    print(f'  stripe.StripeClient("sk_test_local", base_addresses={{"api": "{url}"}})', flush=True)
    for endpoint, _ in args.webhook:
        print(f"  webhooks -> {endpoint}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
