"""Lambda entry point fed by the table's stream: keeps each interview's schedules in step with it.

Partial batch failure reporting (`services.stream.each_record`): a failing record is retried (bisected) on its own,
and after the retry limit lands in the stream's dead-letter queue.
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
from interview_prep import snapstart
from interview_prep.services.stream import apply_change, each_record, failure_fields

logger = Logger()
metrics = Metrics()
# Most invocations record no metric: Powertools' documented way to keep its warning about that out of the logs.
warnings.filterwarnings("ignore", "No application metrics to publish")
snapstart.register(snapstart.prime_stream)  # run by Lambda only when SnapStart is on


def record_handler(record: dict[str, Any], lambda_context: LambdaContext | None = None) -> None:
    raw = record.get("dynamodb", {})
    try:
        apply_change(raw.get("OldImage"), raw.get("NewImage"), lambda_context)
    except Exception as exc:
        # Retried on its own, then sent to the stream's dead-letter queue: logged with the error code only (never a
        # message that could quote the interview) and counted.
        logger.error("interview change not applied", extra=failure_fields(raw, exc))
        metrics.add_metric(name="InterviewChangesFailed", unit=MetricUnit.Count, value=1)
        raise


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return each_record(event["Records"], lambda record: record_handler(record, context))
