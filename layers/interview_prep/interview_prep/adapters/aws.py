"""The boto3 clients of the adapters: one per service and process, created at first use (never at import)."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def client(service: str) -> Any:
    """The boto3 client for `service` (boto3 is imported here, at first use, to keep it out of pure imports)."""
    import boto3

    return boto3.client(service)  # type: ignore[call-overload]


@functools.cache
def _conversions() -> Any:
    """boto3's own conversions between Python values and DynamoDB's typed ones, and of `Key`/`Attr` conditions into
    expressions: what its `Table` resource registers on a client of its own."""
    from boto3.dynamodb.transform import TransformationInjector

    return TransformationInjector()


class Table:
    """One DynamoDB table, read and written with Python values (`{"pk": "X"}`, not `{"pk": {"S": "X"}}`) and
    `Key`/`Attr` conditions, as boto3's `Table` resource does — on this process's one DynamoDB client, which
    Powertools' idempotency store uses with typed values: no second client, and no resource layer, whose model and
    classes a cold start would load for nothing."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _call(self, method: str, **params: Any) -> dict[str, Any]:
        from boto3.dynamodb.transform import copy_dynamodb_params

        dynamodb, conversions = client("dynamodb"), _conversions()
        model = dynamodb.meta.service_model.operation_model(dynamodb.meta.method_to_api_mapping[method])
        request = copy_dynamodb_params(params)  # the caller's values are never changed
        conversions.inject_condition_expressions(request, model)
        conversions.inject_attribute_value_input(request, model)
        parsed: dict[str, Any] = getattr(dynamodb, method)(**request)
        conversions.inject_attribute_value_output(parsed, model)
        return parsed

    def get_item(self, **params: Any) -> dict[str, Any]:
        return self._call("get_item", TableName=self.name, **params)

    def put_item(self, **params: Any) -> dict[str, Any]:
        return self._call("put_item", TableName=self.name, **params)

    def update_item(self, **params: Any) -> dict[str, Any]:
        return self._call("update_item", TableName=self.name, **params)

    def delete_item(self, **params: Any) -> dict[str, Any]:
        return self._call("delete_item", TableName=self.name, **params)

    def query(self, **params: Any) -> dict[str, Any]:
        return self._call("query", TableName=self.name, **params)

    def transact_write_items(self, **params: Any) -> dict[str, Any]:
        """A transaction over this table (and any other: each item names its table)."""
        return self._call("transact_write_items", **params)


def table(name: str) -> Table:
    return Table(name)


def clear_clients() -> None:
    """Forget every client (a change of endpoint or region: the admin command)."""
    client.cache_clear()


def idempotency_store(table_name: str, static_pk_value: str) -> Any:
    """Powertools' DynamoDB idempotency store on this process's one DynamoDB client (the interview store's too): left
    to itself it creates a Session of its own, and reloads every service model (~130 ms of a cold start)."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    return DynamoDBPersistenceLayer(
        table_name=table_name, static_pk_value=static_pk_value, boto3_client=client("dynamodb")
    )
