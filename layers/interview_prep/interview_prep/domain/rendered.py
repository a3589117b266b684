"""What a renderer produces (the subject and parts of an email) and the links every email carries: plain data, so a
module that only passes emails along (an API preview) does not load the `email` package that `domain.mail` needs to
compose the MIME message. Named tuples: a fifth of a frozen dataclass's cost to define, at every cold start."""

from __future__ import annotations

from typing import NamedTuple


class Links(NamedTuple):
    """The links an email carries: the manage page and the one-click unsubscribe."""

    manage_url: str
    unsubscribe_url: str
    confirm_url: str | None = None


class Attachment(NamedTuple):
    filename: str
    content_type: str  # e.g. "text/calendar; method=PUBLISH"
    data: bytes


class RenderedEmail(NamedTuple):
    """What a renderer produces: a subject, a plain-text part and an HTML part (plus attachments)."""

    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()


__all__ = ["Attachment", "Links", "RenderedEmail"]
