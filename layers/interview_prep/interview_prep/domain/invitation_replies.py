"""The emails a forwarded invitation gets back: the review link, a cancellation offer, or what to forward.

The review email is the double opt-in for an invitation forwarded by email: it goes only to the address that
forwarded it, says what was understood and what is still missing, and nothing else is sent until the person
follows its link, completes the details and confirms. The other two are single replies, and say how to stop.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING, Any

from interview_prep.domain.confirmation import format_local
from interview_prep.domain.mail import RenderedEmail

if TYPE_CHECKING:
    from interview_prep.domain.invitations import Invitation
    from interview_prep.domain.models import Interview

FORMAT_LABEL = {"in_person": "in person", "video": "video call", "phone": "phone call", "meal": "a meal"}
MISSING_LABEL = {
    "candidate.name": "your name",
    "candidate.email": "your email address",
    "company.name": "the company",
    "role": "the role you applied for",
    "starts_at": "the start time",
    "timezone": "the time zone",
    "round": "which interview round this is",
    "format": "how it takes place (in person, video, phone or a meal)",
    "location": "where it takes place, or the meeting link",
    "relationship": "who each interviewer is to you (recruiter, future manager, colleague…)",
}


def missing_labels(missing: list[str]) -> list[str]:
    """The missing fields as a person reads them, each once ("interviewers[1].relationship" -> relationship)."""
    labels = [MISSING_LABEL.get(field.rsplit(".", 1)[-1] if "[" in field else field, field) for field in missing]
    return list(dict.fromkeys(labels))


def understood(invitation: Invitation) -> list[tuple[str, str]]:
    """What the invitation said, as (label, value) lines for the review email."""
    draft: dict[str, Any] = invitation.draft
    lines: list[tuple[str, str]] = []
    company = draft.get("company", {}).get("name")
    if company or draft.get("role"):
        lines.append(("Interview", " at ".join(v for v in (draft.get("role"), company) if v)))
    if invitation.starts_at_utc is not None and draft.get("timezone"):
        local = invitation.starts_at_utc.astimezone(zoneinfo.ZoneInfo(draft["timezone"]))
        lines.append(("When", format_local(local, draft["timezone"])))
    elif draft.get("starts_at"):
        lines.append(("When", f"{draft['starts_at'].replace('T', ' ')} (time zone not given)"))
    if draft.get("duration_minutes"):
        lines.append(("Length", f"{draft['duration_minutes']} minutes"))
    if draft.get("format"):
        lines.append(("Format", FORMAT_LABEL[draft["format"]]))
    if draft.get("location"):
        lines.append(("Where", draft["location"]))
    people = [person["name"] for person in draft.get("interviewers", [])]
    if people:
        lines.append(("People invited", ", ".join(people)))
    if draft.get("round"):
        lines.append(("Round", str(draft["round"])))
    return lines


def render_review(invitation: Invitation, *, review_url: str, expires_at: dt.datetime) -> RenderedEmail:
    """The one message a forwarded invitation gets: what was understood, what is missing, and the review link."""
    from interview_prep.domain.templating import render

    company = invitation.draft.get("company", {}).get("name")
    subject = f"Review your interview{' with ' + company if company else ''}: one step to get your prep"
    context: dict[str, Any] = {
        "subject": subject,
        "links": None,
        "lines": understood(invitation),
        "missing": missing_labels(invitation.missing),
        "warnings": invitation.warnings,
        "review_url": review_url,
        "expires": f"{expires_at:%A} {expires_at.day} {expires_at:%B %Y}",
        "updated": invitation.sequence > 0,
    }
    return RenderedEmail(
        subject=subject,
        text=render("invitation_review.txt.j2", **context),
        html=render("invitation_review.html.j2", **context),
    )


def render_cancel_offer(interview: Interview, *, manage_url: str) -> RenderedEmail:
    """A forwarded cancellation that matches an interview the sender recorded: offer to cancel it (one click)."""
    from interview_prep.domain.templating import render

    subject = f"Cancel your interview prep for {interview.role} at {interview.company.name}?"
    context: dict[str, Any] = {
        "subject": subject,
        "links": None,
        "role": interview.role,
        "company": interview.company.name,
        "starts": format_local(interview.starts_at_local, interview.timezone),
        "manage_url": manage_url,
    }
    return RenderedEmail(
        subject=subject,
        text=render("invitation_cancelled.txt.j2", **context),
        html=render("invitation_cancelled.html.j2", **context),
    )


def render_nothing_found(reason: str, *, form_url: str) -> RenderedEmail:
    """The polite reply to a message without a usable invitation: why, and what to forward instead."""
    from interview_prep.domain.templating import render

    subject = "We could not find an interview invitation in your email"
    context: dict[str, Any] = {"subject": subject, "links": None, "reason": reason, "form_url": form_url}
    return RenderedEmail(
        subject=subject,
        text=render("invitation_missing.txt.j2", **context),
        html=render("invitation_missing.html.j2", **context),
    )
