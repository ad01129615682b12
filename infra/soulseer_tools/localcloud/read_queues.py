"""Reader: AWS::SQS::Queue resources and the `SQS` event sources of AWS::Serverless::Function resources
(Lambda event source mappings: queue, batch size, partial batch responses)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from soulseer_tools.localcloud.intrinsics import TemplateError

if TYPE_CHECKING:
    from soulseer_tools.localcloud.template import Template

SQS_QUEUE = "AWS::SQS::Queue"
SERVERLESS_FUNCTION = "AWS::Serverless::Function"
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

    name: str
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


def read_queue_sources(template: Template, queues: dict[str, Queue]) -> dict[str, QueueSource]:
    by_arn = {queue.arn: queue.logical_id for queue in queues.values()}
    sources: dict[str, QueueSource] = {}
    for function_id, resource in template.resources_of(SERVERLESS_FUNCTION).items():
        for event_id, event in ((resource.get("Properties") or {}).get("Events") or {}).items():
            if event.get("Type") != "SQS":
                continue
            props = template.resolver.resolve(event.get("Properties") or {})
            queue = by_arn.get(str(props.get("Queue")))
            if queue is None:
                raise TemplateError(f"{function_id}{event_id}: Queue {props.get('Queue')!r} is not a queue here")
            enabled = props.get("Enabled", True)
            sources[f"{function_id}{event_id}"] = QueueSource(
                name=f"{function_id}{event_id}",
                function_id=function_id,
                queue=queue,
                batch_size=int(props.get("BatchSize", 10)),
                report_batch_item_failures="ReportBatchItemFailures" in (props.get("FunctionResponseTypes") or []),
                enabled=enabled if isinstance(enabled, bool) else str(enabled).lower() == "true",
            )
    return sources
