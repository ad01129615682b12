"""Resolve CloudFormation intrinsic functions the way a deployed stack would, with local values."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from typing import Any

REGION = "us-east-1"
ACCOUNT_ID = "123456789012"
STACK_NAME = "soulseer-local"

NO_VALUE = object()  # AWS::NoValue: the property is dropped

_SUB_VAR = re.compile(r"\$\{([^}]*)\}")

# Where a resource's ARN lives: type -> (service, resource part pattern).
_ARN_SHAPES: dict[str, tuple[str, str]] = {
    "AWS::Serverless::Function": ("lambda", "function:{name}"),
    "AWS::Lambda::Function": ("lambda", "function:{name}"),
    "AWS::DynamoDB::Table": ("dynamodb", "table/{name}"),
    "AWS::Serverless::StateMachine": ("states", "stateMachine:{name}"),
    "AWS::StepFunctions::StateMachine": ("states", "stateMachine:{name}"),
    "AWS::SQS::Queue": ("sqs", "{name}"),
    "AWS::SNS::Topic": ("sns", "{name}"),
    "AWS::IAM::Role": ("iam", "role/{name}"),
    "AWS::Events::Rule": ("events", "rule/{name}"),
    "AWS::Scheduler::Schedule": ("scheduler", "schedule/default/{name}"),
}
_GLOBAL_SERVICES = {"iam"}
# Types whose Ref yields their (declared) name; for the rest the local cloud uses the logical id.
_REF_IS_NAME = {"AWS::DynamoDB::Table", "AWS::Serverless::Function", "AWS::Lambda::Function", "AWS::S3::Bucket"}


class TemplateError(ValueError):
    """The template uses something the local cloud cannot resolve."""


class Resolver:
    """Evaluates intrinsics against parameters (defaults + overrides), pseudo parameters and resources."""

    def __init__(self, template: Mapping[str, Any], overrides: Mapping[str, str] | None = None) -> None:
        self.template = template
        self.resources: Mapping[str, Any] = template.get("Resources") or {}
        self.parameters = self._parameters(overrides or {})
        self._conditions: dict[str, bool] = {}

    # -- inputs ---------------------------------------------------------------------------------
    def _parameters(self, overrides: Mapping[str, str]) -> dict[str, Any]:
        declared: Mapping[str, Any] = self.template.get("Parameters") or {}
        unknown = set(overrides) - set(declared)
        if unknown:
            raise TemplateError(f"Unknown parameter override(s): {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        for name, spec in declared.items():
            if name in overrides:
                value: Any = overrides[name]
            elif "Default" in spec:
                value = spec["Default"]
            else:
                raise TemplateError(f"Parameter {name} has no default; pass it as an override.")
            if str(spec.get("Type", "String")).startswith("List<") or spec.get("Type") == "CommaDelimitedList":
                value = [part.strip() for part in str(value).split(",")]
            elif not isinstance(value, str):
                value = str(value)
            values[name] = value
        values.update(
            {
                "AWS::Region": REGION,
                "AWS::AccountId": ACCOUNT_ID,
                "AWS::StackName": STACK_NAME,
                "AWS::StackId": f"arn:aws:cloudformation:{REGION}:{ACCOUNT_ID}:stack/{STACK_NAME}/local",
                "AWS::Partition": "aws",
                "AWS::URLSuffix": "amazonaws.com",
                "AWS::NoValue": NO_VALUE,
            }
        )
        return values

    # -- the evaluator --------------------------------------------------------------------------
    def resolve(self, value: Any) -> Any:
        """The value with every intrinsic evaluated; AWS::NoValue entries are dropped."""
        if isinstance(value, list):
            return [item for item in (self.resolve(v) for v in value) if item is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref":
                return self.ref(arg)
            if key == "Condition" and isinstance(arg, str):
                return self.condition(arg)
            if key.startswith("Fn::"):
                method = getattr(self, "_fn_" + key[4:].lower(), None)
                if method is None:
                    raise TemplateError(f"{key} is not supported by the local cloud.")
                return method(arg)
        resolved = {k: self.resolve(v) for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not NO_VALUE}

    def resolve_str(self, value: Any) -> str:
        resolved = self.resolve(value)
        if isinstance(resolved, bool):
            return "true" if resolved else "false"
        if isinstance(resolved, list | dict):
            raise TemplateError(f"Expected a string, got {resolved!r}")
        return str(resolved)

    def ref(self, name: str) -> Any:
        if name in self.parameters:
            return self.parameters[name]
        resource = self.resources.get(name)
        if resource is None:
            raise TemplateError(f"Ref to unknown name {name!r}")
        if resource.get("Type") in _REF_IS_NAME:
            return self.physical_name(name)
        if resource.get("Type") == "AWS::SQS::Queue":
            return self.queue_url(name)
        return name  # locally, the logical id stands in for every other physical id

    def physical_name(self, logical_id: str) -> str:
        """The name a resource's Ref yields: its declared name property when it has one."""
        resource = self.resources[logical_id]
        props = resource.get("Properties") or {}
        for key in ("TableName", "FunctionName", "StateMachineName", "QueueName", "TopicName", "BucketName", "Name"):
            if key in props and resource.get("Type") != "AWS::Serverless::Api":
                return self.resolve_str(props[key])
        return logical_id

    def queue_url(self, logical_id: str) -> str:
        """What a queue's Ref yields in AWS; moto (and boto3) address the queue by its last path segment."""
        return f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT_ID}/{self.physical_name(logical_id)}"

    def arn(self, logical_id: str) -> str:
        rtype = self.resources[logical_id].get("Type", "")
        if rtype == "AWS::S3::Bucket":  # no region, no account
            return f"arn:aws:s3:::{self.physical_name(logical_id)}"
        service, shape = _ARN_SHAPES.get(rtype, (rtype.split("::")[1].lower() if "::" in rtype else "local", "{name}"))
        region = "" if service in _GLOBAL_SERVICES else REGION
        return f"arn:aws:{service}:{region}:{ACCOUNT_ID}:{shape.format(name=self.physical_name(logical_id))}"

    def get_att(self, logical_id: str, attribute: str) -> str:
        if logical_id not in self.resources:
            raise TemplateError(f"Fn::GetAtt of unknown resource {logical_id!r}")
        if attribute == "Arn":
            return self.arn(logical_id)
        if attribute == "StreamArn":
            return f"{self.arn(logical_id)}/stream/local"
        if attribute == "QueueUrl":
            return self.queue_url(logical_id)
        if attribute in ("Name", "TableName", "QueueName"):
            return self.physical_name(logical_id)
        return f"{self.physical_name(logical_id)}.{attribute}"

    def condition(self, name: str) -> bool:
        if name not in self._conditions:
            conditions = self.template.get("Conditions") or {}
            if name not in conditions:
                raise TemplateError(f"Unknown condition {name!r}")
            self._conditions[name] = bool(self.resolve(conditions[name]))
        return self._conditions[name]

    # -- Fn:: -----------------------------------------------------------------------------------
    def _fn_getatt(self, arg: Any) -> str:
        if isinstance(arg, str):
            arg = arg.split(".", 1)
        logical_id, attribute = (self.resolve_str(part) for part in arg)
        return self.get_att(logical_id, attribute)

    def _fn_sub(self, arg: Any) -> str:
        if isinstance(arg, str):
            text, variables = arg, {}
        else:
            text, raw_vars = arg
            variables = {name: self.resolve(value) for name, value in (raw_vars or {}).items()}

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("!"):
                return "${" + name[1:] + "}"
            if name in variables:
                return str(variables[name])
            if name in self.parameters or name in self.resources:
                return self.resolve_str({"Ref": name})
            if "." in name:
                return self.get_att(*name.split(".", 1))
            raise TemplateError(f"Fn::Sub variable ${{{name}}} is not defined")

        return _SUB_VAR.sub(substitute, text)

    def _fn_select(self, arg: Any) -> Any:
        index, items = self.resolve(arg)
        return items[int(index)]

    def _fn_split(self, arg: Any) -> list[str]:
        delimiter, text = self.resolve(arg)
        return str(text).split(delimiter)

    def _fn_join(self, arg: Any) -> str:
        delimiter, items = self.resolve(arg)
        return str(delimiter).join(self.resolve_str(item) for item in items)

    def _fn_if(self, arg: Any) -> Any:
        name, when_true, when_false = arg
        return self.resolve(when_true if self.condition(name) else when_false)

    def _fn_equals(self, arg: Any) -> bool:
        left, right = self.resolve(arg)
        return str(left) == str(right)

    def _fn_and(self, arg: Any) -> bool:
        return all(self.resolve(item) for item in arg)

    def _fn_or(self, arg: Any) -> bool:
        return any(self.resolve(item) for item in arg)

    def _fn_not(self, arg: Any) -> bool:
        return not self.resolve(arg[0])

    def _fn_findinmap(self, arg: Any) -> Any:
        name, top, second = (self.resolve_str(part) for part in arg[:3])
        return (self.template.get("Mappings") or {})[name][top][second]

    def _fn_base64(self, arg: Any) -> str:
        return base64.b64encode(self.resolve_str(arg).encode()).decode()

    def _fn_getazs(self, arg: Any) -> list[str]:
        return [f"{REGION}{zone}" for zone in "abc"]

    def _fn_tojsonstring(self, arg: Any) -> str:
        return json.dumps(self.resolve(arg), separators=(",", ":"))

    def _fn_length(self, arg: Any) -> int:
        return len(self.resolve(arg))
