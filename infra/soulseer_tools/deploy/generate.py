"""The generated parts of template.yaml: alarms over every function and state machine, the dashboard, each
function's log group, the throttling of every public route, and the WebSocket API's deployment (named by a
hash of its routes, so a changed route is deployed).

`make template` (or `python -m soulseer_tools.deploy.generate`) rewrites each region between its two marker
lines (`# >>> generated <name> ...` and `# <<< generated <name>`) from the resources and routes the rest of
the template declares, so a new function is alarmed and graphed, and a new public route throttled, without
copying a block; `--check` (and tests/infrastructure/test_generated.py) fails when a region is stale.
CloudWatch allows at most 10 metrics in a metric math alarm, so the function alarms come in groups of up to
10 metrics (LambdaErrorsAlarm, LambdaErrorsAlarm2, ...).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import textwrap
from pathlib import Path
from typing import Any, TypeVar

from soulseer_tools.localcloud.cfn_yaml import load_yaml

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "template.yaml"
BEGIN = re.compile(r"^(?P<indent> *)# >>> generated (?P<name>[a-z-]+) ")
END = "# <<< generated {name}"
NAMESPACE = "SoulSeer/${Stage}"  # one namespace per stage: no stage's alarm counts another's events
SERVICE = ["service", "soulseer"]  # Powertools' service dimension (POWERTOOLS_SERVICE_NAME)
MAX_ALARM_METRICS = 10  # CloudWatch: a metric math alarm reads at most 10 metrics (a hard limit)
AUTHORIZER = "AuthorizerFunction"  # fails by design on every refused token: alarmed on its own, by volume
BILLING_TICK = "BillingTickFunction"
LOOPS_ENDED = "BillingLoopsEnded"  # soulseer.readings.billing.LOOPS_ENDED: ticks that end a loop by raising
FUNCTION = "AWS::Serverless::Function"
STATE_MACHINE = "AWS::Serverless::StateMachine"
NOTIFY = """      ComparisonOperator: GreaterThanOrEqualToThreshold
      Threshold: 1
      EvaluationPeriods: 1
      TreatMissingData: notBreaching
      AlarmActions: [!Ref AlarmTopic]
      OKActions: [!Ref AlarmTopic]"""

# The business widgets: title, period, Powertools metric names (layers/soulseer/monitoring.py).
BUSINESS = (
    ("Readings started and minutes billed", 3600, ("ReadingsStarted", "MinutesBilled")),
    ("Money (cents): billed, revenue, top-ups, gifts, refunds", 3600,
     ("BilledCents", "RevenueCents", "TopupCents", "GiftCents", "DisputeRefundCents")),
    ("Payouts (count, cents) and payout failures", 86400,
     ("Payouts", "PayoutCents", "PayoutFailures", "PayoutFailedCents")),
)  # fmt: skip
API = ["ApiName", "soulseer-${Stage}", "Stage", "${Stage}"]
WEBHOOK = "/api/payments/webhook"  # Stripe's deliveries: a budget of their own
METHODS = ("get", "put", "post", "delete", "patch")


def _ids(document: dict[str, Any], kind: str) -> list[str]:
    resources: dict[str, Any] = document.get("Resources") or {}
    return [lid for lid, resource in resources.items() if resource.get("Type") == kind]


def _metric_id(logical_id: str) -> str:
    return logical_id[0].lower() + logical_id[1:]


def _stat(metric_id: str, namespace: str, name: str, dimension: str, value: str) -> str:
    return (
        f"        - {{Id: {metric_id}, ReturnData: false, MetricStat: {{Period: 300, Stat: Sum, Metric: "
        f"{{Namespace: {namespace}, MetricName: {name}, Dimensions: [{{Name: {dimension}, Value: {value}}}]}}}}}}"
    )


def _lambda_stat(function: str, name: str) -> str:
    return _stat(_metric_id(function), "AWS/Lambda", name, "FunctionName", f"!Ref {function}")


def _chunks(items: list[T], size: int) -> list[list[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def _alarm(logical_id: str, name: str, description: str, expression: str, label: str, stats: list[str]) -> str:
    return "\n".join(
        [
            f"  {logical_id}:",
            "    Type: AWS::CloudWatch::Alarm",
            "    Properties:",
            f"      AlarmName: !Sub soulseer-${{Stage}}-{name}",
            f"      AlarmDescription: {json.dumps(description)}",
            NOTIFY,
            "      Metrics:",
            f"        - {{Id: total, Label: {label}, ReturnData: true, Expression: {json.dumps(expression)}}}",
            *stats,
            "",
        ]
    )


def _grouped(logical_id: str, name: str, items: list[T]) -> list[tuple[str, str, list[T]]]:
    """(logical id, alarm name, items) per group of at most MAX_ALARM_METRICS."""
    groups = _chunks(items, MAX_ALARM_METRICS)
    return [
        (logical_id + (str(i + 1) if i else ""), name + (f"-{i + 1}" if i else ""), group)
        for i, group in enumerate(groups)
    ]


def _errors_alarms(functions: list[str]) -> list[str]:
    """Every function but the authorizer; the billing tick's loop exits (BillingLoopsEnded) are not failures."""
    loops = "loopsEnded"
    slots = [f for f in functions if f not in (AUTHORIZER, BILLING_TICK)]
    if BILLING_TICK in functions:  # the tick and its loop exits in the same group
        slots = [BILLING_TICK, loops, *slots]
    description = (
        "A function failed (any but the authorizer, which fails by design on every refused token; "
        "a billing tick that ends its loop is counted as BillingLoopsEnded, not as a failure)."
    )
    alarms = []
    for logical_id, name, group in _grouped("LambdaErrorsAlarm", "lambda-errors", slots):
        plain = [_metric_id(f) for f in group if f not in (BILLING_TICK, loops)]
        terms = [f"SUM([{', '.join(plain)}])"] if plain else []
        stats = [_lambda_stat(f, "Errors") for f in group if f != loops]
        if BILLING_TICK in group:
            tick = f"FILL({_metric_id(BILLING_TICK)}, 0)"
            terms.append(f"IF({tick} > FILL({loops}, 0), {tick} - FILL({loops}, 0), 0)")
            stats.append(_stat(loops, f'!Sub "{NAMESPACE}"', LOOPS_ENDED, *SERVICE))
        alarms.append(_alarm(logical_id, name, description, " + ".join(terms), "errors", stats))
    return alarms


