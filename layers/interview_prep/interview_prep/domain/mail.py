"""Emails as messages: the rendered parts, the links every email carries, and the MIME message itself."""

from __future__ import annotations

import dataclasses
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any

from interview_prep.domain import clock

# The name the emails come from, shown by mail clients beside (or instead of) the sender address.
SENDER_NAME = "Interview Prep"
# Header lines are folded only beyond RFC 5322's hard limit of 998: the 78-character folding of the SMTP policy
# breaks a subject or a Message-ID right after its colon when a long word follows, and some clients then show it
# with a leading space.
_POLICY = SMTP.clone(max_line_length=998, cte_type="7bit")


@dataclasses.dataclass(frozen=True)
class Links:
    """The links an email carries: the manage page and the one-click unsubscribe."""

    manage_url: str
    unsubscribe_url: str
    confirm_url: str | None = None


@dataclasses.dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # e.g. "text/calendar; method=PUBLISH"
    data: bytes


@dataclasses.dataclass(frozen=True)
class RenderedEmail:
    """What a renderer produces: a subject, a plain-text part and an HTML part (plus attachments)."""

    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()


_BREAKS_AND_SPACES = re.compile(r"[ \t\n\r\v\f\x1c-\x1f\x85\u2028\u2029]+")


def _single_line(value: str) -> str:
    # Headers never carry user-controlled line breaks (no header injection), whatever a renderer produced; French
    # no-break spaces (before « : », inside « ») are kept.
    return _BREAKS_AND_SPACES.sub(" ", value).strip()


def compose(
    email: RenderedEmail,
    *,
    to_name: str,
    to_address: str,
    sender: str,
    reply_to: str | None,
    links: Links | None,
    sender_name: str = SENDER_NAME,
) -> EmailMessage:
    """A multipart/alternative message (text, then HTML) with attachments and the List-Unsubscribe headers.

    `sender` is an address, or `Name <address>` (its own name then wins over `sender_name`).
    """
    msg = EmailMessage(policy=_POLICY)
    local, _, domain = to_address.rpartition("@")
    msg["To"] = Address(display_name=_single_line(to_name), username=local, domain=domain)
    own_name, sender_address = parseaddr(sender)
    msg["From"] = Address(display_name=_single_line(own_name or sender_name), addr_spec=sender_address or sender)
    if reply_to:
        msg["Reply-To"] = reply_to
    msg["Subject"] = _single_line(email.subject)
    msg["Date"] = format_datetime(clock.now())
    msg["Message-ID"] = make_msgid(domain=(sender_address or sender).rpartition("@")[2] or None)
    if links is not None:
        msg["List-Unsubscribe"] = f"<{links.unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(email.text, subtype="plain", charset="utf-8")
    msg.add_alternative(email.html, subtype="html", charset="utf-8")
    if email.attachments:
        msg.make_mixed()
        for att in email.attachments:
            maintype, _, rest = att.content_type.partition("/")
            subtype, _, params = rest.partition(";")
            msg.add_attachment(att.data, maintype=maintype, subtype=subtype.strip(), filename=att.filename)
            if params.strip():
                part: Any = msg.get_payload()[-1]  # type: ignore[index]
                for param in params.split(";"):
                    key, _, value = param.strip().partition("=")
                    if key:
                        part.set_param(key, value, header="Content-Type")
    return msg
