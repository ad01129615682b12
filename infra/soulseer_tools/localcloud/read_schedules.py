"""Reader: the `Schedule` / `ScheduleV2` events of AWS::Serverless::Function resources (EventBridge)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from soulseer_tools.localcloud.intrinsics import TemplateError
from soulseer_tools.localcloud.recurrence import Recurrence, parse_expression

if TYPE_CHECKING:
    from soulseer_tools.localcloud.template import Template

SERVERLESS_FUNCTION = "AWS::Serverless::Function"


@dataclass(frozen=True)
class Schedule:
    name: str  # the rule's name (its Name property, else <function><event>)
    function_id: str
    expression: str  # rate(...) or cron(...), UTC
    recurrence: Recurrence
    enabled: bool
    input: dict[str, Any] | None  # the event's Input (JSON) replaces the scheduled event when given


def _enabled(event_type: str, props: dict[str, Any]) -> bool:
    if event_type == "ScheduleV2":
        return str(props.get("State", "ENABLED")).upper() == "ENABLED"
    value = props.get("Enabled", True)
    return value if isinstance(value, bool) else str(value).lower() == "true"


def _input(logical_id: str, raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        raise TemplateError(f"{logical_id}: a schedule's Input must be JSON") from None
    if not isinstance(value, dict):
        raise TemplateError(f"{logical_id}: a schedule's Input must be a JSON object")
    return value


def read_schedules(template: Template) -> dict[str, Schedule]:
    schedules: dict[str, Schedule] = {}
    for function_id, resource in template.resources_of(SERVERLESS_FUNCTION).items():
        events = (resource.get("Properties") or {}).get("Events") or {}
        for event_id, event in events.items():
            event_type = event.get("Type")
            if event_type not in ("Schedule", "ScheduleV2"):
                continue
            raw = event.get("Properties") or {}
            props = {key: template.resolver.resolve(raw[key]) for key in raw if key not in ("DeadLetterConfig",)}
            expression = str(props.get("Schedule") or props.get("ScheduleExpression") or "")
            logical_id = f"{function_id}{event_id}"
            try:
                recurrence = parse_expression(expression)
            except ValueError as error:
                raise TemplateError(f"{logical_id}: {error}") from None
            schedules[logical_id] = Schedule(
                name=str(props.get("Name") or logical_id),
                function_id=function_id,
                expression=expression,
                recurrence=recurrence,
                enabled=_enabled(str(event_type), props),
                input=_input(logical_id, props.get("Input")),
            )
    return schedules
