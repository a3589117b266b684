"""The one resolver behind `functions/api`: the JSON API (`api/`) and the web pages (`web/`) on one Powertools app.

Checks made before routing (`guard`) and the mapping of errors to the documented JSON shape live here, so both
surfaces stay independent of each other. The pages' routes join the resolver at the first request for a page
(`resolve`): a cold start that answers the JSON API never loads the pages' modules.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)

from interview_prep.adapters.store import interview_store as store
from interview_prep.api import contract, docs
from interview_prep.api.invitations import INVITATION_BODY, INVITATION_TYPES, MAX_INVITATION_BYTES, PARSE_PATH
from interview_prep.api.responses import error_response
from interview_prep.api.responses import proxy_response as _proxy
from interview_prep.api.routes import router as api_router
from interview_prep.domain.errors import DomainError, details_from
from interview_prep.services.access import authenticate
from interview_prep.web import UPLOAD_PATH

logger = Logger(service="interview-prep")

MAX_BODY_BYTES = 64 * 1024
WEBHOOKS_PATH = "/v1/webhooks"  # its routes join the resolver at the first request for one (`resolve`)

app = APIGatewayRestResolver(enable_validation=True)
app.configure_openapi(
    title=contract.TITLE,
    version=contract.VERSION,
    summary="Record interview invitations; get a tailored prep digest before and thank-you drafts after.",
    description=(
        "Authenticate with `Authorization: Bearer <api key>` (keys are created with "
        "`python -m interview_prep.admin create-api-key --owner NAME`; a key sees only its owner's interviews, never "
        "those entered through the web pages). Every error is "
        '`{"error": {"code", "message", "details": [{"field", "message"}]}}`. The web pages are not part of this '
        "document: `GET /confirm/{token}` shows a page with a button and changes nothing; only its CSRF-protected "
        "`POST /confirm/{token}` confirms the double opt-in. `GET /unsubscribe/{token}` shows a button; the one-click "
        "`POST` (RFC 8058) unsubscribes."
    ),
)


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
    if _is_page(app.current_event.path):
        return _error_page(app.current_event.raw_event, 404, "Not found", "There is no such page here.")
    return error_response(404, "not_found", "no such route")


def _is_page(path: str) -> bool:
    """A path of the web pages (everything but the JSON API): its errors are pages, not JSON."""
    return not (path == "/v1" or path.startswith("/v1/"))


def _error_page(event: dict[str, Any], status: int, title: str, message: str) -> Response[Any]:
    from interview_prep.web.pages import error_page_before_routing  # only a page's error needs the pages

    return error_page_before_routing(event, status, title, message)


def guard(event: dict[str, Any]) -> dict[str, Any] | None:
    """Checks made before routing, so they win over body validation: body size, then the API key.

    Returns the refusal (an API Gateway proxy response), or None to go on; the owner is put in the context.
    """
    body = event.get("body") or ""
    raw = body.encode() if isinstance(body, str) else body
    path = str(event.get("path") or "")
    invitation = path == PARSE_PATH  # an invitation, in any charset: the reader decodes it
    upload = path == UPLOAD_PATH  # the web form's upload: an invitation file inside multipart/form-data
    if event.get("isBase64Encoded") and raw:
        try:
            raw = base64.b64decode(raw, validate=True)
            if not (invitation or upload):
                raw.decode("utf-8")
        except (ValueError, binascii.Error):
            if _is_page(path):
                return _proxy(_error_page(event, 400, "This form could not be read", "Nothing was recorded."))
            return _proxy(error_response(400, "bad_request", "the body is not UTF-8 text"))
    limit = MAX_INVITATION_BYTES if invitation else 2 * MAX_INVITATION_BYTES if upload else MAX_BODY_BYTES
    if len(raw) > limit:  # (the upload page itself explains a file over the invitation's limit)
        if _is_page(path) and not upload:
            message = "What was sent is larger than this form accepts (64 KiB). Nothing was recorded."
            return _proxy(_error_page(event, 413, "Too much to send", message))
        return _proxy(error_response(413, "payload_too_large", f"the body is larger than {limit // 1024} KiB"))
    if path.startswith(("/v1/interviews", "/v1/invitations", "/v1/webhooks")):
        headers = {str(k).lower(): v for k, v in (event.get("headers") or {}).items()}
        try:
            app.append_context(owner=authenticate(store(), headers.get("authorization")))
        except DomainError as exc:
            return _proxy(error_response(exc.status, exc.code, exc.message))
    method = str(event.get("httpMethod") or "").upper()
    if invitation:
        if method == "POST" and _content_type(event) not in INVITATION_TYPES:
            return _proxy(error_response(400, "bad_request", "send the invitation as text/calendar or message/rfc822"))
        return None
    if path.startswith("/v1/") and method in ("POST", "PUT", "PATCH"):
        if not _json_content_type(event):
            # The JSON API reads JSON only: a form or multipart body, even an empty one (the resolver would try to
            # parse it, and a multipart type without a boundary made it fail with a 500), is refused as a bad request.
            return _proxy(error_response(400, "bad_request", "send the body as application/json"))
        return _number_too_long(raw)
    return None


MAX_INTEGER_DIGITS = 20  # more than any field accepts (the largest is a salary of 100,000,000)


class _IntegerTooLong(ValueError):
    pass


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _IntegerTooLong(text)
    return int(text)


def _number_too_long(raw: bytes) -> dict[str, Any] | None:
    """A 422 for a JSON integer longer than any field accepts.

    Python refuses to convert an integer of more than 4,300 digits (a guard against quadratic conversion), and the
    resolver's parse would fail with a 500: the body is read here first, with integers bounded. A body that is not
    JSON at all is left to the resolver, which answers 400.
    """
    if not raw.strip():
        return None
    try:
        json.loads(raw, parse_int=_bounded_int)
    except _IntegerTooLong:
        detail = {"field": "body", "message": f"holds a number of more than {MAX_INTEGER_DIGITS} digits"}
        return _proxy(error_response(422, "validation_error", "the request is not valid", [detail]))
    except (ValueError, RecursionError):
        return _proxy(error_response(400, "bad_request", "the body is not valid JSON"))
    return None


def _content_type(event: dict[str, Any]) -> str:
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _json_content_type(event: dict[str, Any]) -> bool:
    """True when the request declares no content type, or JSON (the resolver parses both as JSON)."""
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    declared = headers.get("content-type", "").strip()
    return not declared or declared.startswith("application/json")


@app.get("/v1/openapi.json", include_in_schema=False)
def openapi() -> Response[Any]:
    return Response(200, content_types.APPLICATION_JSON, docs.served(), headers={"Cache-Control": "max-age=300"})


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document, generated from the routes (Powertools' output, completed in one place:
    `api.contract.finish`); only in a process that imported the routes after `api.docs.start_writing`."""
    if not docs.WRITING:
        raise RuntimeError("the routes were loaded without their response models: use tools/write_openapi.py")
    include_webhooks()
    generated = app.get_openapi_schema(security_schemes=contract.security_schemes())
    document = contract.finish(generated.model_dump(mode="json", by_alias=True, exclude_none=True))
    # The resolver describes JSON bodies only: the invitation's own body (an .ics or an email) is declared here.
    document["paths"][PARSE_PATH]["post"]["requestBody"] = INVITATION_BODY
    return document


