# ruff: noqa: F811 - `local` is a fixture imported from tests/test_timing.py
"""Change notices: every move or cancellation reaches the calendar of a candidate who holds the event.

Pure planning and rendering first, then the local stack's runtime in this process (the API, the web pages, the
stream, the scheduler and SES's outbox together), as a tool and a candidate use it. Every .ics is read back with
vobject, an iCalendar library independent of the one that writes it.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
from typing import Any

import pytest
import vobject
from interview_prep.domain.models import DeliveryState, HeldEvent, Interview
from interview_prep.domain.notice import render_cancellation_notice, render_move_notice
from interview_prep.domain.planning import (
    NOTICE_DELAY,
    NOTICE_MAX_WAIT,
    PAST_DUE_DELAY,
    notice_time,
    plan_deliveries,
)

from tests.conftest import NOW, Api, interview_body
from tests.sample_interviews import KESTREL, stored_interview
from tests.test_timing import local  # noqa: F401 - the local stack's runtime and an API client (a fixture)

UTC = dt.UTC
SECOND = dt.timedelta(seconds=1)
LINKS_BASE = "https://prep.example.test"


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# --- pure: what is planned --------------------------------------------------------------------------------

# The candidate's calendar holds the interview at 14:00-15:00 in Toronto on 16 January 2027 (19:00Z), SEQUENCE 0.
HELD = HeldEvent(sequence=0, starts_at_utc=utc(2027, 1, 16, 19), ends_at_utc=utc(2027, 1, 16, 20), at=NOW)
DIGEST_SENT = DeliveryState(sent_at=utc(2027, 1, 14, 19), sent_revision=1, sent_starts_at_utc=utc(2027, 1, 16, 19))
MOVED_AT = utc(2027, 1, 15, 9, 0)


def held_then(**overrides: Any) -> Interview:
    """An interview recorded at NOW whose digest (with its .ics) went out, then changed as `overrides` say."""
    base = {
        "starts_at": "2027-01-16T14:00",
        "created_at": NOW,
        "updated_at": NOW,
        "confirmed_at": NOW,
        "calendar": HELD,
        "digest": DIGEST_SENT,
    }
    return stored_interview(KESTREL, base, **overrides)


def moved(starts_at: str, **overrides: Any) -> Interview:
    fields = {"revision": 2, "revised_at": MOVED_AT, "updated_at": MOVED_AT, "moved_at": MOVED_AT}
    return held_then(starts_at=starts_at, **{**fields, **overrides})


def kinds(interview: Interview) -> dict[str, Any]:
    return {d.kind: d for d in plan_deliveries(interview)}


def test_plan_deliveries_moved_two_hours_after_the_digest_one_notice_shortly_after_the_move() -> None:
    plan = kinds(moved("2027-01-16T16:00"))

    assert set(plan) == {"notice", "thank_you"}
    assert plan["notice"].due_at == MOVED_AT + NOTICE_DELAY
    assert plan["notice"].revision == 2


def test_plan_deliveries_moved_by_a_minute_still_a_notice() -> None:
    assert "notice" in kinds(moved("2027-01-16T14:01"))


def test_plan_deliveries_moved_three_days_updated_digest_at_the_notice_time_and_no_notice() -> None:
    plan = kinds(moved("2027-01-19T14:00"))

    assert set(plan) == {"digest", "thank_you"}
    assert plan["digest"].updated is True
    assert plan["digest"].due_at == MOVED_AT + NOTICE_DELAY


def test_plan_deliveries_moved_two_hours_earlier_one_notice_shortly_after_the_move() -> None:
    plan = kinds(moved("2027-01-16T12:00"))

    assert set(plan) == {"notice", "thank_you"}
    assert plan["notice"].due_at == MOVED_AT + NOTICE_DELAY


def test_plan_deliveries_moved_to_a_time_already_over_no_notice() -> None:
    # Corrected afterwards to when it really took place (04:00 in Toronto is MOVED_AT): 02:00-03:00 that night
    assert "notice" not in kinds(moved("2027-01-15T02:00"))


@pytest.mark.parametrize(
    ("moved_at", "expected"),
    [
        pytest.param(MOVED_AT - SECOND, True, id="notice-a-second-before-the-end"),
        pytest.param(MOVED_AT, False, id="notice-at-the-end"),
    ],
)
def test_plan_deliveries_moved_notice_only_while_the_interview_is_not_over(
    moved_at: dt.datetime, expected: bool
) -> None:
    # Moved to 03:02-04:02 in Toronto (08:02-09:02Z): a notice due at the very end would tell of nothing to come
    interview = moved("2027-01-15T03:02", revised_at=moved_at, updated_at=moved_at, moved_at=moved_at)

    assert ("notice" in kinds(interview)) is expected
    assert notice_time(interview) == moved_at.replace(microsecond=0) + NOTICE_DELAY


def test_notice_time_two_minutes_after_the_last_move_ten_after_the_first_at_most() -> None:
    # As the README promises: quick moves coalesce, 2 minutes after the last, 10 minutes after the first at most
    once = moved("2027-01-16T16:00")
    again = moved("2027-01-16T17:00", revised_at=MOVED_AT + dt.timedelta(minutes=9))

    assert notice_time(once) == MOVED_AT + dt.timedelta(minutes=2)
    assert notice_time(again) == MOVED_AT + dt.timedelta(minutes=10)


def test_plan_deliveries_moved_days_earlier_to_start_as_the_notice_goes_a_notice_not_the_digest() -> None:
    # Moved by almost a day and a half, to 04:02 in Toronto on 15 January (09:02Z): an "Updated:" digest would
    # arrive as the interview starts, so the short notice tells of the move instead
    plan = kinds(moved("2027-01-15T04:02"))

    assert set(plan) == {"notice", "thank_you"}
    assert plan["notice"].due_at == MOVED_AT + NOTICE_DELAY


def test_plan_deliveries_moved_days_earlier_into_the_past_neither_digest_nor_notice() -> None:
    # Corrected afterwards to when it really took place, two days earlier: only the thank-you is left to send
    assert set(kinds(moved("2027-01-14T10:00"))) == {"thank_you"}


def test_plan_deliveries_longer_interview_the_end_moved_a_notice() -> None:
    interview = held_then(duration_minutes=90, revision=2, revised_at=MOVED_AT, moved_at=MOVED_AT)

    assert "notice" in kinds(interview)


def test_plan_deliveries_a_change_that_keeps_the_event_no_notice() -> None:
    # A new lead time is a change of timing (a new revision), not a change of the event
    interview = held_then(digest_lead_hours=24, revision=2, revised_at=MOVED_AT)

    assert "notice" not in kinds(interview)


def test_plan_deliveries_moved_and_moved_back_no_notice() -> None:
    interview = moved("2027-01-16T14:00", revision=3)

    assert "notice" not in kinds(interview)


def test_plan_deliveries_event_not_held_moved_no_notice() -> None:
    interview = moved("2027-01-16T16:00", calendar=None, digest=DeliveryState(), moved_at=None)

    assert set(kinds(interview)) == {"digest", "thank_you"}


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"unsubscribed_at": MOVED_AT}, id="unsubscribed"),
        pytest.param({"status": "pending_confirmation", "source": "web", "confirmed_at": None}, id="unconfirmed"),
    ],
)
def test_plan_deliveries_moved_but_unsubscribed_or_unconfirmed_no_notice(overrides: dict[str, Any]) -> None:
    assert plan_deliveries(moved("2027-01-16T16:00", **overrides)) == []


def test_notice_time_moves_that_keep_coming_wait_at_most_ten_minutes_after_the_first() -> None:
    # Moved first at MOVED_AT, then again every minute: the notice never waits past MOVED_AT + 10 minutes
    for minutes in range(0, 30):
        last = MOVED_AT + dt.timedelta(minutes=minutes)
        interview = moved("2027-01-16T16:00", revised_at=last, updated_at=last)
        assert notice_time(interview) == min(last + NOTICE_DELAY, MOVED_AT + NOTICE_MAX_WAIT)


def test_plan_deliveries_cancelled_after_the_digest_one_cancellation_at_once() -> None:
    interview = held_then(status="cancelled", cancelled_at=MOVED_AT, updated_at=MOVED_AT)

    (only,) = plan_deliveries(interview)

    assert (only.kind, only.due_at, only.revision) == ("cancellation", MOVED_AT + PAST_DUE_DELAY, 1)


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"calendar": None, "digest": DeliveryState()}, id="event-not-held"),
        pytest.param({"unsubscribed_at": NOW}, id="unsubscribed"),
        pytest.param({"confirmed_at": None, "source": "web"}, id="never-confirmed"),
        pytest.param({"cancellation": DeliveryState(sent_at=MOVED_AT, sent_revision=1)}, id="already-sent"),
    ],
)
def test_plan_deliveries_cancelled_no_cancellation_notice_when(overrides: dict[str, Any]) -> None:
    interview = held_then(status="cancelled", cancelled_at=MOVED_AT, **overrides)

    assert plan_deliveries(interview) == []


# --- pure: what the notices say, and their .ics ---------------------------------------------------------------


def read_ics(data: bytes) -> Any:
    registry = vars(vobject.icalendar)["__tzidMap"]  # read each file on its own, as a client seeing it first
    for tzid in [t for t in registry if t != "UTC"]:
        del registry[tzid]
    return vobject.readOne(io.StringIO(data.decode()))


LINKS = None


def links() -> Any:
    from interview_prep.domain.mail import Links

    return Links(manage_url=f"{LINKS_BASE}/manage/t", unsubscribe_url=f"{LINKS_BASE}/unsubscribe/t")


def test_render_move_notice_old_and_new_time_and_an_ics_that_updates_the_same_event() -> None:
    interview = moved("2027-01-16T16:30")

    notice = render_move_notice(interview, links(), organizer="prep@interview-prep.example.com")

    assert notice.subject == "Moved: your Backend Engineer interview at Kestrel Robotics is now Sat 16 Jan, 16:30"
    assert "Was: Saturday 16 January 2027, 14:00\u201315:00 (America/Toronto, UTC\u221205:00)" in notice.text
    assert "Now: Saturday 16 January 2027, 16:30\u201317:30 (America/Toronto, UTC\u221205:00)" in notice.text
    assert "Your prep digest" not in notice.text  # already sent, and not sent again for a small move
    assert "your thank-you drafts will follow the new time" in notice.text.lower()
    (attachment,) = notice.attachments
    assert attachment.content_type == "text/calendar; method=REQUEST; charset=utf-8"
    calendar = read_ics(attachment.data)
    event = calendar.vevent
    assert calendar.method.value == "REQUEST"
    assert event.uid.value == f"{interview.id}@interview-prep"
    assert int(event.sequence.value) == 1 > HELD.sequence
    assert event.dtstart.value.astimezone(UTC) == utc(2027, 1, 16, 21, 30)
    assert event.dtend.value.astimezone(UTC) - event.dtstart.value.astimezone(UTC) == dt.timedelta(hours=1)
    assert event.organizer.value == "mailto:prep@interview-prep.example.com"
    assert event.attendee.value == "mailto:ada@example.com"
    assert event.status.value == "CONFIRMED"


def test_render_move_notice_across_a_clock_change_each_time_with_its_own_offset() -> None:
    # Held for Friday 5 November 2027 at 10:00 EDT; moved to Monday 8 November at 10:00 EST
    held = HeldEvent(sequence=0, starts_at_utc=utc(2027, 11, 5, 14), ends_at_utc=utc(2027, 11, 5, 15), at=NOW)
    interview = moved("2027-11-08T10:00", calendar=held)

    notice = render_move_notice(interview, links())

    assert "Was: Friday 5 November 2027, 10:00\u201311:00 (America/Toronto, UTC\u221204:00)" in notice.text
    assert "Now: Monday 8 November 2027, 10:00\u201311:00 (America/Toronto, UTC\u221205:00)" in notice.text


def test_render_cancellation_notice_the_time_it_was_and_an_ics_that_cancels_the_event() -> None:
    interview = held_then(status="cancelled", cancelled_at=MOVED_AT)

    notice = render_cancellation_notice(interview, links(), organizer="prep@interview-prep.example.com")

    assert notice.subject == "Cancelled: your Backend Engineer interview at Kestrel Robotics, Sat 16 Jan"
    assert "It was: Saturday 16 January 2027, 14:00\u201315:00 (America/Toronto, UTC\u221205:00)" in notice.text
    assert "removes it from your calendar" in notice.text
    (attachment,) = notice.attachments
    assert attachment.content_type == "text/calendar; method=CANCEL; charset=utf-8"
    calendar = read_ics(attachment.data)
    assert calendar.method.value == "CANCEL"
    assert calendar.vevent.status.value == "CANCELLED"
    assert calendar.vevent.uid.value == f"{interview.id}@interview-prep"
    assert int(calendar.vevent.sequence.value) > HELD.sequence


def test_render_move_notice_leaves_out_a_location_that_says_not_known_yet() -> None:
    said = render_move_notice(moved("2027-01-16T16:30", location="TBC"), links())
    kept = render_move_notice(moved("2027-01-16T16:30", location="12 King St W, Toronto"), links())

    assert "Where:" not in said.text and "TBC" not in said.html
    assert "Where: 12 King St W, Toronto" in kept.text


def test_render_move_notice_escapes_user_text_in_html() -> None:
    interview = moved("2027-01-16T16:30", role="<b>Lead</b>", company={"name": "A & <B>"})

    notice = render_move_notice(interview, links())

    assert "&lt;b&gt;Lead&lt;/b&gt;" in notice.html and "A &amp; &lt;B&gt;" in notice.html
    assert "<b>Lead</b>" in notice.text


# --- the local stack: as a tool and a candidate use it -----------------------------------------------------


def sent(runtime: Any) -> list[dict[str, Any]]:
    """Every email SES received, parsed, with its .ics (bytes, or None)."""
    from moto.ses.models import ses_backends

    from local_stack.cfn import ACCOUNT

    runtime.drain_stream()
    found = []
    for message in ses_backends[ACCOUNT][runtime.region].sent_messages:
        parsed = email.message_from_string(message.raw_data, policy=email.policy.default)
        ics = next((p.get_content().encode() for p in parsed.walk() if p.get_content_type() == "text/calendar"), None)
        found.append({"subject": str(parsed["Subject"]), "ics": ics, "message": parsed})
    return found


def record_and_send_the_digest(runtime: Any, api: Api, clock_at: Any) -> dict[str, Any]:
    """An interview recorded at NOW for 14:00 on 16 January in Toronto, whose digest then went out."""
    status, _, interview = api.call("POST", "/v1/interviews", interview_body())
    assert status == 201
    runtime.run_scheduler(utc(2027, 1, 14, 19))
    assert [m["subject"][:4] for m in sent(runtime)] == ["Prep"]
    return dict(interview)


def patch(runtime: Any, api: Api, clock_at: Any, interview: dict[str, Any], at: dt.datetime, **fields: Any) -> None:
    clock_at(at)
    status, _, body = api.call("PATCH", f"/v1/interviews/{interview['id']}", fields)
    assert status == 200, body
    runtime.drain_stream()


def test_local_stack_moved_two_hours_after_the_digest_exactly_one_notice_updating_the_event(
    local: tuple[Any, Api],
    clock_at: Any,
) -> None:
    runtime, api = local
    interview = record_and_send_the_digest(runtime, api, clock_at)
    digest_ics = read_ics(sent(runtime)[0]["ics"])

    # When the tool moves the interview by two hours, then time passes well beyond the notice
    moved_at = utc(2027, 1, 15, 9, 0)
    patch(runtime, api, clock_at, interview, moved_at, starts_at="2027-01-16T16:00")
    runtime.run_scheduler(moved_at + dt.timedelta(hours=3))
    runtime.run_scheduler(moved_at + dt.timedelta(hours=6))

    # Then exactly one notice went out, a couple of minutes after the move, and its .ics updates the same event
    mails = sent(runtime)
    notices = [m for m in mails if m["subject"].startswith("Moved:")]
    assert len(mails) == 2 and len(notices) == 1
    calendar = read_ics(notices[0]["ics"])
    assert calendar.method.value == "REQUEST"
    assert calendar.vevent.uid.value == digest_ics.vevent.uid.value
    assert int(calendar.vevent.sequence.value) > int(digest_ics.vevent.sequence.value)
    assert calendar.vevent.dtstart.value.astimezone(UTC) == utc(2027, 1, 16, 21)
    _, _, shown = api.call("GET", f"/v1/interviews/{interview['id']}")
    assert shown["notice"]["sent_at"] == (moved_at + NOTICE_DELAY).isoformat()
    assert shown["notice"]["due_at"] is None
    assert "16:00" in notices[0]["subject"] and "Was:" in notices[0]["message"].get_body(("plain",)).get_content()


def test_local_stack_moved_three_days_one_updated_digest_and_no_notice(local: tuple[Any, Api], clock_at: Any) -> None:
    runtime, api = local
    interview = record_and_send_the_digest(runtime, api, clock_at)

    moved_at = utc(2027, 1, 15, 9, 0)
    patch(runtime, api, clock_at, interview, moved_at, starts_at="2027-01-19T14:00")
    runtime.run_scheduler(utc(2027, 1, 19, 12))

    subjects = [m["subject"] for m in sent(runtime)]
    assert len(subjects) == 2
    assert subjects[1].startswith("Updated: Prep")
    assert not [s for s in subjects if s.startswith("Moved:")]
    calendar = read_ics(sent(runtime)[1]["ics"])
    assert calendar.method.value == "REQUEST" and int(calendar.vevent.sequence.value) == 1
    assert calendar.vevent.dtstart.value.astimezone(UTC) == utc(2027, 1, 19, 19)


def test_local_stack_cancelled_after_the_digest_one_cancellation_that_cancels_the_event(
    local: tuple[Any, Api],
    clock_at: Any,
) -> None:
    runtime, api = local
    interview = record_and_send_the_digest(runtime, api, clock_at)

    clock_at(utc(2027, 1, 15, 9, 0))
    status, _, _ = api.call("DELETE", f"/v1/interviews/{interview['id']}")
    assert status in (200, 204)
    runtime.run_scheduler(utc(2027, 1, 20))

    mails = sent(runtime)
    assert [m["subject"].split(":")[0] for m in mails] == [
        "Prep for your Operations Analyst interview at Northwind <Traders>, Sat 16 Jan".split(":")[0],
        "Cancelled",
    ]
    calendar = read_ics(mails[1]["ics"])
    assert calendar.method.value == "CANCEL" and calendar.vevent.status.value == "CANCELLED"
    assert calendar.vevent.uid.value == read_ics(mails[0]["ics"]).vevent.uid.value
    assert runtime.schedules() == []


def test_local_stack_ten_moves_in_a_minute_one_notice_with_the_final_time(
    local: tuple[Any, Api],
    clock_at: Any,
) -> None:
    runtime, api = local
    interview = record_and_send_the_digest(runtime, api, clock_at)

    first = utc(2027, 1, 15, 9, 0)
    for n in range(10):
        patch(runtime, api, clock_at, interview, first + n * 6 * SECOND, starts_at=f"2027-01-16T{15 + n % 3}:{n:02d}")
        runtime.run_scheduler(first + n * 6 * SECOND)
    runtime.run_scheduler(first + dt.timedelta(hours=2))

    notices = [m for m in sent(runtime) if m["subject"].startswith("Moved:")]
    assert len(notices) == 1
    assert notices[0]["subject"].endswith("Sat 16 Jan, 15:09")  # the last move: 15:09
    event = read_ics(notices[0]["ics"]).vevent
    assert event.dtstart.value.astimezone(UTC) == utc(2027, 1, 16, 20, 9)
    assert len(sent(runtime)) == 2


def test_local_stack_unsubscribed_then_moved_and_cancelled_nothing_more(local: tuple[Any, Api], clock_at: Any) -> None:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services import interviews

    runtime, api = local
    interview = record_and_send_the_digest(runtime, api, clock_at)
    interviews.unsubscribe(InterviewStore(settings().table_name), interview["id"], now=utc(2027, 1, 15, 8))

    patch(runtime, api, clock_at, interview, utc(2027, 1, 15, 9), starts_at="2027-01-16T16:00")
    clock_at(utc(2027, 1, 15, 10))
    api.call("DELETE", f"/v1/interviews/{interview['id']}")
    runtime.run_scheduler(utc(2027, 1, 20))

    assert len(sent(runtime)) == 1  # the digest, sent before unsubscribing


def test_local_stack_moved_before_the_candidate_holds_the_event_no_notice(
    local: tuple[Any, Api],
    clock_at: Any,
) -> None:
    # An interview recorded by a tool: the candidate gets the event with the digest, not before
    runtime, api = local
    status, _, interview = api.call("POST", "/v1/interviews", interview_body())
    assert status == 201
    patch(runtime, api, clock_at, interview, NOW + dt.timedelta(hours=1), starts_at="2027-01-16T16:00")
    runtime.run_scheduler(utc(2027, 1, 15))

    subjects = [m["subject"] for m in sent(runtime)]
    assert len(subjects) == 1 and subjects[0].startswith("Prep")
    assert read_ics(sent(runtime)[0]["ics"]).vevent.dtstart.value.astimezone(UTC) == utc(2027, 1, 16, 21)


def test_deliver_notice_fired_twice_or_replayed_one_email(local: tuple[Any, Api], clock_at: Any) -> None:
    from functions.deliver.app import lambda_handler
    from local_stack.proxy import LambdaContext

    runtime, api = local
    interview = record_and_send_the_digest(runtime, api, clock_at)
    patch(runtime, api, clock_at, interview, utc(2027, 1, 15, 9), starts_at="2027-01-16T16:00")
    (schedule,) = [s for s in runtime.schedules() if s["target_input"]["kind"] == "notice"]

    clock_at(utc(2027, 1, 15, 9, 2))
    outcomes = [lambda_handler(schedule["target_input"], LambdaContext("DeliverFunction")) for _ in range(3)]
    runtime.run_scheduler(utc(2027, 1, 15, 12))

    assert [o["status"] for o in outcomes] == ["sent", "sent", "sent"]  # the first outcome, replayed
    assert len([m for m in sent(runtime) if m["subject"].startswith("Moved:")]) == 1
