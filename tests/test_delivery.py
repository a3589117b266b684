"""Delivery on moto: the stream keeps one-time schedules in step; deliver sends each email exactly once.

Each test records interviews through the API, then plays AWS's part: the table's stream records go to
`on_interview_change` as Lambda's event source mapping would hand them over, and a schedule's `Input`
goes to `deliver` as EventBridge Scheduler would when it is due.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import os
import threading
from collections.abc import Iterator
from typing import Any

import icalendar
import pytest
from botocore.exceptions import ClientError
from interview_prep.adapters.scheduler import RETRY_POLICY, DeliveryRequest
from interview_prep.adapters.settings import settings
from interview_prep.adapters.store import InterviewStore
from interview_prep.domain.calendar import build_ics
from interview_prep.services import delivery
from interview_prep.services.stream import BatchFailed

from local_stack.cfn import Stack
from tests import delivery_support as ds
from tests.conftest import NOW, Api, clear_caches, interview_body

UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.fixture
def stream(aws: Stack) -> Iterator[ds.Stream]:
    # conftest's clear_caches() leaves the stream module's cached Scheduler (and its client) from earlier tests
    from interview_prep.services import stream as stream_module

    stream_module.scheduler.cache_clear()
    yield ds.Stream(aws)
    stream_module.scheduler.cache_clear()


@pytest.fixture
def record(api: Api, stream: ds.Stream, clock_at: Any) -> Any:
    """`record(**overrides)`: record an interview through the API and let the stream create its schedules."""

    def make(**overrides: Any) -> dict[str, Any]:
        status, _, body = api.call("POST", "/v1/interviews", interview_body(**overrides))
        assert status == 201, body
        stream.drain()
        return dict(body)

    return make


@pytest.fixture
def scheduler_calls(stream: ds.Stream) -> ds.CallCounter:
    """Every Scheduler API call the service makes from now on."""
    return ds.CallCounter().attach(ds.scheduler_client(), "scheduler")


def store() -> InterviewStore:
    return InterviewStore(settings().table_name)


def stored(interview_id: str) -> Any:
    found = store().get(interview_id)
    assert found is not None
    return found


def skip_logged(caplog: pytest.LogCaptureFixture, reason: str) -> bool:
    return any(r.getMessage() == "delivery skipped" and getattr(r, "reason", None) == reason for r in caplog.records)


def emitted_metrics(output: str) -> dict[str, float]:
    """The EMF metrics (name -> total) a Lambda printed."""
    metrics: dict[str, float] = {}
    for line in output.splitlines():
        entry = json.loads(line) if line.startswith("{") else {}
        if "_aws" in entry:
            for definition in entry["_aws"]["CloudWatchMetrics"]:
                for metric in definition["Metrics"]:
                    values = entry[metric["Name"]]
                    metrics[metric["Name"]] = metrics.get(metric["Name"], 0) + sum(
                        values if isinstance(values, list) else [values]
                    )
    return metrics


# --- the stream keeps the schedules in step ---------------------------------------------------------------


def test_on_interview_change_new_interview_creates_one_time_schedules(
    record: Any, aws: Stack, scheduler_calls: ds.CallCounter
) -> None:
    # Given an interview at 14:00 in Toronto on 16 January 2027 (19:00Z), recorded through the API
    interview = record()

    # Then the digest and the thank-you each have a one-time schedule, in the template's group
    for kind, due in (("digest", utc(2027, 1, 14, 19, 0)), ("thank_you", utc(2027, 1, 16, 21, 0))):
        found = ds.schedule(interview["id"], kind)
        assert found["GroupName"] == aws.refs["DeliverySchedules"]
        assert found["ScheduleExpression"] == f"at({due:%Y-%m-%dT%H:%M:%S})"
        assert found["ScheduleExpressionTimezone"] == "UTC"
        assert ds.due_at(found) == due
        assert found["ActionAfterCompletion"] == "DELETE"
        assert found["FlexibleTimeWindow"] == {"Mode": "OFF"}
        assert found["State"] == "ENABLED"
        target = found["Target"]
        # the deliver function's alias (the published version, its SnapStart snapshot when on), not $LATEST
        assert target["Arn"] == aws.refs["DeliverFunctionAliaslive"] == aws.attrs[("DeliverFunction", "Arn")] + ":live"
        assert target["RoleArn"] == aws.attrs[("SchedulerRole", "Arn")]
        assert target["RetryPolicy"] == RETRY_POLICY
        assert target["RetryPolicy"]["MaximumRetryAttempts"] > 0
        assert target["DeadLetterConfig"] == {"Arn": aws.attrs[("DeliveryDeadLetterQueue", "Arn")]}
        # The input is the serialised request deliver validates, carrying the revision it belongs to
        request = DeliveryRequest.model_validate_json(target["Input"])
        assert request == DeliveryRequest(interview_id=interview["id"], kind=kind, revision=1, due_at=due)
    assert sorted(scheduler_calls.writes()) == ["CreateSchedule", "CreateSchedule"]


def test_on_interview_change_new_interview_due_times_match_the_resource(record: Any) -> None:
    interview = record()

    assert ds.due_at(ds.schedule(interview["id"], "digest")).isoformat() == interview["digest"]["due_at"]
    assert ds.due_at(ds.schedule(interview["id"], "thank_you")).isoformat() == interview["thank_you"]["due_at"]


@pytest.mark.parametrize(
    ("starts_at", "zone", "digest_due", "thank_you_due"),
    [
        # CET -> CEST on Sunday 28 March 2027: the start is 07:30Z, the digest 48 elapsed hours before
        pytest.param("2027-03-29T09:30", "Europe/Luxembourg", "2027-03-27T07:30:00", "2027-03-29T09:30:00", id="eu"),
        # EDT -> EST on Sunday 7 November 2027: the start is 14:00Z
        pytest.param("2027-11-08T09:00", "America/Toronto", "2027-11-06T14:00:00", "2027-11-08T16:00:00", id="na"),
        # 01:30 happens twice in Toronto on 7 November 2027: the first occurrence (EDT, 05:30Z)
        pytest.param("2027-11-07T01:30", "America/Toronto", "2027-11-05T05:30:00", "2027-11-07T07:30:00", id="fold"),
    ],
)
def test_on_interview_change_zone_across_dst_change_schedules_at_utc(
    record: Any, starts_at: str, zone: str, digest_due: str, thank_you_due: str
) -> None:
    interview = record(starts_at=starts_at, timezone=zone)

    assert ds.schedule(interview["id"], "digest")["ScheduleExpression"] == f"at({digest_due})"
    assert ds.schedule(interview["id"], "thank_you")["ScheduleExpression"] == f"at({thank_you_due})"


def test_on_interview_change_reschedule_moves_schedules_and_bumps_ics_sequence(
    record: Any, api: Api, stream: ds.Stream, scheduler_calls: ds.CallCounter
) -> None:
    # Given a recorded interview at revision 1, whose calendar event is at SEQUENCE 0
    interview = record()
    first_ics = icalendar.Calendar.from_ical(build_ics(stored(interview["id"])))
    assert first_ics.walk("VEVENT")[0]["SEQUENCE"] == 0
    scheduler_calls.reset()

    # When it is moved to the next day, at 10:30
    status, _, moved = api.call(
        "PATCH", f"/v1/interviews/{interview['id']}", {"starts_at": "2027-01-17T10:30"}, headers={"If-Match": '"1"'}
    )
    assert status == 200, moved
    stream.drain()

    # Then both schedules are updated in place (same names) to the new times and to revision 2
    digest, thank_you = ds.schedule(interview["id"], "digest"), ds.schedule(interview["id"], "thank_you")
    assert digest["ScheduleExpression"] == "at(2027-01-15T15:30:00)"
    assert thank_you["ScheduleExpression"] == "at(2027-01-17T17:30:00)"
    assert {ds.target_input(digest)["revision"], ds.target_input(thank_you)["revision"]} == {2}
    assert sorted(scheduler_calls.writes()) == ["UpdateSchedule", "UpdateSchedule"]
    # And the calendar event keeps its UID, with a higher SEQUENCE and the new start
    event = icalendar.Calendar.from_ical(build_ics(stored(interview["id"]))).walk("VEVENT")[0]
    assert event["UID"] == first_ics.walk("VEVENT")[0]["UID"]
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == utc(2027, 1, 17, 15, 30)
    # And the API serves the same event
    status, headers, served = api.call("GET", f"/v1/interviews/{interview['id']}/calendar.ics")
    assert status == 200 and headers["content-type"].startswith("text/calendar")
    assert icalendar.Calendar.from_ical(served).walk("VEVENT")[0]["SEQUENCE"] == 1


def test_on_interview_change_change_of_non_timing_field_no_scheduler_calls(
    record: Any, api: Api, stream: ds.Stream, scheduler_calls: ds.CallCounter
) -> None:
    interview = record()
    scheduler_calls.reset()

    status, _, _ = api.call("PATCH", f"/v1/interviews/{interview['id']}", {"location": "12 King St W, Toronto"})
    assert status == 200
    stream.drain()

    assert scheduler_calls.calls == []
    assert ds.target_input(ds.schedule(interview["id"], "digest"))["revision"] == 1


def test_on_interview_change_cancel_removes_the_schedules(
    record: Any, api: Api, stream: ds.Stream, scheduler_calls: ds.CallCounter
) -> None:
    interview = record()
    scheduler_calls.reset()

    status, _, cancelled = api.call("DELETE", f"/v1/interviews/{interview['id']}")
    assert status == 200 and cancelled["status"] == "cancelled"
    stream.drain()

    assert not ds.schedule_exists(interview["id"], "digest")
    assert not ds.schedule_exists(interview["id"], "thank_you")
    assert sorted(scheduler_calls.writes()) == ["DeleteSchedule", "DeleteSchedule"]


def test_on_interview_change_pending_confirmation_no_schedules_until_confirmed(
    aws: Stack, stream: ds.Stream, clock_at: Any
) -> None:
    # Given an interview recorded from the web form: it waits for the candidate's confirmation
    from interview_prep.domain.models import InterviewRequest
    from interview_prep.services import interviews

    request = InterviewRequest.model_validate(interview_body())
    pending = interviews.record(store(), request, owner="web", now=NOW, source="web")
    stream.drain()

    # Then it has no schedules, but the opt-in confirmation went out
    assert not ds.schedule_exists(pending.id, "digest")
    assert not ds.schedule_exists(pending.id, "thank_you")
    assert len(ds.sent_raw()) == 1
    assert stored(pending.id).confirmation.sent_at == NOW

    # When the candidate confirms, the digest and the thank-you get their schedules
    interviews.confirm(store(), pending.id, now=NOW)
    stream.drain()
    assert ds.schedule_exists(pending.id, "digest")
    assert ds.schedule_exists(pending.id, "thank_you")
    assert len(ds.sent_raw()) == 1


# --- replays ----------------------------------------------------------------------------------------------


def test_on_interview_change_insert_replayed_no_scheduler_writes(
    api: Api, stream: ds.Stream, scheduler_calls: ds.CallCounter, clock_at: Any
) -> None:
    # Given the schedules of a new interview were created from its stream record
    status, _, interview = api.call("POST", "/v1/interviews", interview_body())
    assert status == 201
    records = stream.interview_records()
    assert ds.Stream.invoke(records) == {"batchItemFailures": []}
    before = {kind: ds.schedule(interview["id"], kind) for kind in ("digest", "thank_you")}
    writes = len(scheduler_calls.writes())

    # When the same record is delivered again (Lambda retries a batch, or replays the shard)
    assert ds.Stream.invoke(records) == {"batchItemFailures": []}

    # Then nothing changes: no Scheduler writes, the same schedules
    assert len(scheduler_calls.writes()) == writes == 2
    after = {kind: ds.schedule(interview["id"], kind) for kind in ("digest", "thank_you")}
    assert after == before


def test_on_interview_change_reschedule_replayed_no_scheduler_writes(
    record: Any, api: Api, stream: ds.Stream, scheduler_calls: ds.CallCounter
) -> None:
    interview = record()
    scheduler_calls.reset()
    api.call("PATCH", f"/v1/interviews/{interview['id']}", {"starts_at": "2027-01-18T09:00"})
    records = stream.interview_records()
    ds.Stream.invoke(records)
    writes = scheduler_calls.writes()
    assert sorted(writes) == ["UpdateSchedule", "UpdateSchedule"]

    ds.Stream.invoke(records)

    assert scheduler_calls.writes() == writes
    assert ds.schedule(interview["id"], "digest")["ScheduleExpression"] == "at(2027-01-16T14:00:00)"


def test_on_interview_change_cancel_replayed_schedules_already_gone_not_an_error(
    record: Any, api: Api, stream: ds.Stream
) -> None:
    interview = record()
    api.call("DELETE", f"/v1/interviews/{interview['id']}")
    records = stream.interview_records()
    assert ds.Stream.invoke(records) == {"batchItemFailures": []}

    assert ds.Stream.invoke(records) == {"batchItemFailures": []}

    assert not ds.schedule_exists(interview["id"], "digest")


def test_on_interview_change_one_bad_record_only_that_record_reported_failed(
    api: Api, stream: ds.Stream, clock_at: Any
) -> None:
    # Given two new interviews in one batch, and Scheduler refusing to create the first one's schedules
    _, _, first = api.call("POST", "/v1/interviews", interview_body())
    _, _, second = api.call("POST", "/v1/interviews", interview_body(role="Data Analyst"))
    records = stream.interview_records()
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in records] == [
        f"INTERVIEW#{first['id']}",
        f"INTERVIEW#{second['id']}",
    ]

    def refuse(params: dict[str, Any], **_: Any) -> None:
        if params["Name"].startswith(first["id"]):
            raise ClientError({"Error": {"Code": "InternalServerException", "Message": "boom"}}, "CreateSchedule")

    ds.scheduler_client().meta.events.register("before-parameter-build.scheduler.CreateSchedule", refuse)

    # When the batch is handled
    result = ds.Stream.invoke(records)

    # Then only the first record is reported failed (Lambda retries it alone); the second one is done
    assert result == {"batchItemFailures": [{"itemIdentifier": records[0]["dynamodb"]["SequenceNumber"]}]}
    assert not ds.schedule_exists(first["id"], "digest")
    assert ds.schedule_exists(second["id"], "digest") and ds.schedule_exists(second["id"], "thank_you")

    # And once Scheduler recovers, the retried record creates the missing schedules
    ds.scheduler_client().meta.events.unregister("before-parameter-build.scheduler.CreateSchedule", refuse)
    assert ds.Stream.invoke(records[:1]) == {"batchItemFailures": []}
    assert ds.schedule_exists(first["id"], "digest") and ds.schedule_exists(first["id"], "thank_you")


def test_on_interview_change_every_record_failing_fails_the_whole_invocation(
    api: Api, stream: ds.Stream, clock_at: Any
) -> None:
    # Given two new interviews in one batch, and Scheduler refusing every schedule
    api.call("POST", "/v1/interviews", interview_body())
    api.call("POST", "/v1/interviews", interview_body(role="Data Analyst"))
    records = stream.interview_records()

    def refuse(**_: Any) -> None:
        raise ClientError({"Error": {"Code": "InternalServerException", "Message": "boom"}}, "CreateSchedule")

    ds.scheduler_client().meta.events.register("before-parameter-build.scheduler.CreateSchedule", refuse)
    try:
        # When the batch is handled, Then the invocation fails (Lambda retries the whole batch, bisecting it)
        with pytest.raises(BatchFailed, match="all 2 records failed"):
            ds.Stream.invoke(records)
    finally:
        ds.scheduler_client().meta.events.unregister("before-parameter-build.scheduler.CreateSchedule", refuse)

    # And the retried batch succeeds once Scheduler recovers
    assert ds.Stream.invoke(records) == {"batchItemFailures": []}


# --- deliver: exactly once --------------------------------------------------------------------------------


def test_deliver_digest_due_sends_one_email_and_records_it(record: Any, clock_at: Any) -> None:
    # Given a recorded interview whose digest schedule comes due
    interview = record()
    digest = ds.schedule(interview["id"], "digest")
    clock_at(ds.due_at(digest))

    # When the scheduler fires it
    outcome = ds.fire(digest)

    # Then one email goes to the candidate, and the interview records it with SES's message id
    assert outcome["status"] == "sent"
    (message,) = ds.sent_messages()
    assert message["To"].addresses[0].addr_spec == "zoe@example.com"
    state = stored(interview["id"]).digest
    assert state.sent_at == ds.due_at(digest)
    assert state.message_id == outcome["message_id"]
    assert state.sent_revision == 1 and state.sends == 1


def test_deliver_same_delivery_twice_sends_one_email(record: Any, clock_at: Any) -> None:
    interview = record()
    digest = ds.schedule(interview["id"], "digest")
    clock_at(ds.due_at(digest))

    first = ds.fire(digest)
    second = ds.fire(digest)

    # The duplicate gets the first outcome back, and sends nothing
    assert second == first
    assert len(ds.sent_raw()) == 1
    assert stored(interview["id"]).digest.sends == 1


def test_deliver_duplicate_after_idempotency_record_expired_still_sends_nothing(record: Any, clock_at: Any) -> None:
    # Even without the idempotency record (expired, or lost), the interview itself says it was sent
    interview = record()
    digest = ds.schedule(interview["id"], "digest")
    clock_at(ds.due_at(digest))
    ds.fire(digest)

    outcome = delivery.send(
        DeliveryRequest(**ds.target_input(digest)), store=store(), mailer=delivery._store_and_mailer()[1]
    )

    assert outcome == {"status": "skipped", "reason": "already_sent", "message_id": None}
    assert len(ds.sent_raw()) == 1


def test_deliver_concurrent_duplicate_in_progress_error_and_one_email(
    record: Any, clock_at: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aws_lambda_powertools.utilities.idempotency.exceptions import IdempotencyAlreadyInProgressError

    # Given a first invocation that is in the middle of sending (held inside `send`)
    interview = record()
    digest = ds.schedule(interview["id"], "digest")
    clock_at(ds.due_at(digest))
    sending, release = threading.Event(), threading.Event()
    real_send = delivery.send

    def held_send(request: DeliveryRequest, **kwargs: Any) -> dict[str, Any]:
        sending.set()
        assert release.wait(timeout=10)
        return real_send(request, **kwargs)

    monkeypatch.setattr(delivery, "send", held_send)
    results: list[dict[str, Any]] = []
    first = threading.Thread(target=contextvars.copy_context().run, args=(lambda: results.append(ds.fire(digest)),))
    first.start()
    try:
        assert sending.wait(timeout=10)

        # When a duplicate invocation arrives meanwhile
        # Then it is refused as in progress (Scheduler retries it later), and sends nothing
        with pytest.raises(IdempotencyAlreadyInProgressError):
            ds.fire(digest)
        assert ds.sent_raw() == []
    finally:
        release.set()
        first.join(timeout=10)

    # And the first invocation sends the one email; the retried duplicate then gets its outcome
    assert [r["status"] for r in results] == ["sent"]
    assert len(ds.sent_raw()) == 1
    assert ds.fire(digest) == results[0]
    assert len(ds.sent_raw()) == 1


def test_deliver_ses_throttled_raises_records_nothing_then_retry_sends_once(record: Any, clock_at: Any) -> None:
    # Given SES throttles the next send
    interview = record()
    digest = ds.schedule(interview["id"], "digest")
    clock_at(ds.due_at(digest))
    failures = ds.throttled_once(ds.ses_client(), "SendEmail")

    # When the digest fires, deliver raises (so EventBridge Scheduler retries it) and nothing is recorded as sent
    with pytest.raises(ClientError, match="TooManyRequestsException"):
        ds.fire(digest)
    assert failures() == 1
    assert ds.sent_raw() == []
    assert stored(interview["id"]).digest.sent_at is None

    # When the scheduler retries a minute later, the email is sent exactly once
    clock_at(ds.due_at(digest) + dt.timedelta(minutes=1))
    assert ds.fire(digest)["status"] == "sent"
    assert ds.fire(digest)["status"] == "sent"  # a further duplicate returns the same outcome
    assert len(ds.sent_raw()) == 1
    assert stored(interview["id"]).digest.sends == 1


def test_deliver_table_error_after_ses_accepted_the_email_retry_sends_nothing_more(
    record: Any, clock_at: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given SES accepts the email, but recording it on the interview fails once (the table throttles)
    interview = record()
    digest = ds.schedule(interview["id"], "digest")
    clock_at(ds.due_at(digest))
    real_record_sent = delivery._record_sent
    failures: list[str] = []

    def throttled_once(*args: Any, **kwargs: Any) -> None:
        if not failures:
            failures.append("PutItem")
            raise ClientError(
                {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow"}}, "PutItem"
            )
        real_record_sent(*args, **kwargs)

    monkeypatch.setattr(delivery, "_record_sent", throttled_once)
    with contextlib.suppress(ClientError):
        ds.fire(digest)
    assert failures and len(ds.sent_raw()) == 1

    # When the delivery is invoked again (the scheduler's retry, or a duplicate)
    ds.fire(digest)

    # Then the email that already went out is not sent a second time
    assert len(ds.sent_raw()) == 1


def test_deliver_schedule_of_older_revision_sends_nothing(
    record: Any,
    api: Api,
    stream: ds.Stream,
    clock_at: Any,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Given an interview rescheduled to revision 2, and its revision-1 digest schedule firing anyway
    interview = record()
    stale = ds.schedule(interview["id"], "digest")
    api.call("PATCH", f"/v1/interviews/{interview['id']}", {"starts_at": "2027-01-19T09:00"})
    stream.drain()
    clock_at(ds.due_at(stale))
    capsys.readouterr()
    caplog.clear()

    # When deliver is invoked with the revision-1 input (a race: the schedule was updated meanwhile)
    outcome = ds.fire(stale, complete=False)

    # Then it is skipped as stale, with the reason logged and counted, and nothing is sent
    assert outcome == {"status": "skipped", "reason": "stale_revision", "message_id": None}
    assert ds.sent_raw() == []
    assert skip_logged(caplog, "stale_revision")
    assert emitted_metrics(capsys.readouterr().out).get("DeliveriesSkipped_stale_revision") == 1

    # And the revision-2 schedule sends the digest
    current = ds.schedule(interview["id"], "digest")
    assert ds.target_input(current)["revision"] == 2
    clock_at(ds.due_at(current))
    assert ds.fire(current)["status"] == "sent"
    assert len(ds.sent_raw()) == 1


@pytest.mark.parametrize("how", ["cancelled", "unsubscribed"])
def test_deliver_cancelled_or_unsubscribed_skips_with_reason_and_metric(
    how: str,
    record: Any,
    api: Api,
    clock_at: Any,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Given a digest schedule that fires after the interview was cancelled, or the candidate unsubscribed
    # (before the stream handler withdrew the schedule)
    from interview_prep.services import interviews

    interview = record()
    digest = ds.schedule(interview["id"], "digest")
    if how == "cancelled":
        assert api.call("DELETE", f"/v1/interviews/{interview['id']}")[0] == 200
    else:
        interviews.unsubscribe(store(), interview["id"], now=NOW)
    clock_at(ds.due_at(digest))
    capsys.readouterr()
    caplog.clear()

    outcome = ds.fire(digest)

    # Then nothing is sent; why is logged (without personal data) and counted
    assert outcome == {"status": "skipped", "reason": how, "message_id": None}
    assert ds.sent_raw() == []
    assert skip_logged(caplog, how)
    metrics = emitted_metrics(capsys.readouterr().out)
    assert metrics.get("DeliveriesSkipped") == 1
    assert metrics.get(f"DeliveriesSkipped_{how}") == 1
    logged = repr([vars(r) for r in caplog.records])
    assert "zoe@example.com" not in logged and "O'Brien" not in logged


def test_on_interview_change_unsubscribed_schedules_withdrawn(record: Any, stream: ds.Stream) -> None:
    from interview_prep.services import interviews

    interview = record()

    interviews.unsubscribe(store(), interview["id"], now=NOW)
    stream.drain()

    assert not ds.schedule_exists(interview["id"], "digest")
    assert not ds.schedule_exists(interview["id"], "thank_you")


def test_deliver_invalid_input_rejected_without_retry() -> None:
    from functions.deliver.app import lambda_handler

    result = lambda_handler({"interview_id": "../etc", "kind": "digest", "revision": 1}, ds.deliver_context())

    assert result == {"status": "rejected", "reason": "invalid_input"}


# --- past-due digests -------------------------------------------------------------------------------------


def test_on_interview_change_digest_time_already_past_schedule_within_a_minute(record: Any) -> None:
    # Given an interview recorded at NOW that starts in 30 hours: 48 hours ahead is already past
    interview = record(starts_at="2027-01-12T16:00")  # 21:00Z

    due = ds.due_at(ds.schedule(interview["id"], "digest"))

    # Then the digest is scheduled to go out within a minute
    assert NOW < due <= NOW + dt.timedelta(minutes=1)
    assert interview["digest"]["due_at"] == due.isoformat()


def test_on_interview_change_stream_late_past_due_digest_within_a_minute_of_handling(
    api: Api, stream: ds.Stream, clock_at: Any
) -> None:
    # Given a past-due digest whose stream record is handled five minutes late
    status, _, interview = api.call("POST", "/v1/interviews", interview_body(starts_at="2027-01-12T16:00"))
    assert status == 201
    handled_at = NOW + dt.timedelta(minutes=5, seconds=17)
    clock_at(handled_at)
    stream.drain()

    due = ds.due_at(ds.schedule(interview["id"], "digest"))

    # Then it is scheduled within a minute of the handling, not in the past
    assert handled_at < due <= handled_at + dt.timedelta(minutes=1)


def test_deliver_past_due_digest_goes_out_when_fired(record: Any, clock_at: Any) -> None:
    interview = record(starts_at="2027-01-12T16:00")
    digest = ds.schedule(interview["id"], "digest")
    clock_at(ds.due_at(digest))

    assert ds.fire(digest)["status"] == "sent"
    assert len(ds.sent_raw()) == 1


# --- the whole life of an interview -----------------------------------------------------------------------


def test_deliver_thank_you_marks_the_interview_completed_and_nothing_stays_scheduled(
    record: Any, api: Api, stream: ds.Stream, clock_at: Any
) -> None:
    # Given a digest that went out, and notes taken after the interview
    interview = record()
    digest = ds.schedule(interview["id"], "digest")
    clock_at(ds.due_at(digest))
    ds.fire(digest)
    stream.drain()
    clock_at(utc(2027, 1, 16, 20, 15))
    status, _, _ = api.call(
        "PUT",
        f"/v1/interviews/{interview['id']}/notes",
        {"interviewers": [{"name": "Dana Lee", "topics": ["the spring inventory count"]}]},
    )
    assert status == 200
    stream.drain()

    # When the thank-you schedule fires
    thank_you = ds.schedule(interview["id"], "thank_you")
    clock_at(ds.due_at(thank_you))
    assert ds.fire(thank_you)["status"] == "sent"
    stream.drain()

    # Then the interview is completed, both emails are recorded, and no schedule is left
    done = stored(interview["id"])
    assert done.status == "completed"
    assert done.thank_you.sent_at == ds.due_at(thank_you)
    assert done.digest.sends == 1 and done.thank_you.sends == 1
    assert len(ds.sent_raw()) == 2
    assert not ds.schedule_exists(interview["id"], "digest")
    assert not ds.schedule_exists(interview["id"], "thank_you")
    _, _, resource = api.call("GET", f"/v1/interviews/{interview['id']}")
    assert resource["status"] == "completed"
    assert resource["thank_you"]["sent_at"] == "2027-01-16T21:00:00+00:00"


def test_deliver_digest_sent_then_moved_by_more_than_a_day_updated_digest_once(
    record: Any, api: Api, stream: ds.Stream, clock_at: Any
) -> None:
    # Given a digest already sent
    interview = record()
    digest = ds.schedule(interview["id"], "digest")
    clock_at(ds.due_at(digest))
    ds.fire(digest)
    stream.drain()
    assert not ds.schedule_exists(interview["id"], "digest")

    # When the interview moves by three days
    api.call("PATCH", f"/v1/interviews/{interview['id']}", {"starts_at": "2027-01-19T14:00"})
    stream.drain()

    # Then a new digest is scheduled for the new revision, and it goes out once, marked "Updated:"
    again = ds.schedule(interview["id"], "digest")
    assert ds.target_input(again)["revision"] == 2
    assert ds.due_at(again) == ds.due_at(digest) + dt.timedelta(minutes=2)  # at once: it tells of the move
    clock_at(ds.due_at(again))
    ds.fire(again)
    ds.fire(again)
    subjects = [str(m["Subject"]) for m in ds.sent_messages()]
    assert len(subjects) == 2
    assert subjects[1].startswith("Updated:")
    assert stored(interview["id"]).digest.sends == 2


# --- the dead-letter path, on the local stack's scheduler -------------------------------------------------


@pytest.fixture
def local_runtime(clock_at: Any) -> Iterator[Any]:
    """The local stack's Runtime in its own moto (not the `aws` fixture), its environment undone afterwards."""
    from interview_prep.services import stream as stream_module

    from local_stack.runtime import Runtime

    saved = dict(os.environ)
    clear_caches()
    stream_module.scheduler.cache_clear()
    runtime = Runtime(public_base_url="https://prep.example.test").start()
    try:
        yield runtime
    finally:
        runtime.stop()
        os.environ.clear()
        os.environ.update(saved)
        clear_caches()
        stream_module.scheduler.cache_clear()


