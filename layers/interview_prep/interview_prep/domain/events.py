"""The facts a change of an interview establishes, as events for the tools that follow it (pure).

`facts(old, new)` compares two images of one interview (before and after one write, as the table's stream carries
them) and returns what happened, in the order it happened:

| type | when |
| --- | --- |
| `interview.recorded` | the interview is new |
| `interview.confirmed` | a web submission left `pending_confirmation` (its link was followed) |
| `interview.rescheduled` | its start or end moved |
| `interview.cancelled` | its status became `cancelled` |
| `email.sent` | a delivery of any kind was recorded as sent (`kind`, `revision`) |
| `email.failed` | a delivery of any kind was recorded as failed after its last retry (`kind`, `revision`) |
| `candidate.unsubscribed` | the candidate unsubscribed |

Each fact has an `id` that is the same every time the same write is seen again (a replayed stream record), so a
publisher and every subscriber can drop duplicates. The details hold ids, the owner, times and statuses: never the
candidate's name or address, the notes, or anything else the candidate or a tool wrote.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from interview_prep.domain import clock
from interview_prep.domain.models import DeliveryState, Interview

SOURCE = "interview-prep"
TYPES = (
    "interview.recorded",
    "interview.confirmed",
    "interview.rescheduled",
    "interview.cancelled",
    "email.sent",
    "email.failed",
    "candidate.unsubscribed",
)


@dataclasses.dataclass(frozen=True)
class Fact:
    type: str
    id: str
    detail: dict[str, Any]


def delivery_kinds(interview: Interview) -> list[str]:
    """Every kind of email the interview keeps a delivery record for (new kinds are followed without a change here)."""
    return [name for name, value in interview if isinstance(value, DeliveryState)]


def facts(old: Interview | None, new: Interview | None) -> list[Fact]:
    """What the write from `old` to `new` established (an empty list for a write that changed nothing followed)."""
    if new is None:
        return []  # the record expired (TTL) or was removed: nothing a tool needs to learn
    found: list[tuple[str, str, dict[str, Any]]] = []
    if old is None:
        found.append(("interview.recorded", f"v{new.version}", {"occurred_at": new.created_at}))
    else:
        if old.status == "pending_confirmation" and new.status == "scheduled":
            found.append(("interview.confirmed", "", {"occurred_at": new.confirmed_at or new.updated_at}))
        if (old.starts_at_utc, old.ends_at_utc) != (new.starts_at_utc, new.ends_at_utc):
            moved = {"previous_starts_at_utc": old.starts_at_utc, "occurred_at": new.updated_at}
            found.append(("interview.rescheduled", f"v{new.version}", moved))
        if old.status != "cancelled" and new.status == "cancelled":
            found.append(("interview.cancelled", "", {"occurred_at": new.cancelled_at or new.updated_at}))
    for kind in delivery_kinds(new):
        before = old.delivery(kind) if old is not None and kind in delivery_kinds(old) else DeliveryState()  # type: ignore[arg-type]
        after = new.delivery(kind)  # type: ignore[arg-type]
        if after.sent_at is not None and after.sent_at != before.sent_at:
            sent = {"kind": kind, "revision": after.sent_revision, "occurred_at": after.sent_at}
            found.append(("email.sent", f"{kind}:{after.sent_revision}:{after.sends}", sent))
        if after.failed_at is not None and after.failed_at != before.failed_at:
            failed = {"kind": kind, "revision": after.failed_revision, "occurred_at": after.failed_at}
            found.append(("email.failed", f"{kind}:{after.failed_revision}:{clock.iso(after.failed_at)}", failed))
    if new.unsubscribed_at is not None and (old is None or old.unsubscribed_at is None):
        found.append(("candidate.unsubscribed", "", {"occurred_at": new.unsubscribed_at}))
    return [_fact(new, kind, qualifier, extra) for kind, qualifier, extra in found]


def _fact(interview: Interview, kind: str, qualifier: str, extra: dict[str, Any]) -> Fact:
    # One id per (interview, fact, what distinguishes it from the same kind of fact later): a replay gives the same.
    key = f"{interview.id}:{kind}:{qualifier}"
    fact_id = hashlib.sha256(key.encode()).hexdigest()[:32]
    detail: dict[str, Any] = {
        "id": fact_id,
        "interview_id": interview.id,
        "owner": interview.owner,
        "status": interview.status,
        "version": interview.version,
        "starts_at_utc": clock.iso(interview.starts_at_utc),
        "ends_at_utc": clock.iso(interview.ends_at_utc),
        "timezone": interview.timezone,
    }
    for name, value in extra.items():
        detail[name] = clock.iso(value) if hasattr(value, "isoformat") else value
    return Fact(type=kind, id=fact_id, detail=detail)
