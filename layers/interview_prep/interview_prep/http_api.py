"""The JSON API for tools (`/v1`), on Powertools' REST resolver with pydantic validation and OpenAPI.

Routes call the logic in `interview_prep.interviews`; errors of every kind leave through `error_response`,
so the body is always `{"error": {"code", "message", "details"}}`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import functools
import json
import re
from typing import Annotated, Any, Literal

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query

from interview_prep import clock, interviews
from interview_prep.access import authenticate
from interview_prep.errors import DomainError, IdempotencyConflict, InvalidInput, details_from
from interview_prep.mail import Links, RenderedEmail
from interview_prep.models import Interview, InterviewFields, InterviewRequest, Notes, Status
from interview_prep.schemas import DraftsBody, ErrorBody, HealthBody, InterviewList, InterviewResource
from interview_prep.settings import settings
from interview_prep.store import InterviewStore

logger = Logger(service="interview-prep")

MAX_BODY_BYTES = 64 * 1024
ID_PATTERN = r"^[0-9a-f]{32}$"

app = APIGatewayRestResolver(enable_validation=True)
app.configure_openapi(
    title="Interview Prep API",
    version="1.0.0",
    summary="Record interview invitations; get a tailored prep digest before and thank-you drafts after.",
    description=(
        "Authenticate with `Authorization: Bearer <api key>` (keys are created with "
        "`python -m interview_prep.admin create-api-key --owner NAME`). Every error is "
        '`{"error": {"code", "message", "details": [{"field", "message"}]}}`.'
    ),
)

# --- plumbing -------------------------------------------------------------------------------------------------


@functools.cache
def store() -> InterviewStore:
    return InterviewStore(settings().table_name)


def error_response(status: int, code: str, message: str, details: list[dict[str, str]] | None = None) -> Response[Any]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body={"error": {"code": code, "message": message, "details": details or []}},
        headers={"Cache-Control": "no-store"},
    )


def _error_responses(*statuses: int) -> dict[int, Any]:
    described = {
        400: "The body is not valid JSON.",
        401: "Missing or unknown API key.",
        404: "No such interview for this key's owner.",
        409: "Conflict: an Idempotency-Key reused with another body, or a change the interview's state refuses.",
        412: "If-Match does not match the interview's current version.",
        413: "The body is larger than 64 KiB.",
        422: "Validation failed: `details` lists every invalid field with its path.",
        429: "Too many requests.",
    }
    return {
        s: {"description": described[s], "content": {"application/json": {"model": ErrorBody}}}
        for s in (*statuses, 401, 413)
    }


@app.exception_handler(RequestValidationError)
def _invalid_request(exc: RequestValidationError) -> Response[Any]:
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(400, "bad_request", "the body is not valid JSON")
    return error_response(422, "validation_error", "the request is not valid", details_from(errors))


@app.exception_handler(RequestUnsupportedContentType)
def _unsupported(_: RequestUnsupportedContentType) -> Response[Any]:
    return error_response(400, "bad_request", "send the body as application/json")


@app.exception_handler(DomainError)
def _domain_error(exc: DomainError) -> Response[Any]:
    return error_response(exc.status, exc.code, exc.message, exc.details)


@app.not_found
def _not_found(_: Exception) -> Response[Any]:
    return error_response(404, "not_found", "no such route")


def owner() -> str:
    """The owner behind the request's API key (checked before routing, see `guard`)."""
    return str(app.context["owner"])


def _proxy(response: Response) -> dict[str, Any]:
    return {
        "statusCode": response.status_code,
        "headers": {"Content-Type": response.content_type, **{k: str(v) for k, v in response.headers.items()}},
        "body": response.body if isinstance(response.body, str) else json.dumps(response.body),
        "isBase64Encoded": False,
    }


def guard(event: dict[str, Any]) -> dict[str, Any] | None:
    """Checks made before routing, so they win over body validation: body size, then the API key.

    Returns the refusal (an API Gateway proxy response), or None to go on; the owner is put in the context.
    """
    body = event.get("body") or ""
    raw = body.encode() if isinstance(body, str) else body
    if event.get("isBase64Encoded") and raw:
        try:
            raw = base64.b64decode(raw, validate=True)
            raw.decode("utf-8")
        except (ValueError, binascii.Error):
            return _proxy(error_response(400, "bad_request", "the body is not UTF-8 text"))
    if len(raw) > MAX_BODY_BYTES:
        return _proxy(error_response(413, "payload_too_large", "the body is larger than 64 KiB"))
    path = str(event.get("path") or "")
    if path.startswith("/v1/interviews"):
        headers = {str(k).lower(): v for k, v in (event.get("headers") or {}).items()}
        try:
            app.append_context(owner=authenticate(store(), headers.get("authorization")))
        except DomainError as exc:
            return _proxy(error_response(exc.status, exc.code, exc.message))
    method = str(event.get("httpMethod") or "").upper()
    if path.startswith("/v1/") and method in ("POST", "PUT", "PATCH") and not _json_content_type(event):
        # The JSON API reads JSON only: a form or multipart body, even an empty one (the resolver would try to parse
        # it, and a multipart type without a boundary made it fail with a 500), is refused as a bad request.
        return _proxy(error_response(400, "bad_request", "send the body as application/json"))
    return None


