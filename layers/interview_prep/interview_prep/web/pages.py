"""The plumbing every page shares: headers, rendering, messages, form bodies and the static files."""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from interview_prep.domain.errors import InvalidToken
from interview_prep.services.links import base_url

if TYPE_CHECKING:
    from interview_prep.web.csrf import Csrf

logger = Logger(service="interview-prep")
router = APIGatewayRouter()

HTML = "text/html; charset=utf-8"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# The digest preview is an email: inline styles, no script at all, and a sandbox of its own.
PREVIEW_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'; sandbox"
)
CSRF_FIELD = "csrf_token"
CSRF_COOKIE_MAX_AGE = 7 * 24 * 3600
HONEYPOT_FIELD = "homepage"
MAX_ROWS = 12
INITIAL_ROWS = 3
MAX_FORM_FIELDS = 400
STATIC_FILES = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}

# --- plumbing ----------------------------------------------------------------------------------------------


def root_path() -> str:
    """The path prefix of every link (the stage name behind a bare API Gateway URL, else nothing)."""
    return urlsplit(base_url(router.current_event)).path.rstrip("/")


def request_headers() -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in (router.current_event.headers or {}).items()}


def served_over_https() -> bool:
    """Served over https (API Gateway always says so in X-Forwarded-Proto; the local stack is plain http)."""
    return request_headers().get("x-forwarded-proto", "").lower() == "https"


def security_headers(csp: str = CSP) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": csp,
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }
    if served_over_https():
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


@functools.cache
def _static(name: str) -> tuple[str, str]:
    """A static file's text and a short hash of it (for cache-busting URLs)."""
    text = importlib.resources.files("interview_prep.web").joinpath("static", name).read_text(encoding="utf-8")
    return text, hashlib.sha256(text.encode()).hexdigest()[:12]


def asset(name: str) -> str:
    return f"{root_path()}/static/{name}?v={_static(name)[1]}"


# --- pages -------------------------------------------------------------------------------------------------


def page(template: str, status: int = 200, *, csrf: Csrf | None = None, **context: Any) -> Response[str]:
    from interview_prep.domain.templating import render_from  # Jinja2 at first render, not at import (cold start)

    body = render_from(
        "interview_prep.web",
        template,
        root=root_path(),
        asset=asset,
        csrf_field=CSRF_FIELD,
        csrf_token=csrf.token if csrf else "",
        **context,
    )
    return Response(status, HTML, body, headers=security_headers(), cookies=[csrf.cookie] if csrf else None)


def message_page(status: int, title: str, message: str, *, hint: str | None = None) -> Response[str]:
    return page("page_message.html.j2", status, title=title, message=message, hint=hint)


def redirect(location: str) -> Response[str]:
    return Response(303, HTML, "", headers={**security_headers(), "Location": location})


def token_problem(exc: InvalidToken, purpose: str) -> Response[str]:
    """A clear page for a forged, mistyped or expired link: 410 once it expired, 404 otherwise."""
    if "expired" in exc.message:
        hint = (
            "Confirm links work for a few days. Record the interview again from the form and use the new link."
            if purpose == "confirm"
            else "The interview is long over, so its page is gone."
        )
        return message_page(410, "This link has expired", "The link you followed is no longer valid.", hint=hint)
    return message_page(
        404,
        "This link is not valid",
        "We could not find anything behind this link.",
        hint="Check that you opened the whole link from the email: some mail apps split long links over two lines.",
    )


def form_body() -> dict[str, list[str]]:
    body = router.current_event.decoded_body or ""
    try:
        return parse_qs(body, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except ValueError:
        return {}


def one_value(form: dict[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[-1]


# --- static files ----------------------------------------------------------------------------------------------


@router.get("/static/<name>", include_in_schema=False)
def static_file(name: str) -> Response[str]:
    content_type = STATIC_FILES.get(name)
    if content_type is None:
        return message_page(404, "Not found", "There is no such file.")
    text, digest = _static(name)
    headers = {
        "Cache-Control": "public, max-age=31536000, immutable",
        "ETag": f'"{digest}"',
        "X-Content-Type-Options": "nosniff",
    }
    return Response(200, content_type, text, headers=headers)


def gone_page() -> Response[str]:
    return message_page(
        404, "This interview is no longer here", "It was removed, as every interview is some time after it ends."
    )