def _throttles_alarms(functions: list[str]) -> list[str]:
    alarms = []
    for logical_id, name, group in _grouped("LambdaThrottlesAlarm", "lambda-throttles", functions):
        expression = f"SUM([{', '.join(_metric_id(f) for f in group)}])"
        stats = [_lambda_stat(f, "Throttles") for f in group]
        description = "A function was throttled (see the dashboard for which)."
        alarms.append(_alarm(logical_id, name, description, expression, "throttles", stats))
    return alarms


def _state_machine_alarms(machines: list[str]) -> list[str]:
    pairs = [(m, what) for m in machines for what in ("ExecutionsFailed", "ExecutionsTimedOut")]
    alarms = []
    for logical_id, name, group in _grouped("StateMachineFailuresAlarm", "state-machine-failures", pairs):
        ids = [f"{_metric_id(m)}{what.removeprefix('Executions')}" for m, what in group]
        stats = [
            _stat(i, "AWS/States", what, "StateMachineArn", f"!Ref {m}")
            for i, (m, what) in zip(ids, group, strict=True)
        ]
        description = "A state machine execution failed or timed out."
        alarms.append(_alarm(logical_id, name, description, f"SUM([{', '.join(ids)}])", "failures", stats))
    return alarms


def _graph(title: str, period: int, metrics: list[list[Any]]) -> dict[str, Any]:
    return {
        "type": "metric",
        "width": 12,
        "height": 6,
        "properties": {
            "title": title,
            "region": "${AWS::Region}",
            "view": "timeSeries",
            "stacked": False,
            "period": period,
            "metrics": metrics,
        },
    }


