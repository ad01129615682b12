"""`make bench`: every measurement in its own process (PynamoDB reads table names at import, and the local
cloud and in-process moto must not share one), then one table and benchmarks/results.json.

Knobs (environment): BENCH_SECTIONS (comma-separated subset of SECTIONS), BENCH_PAIRS (cold-init pairs,
>= 11), BENCH_READINGS (concurrent readings in the scale run), BENCH_SCALE_SECONDS, BENCH_TICK_SECONDS."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import prices

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.json"
LOGS = ROOT / "benchmarks" / ".lambda"
SECTIONS = ("coldstart", "operations", "transitions", "relay", "scale", "bundle")


def _section(name: str) -> dict[str, Any]:
    """Runs in the child process."""
    if name == "coldstart":
        from benchmarks import coldstart
        from soulseer_tools.localcloud.template import Template

        pairs = max(int(os.environ.get("BENCH_PAIRS", "11")), 11)
        return coldstart.measure(Template(ROOT / "template.yaml", {"Stage": "dev"}), pairs)
    if name == "operations":
        from benchmarks import operations

        return operations.measure()
    if name == "transitions":
        from benchmarks import transitions

        return transitions.measure()
    if name == "relay":
        from benchmarks import relay

        return relay.measure()
    if name == "scale":
        from benchmarks import scale

        return scale.measure(
            int(os.environ.get("BENCH_READINGS", "50")),
            tick_seconds=int(os.environ.get("BENCH_TICK_SECONDS", "2")),
            seconds=float(os.environ.get("BENCH_SCALE_SECONDS", "30")),
        )
    if name == "bundle":
        from benchmarks import bundle

        return bundle.measure()
    raise ValueError(name)


def _run_section(name: str) -> dict[str, Any]:
    LOGS.mkdir(parents=True, exist_ok=True)
    out, log = LOGS / f"{name}.json", LOGS / f"{name}.log"
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    with log.open("wb") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.run", "--section", name, str(out)],
            cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, timeout=900,
        )  # fmt: skip
    seconds = round(time.perf_counter() - started, 1)
    print(f"  {name:<12} {seconds:>6.1f} s{'' if done.returncode == 0 else '  FAILED, see ' + str(log)}", flush=True)
    if done.returncode != 0 or not out.exists():
        tail = log.read_text(errors="replace")[-1500:]
        return {"error": f"exit {done.returncode}", "log_tail": tail, "seconds": seconds}
    return {**json.loads(out.read_text()), "seconds": seconds}


def _memory(template_functions: dict[str, Any], logical_id: str) -> int:
    function = template_functions.get(logical_id)
    return int(function.memory_mb) if function else 512


def cost(results: dict[str, Any]) -> dict[str, Any] | None:
    from soulseer_tools.localcloud.template import Template

    ops, sfn = results.get("operations", {}), results.get("transitions", {})
    tick, beat = ops.get("billing_tick", {}), ops.get("heartbeat", {})
    transitions = sfn.get("transitions_per_billed_minute")
    if "dynamodb_calls" not in tick or transitions is None:
        return None
    functions = Template(ROOT / "template.yaml", {"Stage": "dev"}).functions
    minute = prices.billed_minute(
        transitions=transitions,
        tick_memory_mb=_memory(functions, "BillingTickFunction"),
        tick_calls=tick["dynamodb_calls"] + tick["other_calls"],
        read_units=tick["dynamodb_read_units"],
        write_units=tick["dynamodb_write_units"],
    )
    hour = None
    if "dynamodb_calls" in beat:
        hour = prices.reading_hour(
            minute,
            heartbeat_seconds=20,
            ws_memory_mb=_memory(functions, "WebSocketFunction"),
            heartbeat_calls=beat["dynamodb_calls"] + beat["other_calls"],
            heartbeat_ru=beat["dynamodb_read_units"],
            heartbeat_wu=beat["dynamodb_write_units"],
        )
    return {"prices_as_of": prices.PRICES_AS_OF, "prices": prices.PRICES, "billed_minute": minute, "reading_hour": hour}


def _ok(good: bool | None) -> str:
    return "" if good is None else ("ok" if good else "OVER")


def table(results: dict[str, Any]) -> str:
    rows: list[tuple[str, str, str, str]] = []
    cold = results.get("coldstart", {})
    for name, fn in sorted((cold.get("functions") or {}).items()):
        r = fn["ratio"]
        rows.append((f"cold init {name}", f"{r['median']:.2f}x ({r['p25']:.2f}-{r['p75']:.2f}; "
                     f"{fn['init_ms']['median']:.0f} vs {fn['bare_ms']['median']:.0f} ms)", "<= 1.30x",
                     _ok(r["median"] <= 1.3)))  # fmt: skip
    if cold.get("functions"):
        rows.append(("  layer", f"build {cold['layer_build_method']}, .pyc {cold['layer_precompiled']}, "
                     f"own botocore {cold['layer_ships_botocore']}, {cold['pairs']} pairs", "", ""))  # fmt: skip
    for name, op in (results.get("operations") or {}).items():
        if not isinstance(op, dict):
            continue
        floor = op.get("floor")
        if "error" in op:
            rows.append((f"calls {name}", "ERROR " + op["error"][:60], f"{floor}", "ERR"))
            continue
        others = {k: v for k, v in op["by_operation"].items() if not k.startswith("dynamodb.")}
        named = ", ".join(f"{count} {key.split('.')[1]}" for key, count in others.items())
        extra = f" + {named}" if others else ""
        rows.append((f"calls {name}", f"{op['dynamodb_calls']} DynamoDB{extra}", "-" if floor is None else str(floor),
                     _ok(None if floor is None else op["dynamodb_calls"] <= floor)))  # fmt: skip
    sfn = results.get("transitions") or {}
    for label, key in (("billed", "transitions_per_billed_minute"), ("paused", "transitions_per_paused_minute")):
        if sfn.get(key) is not None:
            rows.append((f"transitions per {label} minute", f"{sfn[key]:.2f}", "2", _ok(sfn[key] <= 2)))
    money = results.get("cost")
    if money:
        minute = money["billed_minute"]
        rows.append(("cost per billed minute", f"${minute['usd']:.7f} (SFN {minute['step_functions_share']:.0%})",
                     "<= $0.000062", _ok(minute["usd"] <= minute["floor_usd"])))  # fmt: skip
        for alt, usd in minute["alternatives"].items():
            rows.append((f"  alternative {alt}", f"${usd:.7f}", "", ""))
        if money.get("reading_hour"):
            rows.append(("cost per reading hour", f"${money['reading_hour']['usd']:.5f}", "", ""))
    relay = results.get("relay") or {}
    if "ratio_median" in relay:
        loc, bare = relay["local_cloud_ms"], relay["bare_ms"]
        rows.append(("relay A->B local cloud", f"{loc['median']:.1f} ms p95 {loc['p95']:.1f} ms", "", ""))
        rows.append(("relay A->B bare loopback", f"{bare['median']:.2f} ms p95 {bare['p95']:.2f} ms", "", ""))
        rows.append(("relay ratio", f"{relay['ratio_median']:.0f}x median, {relay['ratio_p95']:.0f}x p95", "", ""))
    bundle = results.get("bundle") or {}
    if bundle.get("gzip_bytes"):
        rows.append(("web main bundle (gzip)", f"{bundle['gzip_bytes'] / 1024:.1f} KiB ({bundle['entry']})", "", ""))
    elif bundle:
        rows.append(("web main bundle (gzip)", bundle.get("note", "-"), "", ""))
    scale = results.get("scale") or {}
    if "readings" in scale:
        late = scale.get("tick_lateness_s") or {}
        rows.append((f"scale {scale['readings']} readings @ {scale['tick_seconds']} s",
                     f"{scale['billed_minutes']} minutes; lateness p50 {late.get('median', 0):.2f} s "
                     f"p95 {late.get('p95', 0):.2f} s", "", ""))  # fmt: skip
        bad = scale["missed_minutes"] + scale["double_minutes"] + scale["wrong_balances"] + scale["still_active"]
        rows.append(("  missed / double / wrong balance", f"{scale['missed_minutes']} / {scale['double_minutes']} / "
                     f"{scale['wrong_balances']}", "0 / 0 / 0", _ok(bad == 0)))  # fmt: skip
    for name in SECTIONS:
        if isinstance(results.get(name), dict) and "error" in results[name]:
            rows.append((f"section {name}", "FAILED (" + results[name]["error"] + ")", "", "ERR"))
    widths = [max(len(row[i]) for row in [("metric", "measured", "floor", ""), *rows]) for i in range(4)]
    lines = [" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(("metric", "measured", "floor", "")))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--section":
        Path(sys.argv[3]).write_text(json.dumps(_section(sys.argv[2]), indent=1, default=str))
        return 0
    wanted = [s for s in os.environ.get("BENCH_SECTIONS", ",".join(SECTIONS)).split(",") if s]
    print(f"make bench: {', '.join(wanted)}", flush=True)
    started = time.perf_counter()
    results: dict[str, Any] = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"), "python": sys.version}
    if RESULTS.exists() and set(wanted) != set(SECTIONS):  # a partial run keeps the other sections' numbers
        results = {**json.loads(RESULTS.read_text()), **results}
    for name in wanted:
        results[name] = _run_section(name)
    results["cost"] = cost(results)
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.write_text(json.dumps(results, indent=1, default=str) + "\n")
    print()
    print(table(results))
    print(f"\n{RESULTS.relative_to(ROOT)} written in {results['total_seconds']} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
