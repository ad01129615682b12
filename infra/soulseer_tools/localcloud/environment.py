"""The environment the functions see locally: template.yaml's variables, pointed at the local cloud."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from soulseer_tools.localcloud.intrinsics import REGION
from soulseer_tools.localcloud.template import Template

JWKS_PATH = "/.well-known/jwks.json"
HOST = "127.0.0.1"


def dev_parameters(issuer: str, web_origins: Sequence[str]) -> dict[str, str]:
    """Template parameter overrides that point identity at the dev issuer and CORS at the local web app."""
    origins = ",".join(web_origins)
    return {
        "ClerkIssuer": issuer,
        "ClerkJwksUrl": issuer + JWKS_PATH,
        "ClerkAuthorizedParties": origins,
        "CorsAllowedOrigins": origins,
    }


def aws_environment(moto_url: str) -> dict[str, str]:
    """What makes boto3/PynamoDB talk to the local moto server with dummy credentials."""
    return {
        "AWS_ENDPOINT_URL": moto_url,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }


# Inherited settings that would send boto3 elsewhere or fail it (a developer's profile, a real session).
UNSET_VARIABLES = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


def websocket_endpoints(template: Template, env: Mapping[str, str], port: int) -> dict[str, str]:
    """Variables naming the WebSocket API by its AWS address (`wss://` to connect, `https://` to manage it
    through @connections), pointed at the local WebSocket gateway on `port`."""
    api = template.websocket_api()
    if api is None:
        return {}
    host = f"{template.resolver.ref(api.logical_id)}.execute-api.{REGION}.amazonaws.com"
    local = f"{HOST}:{port}"
    rewritten = {
        name: value.replace(f"wss://{host}", f"ws://{local}").replace(f"https://{host}", f"http://{local}")
        for name, value in env.items()
    }
    return {name: value for name, value in rewritten.items() if value != env[name]}


def http_endpoints(template: Template, env: Mapping[str, str], gateway_url: str, web_url: str) -> dict[str, str]:
    """Variables naming the REST API (its stage's base URL) or the web app's distribution by their AWS
    addresses, pointed at the local gateway and web app."""
    api = template.rest_api()
    rest = f"https://{template.resolver.ref(api.logical_id)}.execute-api.{REGION}.amazonaws.com/{api.stage}"
    web = f"https://{template.resolver.get_att('WebDistribution', 'DomainName')}"
    found = {name: value.replace(rest, gateway_url) for name, value in env.items() if value.startswith(rest)}
    return found | {name: web_url for name, value in env.items() if value == web}


def lambda_environment(
    template: Template,
    moto_url: str,
    websocket_port: int | None = None,
    gateway_url: str | None = None,
    web_url: str | None = None,
) -> dict[str, str]:
    """The union of every function's resolved variables plus the local AWS endpoint and runtime knobs."""
    env = template.env_union()
    if websocket_port is not None:
        env.update(websocket_endpoints(template, env, websocket_port))
    if gateway_url is not None and web_url is not None:
        env.update(http_endpoints(template, env, gateway_url, web_url))
    return {
        **env,
        **aws_environment(moto_url),
        "POWERTOOLS_TRACE_DISABLED": "true",
    }
