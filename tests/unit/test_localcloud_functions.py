"""The local cloud's function runner: one event at a time per function, queued events never dropped, the
function's timeout counted from when it takes the event (as Lambda counts it)."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from soulseer_tools.localcloud.functions import FunctionRunner
from soulseer_tools.localcloud.template import Template

TEMPLATE = """
Resources:
  SlowFn:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: fns/slow/, Handler: app.handler, Timeout: 1}
"""

SLOW_APP = """
import time
from collections.abc import Iterator

ACTIVE = {"now": 0, "max": 0}


def handler(event, context):
    ACTIVE["now"] += 1
    ACTIVE["max"] = max(ACTIVE["max"], ACTIVE["now"])
    try:
        time.sleep(event["sleep"])
        return {"n": event["n"], "remaining_ms": context.get_remaining_time_in_millis()}
    finally:
        ACTIVE["now"] -= 1
"""


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FunctionRunner]:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "fns" / "slow").mkdir(parents=True)
    (tmp_path / "fns" / "slow" / "app.py").write_text(SLOW_APP)
    monkeypatch.delitem(sys.modules, "soulseer_localcloud_fn_SlowFn", raising=False)
    functions = FunctionRunner(Template(tmp_path / "template.yaml").functions)
    yield functions
    functions.close()


def test_events_queued_longer_than_the_timeout_all_run_one_at_a_time(runner: FunctionRunner) -> None:
    async def scenario() -> list[object]:
        # 8 x 0.3 s: the last waits ~2 s for its turn, twice the function's 1 s timeout
        calls = [runner.invoke_async("SlowFn", {"n": n, "sleep": 0.3}) for n in range(8)]
        return await asyncio.gather(*calls, return_exceptions=True)

    results = asyncio.run(scenario())
    assert [r["n"] for r in results if isinstance(r, dict)] == list(range(8)), results
    assert all(r["remaining_ms"] > 500 for r in results if isinstance(r, dict))  # each got its own clock
    assert sys.modules["soulseer_localcloud_fn_SlowFn"].ACTIVE["max"] == 1


def test_queued_events_leave_the_shared_thread_pool_free(runner: FunctionRunner) -> None:
    async def scenario() -> float:
        calls = [asyncio.ensure_future(runner.invoke_async("SlowFn", {"n": n, "sleep": 0.3})) for n in range(12)]
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await asyncio.to_thread(lambda: None)  # the loop's default pool has a few threads (cores + 4)
        waited = time.monotonic() - started
        await asyncio.gather(*calls)
        return waited

    assert asyncio.run(scenario()) < 0.25  # blocked behind the queued events it would wait seconds


def test_an_event_running_past_the_timeout_is_cut_off(runner: FunctionRunner) -> None:
    async def scenario() -> None:
        with pytest.raises(RuntimeError, match="Task timed out after 1 seconds"):
            await runner.invoke_async("SlowFn", {"n": 0, "sleep": 1.5})

    asyncio.run(scenario())


def test_a_function_with_instances_runs_that_many_events_side_by_side(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "fns" / "slow").mkdir(parents=True)
    (tmp_path / "fns" / "slow" / "app.py").write_text(SLOW_APP)
    functions = FunctionRunner(Template(tmp_path / "template.yaml").functions, {"SlowFn": 3})
    try:

        async def scenario() -> list[dict[str, int]]:
            return await asyncio.gather(*(functions.invoke_async("SlowFn", {"n": n, "sleep": 0.3}) for n in range(6)))

        started = time.monotonic()
        assert [r["n"] for r in asyncio.run(scenario())] == list(range(6))
        assert time.monotonic() - started < 1.5  # two rounds of three, not six in a row
        copies = [name for name in sys.modules if name.startswith("soulseer_localcloud_fn_SlowFn")]
        assert len(copies) == 3  # each instance its own handler module: nothing per event is shared
        assert all(sys.modules[name].ACTIVE["max"] == 1 for name in copies)
    finally:
        functions.close()
        for name in [n for n in sys.modules if n.startswith("soulseer_localcloud_fn_SlowFn")]:
            del sys.modules[name]
