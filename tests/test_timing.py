"""Due times that don't drift: an email is due at a time fixed by the writes that change timing, and goes out.

Pure planning first (no AWS), then the stream and the deliver function on moto, then the local stack's runtime
(the API, the stream, the scheduler and SES's outbox together), where the API's `due_at` and `sent_at` are read
as a tool would read them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from interview_prep.domain.models import DeliveryState, Interview
from interview_prep.domain.planning import (
    NOTICE_DELAY,
    PAST_DUE_DELAY,
    Delivery,
    plan_deliveries,
    planned_at,
    why_no_deliveries,
    with_due_times,
)

import tests.delivery_support as ds
from tests.conftest import NOW, Api, interview_body
from tests.sample_interviews import KESTREL, stored_interview

UTC = dt.UTC
SECOND = dt.timedelta(seconds=1)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def make_interview(**overrides: Any) -> Interview:
    # 14:00 in Toronto on 16 January 2027 is 19:00Z; recorded at NOW (15:00Z on 11 January)
    base = {"starts_at": "2027-01-16T14:00", "created_at": NOW, "updated_at": NOW}
    return stored_interview(KESTREL, base, **overrides)


def due(interview: Interview) -> dict[str, dt.datetime]:
    return {d.kind: d.due_at for d in plan_deliveries(interview)}


# --- pure: the plan depends on the record, not on when it is read -----------------------------------------


def test_plan_deliveries_past_due_digest_later_writes_without_timing_changes_same_due_time() -> None:
    # Given an interview recorded 30 hours before it starts: its 48-hour digest is past due, due 30 s after recording
    recorded = make_interview(starts_at="2027-01-12T16:00")
    first = due(recorded)
    assert first["digest"] == NOW + PAST_DUE_DELAY

    # When a tool writes to it every 20 seconds (a new role, new notes, a new version) for ten minutes
    later = [
        recorded.model_copy(update={"role": f"Analyst {n}", "version": n + 1, "updated_at": NOW + n * 20 * SECOND})
        for n in range(1, 31)
    ]

    # Then the digest is still due at the same moment: nothing postpones it
    assert all(due(written) == first for written in later)


def test_plan_deliveries_past_due_after_a_move_due_a_fixed_time_after_the_move() -> None:
    # Given a move (a change of timing) at 10:00Z on 12 January to a start 30 hours later
    moved_at = utc(2027, 1, 12, 10, 0, 0)
    interview = make_interview(starts_at="2027-01-13T11:00", revision=2, revised_at=moved_at, updated_at=moved_at)

    # Then the past-due digest is due 30 s after the move, and stays so after later writes
    assert due(interview)["digest"] == moved_at + PAST_DUE_DELAY
    touched = interview.model_copy(update={"updated_at": moved_at + dt.timedelta(minutes=7), "role": "Lead"})
    assert due(touched)["digest"] == moved_at + PAST_DUE_DELAY


def test_plan_deliveries_past_due_after_confirmation_due_after_the_confirmation() -> None:
    # Given a web-form interview recorded at NOW and confirmed 20 hours later, 30 hours before it starts
    confirmed_at = NOW + dt.timedelta(hours=20)
    interview = make_interview(source="web", starts_at="2027-01-13T07:00", confirmed_at=confirmed_at)

    assert planned_at(interview) == confirmed_at
    assert due(interview)["digest"] == confirmed_at + PAST_DUE_DELAY


def test_plan_deliveries_past_due_time_is_whole_seconds() -> None:
    interview = make_interview(starts_at="2027-01-12T16:00", created_at=NOW + dt.timedelta(microseconds=654_321))

    assert due(interview)["digest"] == NOW + PAST_DUE_DELAY


def test_plan_deliveries_digest_due_exactly_at_the_start_not_planned_a_second_before_planned() -> None:
    # Recorded 30 s before the start: the past-due digest would be due at the start itself
    at_start = make_interview(created_at=utc(2027, 1, 16, 18, 59, 30))
    just_before = make_interview(created_at=utc(2027, 1, 16, 18, 59, 29))

    assert "digest" not in due(at_start)
    assert due(just_before)["digest"] == utc(2027, 1, 16, 18, 59, 59)


def test_plan_deliveries_ideal_time_exactly_when_planned_is_past_due() -> None:
    # The ideal digest time is the very moment of recording: already past, so the short delay applies
    interview = make_interview(created_at=utc(2027, 1, 14, 19, 0))

    assert due(interview)["digest"] == utc(2027, 1, 14, 19, 0) + PAST_DUE_DELAY


def test_delivery_default_is_not_an_update() -> None:
    assert Delivery(NOW, "digest", 1).updated is False
    plan = plan_deliveries(make_interview())
    assert [d.updated for d in plan] == [False, False]


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"status": "pending_confirmation", "source": "web"}, "unconfirmed"),
        ({"status": "cancelled", "cancelled_at": NOW}, "cancelled"),
        ({"unsubscribed_at": NOW}, "unsubscribed"),
        ({"status": "completed"}, "completed"),
        ({}, None),
    ],
)
def test_why_no_deliveries_each_reason(overrides: dict[str, Any], reason: str | None) -> None:
    assert why_no_deliveries(make_interview(**overrides)) == reason


def test_why_no_deliveries_cancelled_and_unsubscribed_says_cancelled() -> None:
    interview = make_interview(status="cancelled", cancelled_at=NOW, unsubscribed_at=NOW)

    assert why_no_deliveries(interview) == "cancelled"


# --- pure: the due times users see, after a send, a cancellation and a move ------------------------------


SENT_DIGEST = DeliveryState(
    due_at=utc(2027, 1, 14, 19, 0),
    sent_at=utc(2027, 1, 14, 19, 0, 2),
    sent_revision=1,
    sent_starts_at_utc=utc(2027, 1, 16, 19, 0),
    sends=1,
)


def test_with_due_times_after_the_digest_is_sent_nothing_more_due_for_it_thank_you_due() -> None:
    shown = with_due_times(make_interview(digest=SENT_DIGEST))

    assert shown.digest.due_at is None
    assert shown.digest.sent_at == SENT_DIGEST.sent_at
    assert shown.thank_you.due_at == utc(2027, 1, 16, 21, 0)
    assert shown.thank_you.sent_at is None


def test_with_due_times_after_a_cancellation_nothing_due_sent_kept() -> None:
    interview = make_interview(
        status="cancelled",
        cancelled_at=NOW,
        digest=SENT_DIGEST,
        thank_you=DeliveryState(due_at=utc(2027, 1, 16, 21, 0)),
    )

    shown = with_due_times(interview)

    assert shown.digest.due_at is None and shown.thank_you.due_at is None
    assert shown.digest.sent_at == SENT_DIGEST.sent_at


def test_with_due_times_after_a_move_of_days_following_the_send_the_updated_digest_due() -> None:
    moved_at = utc(2027, 1, 15, 8, 0)
    interview = make_interview(
        starts_at="2027-01-20T14:00", revision=2, revised_at=moved_at, updated_at=moved_at, digest=SENT_DIGEST
    )

    shown = with_due_times(interview)

    assert shown.digest.due_at == moved_at + NOTICE_DELAY  # it tells of the move, so it goes out at once
    assert shown.digest.sent_at == SENT_DIGEST.sent_at  # the first one stays recorded
    assert shown.thank_you.due_at == utc(2027, 1, 20, 21, 0)


def test_with_due_times_after_a_small_move_following_the_send_no_digest_due() -> None:
    moved_at = utc(2027, 1, 15, 8, 0)
    interview = make_interview(
        starts_at="2027-01-16T16:00", revision=2, revised_at=moved_at, updated_at=moved_at, digest=SENT_DIGEST
    )

    shown = with_due_times(interview)

    assert shown.digest.due_at is None
    assert shown.thank_you.due_at == utc(2027, 1, 16, 23, 0)


def test_with_due_times_after_the_thank_you_is_sent_nothing_due_sends_kept() -> None:
    thanked = DeliveryState(due_at=utc(2027, 1, 16, 21, 0), sent_at=utc(2027, 1, 16, 21, 0, 1), sent_revision=1)
    interview = make_interview(status="completed", digest=SENT_DIGEST, thank_you=thanked)

    shown = with_due_times(interview)

    assert shown.thank_you == thanked.model_copy(update={"due_at": None})
    assert shown.digest == SENT_DIGEST.model_copy(update={"due_at": None})


# --- on moto: the stream and the deliver function -------------------------------------------------------


@pytest.fixture
def stream(aws: Any) -> Iterator[ds.Stream]:
    from interview_prep.services import stream as stream_module

    stream_module.scheduler.cache_clear()
    yield ds.Stream(aws)
    stream_module.scheduler.cache_clear()


def test_on_interview_change_writes_to_a_past_due_interview_leave_its_schedule_alone(
    api: Api, stream: ds.Stream, clock_at: Any
) -> None:
    # Given an interview recorded 30 hours ahead: its digest is past due and scheduled 30 s after recording
    status, _, interview = api.call("POST", "/v1/interviews", interview_body(starts_at="2027-01-12T16:00"))
    assert status == 201
    stream.drain()
    digest = ds.schedule(interview["id"], "digest")
    assert ds.due_at(digest) == NOW + PAST_DUE_DELAY
    calls = ds.CallCounter().attach(ds.scheduler_client(), "scheduler")

    # When a tool changes the role every 10 seconds, before the digest has gone out
    for n in range(1, 3):
        clock_at(NOW + n * 10 * SECOND)
        status, _, shown = api.call("PATCH", f"/v1/interviews/{interview['id']}", {"role": f"Analyst {n}"})
        assert status == 200
        assert shown["digest"]["due_at"] == interview["digest"]["due_at"]
        stream.drain()

    # Then the schedule was never touched, and it fires at its first time and sends the digest
    assert calls.calls == []
    assert ds.due_at(ds.schedule(interview["id"], "digest")) == NOW + PAST_DUE_DELAY
    clock_at(NOW + PAST_DUE_DELAY)
    assert ds.fire(ds.schedule(interview["id"], "digest"))["status"] == "sent"


def test_deliver_fired_late_by_the_delivery_latency_still_sends(api: Api, stream: ds.Stream, clock_at: Any) -> None:
    # Given an interview recorded 50 seconds before it starts: its digest is due 30 s after recording
    starts = NOW + dt.timedelta(seconds=50)
    body = interview_body(
        starts_at=starts.astimezone(dt.timezone(dt.timedelta(hours=-5))).strftime("%Y-%m-%dT%H:%M:%S")
    )
    status, _, interview = api.call("POST", "/v1/interviews", body)
    assert status == 201, interview
    stream.drain()
    digest = ds.schedule(interview["id"], "digest")
    assert ds.due_at(digest) == NOW + PAST_DUE_DELAY

    # When the schedule's invocation reaches the deliver function 45 s after its time (after the start)
    clock_at(NOW + PAST_DUE_DELAY + 45 * SECOND)

    # Then the digest still goes out, and the API shows it sent
    assert ds.fire(digest)["status"] == "sent"
    stream.drain()
    _, _, shown = api.call("GET", f"/v1/interviews/{interview['id']}")
    assert shown["digest"]["sent_at"] is not None


# --- the local stack: the API never shows a past due time without a send for long ---------------------------


@pytest.fixture
def local(monkeypatch: pytest.MonkeyPatch, clock_at: Any) -> Iterator[tuple[Any, Api]]:
    """The local stack's runtime in this process, and an API client with a key."""
    import os

    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services import access

    from local_stack.runtime import Runtime
    from tests.conftest import clear_caches

    saved = dict(os.environ)
    runtime = Runtime(public_base_url="https://prep.example.test").start()
    clear_caches()
    try:
        _, key = access.create_api_key(InterviewStore(settings().table_name), "Acme Recruiting", now=NOW)
        yield runtime, Api(key)
    finally:
        runtime.stop()
        clear_caches()
        os.environ.clear()
        os.environ.update(saved)


