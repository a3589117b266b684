"""EventBridge: the facts about interviews, published on the stack's own bus for the tools that follow them."""

from __future__ import annotations

import json

from interview_prep.adapters.aws import client as _client
from interview_prep.adapters.settings import Settings
from interview_prep.domain.events import SOURCE, Fact


class EventPublishFailed(Exception):
    """EventBridge refused an entry (its error code only: never the entry, which a log would then repeat)."""


class EventBus:
    def __init__(self, config: Settings) -> None:
        self._bus = config.event_bus_name
        self._events = _client("events")

    def publish(self, fact: Fact) -> str:
        """Put one event (`source` interview-prep, `detail-type` the fact's type); returns EventBridge's event id."""
        entry = {
            "EventBusName": self._bus,
            "Source": SOURCE,
            "DetailType": fact.type,
            "Detail": json.dumps(fact.detail, separators=(",", ":")),
            "Resources": [],
        }
        answer = self._events.put_events(Entries=[entry])
        (result,) = answer["Entries"]
        if answer.get("FailedEntryCount") or "EventId" not in result:
            raise EventPublishFailed(str(result.get("ErrorCode") or "unknown"))
        return str(result["EventId"])
