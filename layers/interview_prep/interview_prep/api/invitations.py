"""`POST /v1/invitations/parse`: a calendar invitation in, a draft interview out, nothing stored.

The invitation's own body (an `.ics`, or the whole email) is not JSON: `http_app.guard` lets it through with its own
size limit, and the OpenAPI document declares it with `INVITATION_BODY` (the resolver describes JSON bodies only).
"""

from __future__ import annotations

import base64
import functools
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from interview_prep.api import docs
from interview_prep.api.responses import error_responses as _error_responses
from interview_prep.api.responses import json_response as _json
from interview_prep.api.routes import BEARER, router
from interview_prep.domain.errors import InvalidInput

PARSE_PATH = "/v1/invitations/parse"
MAX_INVITATION_BYTES = 256 * 1024  # the reader's own limit (a test checks they agree)
INVITATION_TYPES = ("text/calendar", "application/ics", "message/rfc822", "text/plain")

_EXAMPLE_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
    "UID:0f3c2a@example.com\r\nDTSTAMP:20270112T161204Z\r\nDTSTART;TZID=America/Toronto:20270330T093000\r\n"
    "DTEND;TZID=America/Toronto:20270330T103000\r\nSUMMARY:Interview: Data Analyst at Northwind\r\n"
    "LOCATION:https://meet.google.com/abc-defg-hij\r\nORGANIZER;CN=Priya Raman:mailto:priya@northwind.example\r\n"
    "ATTENDEE;CN=Tom Becker;ROLE=REQ-PARTICIPANT:mailto:tom@northwind.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
INVITATION_BODY = {
    "required": True,
    "description": (
        "The invitation as received: an `.ics` file (`text/calendar`), or the whole email it came in "
        "(`message/rfc822`, as mail clients save or forward it: any transfer encoding or charset, a forwarded "
        "message inside), at most 256 KiB. `text/plain` takes pasted text holding the calendar."
    ),
    "content": {
        "text/calendar": {
            "schema": {"type": "string", "maxLength": MAX_INVITATION_BYTES},
            "examples": {"google_meet": {"summary": "A Google Meet interview", "value": _EXAMPLE_ICS}},
        },
        # No example here: schema-driven tools (schemathesis) refuse to send an example in a media type they have
        # no serializer for, and `message/rfc822` is one; the email is the `text/calendar` example with headers.
        "message/rfc822": {"schema": {"type": "string", "maxLength": MAX_INVITATION_BYTES}},
        "text/plain": {"schema": {"type": "string", "maxLength": MAX_INVITATION_BYTES}},
    },
}
_PARSED_EXAMPLE = {
    "draft": {
        "starts_at": "2027-03-30T09:30",
        "timezone": "America/Toronto",
        "duration_minutes": 60,
        "format": "video",
        "location": "https://meet.google.com/abc-defg-hij",
        "company": {"name": "Northwind"},
        "role": "Data Analyst",
        "interviewers": [{"name": "Priya Raman"}, {"name": "Tom Becker"}],
    },
    "missing": [
        "candidate.name",
        "candidate.email",
        "round",
        "interviewers[0].relationship",
        "interviewers[1].relationship",
    ],
    "warnings": [
        "Everyone invited is listed as an interviewer: remove the people who will not interview you, and say who "
        "each one is to you."
    ],
    "event": {"uid": "0f3c2a@example.com", "sequence": 0, "starts_at_utc": "2027-03-30T13:30:00+00:00"},
}


@router.post(
    PARSE_PATH,
    summary="Read a calendar invitation into a draft interview",
    operation_id="parseInvitation",
    tags=["Invitations"],
    security=BEARER,
    description=(
        "Nothing is stored. The answer's `draft` holds what the invitation says in the fields of "
        "`POST /v1/interviews`; complete what `missing` lists (and read `warnings`), then record it. A repeating "
        "event, an all-day event, a cancellation or a reply is refused with `422 invitation_not_usable` and the "
        "reason; a body over 256 KiB is a 413."
    ),
    responses={
        200: {
            "description": "What the invitation says.",
            "content": {
                "application/json": {**docs.body("ParsedInvitation"), "examples": {"meet": {"value": _PARSED_EXAMPLE}}}
            },
        },
        **_error_responses(400, 422),
    },
)
def parse_invitation(
    candidate_email: Annotated[
        str | None,
        Query(
            max_length=254,
            description="Who received the invitation: left out of the interviewers, and the draft's candidate.",
        ),
    ] = None,
    timezone: Annotated[
        str | None,
        Query(max_length=64, description="The IANA zone to show a time given in UTC only, or without a zone, in."),
    ] = None,
) -> Response[Any]:
    from interview_prep.domain.invitations import InvitationNotUsable, read_invitation

    if timezone is not None and timezone not in _zone_names():
        raise InvalidInput("invalid query", [{"field": "timezone", "message": "must be an IANA time zone name"}])
    invitation = read_invitation(_body_bytes(), candidate_email=candidate_email, default_zone=timezone)
    if invitation.cancelled:
        raise InvitationNotUsable(
            "This is a cancellation of an event, not an invitation: to cancel an interview you recorded, "
            "DELETE /v1/interviews/{id}."
        )
    return _json(invitation.as_body())


def _body_bytes() -> bytes:
    event = router.current_event
    body = event.body or ""
    return base64.b64decode(body) if event.is_base64_encoded else body.encode("utf-8")


@functools.cache
def _zone_names() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())
