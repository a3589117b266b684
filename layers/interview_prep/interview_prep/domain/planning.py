"""Deciding which emails an interview should get, and when: pure functions of an interview.

This is the one place that logic lives; the API shows its answer, the stream handler turns it into
schedules, and the deliver function checks a firing schedule against it before sending.

The plan depends on the stored record only, never on the moment it is read: a write that does not change
when an email is due (a new role, notes) leaves every due time, and so every schedule, as it was; and a
schedule that fires a few seconds after its time finds its email still in the plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from interview_prep.domain.models import DeliveryKind, Interview

# A digest already sent is sent again (as "Updated:") only when the interview moved by more than this.
RESEND_DIGEST_AFTER_MOVE = dt.timedelta(days=1)
# An email whose ideal time had already passed when it was planned goes out this long after it was planned.
PAST_DUE_DELAY = dt.timedelta(seconds=30)
# A change notice (or the "Updated:" digest) waits this long after the last move, so that a person correcting the
# time they just typed, or a tool writing a reschedule in several steps, sends one email with the final time; a
# move is still in the candidate's calendar within minutes. Moves that keep coming never hold it back beyond
# NOTICE_MAX_WAIT after the first of them.
NOTICE_DELAY = dt.timedelta(minutes=2)
NOTICE_MAX_WAIT = dt.timedelta(minutes=10)
# The emails the schedules send (the confirmation is sent by the stream handler at once).
SCHEDULED_KINDS: tuple[DeliveryKind, ...] = ("digest", "thank_you", "notice", "cancellation")


class Delivery(NamedTuple):
    """One email to send: its kind, when, and the interview revision it belongs to. Ordered by time, then kind. (A
    named tuple: defined at every cold start, at a fifth of a frozen, ordered dataclass's cost.)"""

    due_at: dt.datetime
    kind: DeliveryKind
    revision: int
    updated: bool = False  # a digest sent again after a move of more than a day


def ideal_digest_time(interview: Interview) -> dt.datetime:
    return interview.starts_at_utc - dt.timedelta(hours=interview.digest_lead_hours)


def ideal_thank_you_time(interview: Interview) -> dt.datetime:
    return interview.ends_at_utc + dt.timedelta(minutes=interview.thank_you_delay_minutes)


def planned_at(interview: Interview) -> dt.datetime:
    """When the interview's current plan was made: recorded, last changed in its timing, or confirmed.

    Only those three moments change what is due when, so a past-due email is due at a fixed time after the
    latest of them, and other writes never postpone it.
    """
    moments = (interview.created_at, interview.revised_at, interview.confirmed_at)
    return max(moment for moment in moments if moment is not None)


def _due(ideal: dt.datetime, interview: Interview) -> dt.datetime:
    since = planned_at(interview)
    return ideal if ideal > since else (since + PAST_DUE_DELAY).replace(microsecond=0)


def notice_time(interview: Interview) -> dt.datetime:
    """When the news of a move goes out: NOTICE_DELAY after the last move, NOTICE_MAX_WAIT after the first at most."""
    last = planned_at(interview) + NOTICE_DELAY
    first = (interview.moved_at or last) + NOTICE_MAX_WAIT
    return min(last, first).replace(microsecond=0)


def event_moved(interview: Interview) -> bool:
    """True when the candidate holds the event and it shows another start or end than the interview has now."""
    held = interview.calendar
    return held is not None and (held.starts_at_utc, held.ends_at_utc) != (
        interview.starts_at_utc,
        interview.ends_at_utc,
    )


def why_no_deliveries(interview: Interview) -> str | None:  # pragma: no mutate (an annotation, never evaluated)
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


def _cancellation(interview: Interview) -> list[Delivery]:
    """A cancelled interview whose event the candidate holds (and who opted in and did not unsubscribe) gets one
    cancellation notice, PAST_DUE_DELAY after the cancellation."""
    if (
        interview.calendar is None
        or interview.confirmed_at is None
        or interview.unsubscribed_at is not None
        or interview.email_stopped is not None
        or interview.cancellation.sent_at is not None
        or interview.cancelled_at is None
    ):
        return []
    due = (interview.cancelled_at + PAST_DUE_DELAY).replace(microsecond=0)
    return [Delivery(due, "cancellation", interview.revision)]


def plan_deliveries(interview: Interview) -> list[Delivery]:
    """The deliveries that should be pending for `interview`, soonest first.

    - digest at `starts_at - digest_lead_hours` (`PAST_DUE_DELAY` after the plan was made when that is past),
      unless it would only go out once the interview has begun; once sent, again (as "Updated:") only after a move
      of more than a day, and then at the notice time, since it is what tells of the move;
    - thank-you at `ends_at + thank_you_delay_minutes` (or `PAST_DUE_DELAY` after the plan), unless sent;
    - a change notice at the notice time when the event the candidate holds shows another time, unless an
      "Updated:" digest tells of the move;
    - for a cancelled interview whose event the candidate holds, one cancellation notice.
    Nothing (but that cancellation) for cancelled, unconfirmed, unsubscribed or completed interviews, nor when email
    to the address stopped.
    """
    if interview.status == "cancelled":
        return _cancellation(interview)
    if why_no_deliveries(interview) is not None:
        return []
    plan: list[Delivery] = []
    digest = interview.digest
    digest_due = _due(ideal_digest_time(interview), interview)
    sent_for = digest.sent_starts_at_utc
    if digest.sent_at is None or sent_for is None:
        # A digest that could only go out once the interview has begun is not planned at all.
        if digest_due < interview.starts_at_utc:
            plan.append(Delivery(digest_due, "digest", interview.revision))
    elif (
        abs(interview.starts_at_utc - sent_for) > RESEND_DIGEST_AFTER_MOVE
        and digest.sent_revision != interview.revision
        and notice_time(interview) < interview.starts_at_utc
    ):
        plan.append(Delivery(notice_time(interview), "digest", interview.revision, updated=True))
    if interview.thank_you.sent_at is None:
        plan.append(Delivery(_due(ideal_thank_you_time(interview), interview), "thank_you", interview.revision))
    if event_moved(interview) and not any(d.updated for d in plan) and notice_time(interview) < interview.ends_at_utc:
        plan.append(Delivery(notice_time(interview), "notice", interview.revision))
    return sorted(plan)


def with_due_times(interview: Interview) -> Interview:
    """The interview with each scheduled email's `due_at` set from its plan: None when nothing more is due
    (`sent_at` keeps when it last went out)."""
    due = {d.kind: d.due_at for d in plan_deliveries(interview)}
    update: dict[str, Any] = {
        kind: interview.delivery(kind).model_copy(update={"due_at": due.get(kind)}) for kind in SCHEDULED_KINDS
    }
    return interview.model_copy(update=update)
