"""Every AWS client of a process comes from boto3's one default Session: each Session loads the service models again
(a second one cost the deliver function ~130 ms of its cold start)."""

from __future__ import annotations

from typing import Any


def test_deliver_idempotency_store_shares_the_interview_stores_session(aws: Any) -> None:
    from interview_prep.adapters.aws import document_client
    from interview_prep.services import delivery

    persistence, _ = delivery._idempotency()

    # One Session: one loader, whose cache already holds the DynamoDB model the store loaded.
    assert persistence.client._loader is document_client()._loader
    assert persistence.table_name == aws.refs["IdempotencyTable"]


def test_idempotency_store_client_takes_typed_values_not_the_resources_conversions(aws: Any) -> None:
    from interview_prep.adapters.aws import client, idempotency_store

    persistence = idempotency_store(aws.refs["IdempotencyTable"], static_pk_value="test")

    # The low-level client (typed attribute values), not the resource's client that converts Python values.
    assert persistence.client is client("dynamodb")
    persistence.client.put_item(
        TableName=aws.refs["IdempotencyTable"], Item={"id": {"S": "test#1"}, "status": {"S": "COMPLETED"}}
    )
    stored = persistence.client.get_item(TableName=aws.refs["IdempotencyTable"], Key={"id": {"S": "test#1"}})
    assert stored["Item"]["status"] == {"S": "COMPLETED"}
