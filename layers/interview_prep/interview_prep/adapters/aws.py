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
def document_client() -> Any:
    """The DynamoDB client of the tables, taking and returning Python values (`{"pk": "X"}`, not `{"pk": {"S": "X"}}`)
    and `Key`/`Attr` conditions: the same transformations boto3's `Table` resource registers on its client, on a
    client of our own — without the resource layer, whose model and classes a cold start would load for nothing.

    A client of its own: Powertools' idempotency store and the typed calls use `client("dynamodb")`, which these
    transformations would break."""
    import boto3
    from boto3.dynamodb.transform import TransformationInjector, copy_dynamodb_params

    dynamodb = boto3.client("dynamodb")
    events, injector = dynamodb.meta.events, TransformationInjector()
    events.register("provide-client-params.dynamodb", copy_dynamodb_params, unique_id="dynamodb-create-params-copy")
    events.register(
        "before-parameter-build.dynamodb",
        injector.inject_condition_expressions,
        unique_id="dynamodb-condition-expression",
    )
    events.register(
        "before-parameter-build.dynamodb", injector.inject_attribute_value_input, unique_id="dynamodb-attr-value-input"
    )
    events.register(
        "after-call.dynamodb", injector.inject_attribute_value_output, unique_id="dynamodb-attr-value-output"
    )
    return dynamodb


class Table:
    """One DynamoDB table, read and written with Python values (the calls of boto3's `Table` that we use)."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def client(self) -> Any:
        return document_client()

    def get_item(self, **kwargs: Any) -> dict[str, Any]:
        return document_client().get_item(TableName=self.name, **kwargs)  # type: ignore[no-any-return]

    def put_item(self, **kwargs: Any) -> dict[str, Any]:
        return document_client().put_item(TableName=self.name, **kwargs)  # type: ignore[no-any-return]

    def update_item(self, **kwargs: Any) -> dict[str, Any]:
        return document_client().update_item(TableName=self.name, **kwargs)  # type: ignore[no-any-return]

    def delete_item(self, **kwargs: Any) -> dict[str, Any]:
        return document_client().delete_item(TableName=self.name, **kwargs)  # type: ignore[no-any-return]

    def query(self, **kwargs: Any) -> dict[str, Any]:
        return document_client().query(TableName=self.name, **kwargs)  # type: ignore[no-any-return]


def table(name: str) -> Table:
    return Table(name)


def clear_clients() -> None:
    """Forget every client (a change of endpoint or region: the admin command)."""
    client.cache_clear()
    document_client.cache_clear()


def idempotency_store(table_name: str, static_pk_value: str) -> Any:
    """Powertools' DynamoDB idempotency store on this process's one boto3 Session (the default one, which `client`
    and the interview store use too): left to itself it creates a Session of its own, and reloads every service
    model (~130 ms of a cold start)."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    return DynamoDBPersistenceLayer(
        table_name=table_name, static_pk_value=static_pk_value, boto3_client=client("dynamodb")
    )
