"""The JSON API for tools (`/v1`): routes on a Powertools router, validated by the pydantic models.

Routes call the services (`interview_prep.services.interviews`); errors of every kind leave through
`api.responses.error_response`, so the body is always `{"error": {"code", "message", "details"}}`. The resolver that
serves these routes (and the pages) is `interview_prep.http_app`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from interview_prep.adapters.aws import idempotency_store
from interview_prep.adapters.settings import settings
from interview_prep.adapters.store import interview_store as store
from interview_prep.api import docs
from interview_prep.api.responses import error_responses as _error_responses
from interview_prep.api.responses import json_response as _json
from interview_prep.api.responses import resource_response as _resource
from interview_prep.api.responses import resource_responses as _resource_responses
from interview_prep.domain import clock
from interview_prep.domain.errors import IdempotencyConflict, InvalidInput
from interview_prep.domain.fields import InterviewFields
from interview_prep.domain.models import InterviewRequest, Notes, Status
from interview_prep.services import interviews
from interview_prep.services.links import base_url, preview_links

if TYPE_CHECKING:
    from interview_prep.domain.rendered import RenderedEmail

router = APIGatewayRouter()
ID_PATTERN = r"^[0-9a-f]{32}$"


def owner() -> str:
    """The owner behind the request's API key (checked before routing, see `guard`)."""
    return str(router.context["owner"])


def require_object() -> None:
    """A JSON body must be an object (the resolver would otherwise accept a one-item list as its item)."""
    if not isinstance(router.current_event.json_body, dict):
        raise InvalidInput("the request is not valid", [{"field": "body", "message": "must be a JSON object"}])


InterviewId = Annotated[str, Path(description="The interview's id.", pattern=ID_PATTERN)]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=40,
        description='The version last read (the `ETag`, e.g. `"3"`): the change is made only if the interview is '
        "still at that version, else 412. `*` or no header: unconditional.",
    ),
]
BEARER: list[dict[str, list[str]]] = [{"bearerAuth": []}]  # the scheme of `api.contract.security_schemes`
INTERVIEWS = ["Interviews"]
TEXT: Any = {"schema": {"type": "string"}}
RENDERED: Any = {"text/html": TEXT, "text/plain": TEXT}
CREATE_EXAMPLE = {
    "candidate": {"name": "Sam Rivera", "email": "sam@example.com"},
    "company": {"name": "Acme Analytics"},
    "role": "Data Analyst",
    "round": 2,
    "starts_at": "2027-03-29T12:30",
    "timezone": "America/Toronto",
    "format": "meal",
    "location": "Café Lumière, 12 King St W",
    "interviewers": [{"name": "Dana Lee", "title": "Head of Analytics", "relationship": "hiring_manager"}],
}
PATCH_EXAMPLE = {"starts_at": "2027-03-30T10:00", "duration_minutes": 90}
NOTES_EXAMPLE = {
    "text": "Good conversation; they liked the dashboard story.",
    "interviewers": [{"name": "Dana Lee", "topics": ["the quarterly forecast rebuild"]}],
}

# --- routes ---------------------------------------------------------------------------------------------------


@router.get(
    "/v1/health",
    summary="Liveness",
    operation_id="health",
    tags=["Service"],
    responses={
        200: {"description": "OK", "content": {"application/json": docs.body("HealthBody")}},
        **_error_responses(authenticated=False),
    },
)
def health() -> Response[Any]:
    return _json({"status": "ok", "time": clock.iso(clock.now())})


def _create(request: dict[str, Any]) -> dict[str, Any]:
    interview = interviews.record(
        store(), InterviewRequest.model_validate(request["body"]), owner=request["owner"], now=clock.now()
    )
    return interview.to_resource()


@functools.cache
def _idempotent_create() -> Any:
    from aws_lambda_powertools.utilities.idempotency import (
        IdempotencyConfig,
        idempotent_function,
    )

    persistence = idempotency_store(settings().idempotency_table_name, static_pk_value="api")
    config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="body",
        expires_after_seconds=24 * 3600,
        raise_on_no_idempotency_key=True,
    )
    function = idempotent_function(data_keyword_argument="request", persistence_store=persistence, config=config)(
        _create
    )
    return function, config


