"""Lambda authorizer for both APIs: verifies the Clerk session token, attaches the user id and role.

REST uses a TOKEN authorizer (the Authorization header); the WebSocket API's $connect uses a REQUEST
authorizer with the token in the `token` query string parameter (browsers cannot set headers there)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from soulseer import tracing
from soulseer.config import AUTHORIZER_FUNCTION, ClerkSettings, cold_start, settings_for
from soulseer.errors import DomainError, ErrorCode
from soulseer.identity import bearer_token, verify_session_token
from soulseer.monitoring import flush_metrics_after
from soulseer.users import ensure_user

SETTINGS = cold_start(AUTHORIZER_FUNCTION)  # every variable this function uses, checked at init
logger = Logger()
tracer = tracing.tracer()


def stage_wildcard_arn(method_arn: str) -> str:
    """REST `arn:...:api-id/stage/VERB/path` -> `arn:...:api-id/stage/*/*`; WebSocket
    `arn:...:api-id/stage/$connect` -> `arn:...:api-id/stage/*` (a route key has no slash, so `*/*` would
    not match it and API Gateway would refuse the connection with 403).

    The REST policy is cached per token (ReauthorizeEvery), so it must cover every route of the stage.
    """
    api_arn, _, rest = method_arn.partition("/")
    stage, _, route = rest.partition("/")
    if not api_arn.startswith("arn:") or not stage:
        raise ValueError("methodArn is malformed")
    return f"{api_arn}/{stage}/*/*" if "/" in route else f"{api_arn}/{stage}/*"


def token_of(event: dict[str, Any]) -> str:
    if event.get("type") == "REQUEST":
        token = (event.get("queryStringParameters") or {}).get("token")
        if not token:
            raise DomainError(ErrorCode.MISSING_TOKEN)
        return str(token)
    return bearer_token(event.get("authorizationToken"))


def _policy(principal_id: str, resource: str, context: dict[str, str]) -> dict[str, Any]:
    return {
        "principalId": principal_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": resource}],
        },
        "context": context,
    }


@flush_metrics_after
@logger.inject_lambda_context
@tracer.capture_lambda_handler(capture_response=False)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    clerk = settings_for(ClerkSettings)
    try:
        resource = stage_wildcard_arn(str(event.get("methodArn", "")))
        claims = verify_session_token(
            token_of(event),
            issuer=clerk.CLERK_ISSUER,
            jwks_url=clerk.CLERK_JWKS_URL,
            authorized_parties=clerk.CLERK_AUTHORIZED_PARTIES,
        )
    except (DomainError, ValueError) as exc:
        logger.info("Refused", extra={"reason": str(exc)})
        raise Exception("Unauthorized") from None  # API Gateway answers 401 for exactly this message
    user = ensure_user(claims.user_id)  # storage failures propagate: a 500, not a false 401
    logger.append_keys(user_id=user.user_id)
    context = {"user_id": user.user_id, "role": user.role, "exp": str(claims.expires_at)}
    return _policy(user.user_id, resource, context)
