"""The cold-start baseline: a bare handler that imports boto3 and makes the same AWS calls as a function does.

Loaded as `app` (like the functions, from this folder) by the cold-start bench; the event names the clients to
create and the calls to make, so each function is compared with exactly its own AWS work.
"""

from typing import Any

import boto3
from botocore.exceptions import ClientError

_clients: dict[str, Any] = {}


def _client(kind: str) -> Any:
    """Every client from boto3's one default Session, as a well-written handler does: the service models are loaded
    once per process. `table` is the DynamoDB resource (its client converts Python values); `dynamodb` the low-level
    client that takes typed values (what an idempotency record is written with)."""
    if kind not in _clients:
        if kind == "table":
            _clients[kind] = boto3.resource("dynamodb")
        else:
            _clients[kind] = boto3.client(kind)  # type: ignore[call-overload]
    return _clients[kind]


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    done = []
    for kind in event.get("clients", []):
        _client(kind)
    for kind, operation, params in event.get("calls", []):
        target = _client("table").Table(params.pop("TableName")) if kind == "table" else _client(kind)
        try:
            getattr(target, operation)(**params)
            done.append(operation)
        except ClientError:  # an expected error answer (e.g. GetSchedule of a schedule not made yet)
            done.append(f"{operation}!")
    return {"statusCode": 200, "calls": done}
