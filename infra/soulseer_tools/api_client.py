"""The REST API as operator commands reach it: the running local cloud (its gateway URL from state.json
and an admin token minted by its dev issuer) or a deployed stage (`--api-url` + `--token`)."""

from __future__ import annotations

import argparse
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOCAL_OPERATOR = "user_local_operator"  # the admin the CLI acts as against the local cloud
TIMEOUT_SECONDS = 60


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message, self.details = status, code, message, details


@dataclass(frozen=True)
class Api:
    base_url: str
    token: str

    def request(
        self, method: str, path: str, *, query: dict[str, str] | None = None, body: Any = None
    ) -> dict[str, Any]:
        url = self.base_url.rstrip("/") + path
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return dict(json.loads(response.read() or b"{}"))
        except urllib.error.HTTPError as failure:
            raise _api_error(failure.code, failure.read()) from None
        except urllib.error.URLError as failure:
            raise ApiError(0, "unreachable", f"{url}: {failure.reason}") from None


def _api_error(status: int, raw: bytes) -> ApiError:
    try:
        error = json.loads(raw)["error"]
        return ApiError(status, str(error.get("code")), str(error.get("message")), error.get("details"))
    except (ValueError, KeyError, TypeError):
        return ApiError(status, "http_error", raw.decode(errors="replace")[:500] or "no body")


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--state-dir", type=Path, default=Path(".soulseer-dev"), help="the local cloud's state")
    parser.add_argument(
        "--api-url",
        default=os.environ.get("SOULSEER_API_URL"),
        help="a deployed stage's API URL (the stack's ApiUrl output; env SOULSEER_API_URL); default: the local cloud",
    )
    parser.add_argument(
        "--token", default=os.environ.get("SOULSEER_TOKEN"), help="an admin's session token (env SOULSEER_TOKEN)"
    )


def api_for(args: argparse.Namespace) -> Api:
    if args.api_url:
        if not args.token:
            raise SystemExit("--api-url needs --token (an admin's Clerk session token) or SOULSEER_TOKEN")
        return Api(str(args.api_url), str(args.token))
    return local_api(args.state_dir)


def local_api(state_dir: Path) -> Api:
    """The local gateway with a fresh token for the local operator, made an admin in the local tables."""
    from soulseer_tools.dev_issuer import DevIssuer
    from soulseer_tools.localcloud.cloud import read_state
    from soulseer_tools.localcloud.environment import UNSET_VARIABLES

    try:
        state = read_state(state_dir)
    except FileNotFoundError as missing:
        raise SystemExit(f"{missing} (or pass --api-url and --token for a deployed stage)") from None
    for name in UNSET_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(state["env"])  # the running cloud's moto endpoint and table names
    from soulseer.users import set_role

    set_role(LOCAL_OPERATOR, "admin")
    token = DevIssuer(state_dir, state["issuer"]).mint(LOCAL_OPERATOR, azp=state["authorized_party"], ttl_seconds=900)
    return Api(str(state["gateway_url"]), token)
