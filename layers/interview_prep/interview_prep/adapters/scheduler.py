"""EventBridge Scheduler: one one-time schedule per delivery, which invokes the deliver function at its due time."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from interview_prep.adapters.aws import client as _client
from interview_prep.adapters.settings import Settings
from interview_prep.domain import clock
from interview_prep.domain.models import DeliveryKind

ScheduleChange = Literal["created", "updated", "unchanged"]
# How long, and how often, EventBridge Scheduler retries a failed delivery before the dead-letter queue.
RETRY_POLICY = {"MaximumEventAgeInSeconds": 6 * 3600, "MaximumRetryAttempts": 20}


class DeliveryRequest(BaseModel):
    """What a schedule hands to the deliver function (serialised into the schedule's `Input`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    interview_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    kind: DeliveryKind
    revision: int = Field(ge=1, le=1_000_000)
    due_at: dt.datetime | None = None


def schedule_name(interview_id: str, kind: str) -> str:
    """Deterministic per (interview, kind): a reschedule updates the same schedule."""
    return f"{interview_id}-{kind.replace('_', '-')}"


def at_expression(when: dt.datetime) -> str:
    return f"at({when.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S})"


class Scheduler:
    """One-time EventBridge schedules that invoke the deliver function at a delivery's due time."""

    def __init__(self, config: Settings) -> None:
        self._config = config
        self._scheduler = _client("scheduler")

    def _target(self, request: DeliveryRequest) -> dict[str, Any]:
        return {
            "Arn": self._config.deliver_function_arn,
            "RoleArn": self._config.scheduler_role_arn,
            "Input": request.model_dump_json(),
            "RetryPolicy": RETRY_POLICY,
            "DeadLetterConfig": {"Arn": self._config.delivery_dlq_arn},
        }

    def ensure(self, request: DeliveryRequest, *, likely_new: bool = False) -> ScheduleChange:
        """Create the schedule, or update it if it exists with another time or input (idempotent).

        `likely_new` (a new interview) tries the create first and reads the schedule only if it exists already
        (a replayed record); otherwise the schedule is read first, so an unchanged one costs no write.
        """
        from botocore.exceptions import ClientError

        assert request.due_at is not None
        # A due time already past (the stream ran late) is moved to the next minute: Scheduler fires it then.
        now = clock.now()
        when = (
            (now + dt.timedelta(minutes=1)).replace(second=0, microsecond=0) if request.due_at < now else request.due_at
        )
        name = schedule_name(request.interview_id, request.kind)
        target = self._target(request)
        params: dict[str, Any] = {
            "Name": name,
            "GroupName": self._config.schedule_group,
            "ScheduleExpression": at_expression(when),
            "ScheduleExpressionTimezone": "UTC",
            "FlexibleTimeWindow": {"Mode": "OFF"},
            "Target": target,
            "ActionAfterCompletion": "DELETE",
            "State": "ENABLED",
            "Description": f"{request.kind} for interview {request.interview_id}",
        }
        if likely_new and self._create(params):
            return "created"
        try:
            existing: Any = self._scheduler.get_schedule(Name=name, GroupName=self._config.schedule_group)
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ResourceNotFoundException":
                raise
            if self._create(params):
                return "created"
        else:
            same_time = existing.get("ScheduleExpression") == params["ScheduleExpression"]
            if same_time and existing.get("Target", {}).get("Input") == target["Input"]:
                return "unchanged"
        self._scheduler.update_schedule(**params)
        return "updated"

    def _create(self, params: dict[str, Any]) -> bool:
        """Create the schedule; False when one of that name exists already (another writer, or a replay)."""
        from botocore.exceptions import ClientError

        try:
            self._scheduler.create_schedule(**params)
            return True
        except ClientError as conflict:
            if conflict.response["Error"]["Code"] != "ConflictException":
                raise
            return False

    def remove(self, interview_id: str, kind: str) -> bool:
        """Delete the schedule; one that is already gone (fired, or never made) is not an error."""
        from botocore.exceptions import ClientError

        try:
            self._scheduler.delete_schedule(
                Name=schedule_name(interview_id, kind), GroupName=self._config.schedule_group
            )
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ResourceNotFoundException":
                return False
            raise