@router.post(
    "/v1/interviews",
    summary="Record an interview invitation",
    description="Honours `Idempotency-Key`: the same key and body return the first response; another body is a 409.",
    operation_id="createInterview",
    tags=INTERVIEWS,
    security=BEARER,
    responses={
        **_resource_responses(201, "Recorded.", "InterviewResource", created=True),
        **_error_responses(400, 409, 422),
    },
)
def create_interview(
    request: Annotated[InterviewRequest, Body(openapi_examples={"lunch": {"value": CREATE_EXAMPLE}})],
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=200,
            description="Any unique string per intended interview (e.g. a UUID): a retry with the same key and body "
            "returns the first response for 24 hours instead of recording a second interview.",
        ),
    ] = None,
) -> Response[Any]:
    require_object()
    payload = {"owner": owner(), "body": request.model_dump(mode="json")}
    if idempotency_key:
        from aws_lambda_powertools.utilities.idempotency.exceptions import (
            IdempotencyAlreadyInProgressError,
            IdempotencyValidationError,
        )

        try:
            create, config = _idempotent_create()
            if getattr(router, "lambda_context", None) is not None:
                config.register_lambda_context(router.lambda_context)
            resource = create(request={**payload, "key": f"{owner()}\n{idempotency_key}"})
        except IdempotencyValidationError:
            raise IdempotencyConflict("this Idempotency-Key was used with another body") from None
        except IdempotencyAlreadyInProgressError:
            raise IdempotencyConflict("a request with this Idempotency-Key is still in progress") from None
    else:  # the body is already validated: record it without a round trip through JSON
        resource = interviews.record(store(), request, owner=owner(), now=clock.now()).to_resource()
    return _json(resource, 201, {"Location": f"/v1/interviews/{resource['id']}", "ETag": f'"{resource["version"]}"'})


