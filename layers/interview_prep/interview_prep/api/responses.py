"""How the JSON API answers: one error shape for every failure, JSON bodies, and their OpenAPI descriptions."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types

from interview_prep.api.schemas import ErrorBody
from interview_prep.domain.models import Interview


def error_response(status: int, code: str, message: str, details: list[dict[str, str]] | None = None) -> Response[Any]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body={"error": {"code": code, "message": message, "details": details or []}},
        headers={"Cache-Control": "no-store"},
    )


def error_responses(*statuses: int) -> dict[int, Any]:
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
