"""Lambda entry point of SES's bounce, complaint and reject events (EventBridge, this configuration set only).

A hard bounce or a complaint stops every further email about the interview the email was for; every event is
counted. An event that cannot be applied raises: Lambda retries it, then it lands in the alarmed dead-letter queue.
"""

from __future__ import annotations

import warnings
from typing import Any

# First, before Powertools' packages: their `__init__`s are deferred (what each imports is more than a function uses).
from interview_prep import lazy_powertools  # noqa: F401

# isort: split
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.utilities.typing import LambdaContext
from interview_prep.services.email_events import apply_email_event

logger = Logger()
metrics = Metrics()
# Most invocations record no metric: Powertools' documented way to keep its warning about that out of the logs.
warnings.filterwarnings("ignore", "No application metrics to publish")


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return apply_email_event(event).as_dict()
