"""The web pages for people: the form, double opt-in, the manage page and one-click unsubscribe.

Served by `functions/api` on the same resolver as the JSON API (a Powertools router included by `http_api`),
rendered with Jinja2 (autoescape on) from `templates/page_*.html.j2`. Every page works without JavaScript:
`/static/app.js` only enhances it (interviewer rows added and removed in place, the browser's time zone).

Security decisions, in one place:

- **CSRF** on every state-changing form post (not on the RFC 8058 one-click unsubscribe, which cannot carry a
  token, is idempotent and only stops email): a signed double-submit token. A random value sits in an `HttpOnly`,
  `SameSite=Lax` cookie (`Secure` and `__Host-` prefixed when served over https); each form carries
  HMAC-SHA256(secret, that value). The secret is `CSRF_SECRET` from the environment when set, otherwise one
  random secret generated once and kept in the table (item `SECRET#csrf`), so every Lambda container agrees.
- **Headers**: a Content-Security-Policy without inline script or style (JS and CSS are served from `/static`),
  no framing, `Referrer-Policy: no-referrer` (capability tokens travel in URLs), `nosniff`, `no-store`.
- **Tokens**: confirm and manage links come from `interview_prep.tokens` (256-bit, stored as hashes, one
  purpose each, expiring); a forged one gets a 404 page, an expired one a 410 page.
- **Abuse limits**: a honeypot field (filled: pretend success, record nothing) and daily caps on web
  submissions per email address and per source address (`settings().unconfirmed_per_*_per_day`, HTTP 429).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import hmac
import importlib.resources
import os
import re
import secrets
from collections.abc import Callable, Iterable
from http.cookies import CookieError, SimpleCookie
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter
from aws_lambda_powertools.shared.cookies import Cookie, SameSite

from interview_prep import clock, interviews, tokens
from interview_prep.errors import DomainError, InvalidInput, InvalidToken, RateLimited, details_from
from interview_prep.settings import settings

if TYPE_CHECKING:
    from markupsafe import Markup

    from interview_prep.models import Interview
    from interview_prep.store import InterviewStore

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
ZONE_REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)

# --- plumbing ----------------------------------------------------------------------------------------------


def _store() -> InterviewStore:
    from interview_prep.http_api import store  # imported late: http_api includes this module's router

    return store()


def _root() -> str:
    """The path prefix of every link (the stage name behind a bare API Gateway URL, else nothing)."""
    from interview_prep.http_api import base_url

    return urlsplit(base_url()).path.rstrip("/")


def _headers() -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in (router.current_event.headers or {}).items()}


def _https() -> bool:
    """Served over https (API Gateway always says so in X-Forwarded-Proto; the local stack is plain http)."""
    return _headers().get("x-forwarded-proto", "").lower() == "https"


def _security_headers(csp: str = CSP) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": csp,
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }
    if _https():
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


@functools.cache
def _static(name: str) -> tuple[str, str]:
    """A static file's text and a short hash of it (for cache-busting URLs)."""
    text = importlib.resources.files("interview_prep").joinpath("static", name).read_text(encoding="utf-8")
    return text, hashlib.sha256(text.encode()).hexdigest()[:12]


def asset(name: str) -> str:
    return f"{_root()}/static/{name}?v={_static(name)[1]}"


# --- CSRF: a signed double-submit token --------------------------------------------------------------------


@functools.cache
def _csrf_secret() -> bytes:
    """`CSRF_SECRET`, else a random secret created once in the table (shared by every container)."""
    configured = os.environ.get("CSRF_SECRET", "")
    if configured:
        return configured.encode()
    from botocore.exceptions import ClientError

    from interview_prep.store import table

    items = table(settings().table_name)
    key = {"pk": "SECRET#csrf", "sk": "SECRET"}
    found = items.get_item(Key=key, ConsistentRead=True).get("Item")
    if found is None:
        try:
            items.put_item(Item={**key, "value": secrets.token_hex(32)}, ConditionExpression="attribute_not_exists(pk)")
        except ClientError as exc:  # another container won the race: use its secret
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
        found = items.get_item(Key=key, ConsistentRead=True).get("Item") or {}
    return str(found["value"]).encode()


def _csrf_cookie_name() -> str:
    return "__Host-csrf" if _https() else "csrf"


def _request_cookies() -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(_headers().get("cookie", ""))
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def _sign(value: str) -> str:
    return hmac.new(_csrf_secret(), value.encode(), hashlib.sha256).hexdigest()


@dataclasses.dataclass(frozen=True)
class Csrf:
    token: str
    cookie: Cookie


