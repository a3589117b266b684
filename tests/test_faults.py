"""Fault injection on moto: SES, DynamoDB and Scheduler errors, and a crash between send and record.

For each fault: no email is lost, none is duplicated, and what cannot succeed lands in a dead-letter queue with a
log line and a metric. Faults are injected on the very boto3 clients the service uses (botocore `before-call`
hooks), or by replacing one step of the service for a crash.

Two harnesses: the local stack's `Runtime` (its own moto, the scheduler's retries and dead-letter queues, as
AWS does them), and the `aws` fixture with `hardening_support.Pipeline` playing the stream and the scheduler.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyAlreadyInProgressError

from tests import hardening_support as hs
from tests.conftest import NOW, Api, interview_body

DIGEST_DUE = dt.datetime(2027, 1, 14, 19, 0, tzinfo=dt.UTC)  # interview_body(): 2027-01-16 14:00 Toronto, 48 h
AFTER_DIGEST = DIGEST_DUE + dt.timedelta(hours=1)
AFTER_ALL = dt.datetime(2027, 1, 17, tzinfo=dt.UTC)


def emitted_metrics(output: str) -> dict[str, float]:
    """The EMF metrics (name -> total) the functions printed."""
    totals: dict[str, float] = {}
    for line in output.splitlines():
        entry = json.loads(line) if line.startswith('{"_aws"') else {}
        for definition in entry.get("_aws", {}).get("CloudWatchMetrics", []):
            for metric in definition["Metrics"]:
                values = entry[metric["Name"]]
                totals[metric["Name"]] = totals.get(metric["Name"], 0) + sum(
                    values if isinstance(values, list) else [values]
                )
    return totals


def logged(caplog: pytest.LogCaptureFixture, message: str, **fields: Any) -> list[Any]:
    return [
        r
        for r in caplog.records
        if r.getMessage() == message and all(getattr(r, k, None) == v for k, v in fields.items())
    ]


def store() -> Any:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore

    return InterviewStore(settings().table_name)


def ses_client() -> Any:
    from interview_prep.adapters.aws import client as _client

    return _client("sesv2")


def scheduler_client() -> Any:
    from interview_prep.adapters.aws import client as _client

    return _client("scheduler")


def table_client() -> Any:
    from interview_prep.adapters.aws import client

    return client("dynamodb")


def failing(code: str, operation: str, *, times: int | None = None, when: Any = None) -> Any:
    """A `before-call` hook raising `code` (the first `times` matching calls, or every one)."""
    calls: list[dict[str, Any]] = []

    def fail(params: dict[str, Any], **_: Any) -> None:
        if when is not None and not when(params):
            return
        if times is None or len(calls) < times:
            calls.append(params)
            raise hs.client_error(code, operation)

    fail.calls = calls  # type: ignore[attr-defined]
    return fail


def sent_record_write(params: dict[str, Any]) -> bool:
    """The PutItem that records a digest or thank-you as sent on the interview."""
    item = {k: v["S"] if isinstance(v, dict) and "S" in v else v for k, v in params.get("Item", {}).items()}
    if item.get("sk") != "INTERVIEW":
        return False
    doc = json.loads(item["doc"])
    return any(doc[kind]["sent_at"] for kind in ("digest", "thank_you"))


# --- on the local stack's Runtime (scheduler retries, dead-letter queues) ----------------------------------------


@pytest.fixture
def runtime(clock_at: Any) -> Iterator[Any]:
    with hs.local_runtime() as rt:
        os.environ["POWERTOOLS_METRICS_DISABLED"] = "0"  # restored with the rest of the environment
        yield rt


@pytest.fixture
def recorded(runtime: Any) -> dict[str, Any]:
    from interview_prep.services import access

    _, key = access.create_api_key(store(), "Acme Recruiting", now=NOW)
    status, _, body = Api(key).call("POST", "/v1/interviews", interview_body())
    assert status == 201, body
    runtime.drain_stream()
    return dict(body)


def dead_letter_queue(name: str) -> list[dict[str, Any]]:
    import boto3

    sqs = boto3.client("sqs", region_name=hs.REGION)
    url = sqs.get_queue_url(QueueName=name)["QueueUrl"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"]) for m in messages]


def test_ses_throttled_once_the_retry_sends_the_digest_exactly_once(
    runtime: Any, recorded: dict[str, Any], caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given SES throttles the first send
    fail = failing("TooManyRequestsException", "SendEmail", times=1)
    hs.hook(ses_client(), "SendEmail", fail)
    capsys.readouterr()

    # When the digest falls due
    fired = runtime.run_scheduler(AFTER_DIGEST)

    # Then the scheduler's retry sends it, once; nothing is dead-lettered; the failed attempt is logged and counted
    assert [f["result"]["status"] for f in fired] == ["ok"]
    assert len(fail.calls) == 1
    assert hs.kinds(runtime.outbox()) == ["digest"]
    assert runtime.dead_letters == []
    assert logged(caplog, "delivery failed", error="TooManyRequestsException", kind="digest")
    assert emitted_metrics(capsys.readouterr().out).get("DeliveriesFailed") == 1


@pytest.mark.parametrize("code", ["TooManyRequestsException", "MessageRejected"])
def test_ses_failing_throughout_dead_letters_the_delivery_logged_and_counted_and_a_redrive_sends_it_once(
    code: str,
    runtime: Any,
    recorded: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given SES refuses every send (throttled for hours, or the message rejected)
    remove = hs.hook(ses_client(), "SendEmail", failing(code, "SendEmail"))
    capsys.readouterr()

    # When the digest falls due
    fired = runtime.run_scheduler(AFTER_DIGEST)

    # Then after the retries the delivery lands in the dead-letter queue; nothing was sent or recorded as sent
    assert [f["result"] for f in fired] == [{"status": "dead_lettered", "error": "ClientError"}]
    (letter,) = dead_letter_queue("DeliveryDeadLetterQueue")
    assert letter["input"]["interview_id"] == recorded["id"] and letter["input"]["kind"] == "digest"
    assert runtime.outbox() == []
    assert store().get(recorded["id"]).digest.sent_at is None
    # And every attempt was logged (the error code, no personal data) and counted
    attempts = logged(caplog, "delivery failed", error=code)
    assert len(attempts) == 3
    assert emitted_metrics(capsys.readouterr().out).get("DeliveriesFailed") == 3
    assert all("zoe@example.com" not in r.getMessage() for r in caplog.records)

    # When SES recovers and an operator re-drives the dead letter (twice, by mistake)
    remove()
    from functions.deliver.app import lambda_handler
    from local_stack.proxy import LambdaContext

    for _ in range(2):
        assert lambda_handler(letter["input"], LambdaContext("DeliverFunction"))["status"] == "sent"

    # Then the digest goes out exactly once: not lost, not duplicated
    assert hs.kinds(runtime.outbox()) == ["digest"]
    runtime.run_scheduler(AFTER_ALL)
    assert hs.kinds(runtime.outbox()) == ["digest", "thank_you"]


def test_scheduler_failing_throughout_dead_letters_the_change_logged_and_counted_and_a_replay_recovers(
    runtime: Any, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    from interview_prep.services import access

    # Given EventBridge Scheduler refuses every CreateSchedule
    remove = hs.hook(scheduler_client(), "CreateSchedule", failing("InternalServerException", "CreateSchedule"))
    _, key = access.create_api_key(store(), "Acme Recruiting", now=NOW)
    status, _, body = Api(key).call("POST", "/v1/interviews", interview_body())
    assert status == 201
    capsys.readouterr()

    # When the stream is processed
    runtime.drain_stream()

    # Then the record is retried, then handed to the stream's dead-letter queue; logged and counted
    (letter,) = dead_letter_queue("StreamDeadLetterQueue")
    assert "stream_record" in letter
    assert logged(caplog, "interview change not applied", error="InternalServerException")
    assert emitted_metrics(capsys.readouterr().out).get("InterviewChangesFailed", 0) >= 1
    assert runtime.schedules() == []

    # When Scheduler recovers and the stream is replayed from its start (re-driving the dead letter)
    remove()
    runtime._stream_position = 0
    runtime.drain_stream()

    # Then the schedules exist, and each email goes out exactly once
    assert {s["name"] for s in runtime.schedules()} == {f"{body['id']}-digest", f"{body['id']}-thank-you"}
    runtime.run_scheduler(AFTER_ALL)
    assert hs.kinds(runtime.outbox()) == ["digest", "thank_you"]


# --- on the aws fixture (the stream and the scheduler played by the test) ---------------------------------------


@pytest.fixture
def pipeline(aws: Any, api: Api, clock_at: Any) -> hs.Pipeline:
    from interview_prep.services import stream as stream_module

    stream_module.scheduler.cache_clear()
    return hs.Pipeline(aws)


def record(api: Api, pipeline: hs.Pipeline, **overrides: Any) -> dict[str, Any]:
    status, _, body = api.call("POST", "/v1/interviews", interview_body(**overrides))
    assert status == 201, body
    assert pipeline.drain() == []
    return dict(body)


def test_record_sent_write_conditional_failure_is_retried_and_the_email_sent_once(
    api: Api, pipeline: hs.Pipeline
) -> None:
    # Given the write recording the digest as sent loses a race once (the interview changed meanwhile)
    interview = record(api, pipeline)
    fail = failing("ConditionalCheckFailedException", "PutItem", times=1, when=sent_record_write)
    hs.hook(table_client(), "PutItem", fail)

    # When the digest is delivered
    (outcome,) = pipeline.run(AFTER_DIGEST)

    # Then it is re-read and recorded on the second try; one email
    assert outcome["status"] == "sent" and len(fail.calls) == 1
    assert store().get(interview["id"]).digest.sends == 1
    pipeline.run(AFTER_ALL)
    assert hs.kinds(pipeline.sent()) == ["digest", "thank_you"]


def test_record_sent_write_throttled_throughout_email_out_once_logged_and_counted_retries_send_nothing(
    api: Api, pipeline: hs.Pipeline, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given DynamoDB throttles every write recording the digest as sent (after the SDK's own retries)
    interview = record(api, pipeline)
    digest = next(s for s in pipeline.schedules() if s["input"]["kind"] == "digest")
    remove = hs.hook(
        table_client(),
        "PutItem",
        failing("ProvisionedThroughputExceededException", "PutItem", when=sent_record_write),
    )
    capsys.readouterr()

    # When the digest fires, and fires again (the scheduler's retry, a duplicate invocation)
    first = pipeline.fire(digest)
    again = pipeline.fire(digest)

    # Then SES got it once: the email that is out is never sent again, even though the record could not be written
    assert first["status"] == "sent" and again == first
    assert hs.kinds(pipeline.sent()) == ["digest"]
    assert logged(caplog, "delivery sent but not recorded", kind="digest")
    assert emitted_metrics(capsys.readouterr().out).get("DeliveriesNotRecorded") == 1
    remove()
    assert store().get(interview["id"]).digest.sent_at is None  # the honest gap: shown as not sent


def test_scheduler_conflict_on_create_updates_the_schedule_another_writer_made(api: Api, pipeline: hs.Pipeline) -> None:
    # Given another writer creates the digest's schedule between our get and create (ConflictException)
    made: list[str] = []

    def concurrent_writer(params: dict[str, Any], **_: Any) -> None:
        if not made:
            made.append(params["Name"])
            scheduler_client().create_schedule(**{**params, "ScheduleExpression": "at(2027-01-01T00:00:00)"})
            raise hs.client_error("ConflictException", "CreateSchedule")

    hs.hook(scheduler_client(), "CreateSchedule", concurrent_writer)

    # When an interview is recorded and its stream record processed
    interview = record(api, pipeline)

    # Then the stale schedule was brought in line (right time, right input); one email of each kind
    digest = next(s for s in pipeline.schedules() if s["input"]["kind"] == "digest")
    assert made == [f"{interview['id']}-digest"]
    assert digest["due_at"] == DIGEST_DUE and digest["input"]["revision"] == 1
    pipeline.run(AFTER_ALL)
    assert hs.kinds(pipeline.sent()) == ["digest", "thank_you"]


def test_scheduler_not_found_on_update_the_record_is_retried_and_the_schedule_made_again(
    api: Api, pipeline: hs.Pipeline, caplog: pytest.LogCaptureFixture
) -> None:
    # Given the digest's schedule disappears between our get and update (it fired and was deleted)
    interview = record(api, pipeline)
    gone: list[str] = []

    def fired_meanwhile(params: dict[str, Any], **_: Any) -> None:
        if not gone:
            gone.append(params["Name"])
            scheduler_client().delete_schedule(Name=params["Name"], GroupName=params["GroupName"])
            raise hs.client_error("ResourceNotFoundException", "UpdateSchedule")

    hs.hook(scheduler_client(), "UpdateSchedule", fired_meanwhile)

    # When the interview is moved by two hours
    status, _, _ = api.call("PATCH", f"/v1/interviews/{interview['id']}", {"starts_at": "2027-01-16T16:00"})
    assert status == 200
    assert pipeline.drain() == []  # the failed record was retried and succeeded

    # Then the schedule was made again at the new time; one email of each kind
    assert gone and logged(caplog, "interview change not applied", error="ResourceNotFoundException")
    digest = next(s for s in pipeline.schedules() if s["input"]["kind"] == "digest")
    assert digest["due_at"] == DIGEST_DUE + dt.timedelta(hours=2) and digest["input"]["revision"] == 2
    pipeline.run(AFTER_ALL)
    assert hs.kinds(pipeline.sent()) == ["digest", "thank_you"]


class Crash(BaseException):
    """The process dies (timeout, out of memory): nothing after this point runs, no `except Exception` sees it."""


def test_crash_between_send_and_record_is_the_at_least_once_window(
    api: Api, pipeline: hs.Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the service promises (RELIABILITY.md): a crash after SES accepted the email and before it is recorded
    leaves the idempotency record in progress. A retry while the function could still be running is refused (no
    duplicate); a retry after that (the function's timeout) sends again. Never lost; at most one duplicate."""
    import boto3
    from interview_prep.adapters.settings import settings
    from interview_prep.services import delivery

    from local_stack.proxy import LambdaContext

    # Given the deliver function dies right after SES accepted the digest
    interview = record(api, pipeline)
    digest = next(s for s in pipeline.schedules() if s["input"]["kind"] == "digest")
    real_record_sent = delivery._record_sent

    def crash(*_: Any, **__: Any) -> None:
        raise Crash

    monkeypatch.setattr(delivery, "_record_sent", crash)
    with pytest.raises(Crash):
        pipeline.fire(digest, context=LambdaContext("DeliverFunction", timeout_seconds=30))
    monkeypatch.setattr(delivery, "_record_sent", real_record_sent)
    assert hs.kinds(pipeline.sent()) == ["digest"]

    # When a retry arrives while the crashed invocation could still be running
    with pytest.raises(IdempotencyAlreadyInProgressError):
        pipeline.fire(digest)

    # Then nothing more is sent
    assert hs.kinds(pipeline.sent()) == ["digest"]

    # When the in-progress lock has expired (the function's timeout passed) and the retry comes again
    idempotency = boto3.resource("dynamodb", region_name=hs.REGION).Table(settings().idempotency_table_name)
    for item in idempotency.scan()["Items"]:  # a test may Scan; the service never does
        if item.get("status") == "INPROGRESS":
            idempotency.update_item(
                Key={"id": item["id"]},
                UpdateExpression="SET in_progress_expiration = :past",
                ExpressionAttributeValues={":past": 0},
            )
    outcome = pipeline.fire(digest)

    # Then the digest is sent a second time (the documented window), recorded once, and never again after that
    assert outcome["status"] == "sent"
    assert hs.kinds(pipeline.sent()) == ["digest", "digest"]
    assert store().get(interview["id"]).digest.sends == 1
    pipeline.run(AFTER_ALL)
    assert hs.kinds(pipeline.sent()) == ["digest", "digest", "thank_you"]


