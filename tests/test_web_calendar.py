"""The calendar from the start: the confirmation email carries the .ics, the manage page offers "Add to calendar",
and once the candidate holds the event by either route a move or a cancellation reaches it. In-process on the
local stack's runtime (see tests/test_web.py)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
from typing import Any

import vobject

from tests.conftest import NOW
from tests.test_web import confirmed, interviews_in_table, recorded, stack  # noqa: F401


def read_ics(data: bytes) -> Any:
    registry = vars(vobject.icalendar)["__tzidMap"]
    for tzid in [t for t in registry if t != "UTC"]:
        del registry[tzid]
    return vobject.readOne(io.StringIO(data.decode()))


def raw_sent(runtime: Any) -> list[email.message.EmailMessage]:
    from moto.ses.models import ses_backends

    from local_stack.cfn import ACCOUNT

    runtime.drain_stream()
    return [
        email.message_from_string(m.raw_data, policy=email.policy.default)  # type: ignore[misc]
        for m in ses_backends[ACCOUNT][runtime.region].sent_messages
    ]


def ics_of(message: email.message.EmailMessage) -> bytes | None:
    return next((p.get_content().encode() for p in message.walk() if p.get_content_type() == "text/calendar"), None)


def test_confirmation_email_carries_the_interview_as_an_ics(stack: Any) -> None:  # noqa: F811
    recorded(stack)

    (confirmation,) = raw_sent(stack)
    data = ics_of(confirmation)

    assert data is not None
    event = read_ics(data).vevent
    (interview,) = interviews_in_table()
    assert event.uid.value == f"{interview.id}@interview-prep"
    assert event.dtstart.value.astimezone(dt.UTC) == interview.starts_at_utc
    assert interview.calendar is not None and interview.calendar.starts_at_utc == interview.starts_at_utc


def test_manage_page_add_to_calendar_downloads_the_event(stack: Any) -> None:  # noqa: F811
    browser, manage = confirmed(stack)

    page = browser.get(manage)
    download = browser.get(f"{manage}/calendar.ics")

    assert "Add to calendar" in page.text and f'href="{manage}/calendar.ics"' in page.text
    assert download.status == 200 and download.headers["content-type"].startswith("text/calendar")
    assert "attachment" in download.headers["content-disposition"]
    (interview,) = interviews_in_table()
    assert read_ics(download.text.encode()).vevent.uid.value == f"{interview.id}@interview-prep"


def test_confirmed_then_moved_on_the_manage_page_one_notice_with_the_new_time(stack: Any) -> None:  # noqa: F811
    # Given a web-form interview, confirmed (the confirmation carried the .ics)
    browser, manage = confirmed(stack)
    page = browser.get(manage)

    # When the candidate moves it by an hour on the manage page
    moved = browser.post(
        f"{manage}/reschedule",
        {
            "starts_at.date": "2027-01-16",
            "starts_at.time": "15:00",
            "timezone": "America/Toronto",
            "csrf_token": page.csrf(),
        },
    )
    assert moved.status == 303
    stack.run_scheduler(NOW + dt.timedelta(hours=1))

    # Then one notice went out, with the old and the new time and an .ics that moves the event
    notices = [m for m in raw_sent(stack) if str(m["Subject"]).startswith("Moved:")]
    assert len(notices) == 1
    text = notices[0].get_body(("plain",)).get_content()
    assert "Was: Saturday 16 January 2027, 14:00" in text and "Now: Saturday 16 January 2027, 15:00" in text
    assert "Your prep digest and your thank-you drafts will follow the new time." in text
    event = read_ics(ics_of(notices[0]) or b"").vevent
    assert event.dtstart.value.astimezone(dt.UTC) == dt.datetime(2027, 1, 16, 20, tzinfo=dt.UTC)


def test_unconfirmed_then_cancelled_nothing_but_the_confirmation(stack: Any) -> None:  # noqa: F811
    # The confirmation carried the .ics, but the address was never confirmed: no notice goes to it
    recorded(stack)
    (interview,) = interviews_in_table()
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services import interviews

    interviews.cancel(InterviewStore(settings().table_name), interview, now=NOW + dt.timedelta(minutes=5))
    stack.run_scheduler(NOW + dt.timedelta(days=30))

    assert len(raw_sent(stack)) == 1
