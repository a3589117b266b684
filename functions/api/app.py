"""Lambda entry point of the HTTP API and the web pages (API Gateway REST proxy events)."""

from __future__ import annotations

import warnings
from typing import Any

# First, before Powertools' packages: their `__init__`s are deferred (what each imports is more than a function uses).
from interview_prep import lazy_powertools  # noqa: F401

# isort: split
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext
from interview_prep import snapstart
from interview_prep.http_app import guard, resolve

logger = Logger()
metrics = Metrics()
# Most invocations record no metric: Powertools' documented way to keep its warning about that out of the logs.
warnings.filterwarnings("ignore", "No application metrics to publish")
snapstart.register(snapstart.prime_api)  # run by Lambda only when SnapStart is on


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    refused = guard(event)
    return refused if refused is not None else resolve(event, context)
