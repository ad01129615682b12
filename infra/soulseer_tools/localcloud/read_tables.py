"""Reader: AWS::DynamoDB::Table resources -> boto3 create_table keyword arguments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from soulseer_tools.localcloud.model import Table

if TYPE_CHECKING:
    from soulseer_tools.localcloud.template import Template

DYNAMODB_TABLE = "AWS::DynamoDB::Table"
# Properties create_table understands; PITR, SSE, TTL, tags, contributor insights are deployment matters.
_CREATE_KEYS = (
    "TableName", "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "LocalSecondaryIndexes",
    "StreamSpecification",
)  # fmt: skip
_INDEX_KEYS = ("IndexName", "KeySchema", "Projection", "ProvisionedThroughput")


def _index(index: dict[str, Any], on_demand: bool) -> dict[str, Any]:
    kept = {key: index[key] for key in _INDEX_KEYS if key in index}
    if on_demand:
        kept.pop("ProvisionedThroughput", None)
    return kept


def table_kwargs(logical_id: str, props: dict[str, Any]) -> dict[str, Any]:
    kwargs = {key: props[key] for key in _CREATE_KEYS if key in props}
    kwargs.setdefault("TableName", logical_id)
    on_demand = props.get("BillingMode", "PROVISIONED") == "PAY_PER_REQUEST"
    if on_demand:
        kwargs["BillingMode"] = "PAY_PER_REQUEST"
    else:
        kwargs["ProvisionedThroughput"] = props.get(
            "ProvisionedThroughput", {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
        )
    for key in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if key in kwargs:
            kwargs[key] = [_index(index, on_demand) for index in kwargs[key]]
    stream = kwargs.get("StreamSpecification")
    if stream is not None:
        kwargs["StreamSpecification"] = {"StreamEnabled": True, **stream}
    return kwargs


def read_tables(template: Template) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for logical_id, resource in template.resources_of(DYNAMODB_TABLE).items():
        props = template.resolver.resolve(resource.get("Properties") or {})
        tables[logical_id] = Table(logical_id=logical_id, create_kwargs=table_kwargs(logical_id, props))
    return tables
