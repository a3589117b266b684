"""How the JSON API answers: one error shape for every failure, JSON bodies, and their OpenAPI descriptions."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types

from interview_prep.api import docs
from interview_prep.domain.models import Interview


def error_response(status: int, code: str, message: str, details: list[dict[str, str]] | None = None) -> Response[Any]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body={"error": {"code": code, "message": message, "details": details or []}},
        headers={"Cache-Control": "no-store"},
    )


ERROR_DESCRIPTIONS = {
    400: "The body is not valid JSON, not UTF-8, or not sent as application/json.",
    401: "Missing or unknown API key.",
    404: "No such interview for this key's owner.",
    409: "Conflict: an Idempotency-Key reused with another body, or a change the interview's state refuses.",
    412: "If-Match does not match the interview's current version.",
    413: "The body is larger than 64 KiB.",
    422: "Validation failed: `details` lists every invalid field with its path.",
    429: "Too many requests: slow down and try again later (`rate_limited`).",
}
ERROR_EXAMPLES = {
    400: ("bad_request", "the body is not valid JSON", []),
    401: ("unauthorized", "missing or unknown API key", []),
    404: ("not_found", "no such interview", []),
    409: ("conflict", "this Idempotency-Key was used with another body", []),
    412: ("precondition_failed", "the interview is at version 3, not 2", []),
    413: ("payload_too_large", "the body is larger than 64 KiB", []),
    422: ("validation_error", "the request is not valid", [{"field": "starts_at", "message": "must be in the future"}]),
    429: ("rate_limited", "too many requests: try again in a few minutes", []),
}


def error_responses(*statuses: int, authenticated: bool = True) -> dict[int, Any]:
    """The documented error responses of a route: the statuses given, plus those every route can answer (413 from
    the body-size check, 429 from the throttle in front of the API, 401 for routes behind the API key)."""
    always = (401, 413, 429) if authenticated else (413, 429)
    return {s: _error(s) for s in sorted({*statuses, *always})}


def _error(status: int) -> dict[str, Any]:
    code, message, details = ERROR_EXAMPLES[status]
    example = {"error": {"code": code, "message": message, "details": details}}
    return {
        "description": ERROR_DESCRIPTIONS[status],
        "content": {"application/json": {**docs.body("ErrorBody"), "examples": {code: {"value": example}}}},
    }


RESOURCE_HEADERS = {
    "ETag": {
        "description": 'The interview\'s version, e.g. `"3"`: send it back as `If-Match` to make a change conditional.',
        "schema": {"type": "string"},
    },
    "Cache-Control": {"description": "`no-store`: every answer belongs to one owner.", "schema": {"type": "string"}},
}
LOCATION_HEADER = {
    "Location": {"description": "The new interview's path, `/v1/interviews/{id}`.", "schema": {"type": "string"}}
}


def resource_responses(status: int, description: str, model: str, *, created: bool = False) -> dict[int, Any]:
    """A success answer that carries an interview: its body model (`api.schemas`, by name) and the headers a client
    reads (ETag, Location)."""
    headers = {**RESOURCE_HEADERS, **(LOCATION_HEADER if created else {})}
    return {status: {"description": description, "headers": headers, "content": {"application/json": docs.body(model)}}}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response[Any]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=body,
        headers={"Cache-Control": "no-store", **(headers or {})},
    )


def resource_response(interview: Interview, status: int = 200, headers: dict[str, str] | None = None) -> Response[Any]:
    return json_response(interview.to_resource(), status, {"ETag": f'"{interview.version}"', **(headers or {})})


def proxy_response(response: Response) -> dict[str, Any]:
    return {
        "statusCode": response.status_code,
        "headers": {"Content-Type": response.content_type, **{k: str(v) for k, v in response.headers.items()}},
        "body": response.body if isinstance(response.body, str) else json.dumps(response.body),
        "isBase64Encoded": False,
    }
