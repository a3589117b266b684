"""Test support for the delivery pipeline on moto: the table's stream, Scheduler calls, SES's sent messages.

Lambda's event source mapping and EventBridge Scheduler are AWS's side, so the tests play them: `Stream`
reads the records moto's table stream holds and hands them to `on_interview_change`, as the poller would;
`schedule()` reads a schedule back as the scheduler would fire it.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from local_stack.cfn import ACCOUNT, Stack
from local_stack.proxy import LambdaContext
from local_stack.runtime import _json_default

REGION = "us-east-1"


def on_interview_change_context() -> Any:
    return LambdaContext("OnInterviewChangeFunction")


def deliver_context() -> Any:
    return LambdaContext("DeliverFunction")


class Stream:
    """The table's DynamoDB stream, read from moto's shard, fed to `functions/on_interview_change`."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.position = 0

    def _shard_items(self) -> list[Any]:
        from moto.dynamodb.models import dynamodb_backends

        table = dynamodb_backends[ACCOUNT][REGION].get_table(self.stack.refs["InterviewsTable"])
        return list(table.stream_shard.items) if table.stream_shard is not None else []

    def new_records(self) -> list[dict[str, Any]]:
        """The records written since the last call, as Lambda's poller hands them to the function."""
        items = self._shard_items()
        arn = self.stack.attrs[("InterviewsTable", "StreamArn")]
        records = []
        for item in items[self.position :]:
            record = json.loads(json.dumps(item.to_json(), default=_json_default))
            record["eventSourceARN"] = arn
            records.append(record)
        self.position = len(items)
        return records

    def interview_records(self) -> list[dict[str, Any]]:
        """The new records of interview items only (the event source mapping's filter: `sk = INTERVIEW`)."""
        return [r for r in self.new_records() if r["dynamodb"]["Keys"].get("sk", {}).get("S") == "INTERVIEW"]

    @staticmethod
    def invoke(records: list[dict[str, Any]]) -> dict[str, Any]:
        from functions.on_interview_change.app import lambda_handler

        result: dict[str, Any] = lambda_handler({"Records": records}, on_interview_change_context())
        return result

    def drain(self) -> list[dict[str, Any]]:
        """Feed every new interview record to the handler; returns the records fed. Fails on a batch failure."""
        records = self.interview_records()
        if records:
            result = self.invoke(records)
            assert result == {"batchItemFailures": []}, result
        return records


class CallCounter:
    """Counts the API calls a boto3 client makes, by operation name (a botocore event hook)."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.refused: list[str] = []

    def __call__(self, model: Any, **_: Any) -> None:
        self.calls.append(model.name)

    def _after(self, model: Any, http_response: Any = None, **_: Any) -> None:
        if http_response is not None and http_response.status_code >= 300:
            self.refused.append(model.name)

    def attach(self, client: Any, service: str) -> CallCounter:
        client.meta.events.register(f"before-call.{service}.*", self)
        client.meta.events.register(f"after-call.{service}.*", self._after)
        return self

    def reset(self) -> None:
        self.calls.clear()
        self.refused.clear()

    def writes(self) -> list[str]:
        """The write calls that changed something (a create refused because the schedule exists is not one)."""
        refused = list(self.refused)
        done = []
        for call in self.calls:
            if call in refused:
                refused.remove(call)
            elif not call.startswith(("Get", "List")):
                done.append(call)
        return done


def scheduler_client() -> Any:
    """The very client the service's `Scheduler` uses (cached), so hooks on it see the service's calls."""
    from interview_prep.adapters.aws import client as _client

    return _client("scheduler")


def ses_client() -> Any:
    from interview_prep.adapters.aws import client as _client

    return _client("sesv2")


def schedule(interview_id: str, kind: str) -> dict[str, Any]:
    """The schedule of one delivery, as EventBridge Scheduler holds it (raises ResourceNotFoundException)."""
    import os

    import boto3
    from interview_prep.adapters.scheduler import schedule_name

    client = boto3.client("scheduler", region_name=REGION)
    found: dict[str, Any] = client.get_schedule(
        Name=schedule_name(interview_id, kind), GroupName=os.environ["SCHEDULE_GROUP"]
    )
    found.pop("ResponseMetadata", None)
    return found


def schedule_exists(interview_id: str, kind: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        schedule(interview_id, kind)
        return True
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ResourceNotFoundException":
            return False
        raise


def due_at(found: dict[str, Any]) -> dt.datetime:
    """The UTC instant of a one-time schedule's `at(...)` expression."""
    expression = found["ScheduleExpression"]
    assert expression.startswith("at(") and expression.endswith(")"), expression
    assert found.get("ScheduleExpressionTimezone", "UTC") == "UTC"
    return dt.datetime.fromisoformat(expression[3:-1]).replace(tzinfo=dt.UTC)


def target_input(found: dict[str, Any]) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(found["Target"]["Input"])
    return parsed


def fire(found: dict[str, Any], *, complete: bool = True) -> dict[str, Any]:
    """Invoke `functions/deliver` with a schedule's input, as EventBridge Scheduler does when it is due, then
    delete the schedule as its `ActionAfterCompletion: DELETE` does (`complete=False`: a stale copy of a schedule
    firing in a race, which leaves the current schedule of that name alone)."""
    import contextlib
    import os

    import boto3

    from functions.deliver.app import lambda_handler

    result: dict[str, Any] = lambda_handler(target_input(found), deliver_context())
    if not complete:
        return result
    client = boto3.client("scheduler", region_name=REGION)
    with contextlib.suppress(client.exceptions.ResourceNotFoundException):
        client.delete_schedule(Name=found["Name"], GroupName=os.environ["SCHEDULE_GROUP"])
    return result


def sent_raw() -> list[str]:
    """The raw MIME of every email SES accepted, oldest first."""
    from moto.ses.models import ses_backends

    return [m.raw_data for m in ses_backends[ACCOUNT][REGION].sent_messages if getattr(m, "raw_data", None)]


def sent_messages() -> list[EmailMessage]:
    return [email.message_from_string(raw, policy=email.policy.default) for raw in sent_raw()]  # type: ignore[misc]


def throttled_once(client: Any, operation: str) -> Callable[[], int]:
    """Make the next call of `operation` on `client` fail as AWS throttling does; returns a count of failures."""
    from botocore.exceptions import ClientError

    failures: list[str] = []

    def hook(**_: Any) -> None:
        if not failures:
            failures.append(operation)
            raise ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "Rate exceeded"}}, operation)

    client.meta.events.register(f"before-call.{client.meta.service_model.service_id.hyphenize()}.{operation}", hook)
    return lambda: len(failures)
