"""Every AWS client of a process comes from boto3's one default Session (each Session loads the service models again: a
second one cost the deliver function ~130 ms of its cold start), and DynamoDB has one client for the tables and the
idempotency store alike."""

from __future__ import annotations

from typing import Any


def test_deliver_idempotency_store_and_interview_store_share_one_client(aws: Any) -> None:
    from interview_prep.adapters.aws import client
    from interview_prep.adapters.store import interview_store
    from interview_prep.services import delivery

    persistence, _ = delivery._idempotency()
    calls: list[str] = []
    events = client("dynamodb").meta.events
    events.register("before-call.dynamodb.GetItem", lambda model, **_: calls.append(model.name), unique_id="t-one")
    try:
        assert interview_store().get("0" * 32) is None
    finally:
        events.unregister("before-call.dynamodb.GetItem", unique_id="t-one")

    # One client (so one Session and one loaded DynamoDB model): the store's read went through the idempotency one.
    assert persistence.client is client("dynamodb")
    assert calls == ["GetItem"]
    assert persistence.table_name == aws.refs["IdempotencyTable"]


def test_a_table_takes_and_gives_python_values_and_conditions_on_the_shared_client(aws: Any) -> None:
    from boto3.dynamodb.conditions import Attr, Key
    from botocore.exceptions import ClientError
    from interview_prep.adapters.aws import table

    items = table(aws.refs["InterviewsTable"])
    item = {"pk": "T#1", "sk": "T", "n": 3, "nested": {"list": ["a", 2, None], "flag": True}}
    items.put_item(Item=item, ConditionExpression=Attr("pk").not_exists())
    assert item == {"pk": "T#1", "sk": "T", "n": 3, "nested": {"list": ["a", 2, None], "flag": True}}  # unchanged
    assert items.get_item(Key={"pk": "T#1", "sk": "T"}, ConsistentRead=True)["Item"] == item
    try:
        items.put_item(Item=item, ConditionExpression=Attr("pk").not_exists())
        raise AssertionError("the condition did not hold")
    except ClientError as exc:
        assert exc.response["Error"]["Code"] == "ConditionalCheckFailedException"
    found = items.query(KeyConditionExpression=Key("pk").eq("T#1"))["Items"]
    assert found == [item]
    items.update_item(
        Key={"pk": "T#1", "sk": "T"},
        UpdateExpression="SET #n = #n + :one",
        ExpressionAttributeNames={"#n": "n"},
        ExpressionAttributeValues={":one": 1},
    )
    assert items.get_item(Key={"pk": "T#1", "sk": "T"}, ConsistentRead=True)["Item"]["n"] == 4
    items.delete_item(Key={"pk": "T#1", "sk": "T"})
    assert "Item" not in items.get_item(Key={"pk": "T#1", "sk": "T"}, ConsistentRead=True)


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