def _widgets(functions: list[str], machines: list[str], queues: list[str]) -> list[dict[str, Any]]:
    widgets = [
        _graph(title, period, [[NAMESPACE, name, *SERVICE, {"stat": "Sum"}] for name in names])
        for title, period, names in BUSINESS
    ]
    widgets.append(
        _graph(
            "REST API requests and errors",
            300,
            [["AWS/ApiGateway", name, *API, {"stat": "Sum"}] for name in ("Count", "4XXError", "5XXError")],
        )
    )
    widgets.append(_graph("REST API latency p90 (ms)", 300, [["AWS/ApiGateway", "Latency", *API, {"stat": "p90"}]]))
    for title, name, stat in (
        ("Lambda errors", "Errors", "Sum"),
        ("Lambda throttles", "Throttles", "Sum"),
        ("Lambda duration p95 (ms)", "Duration", "p95"),
    ):
        metrics = [["AWS/Lambda", name, "FunctionName", f"${{{f}}}", {"stat": stat, "label": f}] for f in functions]
        widgets.append(_graph(title, 300, metrics))
    for machine in machines:
        metrics = [
            ["AWS/States", f"Executions{w}", "StateMachineArn", f"${{{machine}}}", {"stat": "Sum"}]
            for w in ("Started", "Failed", "TimedOut", "Aborted")
        ]
        widgets.append(_graph(f"{machine} executions", 300, metrics))
    failures = [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", f"${{{queue}.QueueName}}", {"stat": "Maximum"}]
        for queue in queues
    ]
    widgets.append(_graph("Failures waiting (dead-letter queues, failure destinations)", 300, failures))
    for i, widget in enumerate(widgets):  # two columns
        widget["x"], widget["y"] = (i % 2) * 12, (i // 2) * 6
    return widgets


def _dashboard(functions: list[str], machines: list[str], queues: list[str]) -> str:
    lines = [json.dumps(w, separators=(",", ":")) for w in _widgets(functions, machines, queues)]
    body = ",\n".join(f"          {line}" for line in lines)
    return "\n".join(
        [
            "  OperationsDashboard:",
            "    Type: AWS::CloudWatch::Dashboard",
            "    Properties:",
            "      DashboardName: !Sub soulseer-${Stage}",
            "      DashboardBody: !Sub |",
            '        {"widgets": [',
            body,
            "        ]}",
            "",
        ]
    )


def _failure_queues(document: dict[str, Any]) -> dict[str, str]:
    """Queues where failures wait: {logical id: what fails into it} - dead-letter queues (a RedrivePolicy's
    target) and failure destinations (a function's OnFailure, a schedule's DeadLetterConfig)."""
    found: dict[str, str] = {}

    def visit(value: Any, owner: str, key: str = "") -> None:
        if isinstance(value, dict):
            target = value.get("Fn::GetAtt")
            if key in ("deadLetterTargetArn", "Destination", "Arn") and isinstance(target, list) and target[1] == "Arn":
                what = f"a message of {owner} failed {_receives(document, owner)} times"
                found.setdefault(
                    target[0], what if key == "deadLetterTargetArn" else f"{owner} failed after its retries"
                )
            for inner_key, inner in value.items():
                visit(inner, owner, inner_key)
        elif isinstance(value, list):
            for inner in value:
                visit(inner, owner, key)

    for lid, resource in (document.get("Resources") or {}).items():
        visit(resource.get("Properties") or {}, lid)
    queues = set(_ids(document, "AWS::SQS::Queue"))
    return {queue: what for queue, what in found.items() if queue in queues}


def _receives(document: dict[str, Any], queue: str) -> str:
    policy = ((document["Resources"][queue].get("Properties") or {}).get("RedrivePolicy")) or {}
    return str(policy.get("maxReceiveCount", "several"))


def _queue_alarms(document: dict[str, Any]) -> list[str]:
    alarms = []
    for queue, what in _failure_queues(document).items():
        name = re.sub(r"(?<!^)(?=[A-Z])", "-", queue).lower()
        description = f"Failures are waiting in {queue}: {what}. See the logs, fix, then redrive or delete them."
        alarms.append(
            "\n".join(
                [
                    f"  {queue}Alarm:",
                    "    Type: AWS::CloudWatch::Alarm",
                    "    Properties:",
                    f"      AlarmName: !Sub soulseer-${{Stage}}-{name}",
                    f"      AlarmDescription: {json.dumps(description)}",
                    NOTIFY,
                    "      Namespace: AWS/SQS",
                    "      MetricName: ApproximateNumberOfMessagesVisible",
                    f"      Dimensions: [{{Name: QueueName, Value: !GetAtt {queue}.QueueName}}]",
                    "      Statistic: Maximum",
                    "      Period: 300",
                    "",
                ]
            )
        )
    return alarms


def monitoring(document: dict[str, Any]) -> str:
    """Alarms over every function, state machine and failure queue, and the dashboard (top-level resources)."""
    functions, machines = _ids(document, FUNCTION), _ids(document, STATE_MACHINE)
    parts = [*_errors_alarms(functions), *_throttles_alarms(functions), *_state_machine_alarms(machines)]
    parts += _queue_alarms(document)
    parts.append(_dashboard(functions, machines, list(_failure_queues(document))))
    return "\n".join(parts)


def _public_routes(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(path, method) of every REST route SAM's NONE marker makes public, in the DefinitionBody."""
    routes = []
    for api in (r for r in (document.get("Resources") or {}).values() if r.get("Type") == "AWS::Serverless::Api"):
        paths = ((api.get("Properties") or {}).get("DefinitionBody") or {}).get("paths") or {}
        for path, item in paths.items():
            for method in METHODS:
                security = ((item or {}).get(method) or {}).get("security") or []
                if any(isinstance(entry, dict) and "NONE" in entry for entry in security):
                    routes.append((str(path), method.upper()))
    return routes


def method_settings(document: dict[str, Any]) -> str:
    """Items of the REST API's MethodSettings: each public route and the webhook throttled on its own."""
    lines = []
    for path, method in _public_routes(document):
        kind = "Webhook" if path == WEBHOOK else "Public"
        resource = path.replace("/", "~1")  # API Gateway's encoding of a resource path in a method setting
        lines.append(
            f'- {{ResourcePath: "/{resource}", HttpMethod: {method}, MetricsEnabled: true, '
            f"ThrottlingRateLimit: !Ref {kind}ThrottleRateLimit, ThrottlingBurstLimit: !Ref {kind}ThrottleBurstLimit}}"
        )
    return "\n".join(lines) + "\n"


def log_groups(document: dict[str, Any]) -> str:
    """Each function's log group: the one its LoggingConfig names, `/soulseer/<stage>/lambda/<folder>`
    (its CodeUri folder, `_` as `-`), expiring after LogRetentionDays."""
    lines = []
    for resource in (document.get("Resources") or {}).values():
        if resource.get("Type") != FUNCTION:
            continue
        props = resource.get("Properties") or {}
        group = ((props.get("LoggingConfig") or {}).get("LogGroup") or {}).get("Ref")
        if not group:
            continue
        folder = str(props["CodeUri"]).strip("/").split("/")[-1].replace("_", "-")
        lines.append(
            f"{group}: {{Type: AWS::Logs::LogGroup, DeletionPolicy: Delete, UpdateReplacePolicy: Delete, Properties: "
            f'{{LogGroupName: !Sub "/soulseer/${{Stage}}/lambda/{folder}", RetentionInDays: !Ref LogRetentionDays}}}}'
        )
    return "\n".join(lines) + "\n"


WEBSOCKET_PARTS = ("AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::Authorizer",
                   "AWS::ApiGatewayV2::RouteResponse")  # fmt: skip


def _websocket_deployment(document: dict[str, Any]) -> tuple[str, list[str]]:
    """The WebSocket deployment's logical id, named by a hash of every route, integration and authorizer
    (CloudFormation deploys a stage again only when its deployment is a new resource), and its routes."""
    parts = {lid: r for lid, r in sorted((document.get("Resources") or {}).items()) if r.get("Type") in WEBSOCKET_PARTS}
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:10]
    routes = [lid for lid, r in parts.items() if r["Type"] == "AWS::ApiGatewayV2::Route"]
    return f"WebSocketDeployment{digest}", routes


def websocket_deployment(document: dict[str, Any]) -> str:
    logical_id, routes = _websocket_deployment(document)
    return "\n".join(
        [
            f"{logical_id}:",
            "  Type: AWS::ApiGatewayV2::Deployment",
            f"  DependsOn: [{', '.join(routes)}]",
            "  Properties: {ApiId: !Ref WebSocketApi, Description: Every route of the WebSocket API.}",
            "",
        ]
    )


def websocket_deployment_id(document: dict[str, Any]) -> str:
    return f"DeploymentId: !Ref {_websocket_deployment(document)[0]}\n"


REGIONS = {
    "monitoring": monitoring,
    "method-settings": method_settings,
    "log-groups": log_groups,
    "websocket-deployment": websocket_deployment,
    "websocket-deployment-id": websocket_deployment_id,
}


def generated(document: dict[str, Any], name: str = "monitoring") -> str:
    """A generated region's text (without indentation) for a template document."""
    return REGIONS[name](document)


def regenerate(text: str) -> str:
    """template.yaml's text with every generated region rewritten (the regions add no routes or functions)."""
    document = load_yaml(text)
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        out.append(lines[i])
        begin = BEGIN.match(lines[i])
        i += 1
        if begin is None:
            continue
        indent, name = begin.group("indent"), begin.group("name")
        end = indent + END.format(name=name) + "\n"
        if name not in REGIONS or end not in lines[i:]:
            raise SystemExit(f"template.yaml: region {name!r} is unknown or has no line {end.strip()!r}")
        region = textwrap.dedent(generated(document, name))
        out.extend(f"{indent}{line}".rstrip() + "\n" for line in region.splitlines())
        i = lines.index(end, i)
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", type=Path, default=TEMPLATE)
    parser.add_argument("--check", action="store_true", help="fail when the generated region is stale")
    args = parser.parse_args(argv)
    text = args.template.read_text(encoding="utf-8")
    fresh = regenerate(text)
    if fresh == text:
        return 0
    if args.check:
        print(f"{args.template}: the generated region is stale; run `make template`", file=sys.stderr)
        return 1
    args.template.write_text(fresh, encoding="utf-8")
    print(f"{args.template}: generated region rewritten")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
