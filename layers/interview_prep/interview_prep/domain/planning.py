"""Deciding which emails an interview should get, and when: pure functions of an interview and a clock.

This is the one place that logic lives; the API shows its answer, the stream handler turns it into
schedules, and the deliver function checks a firing schedule against it before sending.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from interview_prep.domain.models import Interview

# A digest already sent is sent again (as "Updated:") only when the interview moved by more than this.
RESEND_DIGEST_AFTER_MOVE = dt.timedelta(days=1)
# A delivery whose time has already passed goes out this soon.
PAST_DUE_DELAY = dt.timedelta(seconds=30)


@dataclasses.dataclass(frozen=True, order=True)
class Delivery:
    """One email to send: its kind, when, and the interview revision it belongs to."""

    due_at: dt.datetime
    kind: str  # "digest" | "thank_you"
    revision: int
    updated: bool = False  # a digest sent again after a move of more than a day


def ideal_digest_time(interview: Interview) -> dt.datetime:
    return interview.starts_at_utc - dt.timedelta(hours=interview.digest_lead_hours)


def ideal_thank_you_time(interview: Interview) -> dt.datetime:
    return interview.ends_at_utc + dt.timedelta(minutes=interview.thank_you_delay_minutes)


def _not_before(when: dt.datetime, now: dt.datetime) -> dt.datetime:
    return when if when > now else (now + PAST_DUE_DELAY).replace(microsecond=0)


def why_no_deliveries(interview: Interview) -> str | None:
    """The reason the interview gets no scheduled email at all, or None when it may get some."""
    if interview.status == "cancelled":
        return "cancelled"
    if interview.status == "pending_confirmation":
        return "unconfirmed"
    if interview.unsubscribed_at is not None:
        return "unsubscribed"
    if interview.email_stopped is not None:  # a hard bounce or a complaint: "bounced" or "complained"
        return interview.email_stopped.reason
    if interview.status == "completed":
        return "completed"
    return None


def plan_deliveries(interview: Interview, now: dt.datetime) -> list[Delivery]:
    """The deliveries that should be pending for `interview` at `now`, soonest first.

    - digest at `starts_at - digest_lead_hours` (within a minute when that is past), unless the interview has
      started, or a digest was already sent and the interview has not moved by more than a day since;
    - thank-you at `ends_at + thank_you_delay_minutes`, unless already sent.
    Nothing for cancelled, unconfirmed, unsubscribed or completed interviews, nor when email to the address stopped.
    """
    if why_no_deliveries(interview) is not None:
        return []
    plan: list[Delivery] = []
    digest = interview.digest
    digest_due = _not_before(ideal_digest_time(interview), now)
    # A digest that could only go out once the interview has begun is not planned at all.
    if digest_due < interview.starts_at_utc:
        sent_for = digest.sent_starts_at_utc
        if digest.sent_at is None or sent_for is None:
            plan.append(Delivery(digest_due, "digest", interview.revision))
        elif abs(interview.starts_at_utc - sent_for) > RESEND_DIGEST_AFTER_MOVE and digest.sent_revision != (
            interview.revision
        ):
            plan.append(Delivery(digest_due, "digest", interview.revision, updated=True))
    if interview.thank_you.sent_at is None:
        plan.append(Delivery(_not_before(ideal_thank_you_time(interview), now), "thank_you", interview.revision))
    return sorted(plan)


def with_due_times(interview: Interview, now: dt.datetime) -> Interview:
    """The interview with `digest.due_at` and `thank_you.due_at` set from its plan (kept once sent)."""
    due = {d.kind: d.due_at for d in plan_deliveries(interview, now)}
    update = {}
    for kind in ("digest", "thank_you"):
        state = interview.delivery(kind)  # type: ignore[arg-type]
        if state.sent_at is None or kind in due:
            update[kind] = state.model_copy(update={"due_at": due.get(kind)})
    return interview.model_copy(update=update)
