"""Emails as MIME messages, composed from what a renderer produces (`domain.rendered`, re-exported here)."""

from __future__ import annotations

import re
import unicodedata
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any

from interview_prep.domain import clock
from interview_prep.domain.addresses import ascii_address
from interview_prep.domain.rendered import Attachment as Attachment  # re-exported: what the renderers import
from interview_prep.domain.rendered import Links as Links
from interview_prep.domain.rendered import RenderedEmail as RenderedEmail

# The name the emails come from, shown by mail clients beside (or instead of) the sender address.
SENDER_NAME = "Interview Prep"
# Header lines are folded only beyond RFC 5322's hard limit of 998: the 78-character folding of the SMTP policy
# breaks a subject or a Message-ID right after its colon when a long word follows, and some clients then show it
# with a leading space.
_POLICY = SMTP.clone(max_line_length=998, cte_type="7bit")


_BREAKS_AND_SPACES = re.compile(r"[ \t\n\r\v\f\x1c-\x1f\x85\u2028\u2029]+")


def _single_line(value: str) -> str:
    # Headers never carry user-controlled line breaks (no header injection), whatever a renderer produced; French
    # no-break spaces (before « : », inside « ») are kept.
    return _BREAKS_AND_SPACES.sub(" ", value).strip()


MAX_DISPLAY_NAME = 64


def display_name(name: str) -> str:
    """A person's name as an address header's display name: letters, digits, marks, spaces, `'` and `-` only.

    Every other character becomes a space, and the name is cut to 64 characters. A display name with specials
    (`"`, `<`, `@`, `,`, `(`...) must be quoted, and Python's header folder can lose the quotes when it folds a long
    one: the parsed `To` then holds an address written inside the name. Without specials nothing needs quoting (an
    ASCII name is plain words; any other is RFC 2047 encoded words), so folding cannot change what the header means.
    """
    kept = "".join(ch if unicodedata.category(ch)[0] in "LNM" or ch in "'-" else " " for ch in name)
    return " ".join(kept.split())[:MAX_DISPLAY_NAME].strip()


def mailbox(name: str, address: str) -> Address:
    """An address header's value, built as an `email.headerregistry.Address` (never by concatenating strings)."""
    local, _, domain = ascii_address(address).rpartition("@")
    return Address(display_name=display_name(name), username=local, domain=domain)


def configured_mailbox(value: str) -> Address:
    """The operator's sender or reply-to (`Name <address>` or a bare address) as an `Address`."""
    name, address = parseaddr(value)
    return mailbox(name, address)


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
    msg["To"] = mailbox(to_name, to_address)
    own_name, sender_address = parseaddr(sender)
    msg["From"] = mailbox(own_name or sender_name, sender_address or sender)
    if reply_to:
        msg["Reply-To"] = configured_mailbox(reply_to)
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
