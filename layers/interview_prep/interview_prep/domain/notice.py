"""The change notices: one short email when an interview the candidate holds in their calendar moves or is cancelled.

A notice is written in the interview's language (Québec or European French as its zone says, like every other
email), says what changed — the old and the new time, both in the interview's zone, each end with its own offset —
and carries an .ics that updates the event the candidate already has (same UID, higher SEQUENCE, METHOD:REQUEST) or
cancels it (METHOD:CANCEL, STATUS:CANCELLED). Its subject names the interview and the change, so it reads right in
an inbox list without being opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interview_prep.domain.calendar import ics_attachment
from interview_prep.domain.digest import span_line
from interview_prep.domain.facts import stated_location
from interview_prep.domain.i18n import N_, gettext_for, short_date, time_of_day
from interview_prep.domain.mail import Links, RenderedEmail
from interview_prep.domain.templating import render

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview


FOLLOW_KINDS = frozenset({"digest", "thank_you"})

# What the notice says of the emails still to come, which follow the new time: one sentence per combination, so
# that each language can agree its verb with what follows (« suivra », « suivront »).
FOLLOW = {
    frozenset({"digest"}): N_("Your prep digest will follow the new time."),
    frozenset({"thank_you"}): N_("Your thank-you drafts will follow the new time."),
    frozenset({"digest", "thank_you"}): N_("Your prep digest and your thank-you drafts will follow the new time."),
}


def _held_line(interview: Interview) -> str:
    """The time the candidate's calendar holds, in the interview's (current) zone and language."""
    held = interview.calendar
    if held is None:
        raise ValueError("a change notice is only for an interview whose event the candidate holds")
    zone = interview.zone
    return span_line(
        held.starts_at_utc.astimezone(zone), held.ends_at_utc.astimezone(zone), interview.timezone, interview.locale
    )


def _one_line(text: str) -> str:
    """A user's text as a subject holds it: on one line, runs of spaces as one (the French no-break spaces that
    the catalog puts around it are left alone)."""
    return " ".join(text.split())


def move_subject(interview: Interview) -> str:
    """`Moved: your Backend Engineer interview at Kestrel Robotics is now Sat 16 Jan, 16:30` (in the interview's
    language: `Entrevue déplacée : … le sam. 16 janv. à 16 h 30` in Québec)."""
    start, locale = interview.starts_at_local, interview.locale
    return gettext_for(
        locale,
        "Moved: your %(role)s interview at %(company)s is now %(date)s, %(time)s",
        role=interview.role_said,
        company=_one_line(interview.company_said),
        date=short_date(start.date(), locale),
        time=time_of_day(start, locale),
    )


def cancellation_subject(interview: Interview) -> str:
    """`Cancelled: your Backend Engineer interview at Kestrel Robotics, Sat 16 Jan` (in the interview's language)."""
    held = interview.calendar
    start = (held.starts_at_utc if held else interview.starts_at_utc).astimezone(interview.zone)
    return gettext_for(
        interview.locale,
        "Cancelled: your %(role)s interview at %(company)s, %(date)s",
        role=interview.role_said,
        company=_one_line(interview.company_said),
        date=short_date(start.date(), interview.locale),
    )


def _context(interview: Interview, links: Links, subject: str) -> dict[str, Any]:
    from interview_prep.domain.digest import when_line

    return {
        "subject": subject,
        "links": links,
        "candidate_name": interview.candidate.greeted_as,
        "role": interview.role_said,
        "company": interview.company_said,
        "was": _held_line(interview),
        "now": when_line(interview),
        "location": stated_location(interview.location),
    }


def render_move_notice(interview: Interview, links: Links, *, organizer: str | None = None) -> RenderedEmail:
    """The email telling of a move: was, now, and an .ics that moves the event in the candidate's calendar."""
    from interview_prep.domain.planning import plan_deliveries

    subject = move_subject(interview)
    coming = FOLLOW_KINDS & {d.kind for d in plan_deliveries(interview)}
    context = {
        **_context(interview, links, subject),
        "cancelled": False,
        "follows": gettext_for(interview.locale, FOLLOW[coming]) if coming else None,
    }
    return RenderedEmail(
        subject=subject,
        text=render("notice.txt.j2", locale=interview.locale, **context),
        html=render("notice.html.j2", locale=interview.locale, **context),
        attachments=(ics_attachment(interview, method="REQUEST", organizer=organizer),),
    )


def render_cancellation_notice(interview: Interview, links: Links, *, organizer: str | None = None) -> RenderedEmail:
    """The email telling of a cancellation, with an .ics that removes the event from the candidate's calendar."""
    subject = cancellation_subject(interview)
    context = {**_context(interview, links, subject), "cancelled": True}
    return RenderedEmail(
        subject=subject,
        text=render("notice.txt.j2", locale=interview.locale, **context),
        html=render("notice.html.j2", locale=interview.locale, **context),
        attachments=(ics_attachment(interview, cancelled=True, organizer=organizer),),
    )
