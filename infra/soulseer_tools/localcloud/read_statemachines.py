"""Reader: AWS::Serverless::StateMachine resources -> name + ASL with DefinitionSubstitutions applied."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from soulseer_tools.localcloud.template import Template

SERVERLESS_STATE_MACHINE = "AWS::Serverless::StateMachine"
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_]+)\}")


@dataclass(frozen=True)
class StateMachine:
    logical_id: str
    name: str
    definition: str  # ASL JSON, substitutions applied
    type: str  # STANDARD | EXPRESS


def _definition(template: Template, props: dict[str, Any]) -> str:
    if "DefinitionUri" in props:
        text = (template.root / str(props["DefinitionUri"])).read_text()
    else:
        text = json.dumps(props["Definition"])
    substitutions = {key: str(value) for key, value in (props.get("DefinitionSubstitutions") or {}).items()}
    return _PLACEHOLDER.sub(lambda match: substitutions.get(match.group(1), match.group(0)), text)


def read_state_machines(template: Template) -> dict[str, StateMachine]:
    machines: dict[str, StateMachine] = {}
    for logical_id, resource in template.resources_of(SERVERLESS_STATE_MACHINE).items():
        props = template.resolver.resolve(resource.get("Properties") or {})
        machines[logical_id] = StateMachine(
            logical_id=logical_id,
            name=str(props.get("Name") or logical_id),
            definition=_definition(template, props),
            type=str(props.get("Type", "STANDARD")),
        )
    return machines


def _resources(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [str(node["Resource"])] if isinstance(node.get("Resource"), str) else []
        return found + [r for value in node.values() for r in _resources(value)]
    if isinstance(node, list):
        return [r for value in node for r in _resources(value)]
    return []


def task_function_names(machines: dict[str, StateMachine]) -> set[str]:
    """The function names of the machines' Lambda tasks (`arn:aws:lambda:...:function:NAME`)."""
    names = set()
    for machine in machines.values():
        for resource in _resources(json.loads(machine.definition)):
            match = re.search(r":function:([^:]+)", resource)
            if match:
                names.add(match.group(1))
    return names
