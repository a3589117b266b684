"""Lambda entry point fed by the webhook queue (one message per event on the bus): POSTs it to the owner's endpoints.

A message that fails (any endpoint refused it) is reported as a batch item failure and made visible again later, with
back-off (1, 2, 4... minutes, up to 2 hours); after the queue's last receive it goes to the dead-letter queue
(alarmed).
"""

from __future__ import annotations

import json
import warnings
from typing import Any

# First, before Powertools' packages: their `__init__`s are deferred (what each imports is more than a function uses).
from interview_prep import lazy_powertools  # noqa: F401

# isort: split
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from interview_prep.adapters.aws import client as aws_client
from interview_prep.domain import clock
from interview_prep.services.webhooks import WebhookFailed, deliver_event

logger = Logger()
metrics = Metrics()
# Most invocations record no metric: Powertools' documented way to keep its warning about that out of the logs.
warnings.filterwarnings("ignore", "No application metrics to publish")
processor = BatchProcessor(event_type=EventType.SQS)
MAX_BACKOFF_SECONDS = 2 * 3600


def backoff_seconds(receive_count: int) -> int:
    """How long a failed event waits before its next try: 1, 2, 4... minutes, at most 2 hours."""
    return int(min(60 * 2 ** max(receive_count - 1, 0), MAX_BACKOFF_SECONDS))


def record_handler(record: SQSRecord) -> None:
    event = json.loads(record.body)
    try:
        sent = deliver_event(event, now=clock.now())
    except WebhookFailed as exc:
        logger.warning("webhook event not delivered", extra={"event_id": event["detail"]["id"], "outcomes": str(exc)})
        metrics.add_metric(name="WebhooksFailed", unit=MetricUnit.Count, value=1)
        _back_off(record)
        raise
    if sent:
        metrics.add_metric(name="WebhooksSent", unit=MetricUnit.Count, value=sent)


def _back_off(record: SQSRecord) -> None:
    from botocore.exceptions import ClientError

    count = int(record.attributes.approximate_receive_count or 1)
    try:
        aws_client("sqs").change_message_visibility(
            QueueUrl=_queue_url(record.event_source_arn),
            ReceiptHandle=record.receipt_handle,
            VisibilityTimeout=backoff_seconds(count),
        )
    except ClientError as exc:  # the queue's own visibility timeout applies instead: retried sooner, never lost
        logger.warning("webhook back-off not set", extra={"error": exc.response.get("Error", {}).get("Code")})


def _queue_url(arn: str) -> str:
    _, _, _, region, account, name = arn.split(":", 5)
    return f"https://sqs.{region}.amazonaws.com/{account}/{name}"


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return dict(
        process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    )
