"""Planning deliveries: which emails an interview should get, and when — pure functions, no AWS.

Times are instants: the digest goes out `digest_lead_hours` of elapsed time before the start, whatever
daylight-saving change lies in between, so its local wall-clock time may differ from the interview's.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from interview_prep.domain.models import (
    DeliveryState,
    Interview,
    InterviewRequest,
    NonexistentLocalTime,
    accepted_zones,
    is_accepted_zone,
)
from interview_prep.domain.planning import NOTICE_DELAY, PAST_DUE_DELAY, Delivery, plan_deliveries, with_due_times
from pydantic import ValidationError

from tests.sample_interviews import KESTREL, stored_interview

UTC = dt.UTC
NOW = dt.datetime(2027, 1, 11, 15, 0, tzinfo=UTC)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def make_interview(**overrides: Any) -> Interview:
    base = {"starts_at": "2027-01-16T14:00", "duration_minutes": 60, "owner": "owner"}
    return stored_interview(KESTREL, base, {"created_at": NOW, "updated_at": NOW}, **overrides)


def recorded_at(interview: Interview, moment: dt.datetime) -> list[Delivery]:
    """The plan of `interview` as it is when recorded at `moment` (past-due emails are timed from then)."""
    return plan_deliveries(interview.model_copy(update={"created_at": moment, "updated_at": moment}))


def kinds(plan: list[Delivery]) -> list[str]:
    return [d.kind for d in plan]


def one(plan: list[Delivery], kind: str) -> Delivery:
    (found,) = [d for d in plan if d.kind == kind]
    return found


# --- when the digest is due -------------------------------------------------------------------------------


def test_plan_deliveries_default_lead_digest_two_days_before_start_in_utc() -> None:
    # Given an interview at 14:00 in Toronto (EST, UTC-5), with the default lead of 48 hours
    interview = make_interview()

    # When it is planned
    plan = recorded_at(interview, NOW)

    # Then the digest is due 48 hours before 19:00 UTC, and the thank-you an hour after the end
    assert plan == [
        Delivery(utc(2027, 1, 14, 19, 0), "digest", 1),
        Delivery(utc(2027, 1, 16, 21, 0), "thank_you", 1),
    ]
    assert all(d.due_at.utcoffset() == dt.timedelta(0) for d in plan)


def test_plan_deliveries_europe_across_spring_forward_digest_48_elapsed_hours_before() -> None:
    # Given an interview on Monday 29 March 2027 at 09:30 in Luxembourg: CEST (UTC+2) since Sunday 28 March
    interview = make_interview(starts_at="2027-03-29T09:30", timezone="Europe/Luxembourg")
    assert interview.starts_at_utc == utc(2027, 3, 29, 7, 30)

    # When it is planned
    digest = one(recorded_at(interview, NOW), "digest")

    # Then the digest is due 48 hours earlier in UTC: 07:30Z on Saturday, which is 08:30 CET on the local clock
    assert digest.due_at == utc(2027, 3, 27, 7, 30)
    assert digest.due_at.astimezone(zoneinfo.ZoneInfo("Europe/Luxembourg")).hour == 8


def test_plan_deliveries_toronto_across_fall_back_digest_48_elapsed_hours_before() -> None:
    # Given an interview on Monday 8 November 2027 at 09:00 in Toronto: EST (UTC-5) since Sunday 7 November
    interview = make_interview(starts_at="2027-11-08T09:00", timezone="America/Toronto")
    assert interview.starts_at_utc == utc(2027, 11, 8, 14, 0)

    # When it is planned, two days before the start, with the clocks still on EDT
    digest = one(recorded_at(interview, utc(2027, 11, 1, 12, 0)), "digest")

    # Then the digest is due at 14:00Z on Saturday 6 November, which is 10:00 EDT on the local clock
    assert digest.due_at == utc(2027, 11, 6, 14, 0)
    assert digest.due_at.astimezone(zoneinfo.ZoneInfo("America/Toronto")).hour == 10


def test_plan_deliveries_thank_you_across_fall_back_is_delay_after_the_end_in_elapsed_time() -> None:
    # Given an interview from 00:30 to 01:30 EDT on 7 November 2027; the clocks go back at 02:00 EDT
    interview = make_interview(
        starts_at="2027-11-07T00:30", timezone="America/Toronto", duration_minutes=60, thank_you_delay_minutes=90
    )

    # Then the thank-you is due 90 minutes of elapsed time after 05:30Z, which is 02:00 EST locally (not 03:00)
    thank_you = one(recorded_at(interview, NOW), "thank_you")
    assert thank_you.due_at == utc(2027, 11, 7, 7, 0)
    assert thank_you.due_at.astimezone(zoneinfo.ZoneInfo("America/Toronto")).strftime("%H:%M %Z") == "02:00 EST"


@pytest.mark.parametrize(("lead_hours", "due"), [(1, utc(2027, 1, 16, 18, 0)), (168, utc(2027, 1, 9, 19, 0))])
def test_plan_deliveries_custom_lead_digest_lead_hours_before_start(lead_hours: int, due: dt.datetime) -> None:
    interview = make_interview(digest_lead_hours=lead_hours)

    digest = one(recorded_at(interview, utc(2027, 1, 1, 0, 0)), "digest")

    assert digest.due_at == due


def test_plan_deliveries_digest_time_already_past_due_within_a_minute() -> None:
    # Given an interview recorded 30 hours before it starts, with a 48-hour lead: the ideal digest time is past
    interview = make_interview(starts_at="2027-01-12T16:00")  # 21:00Z on 12 January

    # When it is planned
    digest = one(recorded_at(interview, NOW), "digest")

    # Then the digest goes out within a minute, still before the interview
    assert NOW < digest.due_at <= NOW + dt.timedelta(minutes=1)
    assert digest.due_at == NOW + PAST_DUE_DELAY
    assert digest.due_at < interview.starts_at_utc


def test_plan_deliveries_past_due_digest_time_is_whole_seconds() -> None:
    # A Scheduler `at()` expression has no fractions of a second
    interview = make_interview(starts_at="2027-01-12T16:00")

    digest = one(recorded_at(interview, NOW + dt.timedelta(microseconds=123_456)), "digest")

    assert digest.due_at.microsecond == 0


def test_plan_deliveries_interview_started_no_digest_but_thank_you() -> None:
    # Given an interview that started ten minutes ago and has not been thanked for
    interview = make_interview()
    now = interview.starts_at_utc + dt.timedelta(minutes=10)

    # Then no digest is planned any more, only the thank-you
    assert kinds(recorded_at(interview, now)) == ["thank_you"]


def test_plan_deliveries_at_the_start_no_digest() -> None:
    interview = make_interview()

    assert kinds(recorded_at(interview, interview.starts_at_utc)) == ["thank_you"]


def test_plan_deliveries_seconds_before_the_start_no_digest_that_would_arrive_late() -> None:
    # Given an interview starting in 20 seconds: a past-due digest would only go out once it has begun
    interview = make_interview()
    now = interview.starts_at_utc - dt.timedelta(seconds=20)

    # Then no digest is planned (rather than one due after the start, which deliver would then skip)
    assert kinds(recorded_at(interview, now)) == ["thank_you"]


def test_plan_deliveries_thank_you_delay_after_the_end() -> None:
    interview = make_interview(duration_minutes=90, thank_you_delay_minutes=0)

    thank_you = one(recorded_at(interview, NOW), "thank_you")

    assert thank_you.due_at == interview.ends_at_utc == utc(2027, 1, 16, 20, 30)


def test_plan_deliveries_thank_you_time_already_past_due_within_a_minute() -> None:
    # Given an interview that ended hours ago whose thank-you never went out (e.g. the stream ran late)
    interview = make_interview()
    now = interview.ends_at_utc + dt.timedelta(hours=5)

    thank_you = one(recorded_at(interview, now), "thank_you")

    assert now < thank_you.due_at <= now + dt.timedelta(minutes=1)


def test_plan_deliveries_carry_the_interview_revision() -> None:
    interview = make_interview(revision=4)

    assert {d.revision for d in recorded_at(interview, NOW)} == {4}


# --- when nothing is planned ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"status": "cancelled", "cancelled_at": NOW}, id="cancelled"),
        pytest.param({"status": "pending_confirmation", "source": "web"}, id="pending_confirmation"),
        pytest.param({"unsubscribed_at": NOW}, id="unsubscribed"),
        pytest.param({"status": "completed"}, id="completed"),
    ],
)
def test_plan_deliveries_interview_not_active_nothing_planned(overrides: dict[str, Any]) -> None:
    interview = make_interview(**overrides)

    assert recorded_at(interview, NOW) == []


def test_plan_deliveries_thank_you_sent_nothing_more() -> None:
    interview = make_interview(
        thank_you=DeliveryState(sent_at=utc(2027, 1, 16, 21, 0), sent_revision=1),
        digest=DeliveryState(sent_at=utc(2027, 1, 14, 19, 0), sent_revision=1, sent_starts_at_utc=utc(2027, 1, 16, 19)),
    )

    assert recorded_at(interview, NOW) == []


def test_plan_deliveries_digest_sent_without_the_start_it_was_for_thank_you_still_planned() -> None:
    # A record that says the digest went out but not for which start (none is written so today): planning it
    # must not fail, or none of its other emails would be scheduled
    interview = make_interview(digest=DeliveryState(sent_at=utc(2027, 1, 14, 19, 0), sent_revision=1))

    thank_you = one(recorded_at(interview, NOW), "thank_you")

    assert thank_you.due_at == interview.ends_at_utc + dt.timedelta(hours=1)


# --- after the digest went out ----------------------------------------------------------------------------


def sent_digest_then_moved(new_starts_at: str, *, revision: int = 2) -> Interview:
    """An interview whose digest went out for a start at 19:00Z on 16 January, then moved to `new_starts_at`."""
    return make_interview(
        starts_at=new_starts_at,
        revision=revision,
        digest=DeliveryState(
            sent_at=utc(2027, 1, 14, 19, 0), sent_revision=1, sent_starts_at_utc=utc(2027, 1, 16, 19, 0), sends=1
        ),
    )


def test_plan_deliveries_digest_sent_not_moved_not_sent_again() -> None:
    interview = sent_digest_then_moved("2027-01-16T14:00", revision=1)

    assert kinds(recorded_at(interview, NOW)) == ["thank_you"]


def test_plan_deliveries_digest_sent_moved_by_less_than_a_day_not_sent_again() -> None:
    # Moved by 23 hours: the digest the candidate has is still about the right week
    interview = sent_digest_then_moved("2027-01-17T13:00")

    assert kinds(recorded_at(interview, NOW)) == ["thank_you"]


def test_plan_deliveries_digest_sent_moved_by_exactly_a_day_not_sent_again() -> None:
    interview = sent_digest_then_moved("2027-01-17T14:00")

    assert kinds(recorded_at(interview, NOW)) == ["thank_you"]


@pytest.mark.parametrize("new_starts_at", ["2027-01-17T14:01", "2027-01-25T10:00", "2027-01-15T13:59"])
def test_plan_deliveries_digest_sent_moved_by_more_than_a_day_sent_again_as_updated(new_starts_at: str) -> None:
    # Given a digest sent for the old time, and a move of more than a day (later or earlier)
    interview = sent_digest_then_moved(new_starts_at)

    # When it is planned
    digest = one(recorded_at(interview, NOW), "digest")

    # Then the digest is planned again, marked as an update, for the new revision and the new time
    assert digest.updated is True
    assert digest.revision == 2
    # at once (the notice time after the move), since it is what tells the candidate's calendar of the move
    assert digest.due_at == NOW + NOTICE_DELAY


def test_plan_deliveries_updated_digest_already_sent_for_this_revision_not_sent_again() -> None:
    # Given the "Updated:" digest already went out for revision 2
    interview = make_interview(
        starts_at="2027-01-25T10:00",
        revision=2,
        digest=DeliveryState(sent_at=NOW, sent_revision=2, sent_starts_at_utc=utc(2027, 1, 16, 19, 0), sends=2),
    )

    assert kinds(recorded_at(interview, NOW)) == ["thank_you"]


def test_plan_deliveries_updated_digest_sent_after_hundreds_of_changes_not_sent_again() -> None:
    # Given a record read back from the store (its numbers parsed afresh), revised 300 times, whose "Updated:"
    # digest already went out for that revision
    interview = make_interview(
        starts_at="2027-01-25T10:00",
        revision=300,
        digest=DeliveryState(sent_at=NOW, sent_revision=300, sent_starts_at_utc=utc(2027, 1, 16, 19, 0), sends=2),
    )
    stored = Interview.model_validate_json(interview.model_dump_json(), context={"check_future": False})

    assert kinds(recorded_at(stored, NOW)) == ["thank_you"]


def test_with_due_times_keeps_the_sent_digest_shows_the_next_due() -> None:
    interview = sent_digest_then_moved("2027-01-17T13:00")

    shown = with_due_times(interview)

    assert shown.digest.sent_at == utc(2027, 1, 14, 19, 0)
    assert shown.thank_you.due_at == shown.ends_at_utc + dt.timedelta(hours=1)


# --- local times that happen twice, or never --------------------------------------------------------------


def test_interview_ambiguous_local_time_fall_back_first_occurrence() -> None:
    # Given 01:30 on 7 November 2027 in Toronto, which happens twice: at 05:30Z (EDT) and at 06:30Z (EST)
    interview = make_interview(starts_at="2027-11-07T01:30", timezone="America/Toronto")

    # Then it is taken as the first occurrence, before the clocks go back
    assert interview.starts_at_utc == utc(2027, 11, 7, 5, 30)
    assert interview.starts_at_local.utcoffset() == dt.timedelta(hours=-4)
    assert one(recorded_at(interview, NOW), "digest").due_at == utc(2027, 11, 5, 5, 30)


def test_interview_ambiguous_local_time_europe_first_occurrence() -> None:
    # 02:30 on 31 October 2027 happens twice in Luxembourg: 00:30Z (CEST) and 01:30Z (CET)
    interview = make_interview(starts_at="2027-10-31T02:30", timezone="Europe/Luxembourg")

    assert interview.starts_at_utc == utc(2027, 10, 31, 0, 30)


@pytest.mark.parametrize(
    ("starts_at", "zone"),
    [("2027-03-14T02:30", "America/Toronto"), ("2027-03-28T02:30", "Europe/Luxembourg")],
)
def test_interview_request_local_time_in_dst_gap_refused(starts_at: str, zone: str) -> None:
    # Given a wall-clock time the clocks skip when they spring forward
    body = {
        "candidate": {"name": "Ada Lovelace", "email": "ada@example.com"},
        "company": {"name": "Kestrel Robotics"},
        "role": "Backend Engineer",
        "starts_at": starts_at,
        "timezone": zone,
    }

    # Then the request is refused, saying why
    with pytest.raises(ValidationError, match="does not exist"):
        InterviewRequest.model_validate(body, context={"check_future": False})


def test_to_utc_dst_gap_raises_nonexistent_local_time() -> None:
    from interview_prep.domain.models import to_utc

    with pytest.raises(NonexistentLocalTime):
        to_utc(dt.datetime(2027, 3, 14, 2, 0), "America/Toronto")


def test_a_zone_is_accepted_exactly_when_it_is_in_the_listed_zones() -> None:
    # The validator checks one name without listing the zone database: it must agree with the list (the web form's).
    import zoneinfo

    listed = accepted_zones()
    odd = [
        "America/Argentina",
        "America/Indiana/",
        "America/../Europe/Paris",
        "Europe/Paris ",
        "europe/paris",
        "America/Toronto\x00",
        "Etc/GMT+5",
        "US/Eastern",
        "Asia",
        "America//Toronto",
        "/etc/passwd",
        "",
    ]
    for zone in [*zoneinfo.available_timezones(), *odd]:
        assert is_accepted_zone(zone) == (zone in listed), zone
    assert "Europe/Paris" in listed and "UTC" in listed and "US/Eastern" not in listed


# --- properties -------------------------------------------------------------------------------------------

ZONES = sorted(accepted_zones())  # every zone the API accepts


@st.composite
def interviews(draw: st.DrawFn) -> Interview:
    """Any valid interview: any zone, any minute in 2027, any duration, lead and delay the API accepts."""
    zone = draw(st.sampled_from(ZONES))
    local = draw(st.datetimes(min_value=dt.datetime(2027, 1, 1), max_value=dt.datetime(2027, 12, 31, 23, 59)))
    local = local.replace(second=0, microsecond=0)
    try:
        from interview_prep.domain.models import to_utc

        to_utc(local, zone)
    except NonexistentLocalTime:
        assume(False)
    return make_interview(
        starts_at=local.strftime("%Y-%m-%dT%H:%M"),
        timezone=zone,
        duration_minutes=draw(st.integers(15, 720)),
        digest_lead_hours=draw(st.integers(1, 168)),
        thank_you_delay_minutes=draw(st.integers(0, 1440)),
    )


@settings(max_examples=300, deadline=None)
@given(interview=interviews(), before_start=st.integers(min_value=1, max_value=400 * 24 * 3600))
def test_plan_deliveries_any_interview_digest_before_start_thank_you_after_end(
    interview: Interview, before_start: int
) -> None:
    # Given any valid interview, planned at any moment before it starts
    now = interview.starts_at_utc - dt.timedelta(seconds=before_start)

    plan = recorded_at(interview, now)

    # Then there is a digest (unless it could only go out once the interview has begun) and a thank-you,
    # both in UTC and not in the past; the digest is due before the start, and never earlier than the lead
    # asks; the thank-you is due no earlier than the end plus the delay
    assert kinds(plan) == (["digest", "thank_you"] if now + PAST_DUE_DELAY < interview.starts_at_utc else ["thank_you"])
    assert all(d.due_at.utcoffset() == dt.timedelta(0) and d.due_at >= now for d in plan)
    for digest in (d for d in plan if d.kind == "digest"):
        assert digest.due_at < interview.starts_at_utc
        assert digest.due_at >= interview.starts_at_utc - dt.timedelta(hours=interview.digest_lead_hours)
    thank_you = one(plan, "thank_you")
    assert thank_you.due_at >= interview.ends_at_utc + dt.timedelta(minutes=interview.thank_you_delay_minutes)
    assert plan == sorted(plan)


@settings(max_examples=200, deadline=None)
@given(interview=interviews(), after_start=st.integers(min_value=0, max_value=30 * 24 * 3600))
def test_plan_deliveries_any_interview_after_start_only_the_thank_you(interview: Interview, after_start: int) -> None:
    now = interview.starts_at_utc + dt.timedelta(seconds=after_start)

    plan = recorded_at(interview, now)

    assert kinds(plan) == ["thank_you"]
    assert plan[0].due_at >= max(now, interview.ends_at_utc)


@settings(max_examples=200, deadline=None)
@given(interview=interviews())
def test_interview_any_valid_local_time_round_trips_through_utc(interview: Interview) -> None:
    # The UTC instant, shown back in the zone, is the wall-clock time asked for, and its first occurrence
    local = interview.starts_at_utc.astimezone(interview.zone)

    assert local.replace(tzinfo=None) == dt.datetime.fromisoformat(interview.starts_at)
    assert local.fold == 0
