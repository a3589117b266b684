"""What SES reports after sending an email: a hard bounce or a complaint stops every further email about the
interview it was for (the manage page says so, and the API shows `email_stopped`); every bounce, complaint and
reject is counted.

SES publishes the events of the configuration set (event destination -> the default EventBridge bus), each with
the tags the email was sent with: `interview` (its id) and `kind`. An event names the recipient's address; it is
compared with the interview's and never logged.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Literal, cast

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from interview_prep.adapters.settings import settings
from interview_prep.adapters.store import InterviewStore
from interview_prep.domain import clock
from interview_prep.domain.models import DeliveryKind
from interview_prep.services.interviews import stop_email

logger = Logger(service="interview-prep")
metrics = Metrics()

INTERVIEW_ID = re.compile(r"^[0-9a-f]{32}$")
KINDS = ("confirmation", "digest", "thank_you")


@dataclasses.dataclass(frozen=True)
class EmailEventOutcome:
    status: Literal["stopped", "already_stopped", "counted", "ignored"]
    reason: str | None = None
    interview_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class EmailEvent:
    """The parts of one SES event that matter here."""

    event_type: str  # Bounce | Complaint | Reject
    stops: Literal["bounced", "complained"] | None  # what the event means for further email, if anything
    metric: str
    interview_id: str | None
    kind: DeliveryKind | None
    recipients: tuple[str, ...]


def parse(event: dict[str, Any]) -> EmailEvent | None:
    """An EventBridge event from SES (or SES's event record itself), or None when it is not one of ours."""
    detail = _dict(event.get("detail", event) if isinstance(event, dict) else None)
    event_type = detail.get("eventType")
    mail = _dict(detail.get("mail"))
    if event_type not in ("Bounce", "Complaint", "Reject") or not mail:
        return None
    tags = _dict(mail.get("tags"))
    interview_id = _first(tags.get("interview"))
    kind = _first(tags.get("kind"))
    stops: Literal["bounced", "complained"] | None = None
    recipients: list[Any] = []
    if event_type == "Bounce":
        bounce = _dict(detail.get("bounce"))
        hard = bounce.get("bounceType") == "Permanent"
        stops, metric = ("bounced", "EmailsBounced") if hard else (None, "EmailsSoftBounced")
        recipients = bounce.get("bouncedRecipients") or []
    elif event_type == "Complaint":
        complaint = _dict(detail.get("complaint"))
        # A "not-spam" report is the opposite of a complaint
        not_spam = complaint.get("complaintFeedbackType") == "not-spam"
        stops, metric = (None, "EmailsNotSpam") if not_spam else ("complained", "EmailsComplained")
        recipients = complaint.get("complainedRecipients") or []
    else:
        metric = "EmailsRejected"
    addresses = tuple(
        str(r["emailAddress"]) for r in recipients if isinstance(r, dict) and isinstance(r.get("emailAddress"), str)
    )
    return EmailEvent(
        event_type=str(event_type),
        stops=stops,
        metric=metric,
        interview_id=interview_id if interview_id and INTERVIEW_ID.match(interview_id) else None,
        kind=cast("DeliveryKind", kind) if kind in KINDS else None,
        recipients=addresses,
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _first(values: Any) -> str | None:
    if isinstance(values, list) and values and isinstance(values[0], str):
        return values[0]
    return values if isinstance(values, str) else None


def apply_email_event(event: dict[str, Any], *, store: InterviewStore | None = None) -> EmailEventOutcome:
    """Count the event; for a hard bounce or a complaint about the interview's current address, stop its email.

    Idempotent: a repeated event finds the email already stopped and changes nothing. An error reaching the table
    raises (the invocation is retried, then dead-lettered); an event that can never apply is counted and ignored.
    """
    parsed = parse(event)
    if parsed is None:
        logger.warning("email event ignored", extra={"reason": "not_an_ses_event"})
        metrics.add_metric(name="EmailEventsIgnored", unit=MetricUnit.Count, value=1)
        return EmailEventOutcome("ignored", "not_an_ses_event")
    metrics.add_metric(name=parsed.metric, unit=MetricUnit.Count, value=1)
    context = {"event_type": parsed.event_type, "kind": parsed.kind, "interview_id": parsed.interview_id}
    if parsed.stops is None:
        logger.info("email event counted", extra=context)
        return EmailEventOutcome("counted", parsed.metric, parsed.interview_id)
    if parsed.interview_id is None:
        logger.warning("email event ignored", extra={**context, "reason": "no_interview_tag"})
        return EmailEventOutcome("ignored", "no_interview_tag")
    result = stop_email(
        store or InterviewStore(settings().table_name),
        parsed.interview_id,
        reason=parsed.stops,
        kind=parsed.kind,
        recipients=parsed.recipients,
        now=clock.now(),
    )
    logger.info("email event applied", extra={**context, "result": result})
    if result == "stopped":
        metrics.add_metric(name="EmailsStopped", unit=MetricUnit.Count, value=1)
        return EmailEventOutcome("stopped", parsed.stops, parsed.interview_id)
    if result == "already_stopped":
        return EmailEventOutcome("already_stopped", parsed.stops, parsed.interview_id)
    return EmailEventOutcome("ignored", result, parsed.interview_id)
