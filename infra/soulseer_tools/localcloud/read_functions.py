"""Reader: AWS::Serverless::Function resources (with Globals.Function applied)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from soulseer_tools.localcloud.intrinsics import TemplateError
from soulseer_tools.localcloud.model import Function

if TYPE_CHECKING:
    from soulseer_tools.localcloud.template import Template

SERVERLESS_FUNCTION = "AWS::Serverless::Function"


def _env_vars(props: dict[str, Any]) -> dict[str, Any]:
    return ((props.get("Environment") or {}).get("Variables")) or {}


def read_functions(template: Template) -> dict[str, Function]:
    globals_ = template.function_globals
    resolve = template.resolver
    functions: dict[str, Function] = {}
    for logical_id, resource in template.resources_of(SERVERLESS_FUNCTION).items():
        props = resource.get("Properties") or {}
        raw_env = {**_env_vars(globals_), **_env_vars(props)}
        env = {name: resolve.resolve_str(value) for name, value in resolve.resolve(raw_env).items()}
        code_uri = props.get("CodeUri", globals_.get("CodeUri"))
        handler = props.get("Handler", globals_.get("Handler"))
        if not isinstance(code_uri, str) or not isinstance(handler, str):
            raise TemplateError(f"{logical_id}: CodeUri and Handler must be local paths/names")
        functions[logical_id] = Function(
            logical_id=logical_id,
            code_uri=(template.root / code_uri).resolve(),
            handler=handler,
            env=env,
            timeout_seconds=int(resolve.resolve(props.get("Timeout", globals_.get("Timeout", 3)))),
            memory_mb=int(resolve.resolve(props.get("MemorySize", globals_.get("MemorySize", 128)))),
        )
    return functions
