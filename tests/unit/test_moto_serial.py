"""moto's TransactWriteItems as the local cloud and the tests run it: all or nothing, at a cost that does not
grow with the tables (moto's own backup deep-copies each touched table once per item)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from soulseer_tools.moto_serial import serialize_moto_dynamodb


@pytest.fixture
def dynamodb() -> Iterator[Any]:
    serialize_moto_dynamodb()  # idempotent; tests/conftest.py applies it too
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        for name, keys in (("plain", [("pk", "HASH")]), ("ranged", [("pk", "HASH"), ("sk", "RANGE")])):
            client.create_table(
                TableName=name,
                KeySchema=[{"AttributeName": a, "KeyType": t} for a, t in keys],
                AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a, _ in keys],
                BillingMode="PAY_PER_REQUEST",
            )
        client.put_item(TableName="plain", Item={"pk": {"S": "a"}, "n": {"N": "1"}})
        client.put_item(TableName="ranged", Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "v": {"S": "old"}})
        yield client


def _items(client: Any) -> dict[str, list[dict[str, Any]]]:
    return {name: sorted(client.scan(TableName=name)["Items"], key=str) for name in ("plain", "ranged")}


def test_a_cancelled_transaction_leaves_every_item_as_it_was(dynamodb: Any) -> None:
    before = _items(dynamodb)
    with pytest.raises(dynamodb.exceptions.TransactionCanceledException):
        dynamodb.transact_write_items(
            TransactItems=[
                {"Update": {"TableName": "plain", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET n = n + :one",
                            "ExpressionAttributeValues": {":one": {"N": "1"}}}},
                {"Put": {"TableName": "plain", "Item": {"pk": {"S": "new"}}}},
                {"Delete": {"TableName": "ranged", "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}}}},
                {"Put": {"TableName": "ranged", "Item": {"pk": {"S": "b"}, "sk": {"S": "2"}},
                         "ConditionExpression": "attribute_exists(pk)"}},  # fails: nothing happens
            ]
        )  # fmt: skip
    assert _items(dynamodb) == before


def test_a_transaction_that_passes_applies_every_item(dynamodb: Any) -> None:
    dynamodb.transact_write_items(
        TransactItems=[
            {"Update": {"TableName": "plain", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET n = n + :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}}}},
            {"Put": {"TableName": "ranged", "Item": {"pk": {"S": "b"}, "sk": {"S": "2"}},
                     "ConditionExpression": "attribute_not_exists(pk)"}},
        ]
    )  # fmt: skip
    assert dynamodb.get_item(TableName="plain", Key={"pk": {"S": "a"}})["Item"]["n"] == {"N": "2"}
    assert "Item" in dynamodb.get_item(TableName="ranged", Key={"pk": {"S": "b"}, "sk": {"S": "2"}})


def test_a_transaction_costs_what_it_touches_not_the_size_of_the_tables(dynamodb: Any) -> None:
    for n in range(2000):
        dynamodb.put_item(TableName="ranged", Item={"pk": {"S": "big"}, "sk": {"S": f"{n:05}"}, "v": {"S": "x" * 50}})
    started = time.perf_counter()
    for n in range(20):
        dynamodb.transact_write_items(
            TransactItems=[{"Put": {"TableName": "ranged", "Item": {"pk": {"S": f"t{n}"}, "sk": {"S": str(k)}}}}
                           for k in range(8)]
        )  # fmt: skip
    assert time.perf_counter() - started < 3  # a table copy per item: 160 copies of 2,000 items, ~20 s
