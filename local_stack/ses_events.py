"""SES's side after sending, for the local stack: what each SendEmail carried (message id, recipient, tags), and the
bounce, complaint or reject event SES would publish about one of them, as EventBridge delivers it to the rule of
`EmailEventsFunction` (`POST /_local/ses/bounce`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import uuid
from typing import Any

from local_stack.cfn import ACCOUNT

KINDS = ("bounce", "soft_bounce", "complaint", "reject")
DETAIL_TYPES = {"Bounce": "Email Bounced", "Complaint": "Email Complaint Received", "Reject": "Email Rejected"}


@dataclasses.dataclass(frozen=True)
class Sent:
    message_id: str
    to: tuple[str, ...]
    tags: dict[str, str]
    configuration_set: str | None
    sender: str
    sent_at: dt.datetime


class SentLog:
    """Every SendEmail made on one SES v2 client, noted through botocore's events (nothing else is changed)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.sent: list[Sent] = []

    def watch(self, client: Any) -> None:
        events = client.meta.events
        events.register("provide-client-params.sesv2.SendEmail", self._params, unique_id=f"sentlog-p-{id(self)}")
        events.register("after-call.sesv2.SendEmail", self._after, unique_id=f"sentlog-a-{id(self)}")

    @staticmethod
    def _params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context["local_send"] = dict(params)

    def _after(self, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        params = context.get("local_send") or {}
        if "MessageId" not in parsed:
            return
        sent = Sent(
            message_id=str(parsed["MessageId"]),
            to=tuple(params.get("Destination", {}).get("ToAddresses", [])),
            tags={t["Name"]: t["Value"] for t in params.get("EmailTags", [])},
            configuration_set=params.get("ConfigurationSetName"),
            sender=str(params.get("FromEmailAddress", "")),
            sent_at=dt.datetime.now(dt.UTC),
        )
        with self._lock:
            self.sent.append(sent)

    def latest_to(self, address: str) -> Sent | None:
        with self._lock:
            found = [s for s in self.sent if address.lower() in (a.lower() for a in s.to)]
        return found[-1] if found else None


def ses_event(sent: Sent, kind: str, *, region: str) -> dict[str, Any]:
    """The EventBridge event SES publishes for `sent` (`kind` one of `KINDS`), as its documentation shows it."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    event_type = {"bounce": "Bounce", "soft_bounce": "Bounce", "complaint": "Complaint", "reject": "Reject"}[kind]
    tags: dict[str, list[str]] = {name: [value] for name, value in sent.tags.items()}
    if sent.configuration_set:
        tags["ses:configuration-set"] = [sent.configuration_set]
    detail: dict[str, Any] = {
        "eventType": event_type,
        "mail": {
            "timestamp": sent.sent_at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "source": sent.sender,
            "sendingAccountId": ACCOUNT,
            "messageId": sent.message_id,
            "destination": list(sent.to),
            "tags": tags,
        },
    }
    recipients = [{"emailAddress": a} for a in sent.to]
    if kind in ("bounce", "soft_bounce"):
        hard = kind == "bounce"
        detail["bounce"] = {
            "bounceType": "Permanent" if hard else "Transient",
            "bounceSubType": "General" if hard else "MailboxFull",
            "bouncedRecipients": [
                {**r, "action": "failed", "status": "5.1.1" if hard else "4.2.2"} for r in recipients
            ],
            "timestamp": now,
            "feedbackId": str(uuid.uuid4()),
        }
    elif kind == "complaint":
        detail["complaint"] = {
            "complainedRecipients": recipients,
            "complaintFeedbackType": "abuse",
            "timestamp": now,
            "feedbackId": str(uuid.uuid4()),
        }
    else:
        detail["reject"] = {"reason": "Bad content"}
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": DETAIL_TYPES[event_type],
        "source": "aws.ses",
        "account": ACCOUNT,
        "time": now,
        "region": region,
        "resources": [],
        "detail": detail,
    }
