"""The prep digest: the email a candidate receives before an interview.

`render_digest` selects the advice (`playbook.select_advice`, pure) and lays it out with the `digest.*.j2` templates.
It attaches nothing: the caller adds the calendar (.ics). Jinja2 is imported only when something renders.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING

from interview_prep.drafts import address_name
from interview_prep.mail import Links, RenderedEmail
from interview_prep.playbook import DigestAdvice, long_date, select_advice, short_date

if TYPE_CHECKING:
    from interview_prep.models import Interview

_MINUS = "\u2212"
_EN_DASH = "\u2013"


def utc_offset(moment: dt.datetime) -> str:
    """`UTC−04:00`, `UTC+05:30`, `UTC+00:00` (a real minus sign, as typography wants)."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = _MINUS if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def when_line(interview: Interview) -> str:
    """`Tuesday 14 March 2027, 14:00–15:00 (America/Toronto, UTC−04:00)`, in the interview's own zone."""
    start, end = interview.starts_at_local, interview.ends_at_local
    if end.date() == start.date():
        span = f"{long_date(start.date())}, {start:%H:%M}{_EN_DASH}{end:%H:%M}"
    else:
        span = f"{long_date(start.date())}, {start:%H:%M} {_EN_DASH} {long_date(end.date())}, {end:%H:%M}"
    return f"{span} ({interview.timezone}, {utc_offset(start)})"


def duration_text(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts)


def lead_text(hours: float) -> str:
    """How far away the interview is, in words: `in 2 days`, `in 5 hours`, `in 40 minutes`."""
    if hours <= 0:
        return "has started" if hours > -12 else "is over"
    if hours >= 48:
        return f"is in {int(hours // 24)} days"
    if hours >= 2:
        return f"is in {int(hours)} hours"
    minutes = max(1, int(hours * 60))
    return f"is in {minutes} minute{'s' if minutes != 1 else ''}"


def subject_line(interview: Interview, *, updated: bool = False) -> str:
    """`Prep for your Operations Analyst interview at Northwind, Tue 14 Mar` (prefixed `Updated: ` on a resend)."""
    subject = (
        f"Prep for your {interview.role} interview at {interview.company.name}, "
        f"{short_date(interview.starts_at_local.date())}"
    )
    # A subject is a header: never let user text carry a line break into it.
    subject = " ".join(subject.split())
    return f"Updated: {subject}" if updated else subject


@dataclasses.dataclass(frozen=True)
class DigestView:
    """What the templates receive: the interview's facts, formatted, and the advice selected for it."""

    candidate_name: str
    company: str
    company_website: str | None
    role: str
    round_label: str
    when: str
    lead: str
    duration: str
    format_label: str
    location: str | None
    location_url: str | None
    includes: str | None
    updated: bool
    advice: DigestAdvice


def _join(labels: tuple[str, ...]) -> str | None:
    if not labels:
        return None
    if len(labels) == 1:
        return labels[0]
    return f"{', '.join(labels[:-1])} and {labels[-1]}"


def digest_view(interview: Interview, now: dt.datetime, *, updated: bool = False) -> DigestView:
    advice = select_advice(interview, now)
    location = interview.location
    url = (
        location if location and location.lower().startswith(("https://", "http://")) and " " not in location else None
    )
    return DigestView(
        candidate_name=address_name(interview.candidate.name),
        company=interview.company.name,
        company_website=interview.company.website,
        role=interview.role,
        round_label=advice.round_label,
        when=when_line(interview),
        lead=lead_text(advice.lead_hours),
        duration=duration_text(interview.duration_minutes),
        format_label=advice.format_label,
        location=location,
        location_url=url,
        includes=_join(advice.includes_labels),
        updated=updated,
        advice=advice,
    )


_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")


def _tidy(text: str) -> str:
    """At most one blank line in a row, and none at the start (templates stay readable; the text part stays tidy)."""
    return _BLANK_RUNS.sub("\n\n", text).lstrip("\n")


def render_digest(interview: Interview, links: Links, now: dt.datetime, *, updated: bool = False) -> RenderedEmail:
    """The prep digest for `interview` as of `now` (aware): subject, text and HTML; no attachments."""
    from interview_prep import templating

    view = digest_view(interview, now, updated=updated)
    subject = subject_line(interview, updated=updated)
    context = {"subject": subject, "links": links, "v": view, "advice": view.advice}
    return RenderedEmail(
        subject=subject,
        text=_tidy(templating.render("digest.txt.j2", **context)),
        html=templating.render("digest.html.j2", **context),
    )
