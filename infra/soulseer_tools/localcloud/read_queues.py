"""Reader: AWS::SQS::Queue resources and the AWS::Lambda::EventSourceMapping resources that deliver
them to functions (queue, function, batch size, partial batch responses). template.yaml declares SQS
event sources as mappings rather than SAM `SQS` events, so that polling is granted on the one queue."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from soulseer_tools.localcloud.intrinsics import TemplateError

if TYPE_CHECKING:
    from soulseer_tools.localcloud.template import Template

SQS_QUEUE = "AWS::SQS::Queue"
EVENT_SOURCE_MAPPING = "AWS::Lambda::EventSourceMapping"
FUNCTIONS = ("AWS::Serverless::Function", "AWS::Lambda::Function")
# Queue properties that are queue attributes of CreateQueue (the rest are deployment matters).
_ATTRIBUTES = ("DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds",
               "VisibilityTimeout", "FifoQueue", "ContentBasedDeduplication")  # fmt: skip


@dataclass(frozen=True)
class Queue:
    logical_id: str
    name: str
    arn: str
    attributes: dict[str, str]  # CreateQueue attributes, RedrivePolicy included

    @property
    def dead_letter_arn(self) -> str | None:
        policy = self.attributes.get("RedrivePolicy")
        return str(json.loads(policy)["deadLetterTargetArn"]) if policy else None


@dataclass(frozen=True)
class QueueSource:
    """A function's SQS event source: messages of `queue` are delivered to `function_id` in batches."""

    name: str  # the mapping's logical id
    function_id: str
    queue: str  # the queue's logical id
    batch_size: int
    report_batch_item_failures: bool
    enabled: bool


def _attribute(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read_queues(template: Template) -> dict[str, Queue]:
    queues: dict[str, Queue] = {}
    for logical_id, resource in template.resources_of(SQS_QUEUE).items():
        props = template.resolver.resolve(resource.get("Properties") or {})
        attributes = {key: _attribute(props[key]) for key in _ATTRIBUTES if key in props}
        if "RedrivePolicy" in props:
            attributes["RedrivePolicy"] = json.dumps(props["RedrivePolicy"])
        queues[logical_id] = Queue(
            logical_id=logical_id,
            name=template.resolver.physical_name(logical_id),
            arn=template.resolver.arn(logical_id),
            attributes=attributes,
        )
    return queues


def _function_id(value: Any) -> str | None:
    """The logical id a mapping's FunctionName names: `!Ref Fn`, `!GetAtt Fn.Arn`, `!Sub ${Fn.Arn}`."""
    if isinstance(value, dict) and len(value) == 1:
        ((key, arg),) = value.items()
        if key == "Ref" and isinstance(arg, str):
            return arg
        if key == "Fn::GetAtt":
            parts = arg.split(".", 1) if isinstance(arg, str) else arg
            return str(parts[0]) if len(parts) == 2 and parts[1] == "Arn" else None
        if key == "Fn::Sub" and isinstance(arg, str) and arg.startswith("${") and arg.endswith(".Arn}"):
            return arg[2:-5]
    return None


def read_queue_sources(template: Template, queues: dict[str, Queue]) -> dict[str, QueueSource]:
    """SQS event source mappings (mappings of other sources, streams say, are not served locally)."""
    by_arn = {queue.arn: queue.logical_id for queue in queues.values()}
    functions = template.resources_of(*FUNCTIONS)
    sources: dict[str, QueueSource] = {}
    for name, resource in template.resources_of(EVENT_SOURCE_MAPPING).items():
        raw = resource.get("Properties") or {}
        props = template.resolver.resolve({key: value for key, value in raw.items() if key != "FunctionName"})
        source_arn = str(props.get("EventSourceArn"))
        if not source_arn.startswith("arn:aws:sqs:"):
            continue
        queue = by_arn.get(source_arn)
        if queue is None:
            raise TemplateError(f"{name}: EventSourceArn {source_arn!r} is not a queue here")
        function_id = _function_id(raw.get("FunctionName"))
        if function_id is None or function_id not in functions:
            raise TemplateError(f"{name}: FunctionName {raw.get('FunctionName')!r} names no function here")
        enabled = props.get("Enabled", True)
        sources[name] = QueueSource(
            name=name,
            function_id=function_id,
            queue=queue,
            batch_size=int(props.get("BatchSize", 10)),
            report_batch_item_failures="ReportBatchItemFailures" in (props.get("FunctionResponseTypes") or []),
            enabled=enabled if isinstance(enabled, bool) else str(enabled).lower() == "true",
        )
    return sources
