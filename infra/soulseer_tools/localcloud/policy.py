"""IAM policy evaluation for an authorizer's policy document against one execute-api methodArn."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Literal

Effect = Literal["allow", "explicit_deny", "implicit_deny"]


@lru_cache(maxsize=512)
def _pattern(glob: str, ignore_case: bool) -> re.Pattern[str]:
    """IAM wildcards: `*` any run of characters (slashes included), `?` one character."""
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in glob)
    return re.compile(body, re.IGNORECASE if ignore_case else 0)


def _matches_any(values: Any, target: str, ignore_case: bool) -> bool:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return False
    return any(isinstance(v, str) and _pattern(v, ignore_case).fullmatch(target) for v in values)


def _applies(statement: dict[str, Any], method_arn: str) -> bool:
    if "Action" in statement:
        action_ok = _matches_any(statement["Action"], "execute-api:Invoke", ignore_case=True)
    else:
        action_ok = not _matches_any(statement.get("NotAction"), "execute-api:Invoke", ignore_case=True)
    if "Resource" in statement:
        resource_ok = _matches_any(statement["Resource"], method_arn, ignore_case=False)
    else:
        resource_ok = not _matches_any(statement.get("NotResource"), method_arn, ignore_case=False)
    return action_ok and resource_ok


def evaluate(policy_document: dict[str, Any], method_arn: str) -> Effect:
    """An explicit Deny wins, then any Allow; nothing that applies means an implicit deny."""
    statements = policy_document.get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    allowed = False
    for statement in statements:
        if not isinstance(statement, dict) or not _applies(statement, method_arn):
            continue
        effect = str(statement.get("Effect", "")).lower()
        if effect == "deny":
            return "explicit_deny"
        allowed = allowed or effect == "allow"
    return "allow" if allowed else "implicit_deny"
