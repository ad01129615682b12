"""Lambda functions run in-process: handlers loaded by file path, invoked with a LambdaContext lookalike."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import queue
import re
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from soulseer_tools.localcloud.intrinsics import ACCOUNT_ID, REGION
from soulseer_tools.localcloud.model import Function

Handler = Callable[[Any, Any], Any]


@dataclass
class LambdaContext:
    """The attributes and method of the context object the Python runtime passes to handlers."""

    function_name: str
    memory_limit_in_mb: int
    timeout_seconds: int
    function_version: str = "$LATEST"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return f"{time.strftime('%Y/%m/%d')}/[$LATEST]{self.aws_request_id.replace('-', '')}"

    def get_remaining_time_in_millis(self) -> int:
        elapsed = time.monotonic() - self.started
        return max(0, int((self.timeout_seconds - elapsed) * 1000))


def _module_name(function: Function) -> str:
    return "soulseer_localcloud_fn_" + re.sub(r"\W", "_", function.logical_id)


def load_handler(function: Function, instance: int = 0) -> Handler:
    """Import `<CodeUri>/<module>.py` under a name unique to the function (and instance) and return its
    handler."""
    module_path, _, attribute = function.handler.rpartition(".")
    source = function.code_uri.joinpath(*module_path.split(".")).with_suffix(".py")
    if not source.is_file():
        raise FileNotFoundError(f"{function.logical_id}: handler module {source} does not exist")
    name = _module_name(function) + (f"__{instance}" if instance else "")
    spec = importlib.util.spec_from_file_location(name, source)
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    code_dir = str(function.code_uri)
    sys.path.insert(0, code_dir)  # the task root: sibling modules import as in Lambda
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    finally:
        sys.path.remove(code_dir)
    handler = getattr(module, attribute)
    if not callable(handler):
        raise TypeError(f"{function.logical_id}: {function.handler} is not callable")
    return handler


class FunctionRunner:
    """Loads each function on first use and invokes it synchronously (call it from a thread).

    Like a Lambda container, an instance of a function handles one event at a time. A function has one
    instance unless `instances` gives it more: handlers keep per-event state in module globals (e.g.
    Powertools' resolver, whose routes live in shared route modules), so only a function whose handler
    module holds nothing per event may have several (each its own copy of the handler module; the
    soulseer modules are shared). Different functions run concurrently. Events that arrive while every
    instance is busy wait their turn and are never dropped (Lambda would start another container); the
    function's timeout counts from when an instance takes the event, as Lambda's does."""

    def __init__(self, functions: dict[str, Function], instances: Mapping[str, int] | None = None) -> None:
        self.functions = functions
        self.instances = {logical_id: max(1, int((instances or {}).get(logical_id, 1))) for logical_id in functions}
        self._lock = threading.Lock()
        self._loaded = {logical_id: 0 for logical_id in functions}
        self._idle: dict[str, queue.LifoQueue[Handler]] = {logical_id: queue.LifoQueue() for logical_id in functions}
        self._free = {logical_id: threading.Semaphore(n) for logical_id, n in self.instances.items()}
        # the gateways' events wait in their function's own queue, not in the loop's shared thread pool
        # (a few threads, which events blocked on one busy function would otherwise all hold)
        self._queues = {
            logical_id: ThreadPoolExecutor(max_workers=n, thread_name_prefix=f"lambda-{logical_id}")
            for logical_id, n in self.instances.items()
        }

    def handler(self, logical_id: str) -> Handler:
        """The first instance's handler (loading it if needed)."""
        with self._lock:
            if self._loaded[logical_id] == 0:
                self._idle[logical_id].put(load_handler(self.functions[logical_id]))
                self._loaded[logical_id] = 1
            handler = self._idle[logical_id].get()
            self._idle[logical_id].put(handler)
            return handler

    def _take(self, logical_id: str) -> Handler:
        """An idle instance's handler (the caller holds one of the function's `_free` slots)."""
        with self._lock:
            try:
                return self._idle[logical_id].get_nowait()
            except queue.Empty:
                handler = load_handler(self.functions[logical_id], self._loaded[logical_id])
                self._loaded[logical_id] += 1
                return handler

    def invoke(self, logical_id: str, event: dict[str, Any], on_start: Callable[[], None] | None = None) -> Any:
        """The handler's result after a JSON round trip, as the Lambda service would deliver it.
        `on_start` is called when an instance takes the event (after the events ahead of it)."""
        function = self.functions[logical_id]
        context = LambdaContext(
            function_name=logical_id,
            memory_limit_in_mb=function.memory_mb,
            timeout_seconds=function.timeout_seconds,
        )
        payload = json.loads(json.dumps(event))
        with self._free[logical_id]:
            if on_start is not None:
                on_start()
            handler = self._take(logical_id)
            try:
                context.started = time.monotonic()  # the clock starts when the container takes the event
                result = handler(payload, context)
            finally:
                self._idle[logical_id].put(handler)
        return json.loads(json.dumps(result))

    async def invoke_async(self, logical_id: str, event: dict[str, Any]) -> Any:
        """`invoke` in the function's queue, cut off at the function's timeout (counted from when the
        function takes the event) as Lambda would."""
        timeout = self.functions[logical_id].timeout_seconds
        loop = asyncio.get_running_loop()
        taken: asyncio.Future[None] = loop.create_future()

        def take() -> None:
            if not taken.done():
                taken.set_result(None)

        def started() -> None:
            with contextlib.suppress(RuntimeError):  # the loop has closed: the event still runs
                loop.call_soon_threadsafe(take)

        done = loop.run_in_executor(self._queues[logical_id], self.invoke, logical_id, event, started)
        await asyncio.wait([taken, done], return_when=asyncio.FIRST_COMPLETED)  # queued: no clock yet
        try:
            return await asyncio.wait_for(asyncio.shield(done), timeout)
        except TimeoutError:
            raise RuntimeError(f"{logical_id}: Task timed out after {timeout} seconds") from None

    def close(self) -> None:
        """Lets the queued events run and stops the queues' threads (without waiting for them)."""
        for pending in self._queues.values():
            pending.shutdown(wait=False)
