"""Lambda entry point fed by the table's stream: publishes each fact about an interview on the stack's event bus.

A second consumer of the same stream as `on_interview_change`, so telling the tools never delays or fails the
schedules. Partial batch failure reporting (`services.stream.each_record`): a failing record is retried on its own,
then dead-lettered.
"""

from __future__ import annotations

import warnings
from typing import Any

# First, before Powertools' packages: their `__init__`s are deferred (what each imports is more than a function uses).
from interview_prep import lazy_powertools  # noqa: F401

# isort: split
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from interview_prep.services.events import publish_change
from interview_prep.services.stream import each_record, failure_fields

logger = Logger()
metrics = Metrics()
# Most invocations record no metric: Powertools' documented way to keep its warning about that out of the logs.
warnings.filterwarnings("ignore", "No application metrics to publish")


def record_handler(record: dict[str, Any], lambda_context: LambdaContext | None = None) -> None:
    raw = record.get("dynamodb", {})
    try:
        published = publish_change(raw.get("OldImage"), raw.get("NewImage"), lambda_context)
    except Exception as exc:
        logger.error("events not published", extra=failure_fields(raw, exc))
        metrics.add_metric(name="EventsFailed", unit=MetricUnit.Count, value=1)
        raise
    if published:
        metrics.add_metric(name="EventsPublished", unit=MetricUnit.Count, value=len(published))


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return each_record(event["Records"], lambda record: record_handler(record, context))
