"""The boto3 clients of the adapters: one per service and process, created at first use (never at import)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.service_resource import Table


@functools.cache
def client(service: str) -> Any:
    """The boto3 client for `service` (boto3 is imported here, at first use, to keep it out of pure imports)."""
    import boto3

    return boto3.client(service)  # type: ignore[call-overload]


@functools.cache
def resource() -> Any:
    """The DynamoDB resource of this process (the interview table and the signing secrets are read through it)."""
    import boto3

    return boto3.resource("dynamodb")


def table(name: str) -> Table:
    return resource().Table(name)


def idempotency_store(table_name: str, static_pk_value: str) -> Any:
    """Powertools' DynamoDB idempotency store on this process's one boto3 Session (the default one, which `client`
    and the interview store use too): left to itself it creates a Session of its own, and reloads every service
    model (~130 ms of a cold start)."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    return DynamoDBPersistenceLayer(
        table_name=table_name, static_pk_value=static_pk_value, boto3_client=client("dynamodb")
    )
