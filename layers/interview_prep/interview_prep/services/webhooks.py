"""Webhooks: an API key's owner registers HTTPS endpoints; each event about its interviews is POSTed to each, signed.

Registration resolves the URL's host and refuses any non-public address; every send resolves and checks again, and
connects to the address it checked. A send that fails raises (`WebhookFailed`), so the queue retries the event with
back-off: the endpoints that already have it are skipped (a delivered record per endpoint and event), so a receiver
gets each event once even when another endpoint keeps failing. After the queue's last try, the event is
dead-lettered (alarmed).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import secrets
from typing import Any

from aws_lambda_powertools import Logger

from interview_prep.adapters import webhooks as http
from interview_prep.adapters.settings import settings
from interview_prep.domain import webhooks as rules
from interview_prep.domain.errors import InterviewNotFound, InvalidInput, StateConflict

logger = Logger(service="interview-prep")
# The local stack only (never set by template.yaml): deliveries to 127.0.0.1 are allowed, for trying webhooks on one
# machine.
ALLOW_LOOPBACK_ENV = "WEBHOOKS_ALLOW_LOOPBACK"


class WebhookFailed(Exception):
    """At least one endpoint did not take the event (its status or error kind only: never the body)."""


@functools.cache
def store() -> http.WebhookStore:
    return http.WebhookStore(settings().table_name)


def _allow_loopback() -> bool:
    return os.environ.get(ALLOW_LOOPBACK_ENV) == "1"


def checked_address(url: str) -> str:
    """The address to connect to for `url`, after checking its shape and every address its host resolves to."""
    loopback = _allow_loopback()
    parts = rules.parse_url(url, allow_loopback=loopback)
    addresses = http.resolve(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
    rules.check_addresses(addresses, allow_loopback=loopback)
    return addresses[0]


def public(endpoint: dict[str, Any]) -> dict[str, Any]:
    """An endpoint as the API shows it (never its secret, which is shown once, at registration)."""
    return {"id": endpoint["id"], "url": endpoint["url"], "created_at": endpoint["created_at"]}


def register(owner: str, url: str, *, now: dt.datetime) -> dict[str, Any]:
    try:
        checked_address(url)
    except rules.RefusedUrl as exc:
        raise InvalidInput("the webhook URL is refused", [{"field": "url", "message": str(exc)}]) from None
    if len(store().for_owner(owner)) >= rules.MAX_ENDPOINTS_PER_OWNER:
        raise StateConflict(f"at most {rules.MAX_ENDPOINTS_PER_OWNER} webhooks per API key owner: delete one first")
    endpoint_id, secret = secrets.token_hex(16), rules.new_secret()
    store().put(endpoint_id=endpoint_id, owner=owner, url=url, secret=secret, created_at=now)
    return {
        **public({"id": endpoint_id, "url": url, "created_at": now.astimezone(dt.UTC).isoformat()}),
        "secret": secret,
    }


def endpoints(owner: str) -> list[dict[str, Any]]:
    return [public(e) for e in sorted(store().for_owner(owner), key=lambda e: str(e["created_at"]))]


def delete(owner: str, endpoint_id: str) -> None:
    endpoint = store().get(endpoint_id)
    if endpoint is None or endpoint["owner"] != owner:
        raise InterviewNotFound("no such webhook")
    store().delete(endpoint_id)


def deliver_event(event: dict[str, Any], *, now: dt.datetime) -> int:
    """POST one event (an EventBridge envelope) to every endpoint of its owner that does not have it yet.

    Returns how many endpoints got it now; raises `WebhookFailed` when any did not (the queue retries the event).
    """
    detail = event["detail"]
    message_id = str(detail["id"])
    body = rules.payload(str(event["detail-type"]), str(detail.get("occurred_at") or event.get("time")), detail)
    failures: list[str] = []
    sent = 0
    for endpoint in store().for_owner(str(detail["owner"])):
        if store().delivered(endpoint["id"], message_id):
            continue
        outcome = _send(endpoint, message_id, body, now)
        if outcome == "ok":
            store().mark_delivered(endpoint["id"], message_id, now=now)
            sent += 1
        else:
            failures.append(outcome)
        logger.info("webhook sent", extra={"webhook_id": endpoint["id"], "event_id": message_id, "outcome": outcome})
    if failures:
        raise WebhookFailed(", ".join(failures))
    return sent


def _send(endpoint: dict[str, Any], message_id: str, body: str, now: dt.datetime) -> str:
    try:
        address = checked_address(str(endpoint["url"]))
    except rules.RefusedUrl:
        return "refused_address"
    headers = rules.signed_headers(str(endpoint["secret"]), message_id, int(now.timestamp()), body)
    try:
        status = http.post(str(endpoint["url"]), address, body, headers)
    except OSError as exc:
        return type(exc).__name__
    return "ok" if 200 <= status < 300 else f"status_{status}"
