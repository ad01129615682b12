"""template.yaml's generated region (alarms over every function, the dashboard) is current, and what it
generates holds: per-stage metrics, CloudWatch's limits, every function and state machine covered."""

from __future__ import annotations

import json
import re
from typing import Any

from soulseer_tools.deploy import generate
from tests.infrastructure.conftest import ROOT, of_type


def test_the_generated_region_is_current() -> None:
    text = (ROOT / "template.yaml").read_text(encoding="utf-8")
    assert generate.regenerate(text) == text, "template.yaml's generated region is stale: run `make template`"


def test_a_new_function_is_alarmed_and_graphed_without_copying_a_block(raw) -> None:
    document: dict[str, Any] = json.loads(json.dumps(raw))
    for i in range(12):  # enough to need a second group of alarms
        document["Resources"][f"Extra{i}Function"] = {"Type": "AWS::Serverless::Function", "Properties": {}}
    region = generate.generated(document)
    assert "LambdaErrorsAlarm2:" in region and "LambdaThrottlesAlarm3:" in region
    for i in range(12):
        assert region.count(f"!Ref Extra{i}Function}}") == 2 and f"${{Extra{i}Function}}" in region


def test_metrics_and_alarms_are_per_stage(raw, resources) -> None:
    env = raw["Globals"]["Function"]["Environment"]["Variables"]
    assert env["POWERTOOLS_METRICS_NAMESPACE"] == {"Fn::Sub": "SoulSeer/${Stage}"}
    for name, alarm in of_type(resources, "AWS::CloudWatch::Alarm").items():
        props = alarm["Properties"]
        assert props["AlarmName"]["Fn::Sub"].startswith("soulseer-${Stage}-"), name
        namespaces = [props.get("Namespace")] + [
            m["MetricStat"]["Metric"]["Namespace"] for m in props.get("Metrics", []) if "MetricStat" in m
        ]
        for namespace in namespaces:
            assert namespace is None or namespace == {"Fn::Sub": "SoulSeer/${Stage}"} or namespace.startswith("AWS/")
    body = resources["OperationsDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    widgets = json.loads(re.sub(r"\$\{([^}]*)\}", r"<\1>", body))["widgets"]
    custom = {m[0] for w in widgets for m in w["properties"]["metrics"] if not m[0].startswith("AWS/")}
    assert custom == {"SoulSeer/<Stage>"}


def test_the_billing_ticks_loop_exits_are_not_counted_as_errors(resources) -> None:
    errors = [a for n, a in of_type(resources, "AWS::CloudWatch::Alarm").items() if n.startswith("LambdaErrors")]
    (alarm,) = [a for a in errors if any(m["Id"] == "loopsEnded" for m in a["Properties"]["Metrics"])]
    metrics = {m["Id"]: m for m in alarm["Properties"]["Metrics"]}
    assert metrics["loopsEnded"]["MetricStat"]["Metric"]["MetricName"] == "BillingLoopsEnded"
    assert "FILL(billingTickFunction, 0) - FILL(loopsEnded, 0)" in metrics["total"]["Expression"]
    assert "billingTickFunction" not in metrics["total"]["Expression"].split("+")[0]


def test_every_state_machine_is_alarmed(resources) -> None:
    machines = set(of_type(resources, "AWS::StepFunctions::StateMachine"))
    alarm = resources["StateMachineFailuresAlarm"]["Properties"]
    stats = [m["MetricStat"]["Metric"] for m in alarm["Metrics"] if "MetricStat" in m]
    watched = {metric["Dimensions"][0]["Value"]["Ref"] for metric in stats}
    assert watched == machines


def test_a_changed_websocket_route_gets_a_new_deployment(raw, resources) -> None:
    """CloudFormation deploys a stage again only for a new deployment resource: its name hashes the routes."""
    (stage,) = of_type(resources, "AWS::ApiGatewayV2::Stage").values()
    deployment = stage["Properties"]["DeploymentId"]["Ref"]
    assert deployment.startswith("WebSocketDeployment") and deployment in resources
    document: dict[str, Any] = json.loads(json.dumps(raw))
    assert generate.websocket_deployment_id(document) == f"DeploymentId: !Ref {deployment}\n"
    document["Resources"]["WsDefaultRoute"]["Properties"]["RouteKey"] = "$default-changed"
    assert deployment not in generate.websocket_deployment_id(document)


def test_every_dead_letter_queue_and_failure_destination_is_alarmed(resources) -> None:
    """A queue where failures wait is watched, whoever adds it: a RedrivePolicy's target, a function's
    OnFailure destination, a schedule's dead-letter queue."""
    queues = of_type(resources, "AWS::SQS::Queue")
    targets = {q["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0] for q in queues.values()
               if "RedrivePolicy" in q["Properties"]}  # fmt: skip
    targets.add("FailedInvocationsQueue")  # the payout run's OnFailure destination and its schedule's DLQ
    watched = {
        a["Properties"]["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
        for a in of_type(resources, "AWS::CloudWatch::Alarm").values()
        if a["Properties"].get("Namespace") == "AWS/SQS"
    }
    assert targets <= watched and {"PresenceDeadLetterQueue", "PayoutsDeadLetterQueue"} <= targets
