"""The transformed template as a stack on moto: what moto's CloudFormation can create, with the resources it
lacks (and everything that needs them) left out and listed, never failed."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from moto.cloudformation.parsing import NULL_MODELS, get_model_map

# Types moto models but cannot take from this template, and why.
CANNOT_TAKE = {
    "AWS::ApiGateway::Deployment": "moto's CloudFormation does not import a RestApi's OpenAPI Body: no methods",
}
MACHINE = {"StartAt": "Done", "States": {"Done": {"Type": "Pass", "End": True}}}


def _references(value: Any) -> set[str]:
    """Logical ids a value refers to (Ref, Fn::GetAtt, ${...} in Fn::Sub)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                found.add(inner)
            elif key == "Fn::GetAtt":
                found.add(inner[0] if isinstance(inner, list) else str(inner).split(".")[0])
            elif key == "Fn::Sub":
                text = inner[0] if isinstance(inner, list) else inner
                found |= {name.split(".")[0] for name in _sub_names(text)}
                if isinstance(inner, list):
                    found |= _references(inner[1])
            else:
                found |= _references(inner)
    elif isinstance(value, list):
        for inner in value:
            found |= _references(inner)
    return found


def _sub_names(text: str) -> list[str]:
    names, start = [], text.find("${")
    while start >= 0:
        end = text.find("}", start)
        names.append(text[start + 2 : end])
        start = text.find("${", end)
    return names


def _stand_in(value: Any, absent: set[str]) -> Any:
    """`value` with every reference to an absent resource replaced by a literal stand-in (an ARN-like string
    where an attribute is read, the logical id otherwise), so what refers to it can still be created."""
    if isinstance(value, list):
        return [_stand_in(inner, absent) for inner in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Ref"} and value["Ref"] in absent:
        return f"{value['Ref']}-not-on-moto"
    if set(value) == {"Fn::GetAtt"}:
        target = value["Fn::GetAtt"]
        name, attribute = target if isinstance(target, list) else str(target).split(".", 1)
        if name in absent:
            return f"arn:aws:moto:us-east-1:123456789012:{name}-{attribute}".lower()
    if set(value) == {"Fn::Sub"}:
        inner = value["Fn::Sub"]
        text, variables = (inner[0], inner[1]) if isinstance(inner, list) else (inner, None)
        for name in _sub_names(text):
            if name.split(".")[0] in absent:
                text = text.replace("${" + name + "}", name.replace(".", "-").lower() + "-not-on-moto")
        return {"Fn::Sub": [text, _stand_in(variables, absent)] if variables is not None else text}
    return {key: _stand_in(inner, absent) for key, inner in value.items()}


def moto_subset(template: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(what moto can create, {left-out logical id: why}). Resources of a type moto has no model for are
    left out; references to them become stand-in strings, so everything else is still created."""
    supported = set(get_model_map()) | set(NULL_MODELS)
    resources: dict[str, Any] = template["Resources"]
    left_out = {
        lid: CANNOT_TAKE.get(r["Type"], f"moto has no {r['Type']}")
        for lid, r in resources.items()
        if r["Type"] not in supported or r["Type"] in CANNOT_TAKE
    }
    kept: dict[str, Any] = {}
    for lid, resource in resources.items():
        if lid in left_out:
            continue
        resource = _stand_in(resource, set(left_out))
        depends = [d for d in _list(resource.get("DependsOn")) if d not in left_out]
        resource.pop("DependsOn", None)
        if depends:
            resource["DependsOn"] = depends
        kept[lid] = resource
    subset = {k: v for k, v in template.items() if k not in ("Resources", "Outputs")}
    subset["Resources"] = kept
    subset["Outputs"] = _stand_in(template.get("Outputs") or {}, set(left_out))
    return subset, left_out


def _list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def upload_artifacts(s3: Any, template: dict[str, Any]) -> None:
    """The S3 objects `sam deploy` would have uploaded (code zips, state machine definitions)."""
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return {}\n")
    buckets: set[str] = set()
    for resource in template["Resources"].values():
        props = resource.get("Properties") or {}
        for key in ("Code", "Content", "DefinitionS3Location"):
            location = props.get(key)
            if not isinstance(location, dict):
                continue
            bucket = location.get("S3Bucket") or location.get("Bucket")
            object_key = location.get("S3Key") or location.get("Key")
            if not bucket or not object_key:
                continue
            if bucket not in buckets:
                s3.create_bucket(Bucket=bucket)
                buckets.add(bucket)
            body = json.dumps(MACHINE).encode() if key == "DefinitionS3Location" else code.getvalue()
            s3.put_object(Bucket=bucket, Key=object_key, Body=body)


NO_VALUE = {"Ref": "AWS::NoValue"}


def _condition_value(expression: Any, parameters: dict[str, str], conditions: dict[str, Any]) -> Any:
    if isinstance(expression, dict):
        (name, argument), *_ = expression.items()
        if name == "Ref":
            return parameters[argument]
        if name == "Condition":
            return _condition_value(conditions[argument], parameters, conditions)
        values = [_condition_value(a, parameters, conditions) for a in argument]
        if name == "Fn::Equals":
            return str(values[0]) == str(values[1])
        if name == "Fn::Not":
            return not values[0]
        if name == "Fn::And":
            return all(values)
        if name == "Fn::Or":
            return any(values)
        raise ValueError(f"condition function {name} is not evaluated here")
    return expression


def _choose(value: Any, truth: dict[str, bool]) -> Any:
    if isinstance(value, list):
        return [chosen for inner in value if (chosen := _choose(inner, truth)) != NO_VALUE]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Fn::If"}:
        name, when_true, when_false = value["Fn::If"]
        return _choose(when_true if truth[name] else when_false, truth)
    return {key: chosen for key, inner in value.items() if (chosen := _choose(inner, truth)) != NO_VALUE}


def with_conditions_applied(template: dict[str, Any], given: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The template as CloudFormation sees it for these parameters: every Fn::If chosen, AWS::NoValue
    removed, resources whose Condition is false left out (returned), Conditions gone. (moto's CloudFormation
    keeps an `Fn::If` to AWS::NoValue inside a policy's statements, which IAM refuses.)"""
    declared = template.get("Parameters") or {}
    parameters = {name: str(spec.get("Default", "")) for name, spec in declared.items()} | given
    conditions = template.get("Conditions") or {}
    truth = {name: bool(_condition_value(expr, parameters, conditions)) for name, expr in conditions.items()}
    resources = {lid: r for lid, r in template["Resources"].items() if truth.get(r.get("Condition", ""), True)}
    skipped = sorted(set(template["Resources"]) - set(resources))
    applied = {k: v for k, v in template.items() if k not in ("Conditions", "Resources", "Outputs", "Rules")}
    applied["Resources"] = {
        lid: _choose({k: v for k, v in r.items() if k != "Condition"}, truth) for lid, r in resources.items()
    }
    applied["Outputs"] = _choose(template.get("Outputs") or {}, truth)
    return applied, skipped
