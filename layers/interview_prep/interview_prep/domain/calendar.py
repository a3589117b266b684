"""The interview as a calendar event (.ics): one VEVENT that later emails update or cancel in place.

The UID is stable for an interview and SEQUENCE follows its revision, so a calendar that imported the event
from one digest replaces it with the one from the next digest after a reschedule instead of adding a second
event. Times are written in the interview's own zone with the matching VTIMEZONE, so the event shows at the
right local time in every client; a local time that happens twice (clocks going back) is written in UTC instead,
since a TZID time names only its first occurrence. The end is the start plus the duration in UTC, so
`DTEND - DTSTART` is the duration whatever change of offset lies between them.

`icalendar` is imported inside the functions: only the code paths that build an attachment pay for it.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from interview_prep.domain import i18n, language, posts
from interview_prep.domain.i18n import N_, Locale, gettext_for, ngettext_for
from interview_prep.domain.mail import SENDER_NAME, Attachment
from interview_prep.domain.names import as_said

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview

PRODID = "-//Interview Prep//interview-prep//EN"
FILENAME = "interview.ics"
_MAX_LISTED = 6  # people named in DESCRIPTION before "and N more"

_RELATIONSHIP_LABEL = {
    "hr": N_("HR"),
    "recruiter": N_("recruiter"),
    "hiring_manager": N_("hiring manager"),
    "team_member": N_("team member"),
    "executive": N_("executive"),
    "other": None,
}


def uid(interview: Interview) -> str:
    """The event's UID: the same for every version of the interview."""
    return f"{interview.id}@interview-prep"


def sequence(interview: Interview, *, cancelled: bool = False) -> int:
    """SEQUENCE: 0 for the first version, one more for each reschedule (revision), one more again to cancel."""
    return max(interview.revision - 1, 0) + (1 if cancelled else 0)


def _is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value


def _aware_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).replace(microsecond=0)


def _unambiguous(moment: dt.datetime) -> dt.datetime:
    """The moment as written in the .ics: its local time, or UTC when that local time happens twice."""
    other = moment.replace(fold=1 - moment.fold)
    if other.utcoffset() != moment.utcoffset():
        return moment.astimezone(dt.UTC)
    return moment


def _person(
    name: str,
    title: str | None,  # pragma: no mutate (an annotation, never evaluated)
    relationship: str,
    locale: Locale,
    school: bool = False,
) -> str:
    """`Grace Hopper (VP Engineering)`, `Alan Turing (team member)`; a title's own brackets square inside ours
    (`Mark Davis (Partner, Sequoia Capital [board member])`); a post entered for a name without the relationship it
    already says (`Hiring Manager`, not `Hiring Manager (hiring manager)`), and a school's pupils without one."""
    label = _RELATIONSHIP_LABEL.get(relationship)
    label = title or (gettext_for(locale, label) if label else None)
    if (
        label
        and not title
        and (language.post_says(name, relationship, label) or posts.names_pupils(name, school=school))
    ):
        label = None  # nor "Year 9 pupils (team member)": a school's pupils are nobody's colleagues
    return f"{name} ({i18n.in_brackets(label)})" if label else name


def summary(interview: Interview) -> str:
    """`Interview: Backend Engineer at Kestrel Robotics` (`Entrevue : …` in Québec)."""
    return gettext_for(
        interview.locale, "Interview: %(role)s at %(company)s", role=interview.role_said, company=interview.company_said
    )


def description(interview: Interview) -> str:
    """A short description: which interview, and with whom ("With:", true of a call as of a meeting)."""
    locale = interview.locale
    lines = [
        gettext_for(
            locale,
            "Round %(round)d interview for %(role)s at %(company)s.",
            round=interview.round,
            role=interview.role_said,
            company=interview.company_said,
        )
    ]
    said, _ = as_said(interview)  # someone typed as "TBC" by their post
    school = interview.at_school  # where a "Student panel" is the pupils'
    people = [_person(i.name, i.title, i.relationship, locale, school) for i in said.interviewers]
    if people and not interview.no_one_live:  # recorded answers, an online test: the people named are not met
        shown = people[:_MAX_LISTED]
        more = len(people) - len(shown)
        listed = (" ; " if locale.french else "; ").join(shown)  # French spaces it (typeset below)
        if more:
            lines.append(
                ngettext_for(
                    locale,
                    "With: %(people)s; and %(num)d more.",
                    "With: %(people)s; and %(num)d more.",
                    more,
                    people=listed,
                )
            )
        else:
            lines.append(gettext_for(locale, "With: %(people)s.", people=listed))
    return i18n.typeset("\n".join(lines), locale)


def build_ics(
    interview: Interview,
    *,
    cancelled: bool = False,
    method: str = "PUBLISH",
    organizer: str | None = None,  # pragma: no mutate (an annotation, never evaluated)
) -> bytes:
    """The interview as an iCalendar object: METHOD:PUBLISH (or `method`), or METHOD:CANCEL when `cancelled`.

    An update sent by email (`method="REQUEST"`) and a cancellation name the `organizer` (the sender address) and
    the candidate as the attendee, as iTIP asks, so calendars apply them to the event they hold.
    """
    import icalendar

    method = "CANCEL" if cancelled else method

    start = interview.starts_at_local
    end = interview.ends_at_local

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)

    event = icalendar.Event()
    event.add("uid", uid(interview))
    event.add("sequence", sequence(interview, cancelled=cancelled))
    # The time this version of the record was written: deterministic for the same record, newer on each change.
    event.add("dtstamp", _aware_utc(interview.updated_at))
    event.add("dtstart", _unambiguous(start))
    event.add("dtend", _unambiguous(end))
    event.add("summary", summary(interview))
    event.add("description", description(interview))
    if interview.location:
        event.add("location", interview.location)
        if _is_url(interview.location):
            event.add("url", interview.location)
    if organizer and method != "PUBLISH":
        event.add("organizer", f"mailto:{organizer}", parameters={"CN": SENDER_NAME})
        event.add(
            "attendee",
            f"mailto:{interview.candidate.email}",
            parameters={"CN": interview.candidate.name, "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED"},
        )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    cal.add_component(event)

    # VTIMEZONE for the zone over the years of the event (the default window spans decades): each change of offset
    # is then its sub-component's DTSTART, as the readers that ignore RDATE need.
    for tzid in sorted(cal.get_missing_tzids()):
        cal.add_component(_vtimezone(tzid, start.year, end.year + 1))
    data: bytes = cal.to_ical()
    return data


@functools.lru_cache(maxsize=64)  # pragma: no mutate (a cache: the same value, only sooner)
def _vtimezone(zone: str, first_year: int, last_year: int) -> Any:
    """The VTIMEZONE of a zone over [first_year, last_year): built once per process (it takes up to tens of ms)."""
    import icalendar

    return icalendar.Timezone.from_tzinfo(
        zoneinfo.ZoneInfo(zone), tzid=zone, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 1, 1)
    )


def ics_attachment(
    interview: Interview,
    *,
    cancelled: bool = False,
    method: str = "PUBLISH",
    organizer: str | None = None,  # pragma: no mutate (an annotation, never evaluated)
) -> Attachment:
    """The .ics as an email attachment (`text/calendar` with the matching `method` parameter)."""
    method = "CANCEL" if cancelled else method
    return Attachment(
        filename=FILENAME,
        content_type=f"text/calendar; method={method}; charset=utf-8",
        data=build_ics(interview, cancelled=cancelled, method=method, organizer=organizer),
    )
