"""The double opt-in email: sent once when an interview is recorded from the web form.

Nothing else is sent to the address until the candidate follows the confirm link, so this email says what
will come and when, and that ignoring it is enough to receive nothing more.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from interview_prep.domain import clock
from interview_prep.domain.mail import Links, RenderedEmail
from interview_prep.domain.templating import render

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview


def confirmation_subject(interview: Interview) -> str:
    return f"Confirm your interview prep for {interview.role} at {interview.company.name}"


def _utc_offset(value: dt.datetime) -> str:
    offset = value.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def format_local(value: dt.datetime, zone_name: str) -> str:
    """`Monday 29 March 2027, 09:30 (America/Toronto, UTC−04:00)` for an aware datetime in the zone."""
    return f"{value:%A} {value.day} {value:%B %Y, %H:%M} ({zone_name}, {_utc_offset(value)})"


def _hours(n: int) -> str:
    return "1 hour" if n == 1 else f"{n} hours"


def _minutes(n: int) -> str:
    if n == 0:
        return "right after"
    if n % 60 == 0:
        return f"{_hours(n // 60)} after"
    return f"{n} minutes after"


def render_confirmation(interview: Interview, links: Links) -> RenderedEmail:
    """The confirmation email: confirm link, what will be sent and when, the manage link, and 'ignore it'."""
    if not links.confirm_url:
        raise ValueError("the confirmation email needs links.confirm_url")

    zone = interview.zone
    digest_due = interview.starts_at_utc - dt.timedelta(hours=interview.digest_lead_hours)
    thank_you_due = interview.ends_at_utc + dt.timedelta(minutes=interview.thank_you_delay_minutes)
    subject = confirmation_subject(interview)
    context = {
        "subject": subject,
        "links": links,
        "candidate_name": interview.candidate.name,
        "role": interview.role,
        "company": interview.company.name,
        "starts": format_local(interview.starts_at_local, interview.timezone),
        "digest_lead": _hours(interview.digest_lead_hours),
        # Already past: the digest goes out as soon as the address is confirmed.
        "digest_when": None
        if digest_due <= clock.now()
        else format_local(digest_due.astimezone(zone), interview.timezone),
        "thank_you_after": _minutes(interview.thank_you_delay_minutes),
        "thank_you_when": format_local(thank_you_due.astimezone(zone), interview.timezone),
    }
    return RenderedEmail(
        subject=subject,
        text=render("confirmation.txt.j2", **context),
        html=render("confirmation.html.j2", **context),
    )
