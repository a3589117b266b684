"""Capability links (confirm, manage, unsubscribe, review of a forwarded invitation): long random tokens, stored only as SHA-256 hashes.

Each token has one purpose: a confirm token confirms, a manage token opens the manage page (reschedule, cancel,
notes), an unsubscribe token stops email and nothing else (it is the URL handed to mailbox providers in
`List-Unsubscribe`); a review token opens an invitation draft (its id, not an interview's)."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from typing import Literal

from interview_prep.adapters.store import InterviewStore, sha256
from interview_prep.domain.errors import InvalidToken

Purpose = Literal["confirm", "manage", "unsubscribe", "review"]  # review: an invitation draft's id, not an interview's
TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def mint(store: InterviewStore, *, interview_id: str, purpose: Purpose, expires_at: dt.datetime) -> str:
    """A new token for one interview and one purpose; only its hash is stored. Returned once, never logged."""
    raw = secrets.token_urlsafe(32)  # 256 bits
    store.put_token(sha256(raw), interview_id=interview_id, purpose=purpose, expires_at=expires_at)
    return raw


def resolve(store: InterviewStore, raw: str, *, purpose: Purpose, now: dt.datetime) -> str:
    """The interview id a token opens, or `InvalidToken` (unknown, expired, or minted for another purpose)."""
    if not TOKEN_SHAPE.match(raw or ""):
        raise InvalidToken("this link is not valid")
    item = store.get_token(sha256(raw))
    if item is None or item.get("purpose") != purpose:
        raise InvalidToken("this link is not valid")
    if int(item["expires_at"]) <= int(now.timestamp()):
        raise InvalidToken("this link has expired")
    return str(item["interview_id"])
