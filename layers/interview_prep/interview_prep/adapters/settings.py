"""Configuration: read from the environment (set by template.yaml) at first use, then cached."""

from __future__ import annotations

import functools
import os
from typing import NamedTuple


class Settings(NamedTuple):
    """Read-only, as a tuple is."""

    table_name: str
    idempotency_table_name: str
    schedule_group: str = "default"
    scheduler_role_arn: str = "arn:aws:iam::123456789012:role/scheduler"
    deliver_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:deliver"
    delivery_dlq_arn: str = "arn:aws:sqs:us-east-1:123456789012:delivery-dlq"
    sender_address: str = "prep@interview-prep.example.com"
    reply_to_address: str | None = None
    ses_configuration_set: str | None = None
    public_base_url: str | None = None
    # Unconfirmed submissions allowed (see `services.caps`): per normalised mailbox, per source address (IPv6: per
    # /64) and per recipient domain, per UTC day; and in all, per UTC hour.
    unconfirmed_per_email_per_day: int = 3
    unconfirmed_per_source_per_day: int = 10
    unconfirmed_per_domain_per_day: int = 100
    unconfirmed_per_hour: int = 200
    # How long a confirm link stays valid.
    confirm_token_hours: int = 72
    # The stack's own EventBridge bus, where the facts about interviews are published for tools.
    event_bus_name: str = "default"
    # How many times Lambda tries one delivery (1 + the deliver function's EventInvokeConfig retries).
    delivery_attempts: int = 3
    # Forwarded invitations: the address they are sent to, and where SES stores them.
    inbound_address: str | None = None
    inbound_bucket: str | None = None
    inbound_prefix: str = "inbound/"


@functools.cache
def settings() -> Settings:
    """The settings of this process (`settings.cache_clear()` after changing the environment in tests)."""
    env = os.environ
    defaults: dict[str, str] = Settings._field_defaults  # (the defaults read below are all text)
    return Settings(
        table_name=env["TABLE_NAME"],
        idempotency_table_name=env["IDEMPOTENCY_TABLE_NAME"],
        schedule_group=env.get("SCHEDULE_GROUP", "default"),
        scheduler_role_arn=env.get("SCHEDULER_ROLE_ARN", defaults["scheduler_role_arn"]),
        deliver_function_arn=env.get("DELIVER_FUNCTION_ARN", defaults["deliver_function_arn"]),
        delivery_dlq_arn=env.get("DELIVERY_DLQ_ARN", defaults["delivery_dlq_arn"]),
        sender_address=env.get("SENDER_ADDRESS", defaults["sender_address"]),
        reply_to_address=env.get("REPLY_TO_ADDRESS") or None,
        ses_configuration_set=env.get("SES_CONFIGURATION_SET") or None,
        public_base_url=(env.get("PUBLIC_BASE_URL") or "").rstrip("/") or None,
        unconfirmed_per_email_per_day=int(env.get("UNCONFIRMED_PER_EMAIL_PER_DAY", "3")),
        unconfirmed_per_source_per_day=int(env.get("UNCONFIRMED_PER_SOURCE_PER_DAY", "10")),
        event_bus_name=env.get("EVENT_BUS_NAME", "default"),
        delivery_attempts=int(env.get("DELIVERY_ATTEMPTS", "3")),
        inbound_address=env.get("INBOUND_ADDRESS") or None,
        inbound_bucket=env.get("INBOUND_BUCKET") or None,
        inbound_prefix=env.get("INBOUND_PREFIX", "inbound/"),
        unconfirmed_per_domain_per_day=int(env.get("UNCONFIRMED_PER_DOMAIN_PER_DAY", "100")),
        unconfirmed_per_hour=int(env.get("UNCONFIRMED_PER_HOUR", "200")),
    )
