"""The double opt-in email: sent once when an interview is recorded from the web form.

Nothing else is sent to the address until the candidate follows the confirm link, so this email says what
will come and when, and that ignoring it is enough to receive nothing more.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from interview_prep.domain import clock
from interview_prep.domain.i18n import ENGLISH, Locale, gettext_for, long_date, ngettext_for, night_of, time_of_day
from interview_prep.domain.mail import Links, RenderedEmail
from interview_prep.domain.templating import render

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview


def confirmation_subject(interview: Interview) -> str:
    return gettext_for(
        interview.locale,
        "Confirm your interview prep for %(role)s at %(company)s",
        role=interview.role_said,
        company=interview.company_said,
    )


def _utc_offset(value: dt.datetime) -> str:
    offset = value.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "−"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def format_local(value: dt.datetime, zone_name: str, locale: Locale = ENGLISH) -> str:
    """`Monday 29 March 2027, 09:30 (America/Toronto, UTC−04:00)` for an aware datetime in the zone; in Québec
    French `lundi 29 mars 2027, 9 h 30 (…)`."""
    return f"{long_date(value.date(), locale)}, {time_of_day(value, locale)} ({zone_name}, {_utc_offset(value)})"


def format_start(value: dt.datetime, zone_name: str, locale: Locale = ENGLISH) -> str:
    """`format_local` for the start of an interview, naming the night of a start after midnight (`i18n.night_of`)."""
    return format_local(value, zone_name, locale) + night_of(value, locale)


def _hours(n: int, locale: Locale) -> str:
    return ngettext_for(locale, "%(num)d hour", "%(num)d hours", n)


def _after_end(n: int, locale: Locale) -> str:
    if n == 0:
        return gettext_for(locale, "right after the interview ends")
    if n % 60 == 0:
        return gettext_for(locale, "%(delay)s after the interview ends", delay=_hours(n // 60, locale))
    return ngettext_for(
        locale, "%(num)d minute after the interview ends", "%(num)d minutes after the interview ends", n
    )


def render_confirmation(interview: Interview, links: Links) -> RenderedEmail:
    """The confirmation email: confirm link, what will be sent and when, the manage link, and 'ignore it'."""
    if not links.confirm_url:
        raise ValueError("the confirmation email needs links.confirm_url")

    zone, locale = interview.zone, interview.locale
    digest_due = interview.starts_at_utc - dt.timedelta(hours=interview.digest_lead_hours)
    thank_you_due = interview.ends_at_utc + dt.timedelta(minutes=interview.thank_you_delay_minutes)
    subject = confirmation_subject(interview)
    context = {
        "subject": subject,
        "links": links,
        "candidate_name": interview.candidate.greeted_as,
        "role": interview.role_said,
        "company": interview.company_said,
        "starts": format_start(interview.starts_at_local, interview.timezone, locale),
        "digest_lead": _hours(interview.digest_lead_hours, locale),
        # Already past: the digest goes out as soon as the address is confirmed.
        "digest_when": None
        if digest_due <= clock.now()
        else format_local(digest_due.astimezone(zone), interview.timezone, locale),
        "recorded": "recorded" in interview.includes,  # no one live: the digest lists no questions to ask
        # a test taken alone: no questions to expect either
        "online_test": interview.online_test_only,
        "thank_you_after": _after_end(interview.thank_you_delay_minutes, locale),
        "thank_you_when": format_local(thank_you_due.astimezone(zone), interview.timezone, locale),
        # Who the drafts will be to, as recorded now: nobody named yet, one person, or several.
        "people": len(interview.interviewers),
        "person": _one_person(interview) if len(interview.interviewers) == 1 else None,
    }
    return RenderedEmail(
        subject=subject,
        text=render("confirmation.txt.j2", locale=locale, **context),
        html=render("confirmation.html.j2", locale=locale, **context),
    )


def _one_person(interview: Interview) -> str:
    """The one person the draft will be to, as a sentence says them: "the Hiring Manager", « le Dr Roux », someone
    typed "TBC" by their post (`names.as_said`)."""
    # Imported here: with two people or more, the email names no one (and a cold start does without them).
    from interview_prep.domain.language import in_sentence
    from interview_prep.domain.names import as_said

    said, _ = as_said(interview)
    return in_sentence(said.interviewers[0].name, french=interview.locale.french)
