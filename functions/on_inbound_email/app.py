"""Lambda entry point of SES email receiving: one forwarded invitation read, and its sender answered once."""

from __future__ import annotations

import functools
import warnings
from typing import Any

# First, before Powertools' packages: their `__init__`s are deferred (what each imports is more than a function uses).
from interview_prep import lazy_powertools  # noqa: F401

# isort: split
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from interview_prep.adapters.mailbox import Mailbox
from interview_prep.adapters.ses import Mailer
from interview_prep.adapters.settings import settings
from interview_prep.adapters.store import InterviewStore
from interview_prep.domain import clock
from interview_prep.services.inbound import MAX_INBOUND_BYTES, ReceivedMail, receive

logger = Logger()
metrics = Metrics()
# Most invocations record no metric: Powertools' documented way to keep its warning about that out of the logs.
warnings.filterwarnings("ignore", "No application metrics to publish")


@functools.cache
def _services() -> tuple[Mailbox, InterviewStore, Mailer]:
    config = settings()
    return Mailbox(config), InterviewStore(config.table_name), Mailer(config)


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        mail = ReceivedMail.from_event(event)
    except ValueError as exc:
        # Not SES's event: it can never succeed, so it is not retried into the dead-letter queue.
        logger.error("rejected inbound event", extra={"error": str(exc)})
        return {"status": "rejected"}
    mailbox, store, mailer = _services()
    try:
        outcome = receive(
            mail,
            lambda: mailbox.read(mail.message_id, limit=MAX_INBOUND_BYTES),
            store=store,
            mailer=mailer,
            now=clock.now(),
        )
    except Exception as exc:
        # Raised again so Lambda retries it, then dead-letters it (alarmed); logged with the error code only.
        response = getattr(exc, "response", None)
        code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
        logger.error("inbound email failed", extra={"error": str(code or type(exc).__name__)})
        metrics.add_metric(name="InboundFailed", unit=MetricUnit.Count, value=1)
        raise
    # The outcome names what was done, never who sent it or what it said.
    logger.info("inbound email handled", extra={k: v for k, v in outcome.items() if k in ("status", "reason")})
    return outcome
