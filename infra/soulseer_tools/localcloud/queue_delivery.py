"""The local Lambda event source mapping for SQS: template.yaml's queues created in moto, and their
messages polled and delivered to the functions their event source mappings name, in batches shaped as
Lambda delivers them. As in AWS: a failed invocation leaves the batch to come back after the visibility
timeout (and to the dead-letter queue after `maxReceiveCount`); with `ReportBatchItemFailures` only
the reported messages come back."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from soulseer_tools.localcloud.intrinsics import REGION
from soulseer_tools.localcloud.read_queues import Queue, QueueSource

log = logging.getLogger("soulseer.localcloud")
Invoke = Callable[[str, dict[str, Any]], Any]


def sqs_client(moto_url: str) -> Any:
    import boto3

    return boto3.client(
        "sqs", endpoint_url=moto_url, region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing"
    )


def create_queues(sqs: Any, queues: Iterable[Queue]) -> None:
    """Dead-letter queues first: a redrive policy must name an existing queue."""
    pending = list(queues)
    arns: set[str] = set()
    while pending:
        ready = [q for q in pending if q.dead_letter_arn is None or q.dead_letter_arn in arns]
        if not ready:
            raise ValueError(f"Redrive policies name queues the template does not declare: {pending}")
        for queue in ready:
            sqs.create_queue(QueueName=queue.name, Attributes=queue.attributes)
            arns.add(queue.arn)
            pending.remove(queue)


def lambda_event(queue: Queue, messages: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes") or {},
                "messageAttributes": message.get("MessageAttributes") or {},
                "md5OfBody": message.get("MD5OfBody") or hashlib.md5(message["Body"].encode()).hexdigest(),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue.arn,
                "awsRegion": REGION,
            }
            for message in messages
        ]
    }


class QueueDelivery:
    def __init__(self, sqs: Any, queues: dict[str, Queue], sources: dict[str, QueueSource], invoke: Invoke) -> None:
        self.sqs = sqs
        self.queues = queues
        self.sources = [source for source in sources.values() if source.enabled]
        self.invoke = invoke
        self._urls: dict[str, str] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False

    def url(self, logical_id: str) -> str:
        if logical_id not in self._urls:
            self._urls[logical_id] = self.sqs.get_queue_url(QueueName=self.queues[logical_id].name)["QueueUrl"]
        return self._urls[logical_id]

    def poll_once(self, source: QueueSource, wait_seconds: int = 0) -> int:
        """One receive and, if it brought messages, one invocation; returns how many were delivered."""
        queue = self.queues[source.queue]
        received = self.sqs.receive_message(
            QueueUrl=self.url(source.queue),
            MaxNumberOfMessages=min(source.batch_size, 10),
            WaitTimeSeconds=wait_seconds,
            AttributeNames=["All"],
        ).get("Messages", [])
        if not received:
            return 0
        try:
            result = self.invoke(source.function_id, lambda_event(queue, received))
        except Exception:
            log.exception("%s failed on a batch of %d from %s", source.function_id, len(received), queue.name)
            return 0
        failed: set[str] = set()
        if source.report_batch_item_failures and isinstance(result, dict):
            failed = {str(item.get("itemIdentifier")) for item in result.get("batchItemFailures") or []}
        done = [m for m in received if m["MessageId"] not in failed]
        if done:
            self.sqs.delete_message_batch(
                QueueUrl=self.url(source.queue),
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
            )
        return len(done)

    def drain(self, max_batches: int = 100) -> int:
        """Delivers what is visible now (tests); returns how many messages were delivered."""
        total = 0
        for _ in range(max_batches):
            delivered = sum(self.poll_once(source) for source in self.sources)
            if not delivered:
                break
            total += delivered
        return total

    def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(self._poll(source)) for source in self.sources]

    async def _poll(self, source: QueueSource) -> None:
        while not self._stopping:
            try:
                await asyncio.to_thread(self.poll_once, source, 1)
            except Exception:
                log.exception("polling %s failed", source.queue)
                await asyncio.sleep(1)

    async def stop(self) -> None:
        self._stopping = True
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(task, timeout=5)