def _csrf() -> Csrf:
    """The token for this visitor's forms, and the cookie (re)set with the page (reusing a sound cookie)."""
    value = _request_cookies().get(_csrf_cookie_name(), "")
    if not tokens.TOKEN_SHAPE.match(value):
        value = secrets.token_urlsafe(32)
    cookie = Cookie(
        name=_csrf_cookie_name(),
        value=value,
        path="/",
        secure=_https(),
        http_only=True,
        same_site=SameSite.LAX_MODE,
        max_age=CSRF_COOKIE_MAX_AGE,
    )
    return Csrf(_sign(value), cookie)


def _csrf_ok(form: dict[str, list[str]]) -> bool:
    value = _request_cookies().get(_csrf_cookie_name(), "")
    sent = (form.get(CSRF_FIELD) or [""])[-1]
    return bool(value and sent) and hmac.compare_digest(sent, _sign(value))


# --- pages -------------------------------------------------------------------------------------------------


def _page(template: str, status: int = 200, *, csrf: Csrf | None = None, **context: Any) -> Response[str]:
    from interview_prep.templating import render

    body = render(
        template, root=_root(), asset=asset, csrf_field=CSRF_FIELD, csrf_token=csrf.token if csrf else "", **context
    )
    return Response(status, HTML, body, headers=_security_headers(), cookies=[csrf.cookie] if csrf else None)


def _message(status: int, title: str, message: str, *, hint: str | None = None) -> Response[str]:
    return _page("page_message.html.j2", status, title=title, message=message, hint=hint)


def _redirect(location: str) -> Response[str]:
    return Response(303, HTML, "", headers={**_security_headers(), "Location": location})


def _token_problem(exc: InvalidToken, purpose: str) -> Response[str]:
    """A clear page for a forged, mistyped or expired link: 410 once it expired, 404 otherwise."""
    if "expired" in exc.message:
        hint = (
            "Confirm links work for a few days. Record the interview again from the form and use the new link."
            if purpose == "confirm"
            else "The interview is long over, so its page is gone."
        )
        return _message(410, "This link has expired", "The link you followed is no longer valid.", hint=hint)
    return _message(
        404,
        "This link is not valid",
        "We could not find anything behind this link.",
        hint="Check that you opened the whole link from the email: some mail apps split long links over two lines.",
    )