def _json_content_type(event: dict[str, Any]) -> bool:
    """True when the request declares no content type, or JSON (the resolver parses both as JSON)."""
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    declared = headers.get("content-type", "").strip()
    return not declared or declared.startswith("application/json")


def require_object() -> None:
    """A JSON body must be an object (the resolver would otherwise accept a one-item list as its item)."""
    if not isinstance(app.current_event.json_body, dict):
        raise InvalidInput("the request is not valid", [{"field": "body", "message": "must be a JSON object"}])


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response[Any]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=body,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def _resource(interview: Interview, status: int = 200, headers: dict[str, str] | None = None) -> Response[Any]:
    return _json(interview.to_resource(), status, {"ETag": f'"{interview.version}"', **(headers or {})})


def base_url() -> str:
    """The public URL for links: the configured one, or the URL this request came in on."""
    configured = settings().public_base_url
    if configured:
        return configured
    event = app.current_event
    host = event.headers.get("host") or event.request_context.domain_name or "localhost"
    proto = event.headers.get("x-forwarded-proto", "https")
    stage = event.request_context.stage
    prefix = f"/{stage}" if host.endswith(".amazonaws.com") and stage else ""
    return f"{proto}://{host}{prefix}"


def preview_links() -> Links:
    """Links shown in previews: each email carries its own tokens, so a preview cannot show a real one."""
    base = base_url()
    return Links(manage_url=f"{base}/manage/(link-in-your-email)", unsubscribe_url=f"{base}/unsubscribe/(link)")


InterviewId = Annotated[str, Path(description="The interview's id.", pattern=ID_PATTERN)]

# --- routes ---------------------------------------------------------------------------------------------------


@app.get(
    "/v1/health",
    summary="Liveness",
    responses={200: {"description": "OK", "content": {"application/json": {"model": HealthBody}}}},
)
def health() -> Response[Any]:
    return _json({"status": "ok", "time": clock.iso(clock.now())})


@app.get("/v1/openapi.json", include_in_schema=False)
def openapi() -> Response[Any]:
    return Response(200, content_types.APPLICATION_JSON, _openapi_document(), headers={"Cache-Control": "max-age=300"})


@functools.cache
def _openapi_document() -> str:
    return app.get_openapi_json_schema(title="Interview Prep API", version="1.0.0")


def _create(request: dict[str, Any]) -> dict[str, Any]:
    interview = interviews.record(
        store(), InterviewRequest.model_validate(request["body"]), owner=request["owner"], now=clock.now()
    )
    return interview.to_resource()


@functools.cache
def _idempotent_create() -> Any:
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    persistence = DynamoDBPersistenceLayer(table_name=settings().idempotency_table_name, static_pk_value="api")
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