app.include_router(api_router)
_lazy_lock = threading.Lock()
_included: set[str] = set()


def _include_once(name: str, router: Callable[[], Any]) -> None:
    """Add the routes `router()` gives to the resolver, once per process (read without the lock once added)."""
    if name in _included:
        return
    with _lazy_lock:
        if name not in _included:
            app.include_router(router())
            _included.add(name)


def _pages() -> Any:
    from interview_prep.web.routes import router  # the pages load at their first request

    return router


def _webhooks() -> Any:
    from interview_prep.api.webhooks import router  # at the first request under /v1/webhooks

    return router


def include_pages() -> None:
    """Add the pages' routes to the resolver (once): at the first request for a page, or to serve them all."""
    _include_once("pages", _pages)


def include_webhooks() -> None:
    """Add the webhook routes to the resolver (once): at the first request under `/v1/webhooks`, or to describe
    them in the OpenAPI document."""
    _include_once("webhooks", _webhooks)


def _is_webhooks(path: str) -> bool:
    return path == WEBHOOKS_PATH or path.startswith(WEBHOOKS_PATH + "/")


def resolve(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answer a request that `guard` let through: a page's routes are included first when it asks for a page, the
    webhook routes when it asks for one of them."""
    path = str(event.get("path") or "")
    if _is_page(path):
        include_pages()
    elif _is_webhooks(path):
        include_webhooks()
    return app.resolve(event, context)
