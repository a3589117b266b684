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

from interview_prep.domain import i18n
from interview_prep.domain.errors import InvalidToken
from interview_prep.domain.i18n import N_, Locale
from interview_prep.services.links import base_url

if TYPE_CHECKING:
    from interview_prep.domain.models import Interview
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
LANG_PARAM = "lang"  # ?lang=fr on any page switches it (and the next ones, through a cookie of the same name)
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600
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
    headers = {**security_headers_plain(), "Content-Security-Policy": csp}
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


# --- languages -------------------------------------------------------------------------------------------


def _query_language() -> str | None:
    value = (router.current_event.query_string_parameters or {}).get(LANG_PARAM, "")
    return value if value in i18n.LANGUAGES else None


def request_cookies() -> dict[str, str]:
    """The request's cookies by name (none when the header cannot be read)."""
    from http.cookies import CookieError, SimpleCookie

    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(request_headers().get("cookie", ""))
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def _cookie_language() -> str | None:
    value = request_cookies().get(LANG_PARAM, "")
    return value if value in i18n.LANGUAGES else None


def page_locale(interview: Interview | None = None) -> Locale:
    """The language a page speaks: the visitor's choice (`?lang=`, then the cookie it sets), else the interview's
    own language (in its region), else the browser's `Accept-Language` (French in the browser's region)."""
    chosen = _query_language() or _cookie_language()
    if interview is not None:
        return i18n.locale_for(chosen or interview.language, interview.timezone)
    language, region = i18n.preferred_language(request_headers().get("accept-language"))
    return i18n.locale_for_browser(chosen or language, region if language == "fr" else None)


def say(message: str, locale: Locale | None = None, **values: object) -> str:
    """`message` (marked with `N_` or written here) in the page's language."""
    return i18n.gettext_for(locale or page_locale(), message, **values)


def _switch(locale: Locale) -> list[dict[str, str | bool]]:
    """The language switch: a link to this page in each language, the current one marked."""
    path = root_path() + (router.current_event.path or "/")
    return [
        {
            "code": code,
            "name": i18n.LANGUAGE_NAMES[code],
            "href": f"{path}?{LANG_PARAM}={code}",
            "current": code == locale.language,
        }
        for code in i18n.LANGUAGES
    ]


def site_cookie(name: str, value: str, max_age: int) -> Any:
    """A cookie for the whole site: HttpOnly, SameSite=Lax, Secure when served over https."""
    from aws_lambda_powertools.shared.cookies import Cookie, SameSite

    return Cookie(
        name=name,
        value=value,
        path="/",
        secure=served_over_https(),
        http_only=True,
        same_site=SameSite.LAX_MODE,
        max_age=max_age,
    )


def _language_cookie() -> Any:
    """The cookie that keeps the visitor's choice of language, when this request made one."""
    chosen = _query_language()
    return site_cookie(LANG_PARAM, chosen, LANG_COOKIE_MAX_AGE) if chosen else None


# --- pages -------------------------------------------------------------------------------------------------


def page(
    template: str, status: int = 200, *, csrf: Csrf | None = None, locale: Locale | None = None, **context: Any
) -> Response[str]:
    from interview_prep.domain.templating import render_from  # Jinja2 at first render, not at import (cold start)

    locale = locale or page_locale()
    body = render_from(
        "interview_prep.web",
        template,
        locale=locale,
        root=root_path(),
        asset=asset,
        csrf_field=CSRF_FIELD,
        csrf_token=csrf.token if csrf else "",
        languages=_switch(locale),
        **context,
    )
    cookies = [c for c in (csrf.cookie if csrf else None, _language_cookie()) if c is not None]
    headers = {**security_headers(), "Content-Language": locale.tag}
    return Response(status, HTML, body, headers=headers, cookies=cookies or None)


def message_page(
    status: int, title: str, message: str, *, hint: str | None = None, locale: Locale | None = None
) -> Response[str]:
    """A page with one message: `title`, `message` and `hint` are English messages (marked `N_`), said in the
    page's language."""
    locale = locale or page_locale()
    return page(
        "page_message.html.j2",
        status,
        locale=locale,
        title=say(title, locale),
        message=say(message, locale),
        hint=say(hint, locale) if hint else None,
    )


def redirect(location: str) -> Response[str]:
    return Response(303, HTML, "", headers={**security_headers(), "Location": location})


def token_problem(exc: InvalidToken, purpose: str) -> Response[str]:
    """A clear page for a forged, mistyped or expired link: 410 once it expired, 404 otherwise."""
    if "expired" in exc.message:
        hint = {
            "confirm": N_(
                "Confirm links work for a few days. Record the interview again from the form and use the new link."
            ),
            "review": N_("Review links work for two weeks. Forward the invitation again to get a new link."),
        }.get(purpose, N_("The interview is long over, so its page is gone."))
        return message_page(
            410, N_("This link has expired"), N_("The link you followed is no longer valid."), hint=hint
        )
    return message_page(
        404,
        N_("This link is not valid"),
        N_("We could not find anything behind this link."),
        hint=N_("Check that you opened the whole link from the email: some mail apps split long links over two lines."),
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
        return message_page(404, N_("Not found"), N_("There is no such file."))
    text, digest = _static(name)
    headers = {
        "Cache-Control": "public, max-age=31536000, immutable",
        "ETag": f'"{digest}"',
        "X-Content-Type-Options": "nosniff",
    }
    return Response(200, content_type, text, headers=headers)


def error_page_before_routing(event: dict[str, Any], status: int, title: str, message: str) -> Response[str]:
    """The service's own page for a request refused before routing (too large, not UTF-8, no such page): the
    resolver's current event is not set yet, so the links' prefix comes from the raw proxy event."""
    from interview_prep.domain.templating import render_from

    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    host = headers.get("host", "")
    stage = str((event.get("requestContext") or {}).get("stage") or "")
    configured = base_url_setting()
    if configured is not None:
        root = urlsplit(configured).path.rstrip("/")
    else:
        root = f"/{stage}" if host.endswith(".amazonaws.com") and stage else ""
    body = render_from(
        "interview_prep.web",
        "page_message.html.j2",
        locale=i18n.ENGLISH,
        languages=[],
        root=root,
        asset=lambda name: f"{root}/static/{name}?v={_static(name)[1]}",
        csrf_field=CSRF_FIELD,
        csrf_token="",
        title=title,
        message=message,
        hint=None,
    )
    extra = {"Strict-Transport-Security": "max-age=31536000"} if headers.get("x-forwarded-proto") == "https" else {}
    return Response(status, HTML, body, headers={**security_headers_plain(), **extra})


def security_headers_plain() -> dict[str, str]:
    """`security_headers` without reading the current request (for pages answered before routing)."""
    return {
        "Content-Security-Policy": CSP,
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }


def base_url_setting() -> str | None:
    from interview_prep.adapters.settings import settings

    return settings().public_base_url


def gone_page() -> Response[str]:
    return message_page(
        404,
        N_("This interview is no longer here"),
        N_("It was removed, as every interview is some time after it ends."),
    )