GRACE = dt.timedelta(minutes=3)


def overdue(resource: dict[str, Any], at: dt.datetime) -> list[str]:
    """The emails the resource shows as due more than GRACE before `at` and still not sent."""
    late = []
    for kind in ("digest", "thank_you"):
        state = resource[kind]
        if state["due_at"] and state["sent_at"] is None and dt.datetime.fromisoformat(state["due_at"]) + GRACE < at:
            late.append(kind)
    return late


@pytest.mark.parametrize("lead_seconds", [20, 50, 90, 600, 30 * 3600])
def test_local_stack_api_never_shows_a_past_due_time_without_a_send_for_more_than_minutes(
    local: tuple[Any, Api], clock_at: Any, lead_seconds: int
) -> None:
    runtime, api = local
    # Given an interview recorded `lead_seconds` before it starts (under a minute included)
    starts = NOW + dt.timedelta(seconds=lead_seconds)
    local_start = starts.astimezone(dt.timezone(dt.timedelta(hours=-5))).strftime("%Y-%m-%dT%H:%M:%S")
    status, _, interview = api.call("POST", "/v1/interviews", interview_body(starts_at=local_start))
    assert status == 201, interview

    # When time passes minute by minute (the scheduler firing what is due, tools reading and writing)
    for minute in range(1, 35 * 60, 97) if lead_seconds > 3600 else range(1, 130, 2):
        at = NOW + dt.timedelta(minutes=minute)
        runtime.run_scheduler(at)
        clock_at(at)
        _, _, shown = api.call("GET", f"/v1/interviews/{interview['id']}")

        # Then no email is shown as due in the past without having been sent, beyond a few minutes
        assert overdue(shown, at) == [], (minute, shown["digest"], shown["thank_you"])
        if minute % 3 == 0 and shown["status"] == "scheduled":
            status, _, _ = api.call("PATCH", f"/v1/interviews/{interview['id']}", {"role": f"Analyst {minute}"})
            assert status == 200
    # And both emails went out (the digest only when it could arrive before the start)
    runtime.run_scheduler(NOW + dt.timedelta(days=3))
    _, _, shown = api.call("GET", f"/v1/interviews/{interview['id']}")
    assert shown["thank_you"]["sent_at"] is not None
    assert (shown["digest"]["sent_at"] is not None) == (lead_seconds > PAST_DUE_DELAY.total_seconds())
