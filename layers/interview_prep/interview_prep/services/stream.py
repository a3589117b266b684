"""Turning a change of an interview (a DynamoDB stream record) into its schedules, and its opt-in email.

The plan of the new image is compared with the plan of the old one: only a change of plan costs
Scheduler calls, and applying a plan is idempotent (replaying a record changes nothing).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger

from interview_prep.adapters.scheduler import DeliveryRequest, Scheduler
from interview_prep.adapters.settings import settings
from interview_prep.adapters.store import INTERVIEW_SK, load_interview
from interview_prep.domain.models import Interview
from interview_prep.domain.planning import SCHEDULED_KINDS, plan_deliveries

logger = Logger(service="interview-prep")


@functools.cache
def scheduler() -> Scheduler:
    return Scheduler(settings())


def failure_fields(raw: dict[str, Any], exc: Exception) -> dict[str, Any]:
    """What a stream function logs about a record it could not handle: the item's key and the AWS error code (or the
    exception's type), never the error's message, which could quote the interview."""
    response = getattr(exc, "response", None)
    code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
    return {"item": raw.get("Keys", {}).get("pk", {}).get("S"), "error": str(code or type(exc).__name__)}


class BatchFailed(RuntimeError):
    """Every record of a batch failed: the invocation fails, so Lambda retries the whole batch (bisecting it)."""

    def __init__(self, count: int) -> None:
        super().__init__(f"all {count} records failed (each was logged)")


def each_record(records: list[dict[str, Any]], handle: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    """Handle a stream batch record by record, as a partial batch response (`ReportBatchItemFailures`).

    A record whose `handle` raises is reported by its sequence number, and the others still run: Lambda retries the
    failed ones (the first failure and what follows it) and dead-letters them after the retry limit. When every record
    fails, `BatchFailed` is raised instead (the response Powertools' batch processor gives), so the whole batch is
    retried. A plain loop: the batch utility's module imports asyncio and every event class (~60 M instructions of a
    cold start) for what these lines do.
    """
    failures = []
    for record in records:
        try:
            handle(record)
        except Exception:  # handled: `handle` logged and counted it; reported below, so Lambda retries it
            failures.append({"itemIdentifier": record["dynamodb"]["SequenceNumber"]})
    if records and len(failures) == len(records):
        raise BatchFailed(len(records))
    return {"batchItemFailures": failures}


def interview_from_image(image: dict[str, Any] | None) -> Interview | None:
    """The interview in a stream image (low-level attribute values), or None."""
    if not image or image.get("sk", {}).get("S") != INTERVIEW_SK or "doc" not in image:
        return None
    return load_interview(image["doc"]["S"])


def planned(interview: Interview | None) -> dict[str, DeliveryRequest]:
    """The deliveries the interview should have pending (deterministic per image).""" ""
    if interview is None:
        return {}
    return {
        d.kind: DeliveryRequest(interview_id=interview.id, kind=d.kind, revision=d.revision, due_at=d.due_at)  # type: ignore[arg-type]
        for d in plan_deliveries(interview)
    }


def _just_sent(old: Interview | None, new: Interview | None, kind: str) -> bool:
    """True when this change is the record of `kind` having been sent (its schedule fired)."""
    if old is None or new is None:
        return False
    sent = new.delivery(kind).sent_at  # type: ignore[arg-type]
    return sent is not None and sent != old.delivery(kind).sent_at  # type: ignore[arg-type]


def apply_change(
    old_image: dict[str, Any] | None, new_image: dict[str, Any] | None, lambda_context: Any = None
) -> dict[str, str]:
    """Bring the schedules of one interview in line with its new image; send its opt-in email if due.

    Returns what was done per kind (for logs and tests).
    """
    old, new = interview_from_image(old_image), interview_from_image(new_image)
    subject = new or old
    if subject is None:
        return {}
    before, after = planned(old), planned(new)
    done: dict[str, str] = {}
    for kind in SCHEDULED_KINDS:
        if kind in after:
            if old is None or before.get(kind) != after[kind]:
                done[kind] = scheduler().ensure(after[kind], likely_new=old is None)
        elif _just_sent(old, new, kind):
            done[kind] = "fired"  # the schedule that sent it deleted itself (ActionAfterCompletion: DELETE)
        elif kind in before or new is None:
            done[kind] = "deleted" if scheduler().remove(subject.id, kind) else "absent"
    if new is not None and new.status == "pending_confirmation" and new.confirmation.sent_at is None:
        # Only a new web submission needs the sending machinery (renderers, SES, idempotency): most stream records
        # are schedule changes, so the stream function's cold start does not load it.
        from interview_prep.services.delivery import deliver

        outcome = deliver(DeliveryRequest(interview_id=new.id, kind="confirmation", revision=1), lambda_context)
        done["confirmation"] = str(outcome.get("status"))
    logger.info("schedules in step", extra={"interview_id": subject.id, "changes": done})
    return done
