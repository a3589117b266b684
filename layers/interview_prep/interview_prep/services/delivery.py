"""Sending one email exactly once per (interview, kind, revision).

A delivery re-reads the interview, checks that the email is still wanted (status, unsubscribe, revision,
the plan), renders it from the current record, sends it through SES and records it on the interview.
Powertools idempotency, keyed by (interview, kind, revision), makes a duplicated or concurrent invocation
send nothing more; a failed send raises, so the caller (EventBridge Scheduler, the stream) retries it, and
nothing is recorded as sent that was not sent.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, NamedTuple

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from interview_prep.adapters.aws import idempotency_store
from interview_prep.adapters.scheduler import DeliveryRequest
from interview_prep.adapters.ses import Mailer
from interview_prep.adapters.settings import settings
from interview_prep.adapters.store import RETENTION_AFTER_END, InterviewStore
from interview_prep.domain import clock
from interview_prep.domain.addresses import ascii_address
from interview_prep.domain.mail import Links, RenderedEmail, compose
from interview_prep.domain.models import DeliveryKind, Interview
from interview_prep.domain.planning import plan_deliveries, why_no_deliveries, with_due_times
from interview_prep.services import tokens
from interview_prep.services.interviews import mutate

logger = Logger(service="interview-prep")
metrics = Metrics()

METRIC_SENT: dict[DeliveryKind, str] = {
    "confirmation": "ConfirmationsSent",
    "digest": "DigestsSent",
    "thank_you": "ThankYousSent",
    "notice": "ChangeNoticesSent",
    "cancellation": "CancellationNoticesSent",
}
# The emails that carry the calendar event: once one is out, the candidate holds the event as it was sent.
CARRY_EVENT: frozenset[DeliveryKind] = frozenset({"confirmation", "digest", "notice"})


class Outcome(NamedTuple):
    status: str  # "sent" | "skipped"
    reason: str | None = None
    message_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return self._asdict()


def skip_reason(interview: Interview | None, request: DeliveryRequest, now: dt.datetime) -> str | None:
    """Why this delivery must not be sent now, or None when it should go out."""
    if interview is None:
        return "not_found"
    if request.kind == "confirmation":
        if interview.status != "pending_confirmation":
            return "already_confirmed" if interview.status != "cancelled" else "cancelled"
        if interview.confirmation.sent_at is not None:
            return "already_sent"
        if interview.email_stopped is not None:
            return interview.email_stopped.reason
        return None
    general = why_no_deliveries(interview)
    if general is not None and not (request.kind == "cancellation" and general == "cancelled"):
        return general
    if request.revision != interview.revision:
        return "stale_revision"
    if interview.delivery(request.kind).sent_revision == request.revision:
        return "already_sent"
    if not any(d.kind == request.kind and d.revision == request.revision for d in plan_deliveries(interview)):
        return "not_planned"
    return None


def links_for(store: InterviewStore, interview: Interview, *, now: dt.datetime, confirm: bool) -> Links:
    """Fresh capability links for one email (each email carries its own tokens; only hashes are stored)."""
    base = settings().public_base_url or ""
    manage, unsubscribe = (
        tokens.mint(
            store, interview_id=interview.id, purpose=purpose, expires_at=interview.ends_at_utc + RETENTION_AFTER_END
        )
        for purpose in ("manage", "unsubscribe")
    )
    confirm_url = None
    if confirm:
        raw = tokens.mint(
            store,
            interview_id=interview.id,
            purpose="confirm",
            expires_at=now + dt.timedelta(hours=settings().confirm_token_hours),
        )
        confirm_url = f"{base}/confirm/{raw}"
    return Links(
        manage_url=f"{base}/manage/{manage}",
        unsubscribe_url=f"{base}/unsubscribe/{unsubscribe}",
        confirm_url=confirm_url,
    )


def render(interview: Interview, kind: DeliveryKind, links: Links, now: dt.datetime) -> RenderedEmail:
    """The email of `kind` for the interview as it is now.

    Each kind's renderer is imported when that kind is sent: an invocation sends one kind, and loading the other
    renderers (the playbook, the drafts' phrasing) would only lengthen the deliver function's cold start.
    """
    if kind == "confirmation":
        from interview_prep.domain.calendar import ics_attachment  # cold start: see above
        from interview_prep.domain.confirmation import render_confirmation  # cold start: see above

        email = render_confirmation(interview, links)
        return email._replace(attachments=(*email.attachments, ics_attachment(interview)))
    if kind == "digest":
        from interview_prep.domain.calendar import ics_attachment  # cold start: see above
        from interview_prep.domain.digest import render_digest  # cold start: see above

        updated = any(d.kind == "digest" and d.updated for d in plan_deliveries(interview))
        email = render_digest(interview, links, now, updated=updated)
        # An "Updated:" digest tells of a move: its .ics is an update of the event the candidate holds
        method = "REQUEST" if updated else "PUBLISH"
        attachment = ics_attachment(interview, method=method, organizer=settings().sender_address)
        return email._replace(attachments=(*email.attachments, attachment))
    if kind in ("notice", "cancellation"):
        from interview_prep.domain.notice import render_cancellation_notice, render_move_notice  # cold start

        renderer = render_move_notice if kind == "notice" else render_cancellation_notice
        return renderer(interview, links, organizer=settings().sender_address)
    from interview_prep.domain.drafts import build_drafts, render_thank_you  # cold start: see above

    return render_thank_you(interview, build_drafts(interview), links)


def _record_sent(
    store: InterviewStore, sent: Interview, request: DeliveryRequest, message_id: str, now: dt.datetime
) -> None:
    """Mark the delivery sent on the interview (re-read and retried until the conditional write wins)."""

    def change(current: Interview) -> Interview:
        state = current.delivery(request.kind).model_copy(
            update={
                "sent_at": now,
                "message_id": message_id,
                "sent_revision": request.revision,
                "sent_starts_at_utc": sent.starts_at_utc,
                "sends": current.delivery(request.kind).sends + 1,
            }
        )
        update: dict[str, Any] = {request.kind: state, "version": current.version + 1, "updated_at": now}
        if request.kind == "thank_you" and current.status == "scheduled":
            update["status"] = "completed"
        if request.kind in CARRY_EVENT:
            # The candidate now holds the event as this email carried it (a move made meanwhile is still news).
            held = sent.holding(now)
            update["calendar"] = held.calendar
            if (current.starts_at_utc, current.ends_at_utc) == (sent.starts_at_utc, sent.ends_at_utc):
                update["moved_at"] = None
        return with_due_times(current.model_copy(update=update))  # what is due next, now that this one is out

    mutate(store, request.interview_id, change, read=sent)


def send(request: DeliveryRequest, *, store: InterviewStore, mailer: Mailer) -> dict[str, Any]:
    """Send the delivery if it is still wanted. Not idempotent by itself: call `deliver`."""
    now = clock.now()
    interview = store.get(request.interview_id)
    reason = skip_reason(interview, request, now)
    if reason is not None or interview is None:
        logger.info(
            "delivery skipped", extra={"kind": request.kind, "reason": reason, "interview_id": request.interview_id}
        )
        metrics.add_metric(name="DeliveriesSkipped", unit=MetricUnit.Count, value=1)
        metrics.add_metric(name=f"DeliveriesSkipped_{reason}", unit=MetricUnit.Count, value=1)
        return Outcome("skipped", reason).as_dict()
    links = links_for(store, interview, now=now, confirm=request.kind == "confirmation")
    email = render(interview, request.kind, links, now)
    config = settings()
    message = compose(
        email,
        to_name=interview.candidate.name,
        to_address=interview.candidate.email,
        sender=config.sender_address,
        reply_to=config.reply_to_address,
        links=links,
    )
    # Tagged, so that SES's bounce and complaint events lead back to this interview (services.email_events)
    message_id = mailer.send(
        message, to=ascii_address(interview.candidate.email), tags={"interview": interview.id, "kind": request.kind}
    )
    try:
        _record_sent(store, interview, request, message_id, now)
    except Exception:
        # The email is out: raising now would let the retry send it a second time (the idempotency record keeps
        # this outcome, so duplicates stay away); an operator sees the metric.
        logger.exception(
            "delivery sent but not recorded", extra={"kind": request.kind, "interview_id": request.interview_id}
        )
        metrics.add_metric(name="DeliveriesNotRecorded", unit=MetricUnit.Count, value=1)
    logger.info(
        "delivery sent",
        extra={"kind": request.kind, "interview_id": request.interview_id, "revision": request.revision},
    )
    metrics.add_metric(name=METRIC_SENT[request.kind], unit=MetricUnit.Count, value=1)
    return Outcome("sent", message_id=message_id).as_dict()


@functools.cache
def _idempotency() -> tuple[Any, Any]:
    # Powertools' idempotency utility pulls in jmespath and its persistence layers: loaded at the first delivery.
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig

    persistence = idempotency_store(settings().idempotency_table_name, static_pk_value="deliver")
    config = IdempotencyConfig(
        event_key_jmespath="[interview_id, kind, to_string(revision)]",
        expires_after_seconds=7 * 24 * 3600,
        raise_on_no_idempotency_key=True,
    )
    return persistence, config


@functools.cache
def _store_and_mailer() -> tuple[InterviewStore, Mailer]:
    return InterviewStore(settings().table_name), Mailer(settings())


def deliver(request: DeliveryRequest, lambda_context: Any = None) -> dict[str, Any]:
    """Send the delivery exactly once per (interview, kind, revision); a duplicate returns the first outcome.

    A concurrent duplicate raises `IdempotencyAlreadyInProgressError` (the caller retries later and then
    gets the first outcome); a failed send raises and leaves nothing recorded, so a retry sends it.
    """
    from aws_lambda_powertools.utilities.idempotency import idempotent_function  # loaded by _idempotency() already

    persistence, config = _idempotency()
    if lambda_context is not None:
        config.register_lambda_context(lambda_context)
    store, mailer = _store_and_mailer()

    @idempotent_function(data_keyword_argument="payload", persistence_store=persistence, config=config)
    def once(payload: dict[str, Any]) -> dict[str, Any]:
        return send(DeliveryRequest.model_validate(payload), store=store, mailer=mailer)

    result: dict[str, Any] = once(payload=request.model_dump(mode="json", exclude={"due_at"}))
    return result


def record_failed(request: DeliveryRequest, *, now: dt.datetime) -> None:
    """Count a failed try of this delivery on the interview; at the last try Lambda makes (`delivery_attempts`), record
    it as failed, which the stream tells the tools (`email.failed`). The dead-letter queue gets the input then.

    Nothing is recorded for a delivery that was sent meanwhile, or of a revision that is no longer the interview's.
    """
    store = InterviewStore(settings().table_name)
    attempts = settings().delivery_attempts

    def change(current: Interview) -> Interview | None:
        state = current.delivery(request.kind)
        if current.revision != request.revision or state.sent_revision == request.revision:
            return None
        if state.failed_at is not None and state.failed_revision == request.revision:
            return None
        count = state.failed_attempts + 1 if state.failed_revision == request.revision else 1
        update: dict[str, Any] = {"failed_revision": request.revision, "failed_attempts": count}
        if count >= attempts:
            update["failed_at"] = now
        failed = state.model_copy(update=update)
        # `updated_at` stays: the stream plans the schedules as of the last change of the interview, and a failed try
        # is bookkeeping, not a change (moving it would plan the failing delivery again, beside the retries).
        return current.model_copy(update={request.kind: failed, "version": current.version + 1})

    mutate(store, request.interview_id, change)