def _form_body() -> dict[str, list[str]]:
    body = router.current_event.decoded_body or ""
    try:
        return parse_qs(body, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except ValueError:
        return {}


def _one(form: dict[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[-1]


# --- time zones and times ------------------------------------------------------------------------------------


@functools.cache
def zone_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """IANA zones for the select, grouped by region (UTC first)."""
    import zoneinfo

    names = sorted(z for z in zoneinfo.available_timezones() if z.split("/", 1)[0] in ZONE_REGIONS and "/" in z)
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(name.split("/", 1)[0], []).append(name)
    return (("Universal", ("UTC",)), *((region, tuple(zones)) for region, zones in groups.items()))


def zone_label(name: str) -> str:
    return name.replace("_", " ")


def local_when(moment: dt.datetime | None, interview: Interview) -> str:
    """A moment in the interview's own zone, e.g. `Saturday 16 January 2027, 14:00 (America/Toronto, UTC−05:00)`."""
    if moment is None:
        return ""
    from interview_prep.confirmation import format_local

    return format_local(moment.astimezone(interview.zone), interview.timezone)


# --- forms: values, errors and their places -----------------------------------------------------------------


def _field_id(prefix: str, key: str) -> str:
    return f"{prefix}-" + re.sub(r"[^A-Za-z0-9_]+", "-", key).strip("-")


_MESSAGES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^Input should be a valid integer.*"), lambda m: "must be a whole number"),
    (re.compile(r"^Input should be greater than or equal to (\S+)"), lambda m: f"must be at least {m.group(1)}"),
    (re.compile(r"^Input should be less than or equal to (\S+)"), lambda m: f"must be at most {m.group(1)}"),
    (
        re.compile(r"^String should have at most (\d+) characters?"),
        lambda m: f"must be at most {m.group(1)} characters",
    ),
    (
        re.compile(r"^String should have at least (\d+) characters?"),
        lambda m: f"must be at least {m.group(1)} characters",
    ),
    (re.compile(r"^Input should be '.*"), lambda m: "must be one of the choices offered"),
    (re.compile(r"^List should have at most (\d+) items?.*"), lambda m: f"can list at most {m.group(1)}"),
    (
        re.compile(r"^must be a local date-time.*|^is not a real date and time"),
        lambda m: "must be a real date and time",
    ),
)


def readable(message: str) -> str:
    """pydantic's wording, said for people (the JSON API keeps its own)."""
    for pattern, say in _MESSAGES:
        match = pattern.match(message)
        if match:
            return say(match)
    return message


class FormView:
    """The values and errors of one form, with the ids and ARIA attributes each control needs."""

    def __init__(
        self,
        prefix: str,
        values: dict[str, Any] | None = None,
        errors: dict[str, list[str]] | None = None,
    ) -> None:
        self.prefix = prefix
        self.values = values or {}
        self.errors = errors or {}
        self.anchors: dict[str, str] = {}

    def id(self, key: str) -> str:
        return _field_id(self.prefix, key)

    def value(self, key: str, default: str = "") -> Any:
        value = self.values.get(key)
        return default if value is None else value

    def error(self, key: str) -> str | None:
        messages = self.errors.get(key)
        return " ".join(messages) if messages else None

    def error_id(self, key: str) -> str:
        return "e" + self.id(key)

    def hint_id(self, key: str) -> str:
        return "h" + self.id(key)

    def attrs(self, name: str, *, key: str | None = None, hint: bool = False, id_key: str | None = None) -> Markup:
        """` id=… name=… aria-describedby=… aria-invalid=…` for a control named `name` whose errors are under `key`."""
        from markupsafe import Markup

        key = key or name
        described = [self.hint_id(key)] if hint else []
        parts = [Markup('id="{}"').format(self.id(id_key or name)), Markup('name="{}"').format(name)]
        if self.error(key):
            described.append(self.error_id(key))
            parts.append(Markup('aria-invalid="true"'))
        if described:
            parts.append(Markup('aria-describedby="{}"').format(" ".join(described)))
        return Markup(" ") + Markup(" ").join(parts)

    def summary(self) -> list[dict[str, str]]:
        """The error summary: one link per message, to the control it concerns."""
        return [
            {"href": "#" + self.anchors.get(key, self.id(key)), "text": " ".join(messages)}
            for key, messages in self.errors.items()
        ]


def _add_error(errors: dict[str, list[str]], key: str, message: str) -> None:
    if message not in errors.setdefault(key, []):
        errors[key].append(message)


# --- the form: GET / and POST / ------------------------------------------------------------------------------

TEXT_FIELDS = (
    "candidate.name",
    "candidate.email",
    "company.name",
    "company.website",
    "role",
    "round",
    "starts_at.date",
    "starts_at.time",
    "timezone",
    "duration_minutes",
    "format",
    "location",
    "first_interview_notes",
    "salary.min",
    "salary.max",
    "salary.currency",
    "salary.period",
    "digest_lead_hours",
    "thank_you_delay_minutes",
)
ROW_FIELD = re.compile(r"^interviewers\[(\d{1,3})\]\.(name|title|relationship|met_before)$")
ROW_KEYS = ("name", "title", "relationship", "met_before")
DEFAULTS = {
    "round": "2",
    "duration_minutes": "60",
    "format": "in_person",
    "timezone": "UTC",
    "salary.period": "year",
    "digest_lead_hours": "48",
    "thank_you_delay_minutes": "60",
}
LABELS = {
    "candidate.name": "Your name",
    "candidate.email": "Your email address",
    "company.name": "Company",
    "company.website": "Company website",
    "role": "Role",
    "round": "Round",
    "starts_at": "Date and time",
    "timezone": "Time zone",
    "duration_minutes": "Duration",
    "format": "Format",
    "location": "Location",
    "includes": "What it includes",
    "interviewers": "Interviewers",
    "first_interview_notes": "Notes from the earlier interview",
    "salary": "Salary range",
    "salary.min": "Salary from",
    "salary.max": "Salary to",
    "salary.currency": "Currency",
    "salary.period": "Salary per",
    "digest_lead_hours": "Digest lead time",
    "thank_you_delay_minutes": "Thank-you delay",
}
ROW_LABELS = {"name": "name", "title": "job title", "relationship": "role in the hiring", "met_before": "met before"}
RELATIONSHIPS = (
    ("hiring_manager", "Hiring manager (your future boss)"),
    ("team_member", "Team member (a future colleague)"),
    ("hr", "HR"),
    ("recruiter", "Recruiter"),
    ("executive", "Executive"),
    ("other", "Someone else"),
)
FORMATS = (("in_person", "In person"), ("video", "Video call"), ("phone", "Phone call"), ("meal", "Over a meal"))
INCLUDES = (
    ("presentation", "A presentation you give"),
    ("test", "A test or exercise"),
    ("tour", "A tour of the workplace"),
    ("group", "A group interview"),
    ("take_home", "A take-home or written exercise"),
)
PERIODS = (("year", "year"), ("month", "month"), ("hour", "hour"))


@dataclasses.dataclass
class FormInput:
    """What the visitor typed, as typed (to show it back), and the interviewer rows in order."""

    values: dict[str, str]
    includes: list[str]
    rows: list[dict[str, Any]]


def _blank_row() -> dict[str, Any]:
    return {"name": "", "title": "", "relationship": "", "met_before": False}


def _row_is_blank(row: dict[str, Any]) -> bool:
    return not (str(row["name"]).strip() or str(row["title"]).strip() or row["relationship"] or row["met_before"])


def read_form_input(form: dict[str, list[str]]) -> FormInput:
    values = {name: _one(form, name) for name in TEXT_FIELDS}
    includes = [v for v in dict.fromkeys(form.get("includes", [])) if v][:10]
    indexed: dict[int, dict[str, Any]] = {}
    for key, posted in form.items():
        match = ROW_FIELD.match(key)
        if match:
            row = indexed.setdefault(int(match.group(1)), _blank_row())
            row[match.group(2)] = True if match.group(2) == "met_before" else posted[-1]
    rows = [indexed[i] for i in sorted(indexed)][: MAX_ROWS * 2]
    return FormInput(values, includes, rows)


def _number(text: str, *, separators: bool = False) -> int | str | None:
    """A whole number typed in a box: the int, None when empty, or the text itself (for the model to refuse)."""
    cleaned = re.sub(r"[\s,_']", "", text) if separators else text.strip()
    if not cleaned:
        return None
    return int(cleaned) if re.fullmatch(r"[+-]?\d{1,12}", cleaned) else text


def request_data(entered: FormInput) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The `InterviewRequest` body the form describes, and the errors found before the model sees it."""
    v = entered.values
    errors: dict[str, list[str]] = {}

    def text(name: str) -> str | None:
        return v[name] if v[name].strip() else None

    def put(target: dict[str, Any], key: str, value: Any) -> None:
        if value is not None:
            target[key] = value

    data: dict[str, Any] = {"candidate": {}, "company": {}}
    put(data["candidate"], "name", text("candidate.name"))
    put(data["candidate"], "email", text("candidate.email"))
    put(data["company"], "name", text("company.name"))
    put(data["company"], "website", text("company.website"))
    put(data, "role", text("role"))
    date, time = v["starts_at.date"].strip(), v["starts_at.time"].strip()
    if date and time:
        data["starts_at"] = f"{date}T{time}"
    elif date or time:
        _add_error(errors, "starts_at", f"{LABELS['starts_at']} needs both a date and a time")
    put(data, "timezone", text("timezone"))
    for name in ("round", "duration_minutes", "digest_lead_hours", "thank_you_delay_minutes"):
        put(data, name, _number(v[name]))
    put(data, "format", text("format"))
    put(data, "location", text("location"))
    data["includes"] = list(entered.includes)
    put(data, "first_interview_notes", text("first_interview_notes"))
    people = []
    for row in (r for r in entered.rows if not _row_is_blank(r)):
        person: dict[str, Any] = {"met_before": bool(row["met_before"])}
        for key in ("name", "title", "relationship"):
            if str(row[key]).strip():
                person[key] = row[key]
        people.append(person)
    data["interviewers"] = people
    if any(v[name].strip() for name in ("salary.min", "salary.max", "salary.currency")):
        salary: dict[str, Any] = {}
        for key in ("min", "max"):
            put(salary, key, _number(v[f"salary.{key}"], separators=True))
        put(salary, "currency", text("salary.currency"))
        put(salary, "period", text("salary.period"))
        data["salary"] = salary
    return data, errors


def _form_place(field: str) -> str:
    """Where an error about `field` (an API field path) is shown on the form."""
    match = re.match(r"^interviewers\[(\d+)\](?:\.(\w+))?", field)
    if match:
        key = match.group(2) if match.group(2) in ROW_KEYS else "name"
        return f"interviewers[{match.group(1)}].{key}"
    field = re.sub(r"\[\d+\].*$", "", field)
    if field.startswith("starts_at"):
        return "starts_at"
    if field in LABELS:
        return field
    if field.startswith("salary"):
        return "salary"
    return "form"


def _form_label(place: str) -> str:
    match = re.match(r"^interviewers\[(\d+)\]\.(\w+)$", place)
    if match:
        return f"Interviewer {int(match.group(1)) + 1}: {ROW_LABELS[match.group(2)]}"
    return LABELS.get(place, "This form")


def form_errors(details: Iterable[dict[str, str]], errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """API error details as messages at their places on the form (each message names what it concerns)."""
    for detail in details:
        place = _form_place(detail["field"])
        message = readable(detail["message"])
        if place == "starts_at" and place in errors:
            continue  # already explained in the form's own words
        _add_error(errors, place, f"{_form_label(place)} {message}" if place != "form" else message)
    return errors


def _form_view(entered: FormInput, errors: dict[str, list[str]] | None = None) -> FormView:
    values: dict[str, Any] = dict(entered.values)
    values["includes"] = entered.includes
    view = FormView("f", values, errors or {})
    view.anchors = {
        "starts_at": view.id("starts_at.date"),
        "salary": view.id("salary.min"),
        "format": view.id("format.in_person"),
        "includes": view.id("includes.presentation"),
        "interviewers": view.id("interviewers[0].name"),
        "form": "record-form",
    }
    return view


def _form_page(
    entered: FormInput, errors: dict[str, list[str]] | None = None, *, status: int = 200, fresh: bool = False
) -> Response[str]:
    rows = [dict(r) for r in entered.rows] or [_blank_row()]
    return _page(
        "page_form.html.j2",
        status,
        csrf=_csrf(),
        f=_form_view(entered, errors),
        rows=rows[:MAX_ROWS],
        max_rows=MAX_ROWS,
        fresh=fresh,
        zones=zone_groups(),
        zone_label=zone_label,
        relationships=RELATIONSHIPS,
        formats=FORMATS,
        include_choices=INCLUDES,
        periods=PERIODS,
        currencies=_currencies(),
        honeypot=HONEYPOT_FIELD,
    )


@functools.cache
def _currencies() -> tuple[str, ...]:
    from interview_prep.models import CURRENCIES

    return tuple(sorted(CURRENCIES))


def _empty_input() -> FormInput:
    values = {name: DEFAULTS.get(name, "") for name in TEXT_FIELDS}
    return FormInput(values, [], [_blank_row() for _ in range(INITIAL_ROWS)])


@router.get("/", include_in_schema=False)
def form_page() -> Response[str]:
    return _form_page(_empty_input(), fresh=True)


def _source_ip() -> str:
    identity = router.current_event.request_context.identity
    return str(identity.source_ip or "unknown")


@router.post("/", include_in_schema=False)
def submit_form() -> Response[str]:
    from pydantic import ValidationError

    from interview_prep.models import InterviewRequest

    form = _form_body()
    entered = read_form_input(form)
    if not _csrf_ok(form):
        errors = {
            "form": ["For your safety this form expired. Nothing was recorded: check the details and send it again."]
        }
        return _form_page(entered, errors, status=403)
    if "add_interviewer" in form or "remove_interviewer" in form:
        return _form_page(_edit_rows(entered, form))
    if _one(form, HONEYPOT_FIELD).strip():
        logger.info("honeypot filled: nothing recorded")
        return _page("page_sent.html.j2", email=_one(form, "candidate.email").strip())
    data, errors = request_data(entered)
    try:
        request = InterviewRequest.model_validate(data)
    except ValidationError as exc:
        errors = form_errors(details_from(exc.errors()), errors)
    if errors:
        kept = [r for r in entered.rows if not _row_is_blank(r)]
        return _form_page(
            dataclasses.replace(entered, rows=[*kept, _blank_row()] if len(kept) < MAX_ROWS else kept),
            errors,
            status=422,
        )
    refused = _over_limits(request.candidate.email)
    if refused is not None:
        return _form_page(entered, refused, status=429)
    interview = interviews.record(_store(), request, owner="web", now=clock.now(), source="web")
    logger.info("interview recorded from the web form", extra={"interview_id": interview.id})
    return _page("page_sent.html.j2", email=interview.candidate.email)


def _over_limits(email: str) -> dict[str, list[str]] | None:
    """The caps on unconfirmed submissions: per source address, then per email address, per day."""
    config, now, store = settings(), clock.now(), _store()
    try:
        store.count("source", _source_ip(), limit=config.unconfirmed_per_source_per_day, now=now)
    except RateLimited:
        message = "Too many interviews were recorded from your network today. Please try again tomorrow."
        return {"form": [message]}
    try:
        store.count("email", email.casefold(), limit=config.unconfirmed_per_email_per_day, now=now)
    except RateLimited:
        message = (
            "This address already has several interviews waiting for confirmation today. Confirm them with the "
            "links in your inbox, or try again tomorrow."
        )
        return {"candidate.email": [f"{LABELS['candidate.email']}: {message}"]}
    return None


def _edit_rows(entered: FormInput, form: dict[str, list[str]]) -> FormInput:
    """The no-JavaScript way to add or remove an interviewer row: the form comes back with the change."""
    rows = list(entered.rows)
    if "remove_interviewer" in form:
        index = _number(_one(form, "remove_interviewer"))
        if isinstance(index, int) and 0 <= index < len(rows):
            rows.pop(index)
    elif len(rows) < MAX_ROWS:
        rows.append(_blank_row())
    return dataclasses.replace(entered, rows=rows[:MAX_ROWS] or [_blank_row()])


# --- confirm ---------------------------------------------------------------------------------------------------


@router.get("/confirm/<token>", include_in_schema=False)
def confirm_page(token: str) -> Response[str]:
    now, store = clock.now(), _store()
    try:
        interview_id = tokens.resolve(store, token, purpose="confirm", now=now)
    except InvalidToken as exc:
        return _token_problem(exc, "confirm")
    before = store.get(interview_id)
    interview = interviews.confirm(store, interview_id, now=now) if before is not None else None
    if before is None or interview is None:
        return _gone()
    manage = _mint_manage(store, interview)
    # A second click (or a mail scanner's first) finds it confirmed already: the page, not an error.
    if before.status == "pending_confirmation" and interview.status == "scheduled":
        done = "?done=confirmed"
    else:
        done = "?done=opened" if interview.status in ("scheduled", "completed") else ""
    return _redirect(f"{_root()}/manage/{manage}{done}")


def _mint_manage(store: InterviewStore, interview: Interview) -> str:
    from interview_prep.store import RETENTION_AFTER_END

    return tokens.mint(
        store, interview_id=interview.id, purpose="manage", expires_at=interview.ends_at_utc + RETENTION_AFTER_END
    )


def _gone() -> Response[str]:
    return _message(
        404, "This interview is no longer here", "It was removed, as every interview is some time after it ends."
    )


# --- manage ----------------------------------------------------------------------------------------------------

DONE = {
    "confirmed": "Thank you: your address is confirmed. Your prep digest and thank-you drafts are scheduled.",
    "opened": "Your address was already confirmed: here is your interview.",
    "rescheduled": "The interview was moved. The emails follow the new time.",
    "cancelled": "The interview is cancelled. No more emails will be sent about it.",
    "notes": "Your notes are saved. The thank-you drafts use them.",
}
STATUS_LABELS = {
    "pending_confirmation": "Waiting for you to confirm your address",
    "scheduled": "Scheduled",
    "cancelled": "Cancelled",
    "completed": "Completed",
}
NOT_SENT = {
    "unconfirmed": "After you confirm your address with the link in the confirmation email",
    "cancelled": "Not sent: the interview is cancelled",
    "unsubscribed": "Not sent: you unsubscribed",
    "completed": "Not sent: the interview is completed",
}


def _resolve_manage(token: str) -> tuple[Interview | None, Response[str] | None]:
    now, store = clock.now(), _store()
    try:
        interview_id = tokens.resolve(store, token, purpose="manage", now=now)
    except InvalidToken as exc:
        return None, _token_problem(exc, "manage")
    interview = store.get(interview_id)
    if interview is None:
        return None, _gone()
    return interview, None


def _deliveries(interview: Interview) -> list[dict[str, str]]:
    from interview_prep.planning import why_no_deliveries

    reason = why_no_deliveries(interview)
    rows = []
    if interview.source == "web":
        sent = interview.confirmation.sent_at
        rows.append(
            {
                "label": "Confirmation email",
                "state": f"Sent {local_when(sent, interview)}" if sent else "Being sent now",
            }
        )
    for kind, label in (("digest", "Prep digest"), ("thank_you", "Thank-you drafts")):
        state = interview.delivery(kind)  # type: ignore[arg-type]
        if state.sent_at is not None and state.due_at is None:
            text = f"Sent {local_when(state.sent_at, interview)}"
        elif state.due_at is not None and reason is None:
            text = f"Goes out {local_when(state.due_at, interview)}"
            if state.sent_at is not None:
                text += f" (first sent {local_when(state.sent_at, interview)})"
        elif reason is not None and state.sent_at is None:
            text = NOT_SENT.get(reason, "Not scheduled")
        elif state.sent_at is not None:
            text = f"Sent {local_when(state.sent_at, interview)}"
        else:
            text = "Not scheduled: the interview has already started" if kind == "digest" else "Not scheduled"
        rows.append({"label": label, "state": text})
    return rows


def _reschedule_view(
    interview: Interview, values: dict[str, str] | None = None, errors: dict[str, list[str]] | None = None
) -> FormView:
    start = interview.starts_at_local
    defaults = {
        "starts_at.date": f"{start:%Y-%m-%d}",
        "starts_at.time": f"{start:%H:%M}",
        "timezone": interview.timezone,
    }
    view = FormView("r", values or defaults, errors or {})
    view.anchors = {"starts_at": view.id("starts_at.date"), "form": view.id("starts_at.date")}
    return view


def _notes_view(
    interview: Interview, values: dict[str, str] | None = None, errors: dict[str, list[str]] | None = None
) -> FormView:
    if values is None:
        values = {}
        notes = interview.notes
        if notes is not None:
            values["text"] = notes.text or ""
            values["follow_ups"] = "\n".join(notes.follow_ups)
            for index, person in enumerate(interview.interviewers):
                entry = notes.for_interviewer(person.name)
                if entry is not None:
                    values[f"interviewers[{index}].topics"] = "\n".join(entry.topics)
                    values[f"interviewers[{index}].concerns"] = "\n".join(entry.concerns)
    view = FormView("n", values, errors or {})
    view.anchors = {"form": view.id("text")}
    return view


def _manage_page(
    token: str,
    interview: Interview,
    *,
    status: int = 200,
    done: str | None = None,
    problem: str | None = None,
    reschedule: FormView | None = None,
    notes: FormView | None = None,
) -> Response[str]:
    now = clock.now()
    changeable = interview.status in ("pending_confirmation", "scheduled") and now < interview.ends_at_utc
    started = now >= interview.starts_at_utc
    ended = now >= interview.ends_at_utc
    drafts = []
    if ended and interview.status != "cancelled":
        from interview_prep.drafts import build_drafts

        drafts = build_drafts(interview)
    from interview_prep.digest import duration_text, when_line

    return _page(
        "page_manage.html.j2",
        status,
        csrf=_csrf(),
        token=token,
        i=interview,
        when=when_line(interview),
        duration=duration_text(interview.duration_minutes),
        format_label=dict(FORMATS).get(interview.format, interview.format),
        includes_labels=[dict(INCLUDES)[x] for x in interview.includes],
        relationship_labels=dict(RELATIONSHIPS),
        status_label=STATUS_LABELS[interview.status],
        deliveries=_deliveries(interview),
        unsubscribed_when=local_when(interview.unsubscribed_at, interview),
        done=DONE.get(done or ""),
        problem=problem,
        changeable=changeable,
        show_notes=started and interview.status != "cancelled",
        drafts=drafts,
        reschedule=reschedule or _reschedule_view(interview),
        notes=notes or _notes_view(interview),
        zones=zone_groups(),
        zone_label=zone_label,
    )


@router.get("/manage/<token>", include_in_schema=False)
def manage_page(token: str) -> Response[str]:
    interview, problem = _resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    done = router.current_event.get_query_string_value("done")
    return _manage_page(token, interview, done=done)


@router.get("/manage/<token>/digest", include_in_schema=False)
def digest_preview(token: str) -> Response[str]:
    interview, problem = _resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    from interview_prep.digest import render_digest
    from interview_prep.http_api import preview_links

    email = render_digest(interview, preview_links(), clock.now())
    return Response(200, HTML, email.html, headers=_security_headers(PREVIEW_CSP))


@router.get("/manage/<token>/guide", include_in_schema=False)
def guide_page(token: str) -> Response[str]:
    """The full prep guide: everything selected for the interview, without the email's word budget."""
    interview, problem = _resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    from interview_prep.digest import render_guide
    from interview_prep.http_api import preview_links

    guide = render_guide(interview, preview_links(), clock.now())
    return Response(200, HTML, guide.html, headers=_security_headers(PREVIEW_CSP))


def _manage_post(token: str, act: Callable[[Interview, dict[str, list[str]]], Response[str]]) -> Response[str]:
    """A change from the manage page: CSRF checked, token resolved, the change made, then 303 (or the page again)."""
    interview, problem = _resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    form = _form_body()
    if not _csrf_ok(form):
        message = "For your safety this form expired. Nothing was changed: please try again."
        return _manage_page(token, interview, status=403, problem=message)
    try:
        return act(interview, form)
    except DomainError as exc:
        return _manage_page(
            token, _store().get(interview.id) or interview, status=exc.status, problem=_domain_message(exc)
        )


def _domain_message(exc: DomainError) -> str:
    if exc.code == "precondition_failed":
        return "The interview changed while you were looking at it. Here it is as it is now: please try again."
    if exc.code == "conflict":
        return f"That change is not possible: {exc.message}."
    return exc.message[:1].upper() + exc.message[1:] + "."


@router.post("/manage/<token>/reschedule", include_in_schema=False)
def reschedule(token: str) -> Response[str]:
    def act(interview: Interview, form: dict[str, list[str]]) -> Response[str]:
        values = {name: _one(form, name) for name in ("starts_at.date", "starts_at.time", "timezone")}
        date, time = values["starts_at.date"].strip(), values["starts_at.time"].strip()
        try:
            if not (date and time):
                raise InvalidInput("incomplete", [{"field": "starts_at", "message": "needs both a date and a time"}])
            interviews.reschedule(
                _store(), interview, starts_at=f"{date}T{time}", timezone=values["timezone"].strip(), now=clock.now()
            )
        except InvalidInput as exc:
            errors: dict[str, list[str]] = {}
            for detail in exc.details or [{"field": "starts_at", "message": exc.message}]:
                place = "timezone" if detail["field"].startswith("timezone") else "starts_at"
                _add_error(errors, place, f"{LABELS[place]} {readable(detail['message'])}")
            view = _reschedule_view(interview, values, errors)
            return _manage_page(token, interview, status=422, reschedule=view)
        return _redirect(f"{_root()}/manage/{token}?done=rescheduled")

    return _manage_post(token, act)


@router.post("/manage/<token>/cancel", include_in_schema=False)
def cancel(token: str) -> Response[str]:
    def act(interview: Interview, form: dict[str, list[str]]) -> Response[str]:
        interviews.cancel(_store(), interview, now=clock.now())
        return _redirect(f"{_root()}/manage/{token}?done=cancelled")

    return _manage_post(token, act)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@router.post("/manage/<token>/notes", include_in_schema=False)
def notes(token: str) -> Response[str]:
    from pydantic import ValidationError

    from interview_prep.models import Notes

    def act(interview: Interview, form: dict[str, list[str]]) -> Response[str]:
        values = {"text": _one(form, "text"), "follow_ups": _one(form, "follow_ups")}
        entries, positions = [], []
        for index, person in enumerate(interview.interviewers):
            topics, concerns = (_one(form, f"interviewers[{index}].{part}") for part in ("topics", "concerns"))
            values[f"interviewers[{index}].topics"], values[f"interviewers[{index}].concerns"] = topics, concerns
            if _lines(topics) or _lines(concerns):
                entries.append({"name": person.name, "topics": _lines(topics), "concerns": _lines(concerns)})
                positions.append(index)
        data: dict[str, Any] = {"interviewers": entries, "follow_ups": _lines(values["follow_ups"])}
        if values["text"].strip():
            data["text"] = values["text"]
        try:
            parsed = Notes.model_validate(data)
        except ValidationError as exc:
            errors: dict[str, list[str]] = {}
            for detail in details_from(exc.errors()):
                place, label = _notes_place(detail["field"], interview, positions)
                _add_error(errors, place, f"{label} {readable(detail['message'])}")
            view = _notes_view(interview, values, errors)
            return _manage_page(token, interview, status=422, notes=view)
        interviews.put_notes(_store(), interview, parsed, now=clock.now())
        return _redirect(f"{_root()}/manage/{token}?done=notes")

    return _manage_post(token, act)


def _notes_place(field: str, interview: Interview, positions: list[int]) -> tuple[str, str]:
    """The notes form's control for an error about `field`, and how to name it."""
    match = re.match(r"^interviewers\[(\d+)\]\.(topics|concerns)(?:\[(\d+)\])?", field)
    if match and int(match.group(1)) < len(positions):
        index = positions[int(match.group(1))]
        person = interview.interviewers[index].name
        line = f", line {int(match.group(3)) + 1}," if match.group(3) else ""
        return f"interviewers[{index}].{match.group(2)}", f"{match.group(2).capitalize()} with {person}{line}"
    match = re.match(r"^follow_ups(?:\[(\d+)\])?", field)
    if match:
        return "follow_ups", f"Follow-ups{', line ' + str(int(match.group(1)) + 1) + ',' if match.group(1) else ''}"
    return "text", "Your notes"


# --- unsubscribe -----------------------------------------------------------------------------------------------


@router.get("/unsubscribe/<token>", include_in_schema=False)
def unsubscribe_page(token: str) -> Response[str]:
    """A page with a button: a GET never unsubscribes (mail scanners follow links)."""
    interview, problem = _resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    return _page(
        "page_unsubscribe.html.j2",
        token=token,
        i=interview,
        done=False,
        unsubscribed_when=local_when(interview.unsubscribed_at, interview),
    )


@router.post("/unsubscribe/<token>", include_in_schema=False)
def unsubscribe(token: str) -> Response[str]:
    """RFC 8058 one-click unsubscribe (no CSRF token can travel with it; it is idempotent and only stops email)."""
    interview, problem = _resolve_manage(token)
    if interview is None:
        return problem  # type: ignore[return-value]
    updated = interviews.unsubscribe(_store(), interview.id, now=clock.now()) or interview
    logger.info("unsubscribed", extra={"interview_id": interview.id})
    return _page(
        "page_unsubscribe.html.j2",
        token=token,
        i=updated,
        done=True,
        unsubscribed_when=local_when(updated.unsubscribed_at, updated),
    )


# --- static files ----------------------------------------------------------------------------------------------


@router.get("/static/<name>", include_in_schema=False)
def static_file(name: str) -> Response[str]:
    content_type = STATIC_FILES.get(name)
    if content_type is None:
        return _message(404, "Not found", "There is no such file.")
    text, digest = _static(name)
    headers = {
        "Cache-Control": "public, max-age=31536000, immutable",
        "ETag": f'"{digest}"',
        "X-Content-Type-Options": "nosniff",
    }
    return Response(200, content_type, text, headers=headers)
