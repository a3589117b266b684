"""Invitations forwarded by email: who sent it, what it says, and the one email the sender gets back.

SES stores the received message in the inbound bucket and invokes `functions/on_inbound_email`, which calls
`receive`. A message is taken only when SES's checks passed (no virus or spam verdict, SPF or DKIM passing,
and none of SPF, DKIM and DMARC failing): the sender's address is then genuine, and it is the only address
ever written to. What happens next:

- an invitation: it is kept as a draft (not yet an interview) and the sender gets one review email whose link
  opens the form pre-filled, to complete and confirm (the double opt-in: nothing else is ever sent to an
  address that did not follow it). Counted against the same daily cap per address as the web form;
- a cancellation (`METHOD:CANCEL`) of an interview the sender recorded this way: one email offering to cancel
  it (the manage page's cancel button);
- anything else: one polite reply saying what to forward, at most once per sender per day.

A retried invocation (same SES message id) finds its draft and sends the review email only if it was not
recorded as sent; a crash between sending and recording it is the one window in which it could go twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import hashlib
from collections.abc import Callable
from email.utils import getaddresses
from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from interview_prep.adapters.ses import Mailer
from interview_prep.adapters.settings import settings
from interview_prep.adapters.store import RETENTION_AFTER_END, InterviewStore
from interview_prep.domain import i18n
from interview_prep.domain.errors import PayloadTooLarge, RateLimited
from interview_prep.domain.invitation_replies import (
    no_interview_to_cancel,
    render_cancel_offer,
    render_nothing_found,
    render_review,
    reply_locale,
)
from interview_prep.domain.invitations import Invitation, InvitationNotUsable, is_robot, read_invitation
from interview_prep.domain.mail import RenderedEmail, compose
from interview_prep.services import caps, tokens

logger = Logger(service="interview-prep")
metrics = Metrics()

REVIEW_DAYS = 14
MAX_INBOUND_BYTES = 10 * 1024 * 1024  # a forwarded email with its attachments; only its calendar is read
VERDICTS = ("spf", "dkim", "dmarc", "spam", "virus")


@dataclasses.dataclass(frozen=True)
class ReceivedMail:
    """What SES's receipt event says about one message: its id and the verdicts of SES's checks."""

    message_id: str
    verdicts: dict[str, str]

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> ReceivedMail:
        """The message of an SES receipt event (`Records[0].ses`); `ValueError` for any other shape."""
        try:
            ses = event["Records"][0]["ses"]
            message_id = str(ses["mail"]["messageId"])
            receipt = ses["receipt"]
            verdicts = {name: str(receipt.get(f"{name}Verdict", {}).get("status", "GRAY")).upper() for name in VERDICTS}
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            raise ValueError(f"not an SES receipt event ({type(exc).__name__})") from None
        if not message_id or "/" in message_id or len(message_id) > 200:
            raise ValueError("not an SES message id")
        return cls(message_id=message_id, verdicts=verdicts)

    def refusal(self) -> str | None:
        """Why the message must not be answered (its sender may be forged), or None when SES vouches for it."""
        v = self.verdicts
        if v["virus"] == "FAIL":
            return "virus"
        if v["spam"] == "FAIL":
            return "spam"
        for check in ("spf", "dkim", "dmarc"):
            if v[check] == "FAIL":
                return f"{check}_failed"
        if "PASS" not in (v["spf"], v["dkim"]):
            return "not_authenticated"
        return None


def email_owner(address: str) -> str:
    """The owner of interviews recorded from a forwarded invitation: the sender, as a hash (no address in keys)."""
    return "email:" + hashlib.sha256(address.strip().casefold().encode()).hexdigest()[:32]


def draft_id(message_id: str) -> str:
    return hashlib.sha256(message_id.encode()).hexdigest()[:32]


def sender_of(raw: bytes) -> str | None:
    """The From address of a message that a person sent (None for automatic mail and robots: never answered)."""
    message = email.message_from_bytes(raw[: 64 * 1024], policy=email.policy.compat32)
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    if auto != "no" or message.get("List-Id") or str(message.get("Precedence", "")).lower() in ("bulk", "list", "junk"):
        return None
    addresses = [address for _name, address in getaddresses([str(message.get("From", ""))]) if "@" in address]
    if len(addresses) != 1 or is_robot(addresses[0]) or len(addresses[0]) > 254:
        return None
    if addresses[0].casefold() in (settings().sender_address.casefold(), (settings().inbound_address or "").casefold()):
        return None  # our own mail coming back: never answer it (no loops)
    return addresses[0]


def receive(
    mail: ReceivedMail, read: Callable[[], bytes], *, store: InterviewStore, mailer: Mailer, now: dt.datetime
) -> dict[str, Any]:
    """Handle one received message (see the module's docstring); returns what was done, for the log.

    `read` fetches the raw message: only once SES's verdicts are known to be good.
    """
    refused = mail.refusal()
    if refused:
        metrics.add_metric(name="InboundRefused", unit=MetricUnit.Count, value=1)
        return {"status": "refused", "reason": refused}
    raw = read()
    sender = sender_of(raw)
    if sender is None:
        return {"status": "ignored", "reason": "automatic_or_unknown_sender"}
    try:
        invitation = read_invitation(raw, candidate_email=sender, max_bytes=MAX_INBOUND_BYTES)
    except (InvitationNotUsable, PayloadTooLarge) as exc:
        return _reply_once(store, mailer, sender, exc.message, reply_locale(raw), now=now)
    locale = reply_locale(raw, invitation.draft.get("timezone"))
    if invitation.cancelled:
        return _offer_cancel(store, mailer, sender, invitation, locale, now=now)
    return _review(store, mailer, mail, sender, invitation, locale, now=now)


def _review(
    store: InterviewStore,
    mailer: Mailer,
    mail: ReceivedMail,
    sender: str,
    invitation: Invitation,
    locale: i18n.Locale,
    *,
    now: dt.datetime,
) -> dict[str, Any]:
    key = draft_id(mail.message_id)
    draft = store.get_invitation_draft(key)
    if draft is None:
        try:
            # The same caps as the web form: the review email goes to an address that has not confirmed anything.
            caps.admit_unconfirmed(store, email=sender, source=None, now=now)
        except RateLimited:
            metrics.add_metric(name="InboundRateLimited", unit=MetricUnit.Count, value=1)
            return {"status": "rate_limited"}
        expires = now + dt.timedelta(days=REVIEW_DAYS)
        # The review page speaks the message's language too, and says the warnings in whichever its reader picks.
        kept = {
            **invitation.as_body(),
            "language": locale.language,
            "warnings_said": [i18n.kept(warning) for warning in invitation.warnings],
        }
        store.put_invitation_draft(key, sender=sender, invitation=kept, expires_at=expires)
        draft = store.get_invitation_draft(key)
        assert draft is not None
    if draft.get("review_sent_at"):
        return {"status": "duplicate"}
    expires = dt.datetime.fromtimestamp(int(draft["expires_at"]), dt.UTC)
    raw_token = tokens.mint(store, interview_id=key, purpose="review", expires_at=expires)
    # A French email's link opens the review page in French (`?lang=`, which the page keeps in its cookie).
    review_url = f"{_base()}/review/{raw_token}" + ("?lang=fr" if locale.french else "")
    rendered = render_review(invitation, review_url=review_url, expires_at=expires, locale=locale)
    _send(mailer, rendered, sender)
    store.mark_invitation_review_sent(key, now=now)
    metrics.add_metric(name="InvitationsForwarded", unit=MetricUnit.Count, value=1)
    return {"status": "review_sent", "draft_id": key}


def _offer_cancel(
    store: InterviewStore, mailer: Mailer, sender: str, invitation: Invitation, locale: i18n.Locale, *, now: dt.datetime
) -> dict[str, Any]:
    owned, _ = store.list_for_owner(email_owner(sender), start=now - dt.timedelta(days=1), limit=100)
    match = next(
        (
            interview
            for interview in owned
            if invitation.uid and interview.invitation_uid == invitation.uid
            and interview.status in ("pending_confirmation", "scheduled")
        ),
        None,
    )  # fmt: skip
    if match is None:
        return _reply_once(store, mailer, sender, no_interview_to_cancel(), locale, now=now)
    manage = tokens.mint(
        store, interview_id=match.id, purpose="manage", expires_at=match.ends_at_utc + RETENTION_AFTER_END
    )
    _send(mailer, render_cancel_offer(match, manage_url=f"{_base()}/manage/{manage}"), sender)
    return {"status": "cancel_offered", "interview_id": match.id}


def _reply_once(
    store: InterviewStore, mailer: Mailer, sender: str, reason: str, locale: i18n.Locale, *, now: dt.datetime
) -> dict[str, Any]:
    """The polite reply, at most once per sender per day (a loop or a flood gets one answer, then silence), in the
    language of the message it answers."""
    try:
        store.count("inbound-reply", sender.casefold(), limit=1, now=now)
    except RateLimited:
        return {"status": "reply_suppressed"}
    _send(mailer, render_nothing_found(reason, form_url=f"{_base()}/", locale=locale), sender)
    return {"status": "replied"}


def _send(mailer: Mailer, rendered: RenderedEmail, to: str) -> str:
    config = settings()
    message = compose(
        rendered, to_name="", to_address=to, sender=config.sender_address, reply_to=config.reply_to_address, links=None
    )
    return mailer.send(message, to=to)


def _base() -> str:
    return settings().public_base_url or ""
