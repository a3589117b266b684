"""Telling the tools what happened: each fact of a change (a stream record) published once on the event bus.

The facts come from the domain (`domain.events.facts`, pure: old and new image in, facts out). Each is published
through Powertools idempotency keyed by the fact's id, so a replayed stream record (Lambda retries a batch) publishes
nothing twice; subscribers can still drop duplicates by `detail.id`, which never changes for one fact.
"""

from __future__ import annotations

import functools
from typing import Any

from aws_lambda_powertools import Logger

from interview_prep.adapters.events import EventBus
from interview_prep.adapters.settings import settings
from interview_prep.domain.events import facts
from interview_prep.services.stream import interview_from_image

logger = Logger(service="interview-prep")


@functools.cache
def bus() -> EventBus:
    return EventBus(settings())


@functools.cache
def _idempotency() -> tuple[Any, Any]:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig

    persistence = DynamoDBPersistenceLayer(table_name=settings().idempotency_table_name, static_pk_value="events")
    config = IdempotencyConfig(event_key_jmespath="id", expires_after_seconds=7 * 24 * 3600)
    return persistence, config


def publish_change(
    old_image: dict[str, Any] | None, new_image: dict[str, Any] | None, lambda_context: Any = None
) -> list[str]:
    """Publish every fact of one change, in order; returns their types. A failure raises (the record is retried)."""
    found = facts(interview_from_image(old_image), interview_from_image(new_image))
    if not found:
        return []
    from aws_lambda_powertools.utilities.idempotency import idempotent_function

    persistence, config = _idempotency()
    if lambda_context is not None:
        config.register_lambda_context(lambda_context)

    @idempotent_function(data_keyword_argument="payload", persistence_store=persistence, config=config)
    def once(payload: dict[str, Any]) -> dict[str, Any]:
        fact = next(f for f in found if f.id == payload["id"])
        return {"event_id": bus().publish(fact)}

    for fact in found:
        once(payload={"id": fact.id})
    logger.info(
        "events published", extra={"interview_id": found[0].detail["interview_id"], "types": [f.type for f in found]}
    )
    return [f.type for f in found]