# --- where failures end, and how late an email can be -----------------------------------------------------------


def test_deliver_function_failures_after_lambdas_retries_land_in_the_alarmed_delivery_dead_letter_queue() -> None:
    """EventBridge Scheduler invokes the function asynchronously: its own retry policy and dead-letter queue only
    cover an invocation that fails. A delivery that raises is retried by Lambda, then dead-lettered by Lambda."""
    from local_stack.cfn import load_template

    resources = load_template()["Resources"]
    deliver = resources["DeliverFunction"]["Properties"]

    assert deliver["DeadLetterQueue"] == {
        "Type": "SQS",
        "TargetArn": {"Fn::GetAtt": ["DeliveryDeadLetterQueue", "Arn"]},
    }
    assert deliver["EventInvokeConfig"]["MaximumRetryAttempts"] == 2
    stream = resources["OnInterviewChangeFunction"]["Properties"]["Events"]["InterviewChanges"]["Properties"]
    assert stream["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["StreamDeadLetterQueue", "Arn"]}
    alarmed = {
        r["Properties"]["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
        for r in resources.values()
        if r["Type"] == "AWS::CloudWatch::Alarm" and r["Properties"].get("Namespace") == "AWS/SQS"
    }
    assert {"DeliveryDeadLetterQueue", "StreamDeadLetterQueue"} <= alarmed


@pytest.mark.parametrize(
    ("starts_at", "late"),
    [("2027-01-16T14:00", False), ("2027-01-12T20:00", True)],  # digest due in three days / already 19 hours ago
)
def test_schedules_fire_at_the_due_time_or_within_a_minute_when_already_past(
    api: Api, pipeline: hs.Pipeline, starts_at: str, late: bool
) -> None:
    import boto3

    interview = record(api, pipeline, starts_at=starts_at)
    name = f"{interview['id']}-digest"
    found = boto3.client("scheduler", region_name=hs.REGION).get_schedule(
        Name=name, GroupName=os.environ["SCHEDULE_GROUP"]
    )
    due = dt.datetime.fromisoformat(found["ScheduleExpression"][3:-1]).replace(tzinfo=dt.UTC)
    planned = dt.datetime.fromisoformat(interview["digest"]["due_at"])

    assert found["FlexibleTimeWindow"] == {"Mode": "OFF"}  # no "flexible" delay on top
    if late:
        assert NOW < due <= NOW + dt.timedelta(minutes=1)
    else:
        assert due == planned