def test_runtime_scheduler_deliver_always_fails_input_lands_in_dead_letter_queue(
    local_runtime: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import boto3
    from interview_prep.adapters.ses import Mailer
    from interview_prep.services import access

    from local_stack.proxy import api_gateway_event

    # Given an interview recorded on the local stack, and SES failing every send
    _, key = access.create_api_key(store(), "Acme Recruiting", now=NOW)
    event = api_gateway_event(
        "POST",
        "/v1/interviews",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json", "Host": "prep.example.test"},
        body=json.dumps(interview_body()).encode(),
    )
    response = local_runtime.api(event)
    assert response["statusCode"] == 201
    interview_id = json.loads(response["body"])["id"]
    attempts: list[str] = []

    def always_fails(self: Any, message: Any, *, to: str, tags: dict[str, str] | None = None) -> str:
        attempts.append(to)
        raise ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "Rate exceeded"}}, "SendEmail")

    monkeypatch.setattr(Mailer, "send", always_fails)

    # When the scheduler runs past the digest's due time
    fired = local_runtime.run_scheduler(utc(2027, 1, 14, 19, 0))

    # Then the digest was tried, retried, and its input handed to the dead-letter queue; nothing was sent
    assert [f["result"]["status"] for f in fired] == ["dead_lettered"]
    assert len(attempts) > 1
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.get_queue_url(QueueName="DeliveryDeadLetterQueue")["QueueUrl"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    (body,) = [json.loads(m["Body"]) for m in messages]
    assert body["input"] == {
        "interview_id": interview_id,
        "kind": "digest",
        "revision": 1,
        "due_at": "2027-01-14T19:00:00Z",
    }
    assert body["error"] == "ClientError"
    assert local_runtime.outbox() == []
    found = store().get(interview_id)
    assert found is not None and found.digest.sent_at is None
    # And the fired schedule is gone (deleted after completion); the thank-you is still pending
    assert [s["name"] for s in local_runtime.schedules()] == [f"{interview_id}-thank-you"]