@app.post(
    "/v1/interviews",
    summary="Record an interview invitation",
    description="Honours `Idempotency-Key`: the same key and body return the first response; another body is a 409.",
    responses={
        201: {"description": "Recorded.", "content": {"application/json": {"model": InterviewResource}}},
        **_error_responses(400, 409, 422),
    },
)
def create_interview(
    request: Annotated[InterviewRequest, Body()],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
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
            if getattr(app, "lambda_context", None) is not None:
                config.register_lambda_context(app.lambda_context)
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


@app.get(
    "/v1/interviews",
    summary="List your interviews, soonest first",
    description=(
        "One request reads at most 100 stored interviews. Without `status` a page is full unless it is the last; "
        "with `status`, a page holds the matches among the interviews read, possibly fewer than `limit` or none, "
        "and `next` continues from where the reading stopped. Follow `next` until it is null."
    ),
    responses={
        200: {"description": "A page.", "content": {"application/json": {"model": InterviewList}}},
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


@app.get(
    "/v1/interviews/<interview_id>",
    summary="One interview",
    responses={
        200: {"description": "The interview.", "content": {"application/json": {"model": InterviewResource}}},
        **_error_responses(404, 422),
    },
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


@app.patch(
    "/v1/interviews/<interview_id>",
    summary="Change an interview (reschedule, add interviewers…)",
    description='Send only the fields to change. `If-Match: "<version>"` makes the change conditional.',
    responses={
        200: {"description": "Changed.", "content": {"application/json": {"model": InterviewResource}}},
        **_error_responses(400, 404, 409, 412, 422),
    },
)
def patch_interview(
    interview_id: InterviewId,
    fields: Annotated[InterviewFields, Body()],
    if_match: Annotated[str | None, Header(alias="If-Match", max_length=40)] = None,
) -> Response[Any]:
    require_object()
    updated = interviews.patch(store(), owner(), interview_id, fields, if_match=_if_match(if_match), now=clock.now())
    return _resource(updated)


@app.delete(
    "/v1/interviews/<interview_id>",
    summary="Cancel an interview",
    description="Pending emails are withdrawn; the record stays, with status `cancelled`.",
    responses={
        200: {"description": "Cancelled.", "content": {"application/json": {"model": InterviewResource}}},
        **_error_responses(404, 409, 422),
    },
)
def cancel_interview(interview_id: InterviewId) -> Response[Any]:
    interview = store().get_for_owner(owner(), interview_id)
    return _resource(interviews.cancel(store(), interview, now=clock.now()))


@app.put(
    "/v1/interviews/<interview_id>/notes",
    summary="The candidate's notes after the interview (feed the thank-you drafts)",
    responses={
        200: {"description": "Stored.", "content": {"application/json": {"model": InterviewResource}}},
        **_error_responses(400, 404, 409, 422),
    },
)
def put_notes(interview_id: InterviewId, notes: Annotated[Notes, Body()]) -> Response[Any]:
    require_object()
    interview = store().get_for_owner(owner(), interview_id)
    return _resource(interviews.put_notes(store(), interview, notes, now=clock.now()))


@app.get(
    "/v1/interviews/<interview_id>/digest",
    summary="The prep digest as it would be sent now",
    responses={
        200: {"description": "HTML or plain text.", "content": {"text/html": {}, "text/plain": {}}},
        **_error_responses(404, 422),
    },
)
def get_digest(
    interview_id: InterviewId, format_: Annotated[Literal["html", "text"], Query(alias="format")] = "html"
) -> Response[Any]:
    from interview_prep.digest import render_digest

    interview = store().get_for_owner(owner(), interview_id)
    return _rendered(render_digest(interview, preview_links(), clock.now()), format_)


@app.get(
    "/v1/interviews/<interview_id>/guide",
    summary="The full prep guide: everything selected for the interview, without the digest's word budget",
    responses={
        200: {"description": "HTML or plain text.", "content": {"text/html": {}, "text/plain": {}}},
        **_error_responses(404, 422),
    },
)
def get_guide(
    interview_id: InterviewId, format_: Annotated[Literal["html", "text"], Query(alias="format")] = "html"
) -> Response[Any]:
    from interview_prep.digest import render_guide

    interview = store().get_for_owner(owner(), interview_id)
    return _rendered(render_guide(interview, preview_links(), clock.now()), format_)


def _rendered(email: RenderedEmail, format_: str) -> Response[Any]:
    if format_ == "text":
        return Response(200, "text/plain; charset=utf-8", email.text, headers={"Cache-Control": "no-store"})
    return Response(200, "text/html; charset=utf-8", email.html, headers={"Cache-Control": "no-store"})


@app.get(
    "/v1/interviews/<interview_id>/thank-you-drafts",
    summary="The thank-you drafts as they would be sent now",
    responses={
        200: {"description": "One draft per interviewer.", "content": {"application/json": {"model": DraftsBody}}},
        **_error_responses(404, 422),
    },
)
def get_drafts(interview_id: InterviewId) -> Response[Any]:
    from interview_prep.drafts import build_drafts

    interview = store().get_for_owner(owner(), interview_id)
    drafts = [{"interviewer": d.interviewer, "subject": d.subject, "body": d.body} for d in build_drafts(interview)]
    return _json(drafts)


@app.get(
    "/v1/interviews/<interview_id>/calendar.ics",
    summary="The calendar event",
    responses={200: {"description": "iCalendar.", "content": {"text/calendar": {}}}, **_error_responses(404, 422)},
)
def get_calendar(interview_id: InterviewId) -> Response[Any]:
    from interview_prep.calendar import build_ics

    interview = store().get_for_owner(owner(), interview_id)
    return Response(
        200,
        "text/calendar; charset=utf-8",
        build_ics(interview, cancelled=interview.status == "cancelled").decode(),
        headers={"Content-Disposition": 'attachment; filename="interview.ics"', "Cache-Control": "no-store"},
    )


# --- the web pages (their own module; routes left out of the OpenAPI document) -----------------------------------

from interview_prep.web import router as _web_router  # noqa: E402 - after `app` and the helpers the pages use

app.include_router(_web_router)