def _parse_bound(name: str, value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            "invalid query", [{"field": name, "message": "must be an ISO 8601 date or date-time with offset"}]
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


@router.get(
    "/v1/interviews",
    summary="List your interviews, soonest first",
    description=(
        "One request reads at most 100 stored interviews. Without `status` a page is full unless it is the last; "
        "with `status`, a page holds the matches among the interviews read, possibly fewer than `limit` or none, "
        "and `next` continues from where the reading stopped. Follow `next` until it is null."
    ),
    operation_id="listInterviews",
    tags=INTERVIEWS,
    security=BEARER,
    responses={
        200: {"description": "A page.", "content": {"application/json": docs.body("InterviewList")}},
        **_error_responses(422),
    },
)
def list_interviews(
    status: Annotated[Status | None, Query(description="Only interviews with this status.")] = None,
    from_: Annotated[
        str | None, Query(alias="from", max_length=40, description="Starting at or after (ISO 8601).")
    ] = None,
    to: Annotated[str | None, Query(max_length=40, description="Starting at or before (ISO 8601).")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    next_: Annotated[
        str | None,
        Query(alias="next", max_length=1000, description="Cursor from the previous page (null on the last page)."),
    ] = None,
) -> Response[Any]:
    items, cursor = store().list_for_owner(
        owner(),
        start=_parse_bound("from", from_),
        end=_parse_bound("to", to),
        status=status,
        limit=limit,
        cursor=next_,
    )
    return _json({"items": [i.to_resource() for i in items], "next": cursor})


@router.get(
    "/v1/interviews/<interview_id>",
    summary="One interview",
    operation_id="getInterview",
    tags=INTERVIEWS,
    security=BEARER,
    responses={**_resource_responses(200, "The interview.", "InterviewResource"), **_error_responses(404, 422)},
)
def get_interview(interview_id: InterviewId) -> Response[Any]:
    return _resource(store().get_for_owner(owner(), interview_id))


def _if_match(value: str | None) -> int | None:
    if value is None or value.strip() == "*":
        return None
    match = re.fullmatch(r'\s*(?:W/)?"?(\d{1,12})"?\s*', value)
    if not match:
        raise InvalidInput(
            "invalid If-Match", [{"field": "If-Match", "message": 'must be the interview\'s version, e.g. "3"'}]
        )
    return int(match.group(1))


@router.patch(
    "/v1/interviews/<interview_id>",
    summary="Change an interview (reschedule, add interviewers…)",
    description=(
        'Send only the fields to change. `If-Match: "<version>"` makes the change conditional. A new `interviewers` '
        "list keeps the notes written so far: with as many people as before, the notes of a name that left the list "
        "go to the one name that joined it (when several changed, to the new name at the same position), and `team` "
        "notes become the notes of the one person named when an interview that named no one now names exactly one."
    ),
    operation_id="updateInterview",
    tags=INTERVIEWS,
    security=BEARER,
    responses={
        **_resource_responses(200, "Changed.", "InterviewResource"),
        **_error_responses(400, 404, 409, 412, 422),
    },
)
def patch_interview(
    interview_id: InterviewId,
    fields: Annotated[InterviewFields, Body(openapi_examples={"reschedule": {"value": PATCH_EXAMPLE}})],
    if_match: IfMatch = None,
) -> Response[Any]:
    require_object()
    updated = interviews.patch(store(), owner(), interview_id, fields, if_match=_if_match(if_match), now=clock.now())
    return _resource(updated)


@router.delete(
    "/v1/interviews/<interview_id>",
    summary="Cancel an interview",
    description="Pending emails are withdrawn; the record stays, with status `cancelled`. Cancelling a cancelled "
    'interview answers it as it is. `If-Match: "<version>"` makes the cancellation conditional.',
    operation_id="cancelInterview",
    tags=INTERVIEWS,
    security=BEARER,
    responses={**_resource_responses(200, "Cancelled.", "InterviewResource"), **_error_responses(404, 409, 412, 422)},
)
def cancel_interview(interview_id: InterviewId, if_match: IfMatch = None) -> Response[Any]:
    interview = store().get_for_owner(owner(), interview_id)
    return _resource(interviews.cancel(store(), interview, if_match=_if_match(if_match), now=clock.now()))


@router.put(
    "/v1/interviews/<interview_id>/notes",
    summary="The candidate's notes after the interview (feed the thank-you drafts)",
    description='Replaces the notes. `If-Match: "<version>"` makes the change conditional.',
    operation_id="putNotes",
    tags=INTERVIEWS,
    security=BEARER,
    responses={**_resource_responses(200, "Stored.", "InterviewResource"), **_error_responses(400, 404, 409, 412, 422)},
)
def put_notes(
    interview_id: InterviewId,
    notes: Annotated[Notes, Body(openapi_examples={"after": {"value": NOTES_EXAMPLE}})],
    if_match: IfMatch = None,
) -> Response[Any]:
    require_object()
    interview = store().get_for_owner(owner(), interview_id)
    return _resource(interviews.put_notes(store(), interview, notes, if_match=_if_match(if_match), now=clock.now()))


@router.get(
    "/v1/interviews/<interview_id>/digest",
    summary="The prep digest as it would be sent now",
    operation_id="getDigest",
    tags=INTERVIEWS,
    security=BEARER,
    responses={
        200: {"description": "HTML (`format=html`) or plain text (`format=text`).", "content": RENDERED},
        **_error_responses(404, 422),
    },
)
def get_digest(
    interview_id: InterviewId, format_: Annotated[Literal["html", "text"], Query(alias="format")] = "html"
) -> Response[Any]:
    from interview_prep.domain.digest import render_digest

    interview = store().get_for_owner(owner(), interview_id)
    return _rendered(render_digest(interview, preview_links(base_url(router.current_event)), clock.now()), format_)


@router.get(
    "/v1/interviews/<interview_id>/guide",
    summary="The full prep guide: everything selected for the interview, without the digest's word budget",
    operation_id="getGuide",
    tags=INTERVIEWS,
    security=BEARER,
    responses={
        200: {"description": "HTML (`format=html`) or plain text (`format=text`).", "content": RENDERED},
        **_error_responses(404, 422),
    },
)
def get_guide(
    interview_id: InterviewId, format_: Annotated[Literal["html", "text"], Query(alias="format")] = "html"
) -> Response[Any]:
    from interview_prep.domain.digest import render_guide

    interview = store().get_for_owner(owner(), interview_id)
    return _rendered(render_guide(interview, preview_links(base_url(router.current_event)), clock.now()), format_)


def _rendered(email: RenderedEmail, format_: str) -> Response[Any]:
    if format_ == "text":
        return Response(200, "text/plain; charset=utf-8", email.text, headers={"Cache-Control": "no-store"})
    return Response(200, "text/html; charset=utf-8", email.html, headers={"Cache-Control": "no-store"})


@router.get(
    "/v1/interviews/<interview_id>/thank-you-drafts",
    summary="The thank-you drafts as they would be sent now",
    operation_id="getThankYouDrafts",
    tags=INTERVIEWS,
    security=BEARER,
    responses={
        200: {"description": "One draft per interviewer.", "content": {"application/json": docs.body("DraftsBody")}},
        **_error_responses(404, 422),
    },
)
def get_drafts(interview_id: InterviewId) -> Response[Any]:
    from interview_prep.domain.drafts import build_drafts

    interview = store().get_for_owner(owner(), interview_id)
    drafts = [{"interviewer": d.interviewer, "subject": d.subject, "body": d.body} for d in build_drafts(interview)]
    return _json(drafts)


@router.get(
    "/v1/interviews/<interview_id>/calendar.ics",
    summary="The calendar event",
    operation_id="getCalendar",
    tags=INTERVIEWS,
    security=BEARER,
    responses={
        200: {
            "description": "iCalendar (RFC 5545), as an attachment `interview.ics`.",
            "headers": {"Content-Disposition": {"schema": {"type": "string"}}},
            "content": {"text/calendar": TEXT},
        },
        **_error_responses(404, 422),
    },
)
def get_calendar(interview_id: InterviewId) -> Response[Any]:
    from interview_prep.domain.calendar import build_ics

    interview = store().get_for_owner(owner(), interview_id)
    return Response(
        200,
        "text/calendar; charset=utf-8",
        build_ics(interview, cancelled=interview.status == "cancelled").decode(),
        headers={"Content-Disposition": 'attachment; filename="interview.ics"', "Cache-Control": "no-store"},
    )
