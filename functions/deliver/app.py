"""Lambda entry point of the one-time schedules: sends one email exactly once."""

from __future__ import annotations

import warnings
from typing import Any

# First, before Powertools' packages: their `__init__`s are deferred (what each imports is more than a function uses).
from interview_prep import lazy_powertools  # noqa: F401

# isort: split
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from interview_prep import snapstart
from interview_prep.adapters.scheduler import DeliveryRequest
from interview_prep.services.delivery import deliver
from pydantic import ValidationError

logger = Logger()
metrics = Metrics()
# Most invocations record no metric: Powertools' documented way to keep its warning about that out of the logs.
warnings.filterwarnings("ignore", "No application metrics to publish")
snapstart.register(snapstart.prime_deliver)  # run by Lambda only when SnapStart is on


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        request = DeliveryRequest.model_validate(event)
    except ValidationError as exc:
        # A malformed input can never succeed: say so once, rather than retrying it into the dead-letter queue.
        logger.error("rejected delivery input", extra={"errors": [e["type"] for e in exc.errors()]})
        metrics.add_metric(name="DeliveriesRejected", unit=MetricUnit.Count, value=1)
        return {"status": "rejected", "reason": "invalid_input"}
    try:
        return deliver(request, context)
    except Exception as exc:
        # Raised again so the invocation is retried, then dead-lettered; logged with the error code only (an
        # error's message may quote the recipient's address), and counted.
        logger.error(
            "delivery failed",
            extra={"kind": request.kind, "interview_id": request.interview_id, "error": error_code(exc)},
        )
        metrics.add_metric(name="DeliveriesFailed", unit=MetricUnit.Count, value=1)
        _record_failed(request)
        raise


def _record_failed(request: DeliveryRequest) -> None:
    """Count the failed try on the interview (after the last one, tools learn it as `email.failed`). A failure to
    record is logged and counted, and never hides the delivery's own failure."""
    from interview_prep.domain import clock
    from interview_prep.services.delivery import record_failed

    try:
        record_failed(request, now=clock.now())
    except Exception as exc:
        logger.error("delivery failure not recorded", extra={"kind": request.kind, "error": error_code(exc)})
        metrics.add_metric(name="DeliveryFailuresNotRecorded", unit=MetricUnit.Count, value=1)


def error_code(exc: Exception) -> str:
    """An AWS error code (`TooManyRequestsException`), else the exception's type: never its message."""
    response = getattr(exc, "response", None)
    code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
    return str(code or type(exc).__name__)
