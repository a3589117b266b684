"""The change notices: one short email when an interview the candidate holds in their calendar moves or is cancelled.

A notice says what changed — the old and the new time, both in the interview's zone, each end with its own offset —
and carries an .ics that updates the event the candidate already has (same UID, higher SEQUENCE, METHOD:REQUEST) or
cancels it (METHOD:CANCEL, STATUS:CANCELLED). Its subject names the interview and the change, so it reads right in
an inbox list without being opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interview_prep.domain.calendar import ics_attachment
from interview_prep.domain.digest import span_line
from interview_prep.domain.mail import Links, RenderedEmail
from interview_prep.domain.playbook import short_date
from interview_prep.domain.templating import render

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview


# The emails still to come that follow the new time, as the notice names them.
FOLLOW = (("digest", "your prep digest"), ("thank_you", "your thank-you drafts"))


def _held_line(interview: Interview) -> str:
    """The time the candidate's calendar holds, in the interview's (current) zone."""
    held = interview.calendar
    if held is None:
        raise ValueError("a change notice is only for an interview whose event the candidate holds")
    zone = interview.zone
    return span_line(held.starts_at_utc.astimezone(zone), held.ends_at_utc.astimezone(zone), interview.timezone)


def move_subject(interview: Interview) -> str:
    start = interview.starts_at_local
    subject = (
        f"Moved: your {interview.role} interview at {interview.company.name} is now "
        f"{short_date(start.date())}, {start:%H:%M}"
    )
    return " ".join(subject.split())


def cancellation_subject(interview: Interview) -> str:
    held = interview.calendar
    start = (held.starts_at_utc if held else interview.starts_at_utc).astimezone(interview.zone)
    subject = f"Cancelled: your {interview.role} interview at {interview.company.name}, {short_date(start.date())}"
    return " ".join(subject.split())


def _context(interview: Interview, links: Links, subject: str) -> dict[str, Any]:
    from interview_prep.domain.digest import when_line

    return {
        "subject": subject,
        "links": links,
        "candidate_name": interview.candidate.name,
        "role": interview.role,
        "company": interview.company.name,
        "was": _held_line(interview),
        "now": when_line(interview),
        "location": interview.location,
    }


def render_move_notice(interview: Interview, links: Links, *, organizer: str | None = None) -> RenderedEmail:
    """The email telling of a move: was, now, and an .ics that moves the event in the candidate's calendar."""
    from interview_prep.domain.planning import plan_deliveries

    subject = move_subject(interview)
    coming = {d.kind for d in plan_deliveries(interview)}
    context = {
        **_context(interview, links, subject),
        "cancelled": False,
        "follows": [label for kind, label in FOLLOW if kind in coming],
    }
    return RenderedEmail(
        subject=subject,
        text=render("notice.txt.j2", **context),
        html=render("notice.html.j2", **context),
        attachments=(ics_attachment(interview, method="REQUEST", organizer=organizer),),
    )


def render_cancellation_notice(interview: Interview, links: Links, *, organizer: str | None = None) -> RenderedEmail:
    """The email telling of a cancellation, with an .ics that removes the event from the candidate's calendar."""
    subject = cancellation_subject(interview)
    context = {**_context(interview, links, subject), "cancelled": True}
    return RenderedEmail(
        subject=subject,
        text=render("notice.txt.j2", **context),
        html=render("notice.html.j2", **context),
        attachments=(ics_attachment(interview, cancelled=True, organizer=organizer),),
    )
