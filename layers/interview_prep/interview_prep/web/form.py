"""The form that records an invitation: `GET /` and `POST /` (honeypot, caps, double opt-in follows)."""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.event_handler import Response

from interview_prep.adapters.store import interview_store
from interview_prep.domain import clock
from interview_prep.domain.errors import details_from
from interview_prep.domain.i18n import LANGUAGE_NAMES, LANGUAGES, N_, Locale
from interview_prep.services import access, caps, interviews
from interview_prep.web.csrf import csrf_for_request, csrf_ok
from interview_prep.web.form_view import (
    DEFAULTS,
    FORMATS,
    INCLUDES,
    LABELS,
    PERIODS,
    RELATIONSHIPS,
    ROW_FIELD,
    ROW_KEYS,
    ROW_LABELS,
    TEXT_FIELDS,
    FormView,
    add_error,
    readable,
)
from interview_prep.web.pages import (
    HONEYPOT_FIELD,
    INITIAL_ROWS,
    MAX_ROWS,
    form_body,
    logger,
    one_value,
    page,
    page_locale,
    router,
    say,
)
from interview_prep.web.zones import zone_groups, zone_label

if TYPE_CHECKING:
    from interview_prep.domain.models import InterviewRequest

# --- the form: GET / and POST / ------------------------------------------------------------------------------


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
    values = {name: one_value(form, name) for name in TEXT_FIELDS}
    includes = [v for v in dict.fromkeys(form.get("includes", [])) if v][:10]
    indexed: dict[int, dict[str, Any]] = {}
    for key, posted in form.items():
        match = ROW_FIELD.match(key)
        if match:
            row = indexed.setdefault(int(match.group(1)), _blank_row())
            row[match.group(2)] = True if match.group(2) == "met_before" else posted[-1]
    rows = [indexed[i] for i in sorted(indexed)][: MAX_ROWS * 2]
    return FormInput(values, includes, rows)


def people_from_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The `interviewers` the rows describe, in order, empty rows left out (what the model checks)."""
    people = []
    for row in (r for r in rows if not _row_is_blank(r)):
        person: dict[str, Any] = {"met_before": bool(row["met_before"])}
        for key in ("name", "title", "relationship"):
            if str(row[key]).strip():
                person[key] = row[key]
        people.append(person)
    return people


def rows_with_one_blank(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The filled rows shown back after an error, and one empty row to add someone (while there is room)."""
    kept = [r for r in rows if not _row_is_blank(r)]
    return [*kept, _blank_row()] if len(kept) < MAX_ROWS else kept


def _number(text: str) -> int | str | None:
    """A whole number typed in a box: the int, None when empty, or the text itself (for the model to refuse)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    return int(cleaned) if re.fullmatch(r"[+-]?\d{1,12}", cleaned) else text


# An amount as people type it: digits grouped by commas, dots, spaces or apostrophes (`85,000`, `85 000`, `85'000`),
# then perhaps one or two decimals after a dot or a comma (`11.44`, `11,44` as written in French, `1 234,50`).
_AMOUNT = re.compile(r"([+-]?)(\d{1,3}(?:[,.]\d{3})+|\d{1,12})(?:[.,](\d{1,2}))?")


def _amount(text: str) -> int | float | str | None:
    """An amount of pay typed in a box: the number (an int when whole), None when empty, or the text itself (for the
    model to refuse, next to the box). A comma before three digits groups them; before one or two, it is the decimal
    comma: `85,000` is eighty-five thousand, `11,44` eleven and 44 cents. A currency sign typed with it (`£11.44`) is
    left out: the currency is the one chosen beside it."""
    cleaned = "".join(ch for ch in re.sub(r"[\s_'’]", "", text) if unicodedata.category(ch) != "Sc")  # "£11.44"
    if not cleaned:
        return None if not text.strip() else text
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        return text
    sign, whole, cents = match.groups()
    digits = re.sub(r"[,.]", "", whole)
    if cents is None:
        return int(sign + digits)
    return float(f"{sign}{digits}.{cents}")


def request_data(entered: FormInput, locale: Locale | None = None) -> tuple[dict[str, Any], dict[str, list[str]]]:
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
    put(data["candidate"], "given_name", text("candidate.given_name"))
    put(data["company"], "name", text("company.name"))
    put(data["company"], "website", text("company.website"))
    put(data, "role", text("role"))
    date, time = v["starts_at.date"].strip(), v["starts_at.time"].strip()
    if date and time:
        data["starts_at"] = f"{date}T{time}"
    elif date or time:
        label = say(LABELS["starts_at"], locale)
        add_error(errors, "starts_at", say("%(label)s needs both a date and a time", locale, label=label))
    put(data, "timezone", text("timezone"))
    for name in ("round", "duration_minutes", "digest_lead_hours", "thank_you_delay_minutes"):
        put(data, name, _number(v[name]))
    put(data, "format", text("format"))
    put(data, "location", text("location"))
    put(data, "language", text("language"))
    data["includes"] = list(entered.includes)
    put(data, "first_interview_notes", text("first_interview_notes"))
    for flag in ("internal_candidate", "final_round"):
        if v[flag].strip():
            data[flag] = True
    data["interviewers"] = people_from_rows(entered.rows)
    if any(v[name].strip() for name in ("salary.min", "salary.max", "salary.currency")):
        salary: dict[str, Any] = {}
        low, high = v["salary.min"].strip(), v["salary.max"].strip()
        for key, typed in (("min", low or high), ("max", high or low)):  # one figure, in either box: min = max
            put(salary, key, _amount(typed))
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


def _form_label(place: str, locale: Locale) -> str:
    match = re.match(r"^interviewers\[(\d+)\]\.(\w+)$", place)
    if match:
        what = say(ROW_LABELS[match.group(2)], locale)
        return say("Interviewer %(number)s: %(what)s", locale, number=int(match.group(1)) + 1, what=what)
    return say(LABELS.get(place, N_("This form")), locale)


def form_errors(
    details: Iterable[dict[str, str]], errors: dict[str, list[str]], locale: Locale | None = None
) -> dict[str, list[str]]:
    """API error details as messages at their places on the form (each message names what it concerns)."""
    locale = locale or page_locale()
    for detail in details:
        place = _form_place(detail["field"])
        message = readable(detail["message"], locale)
        if place == "starts_at" and place in errors:
            continue  # already explained in the form's own words
        add_error(errors, place, f"{_form_label(place, locale)} {message}" if place != "form" else message)
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
    entered: FormInput,
    errors: dict[str, list[str]] | None = None,
    *,
    status: int = 200,
    fresh: bool = False,
    action: str = "/",
    imported: dict[str, Any] | None = None,
    review: bool = False,
    import_errors: dict[str, list[str]] | None = None,
    locale: Locale | None = None,
) -> Response[str]:
    """The record form; `imported` when it is pre-filled from an invitation, `review` for a forwarded one;
    `locale` when the page speaks another language than the visitor's (a forwarded invitation's)."""
    rows = [dict(r) for r in entered.rows] or [_blank_row()]
    return page(
        "page_form.html.j2",
        status,
        locale=locale,
        csrf=csrf_for_request(),
        action=action,
        imported=imported,
        review=review,
        upload=FormView("u", {}, import_errors or {}),
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
        language_choices=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
    )


@functools.cache
def _currencies() -> tuple[str, ...]:
    from interview_prep.domain.models import CURRENCIES

    return tuple(sorted(CURRENCIES))


def _empty_input() -> FormInput:
    values = {name: DEFAULTS.get(name, "") for name in TEXT_FIELDS}
    values["language"] = page_locale().language  # the emails speak the page's language unless changed
    return FormInput(values, [], [_blank_row() for _ in range(INITIAL_ROWS)])


@router.get("/", include_in_schema=False)
def form_page() -> Response[str]:
    return _form_page(_empty_input(), fresh=True)


def _source_ip() -> str | None:
    identity = router.current_event.request_context.identity
    return str(identity.source_ip) if identity.source_ip else None


def read_submission(form: dict[str, list[str]], **options: Any) -> tuple[FormInput, InterviewRequest | Response[str]]:
    """What a posted record form asks for: the valid request, or the page to answer instead (the form again with
    its errors or a changed set of interviewer rows, a refusal without the CSRF token, the honeypot's fake
    success). `options` are passed on to the form (`action`, `review`…)."""
    from pydantic import ValidationError

    from interview_prep.domain.models import InterviewRequest

    entered = read_form_input(form)
    if not csrf_ok(form):
        expired = say("For your safety this form expired. Nothing was recorded: check the details and send it again.")
        errors = {"form": [expired]}
        return entered, _form_page(entered, errors, status=403, **options)
    if "add_interviewer" in form or "remove_interviewer" in form:
        return entered, _form_page(edit_rows(entered, form), **options)
    if one_value(form, HONEYPOT_FIELD).strip():
        logger.info("honeypot filled: nothing recorded")
        return entered, page("page_sent.html.j2", email=one_value(form, "candidate.email").strip())
    data, errors = request_data(entered)
    try:
        request = InterviewRequest.model_validate(data)
    except ValidationError as exc:
        errors = form_errors(details_from(exc.errors()), errors)
    if errors:
        rows = rows_with_one_blank(entered.rows)
        return entered, _form_page(dataclasses.replace(entered, rows=rows), errors, status=422, **options)
    return entered, request


@router.post("/", include_in_schema=False)
def submit_form() -> Response[str]:
    entered, request = read_submission(form_body())
    if isinstance(request, Response):
        return request
    refused = _over_limits(request.candidate.email)
    if refused is not None:
        return _form_page(entered, refused, status=429)
    interview = interviews.record(interview_store(), request, owner=access.WEB_OWNER, now=clock.now(), source="web")
    logger.info("interview recorded from the web form", extra={"interview_id": interview.id})
    return page("page_sent.html.j2", email=interview.candidate.email)


FORM_CAP_MESSAGES = {
    "mailbox": (
        "candidate.email",
        N_(
            "This address already has several interviews waiting for confirmation today. Confirm them with the links in "
            "your inbox, or try again tomorrow."
        ),
    ),
    "domain": (
        "candidate.email",
        N_(
            "Too many interviews are waiting for confirmation at this address's domain today. Please try again tomorrow."
        ),
    ),
    "source": ("form", N_("Too many interviews were recorded from your network today. Please try again tomorrow.")),
    "global": ("form", N_("Too many interviews are waiting for confirmation right now. Please try again in an hour.")),
}


def _over_limits(email: str) -> dict[str, list[str]] | None:
    """The caps on unconfirmed submissions (`services.caps`): the errors to show, or None when admitted (and
    counted)."""
    try:
        caps.admit_unconfirmed(interview_store(), email=email, source=_source_ip(), now=clock.now())
    except caps.CapReached as exc:
        place, message = FORM_CAP_MESSAGES[exc.scope]
        if place == "form":
            return {place: [say(message)]}
        label = say(LABELS[place])
        return {place: [say("%(label)s: %(problem)s", label=label, problem=say(message))]}
    return None


def edit_rows(entered: FormInput, form: dict[str, list[str]]) -> FormInput:
    """The no-JavaScript way to add or remove an interviewer row: the form comes back with the change."""
    rows = list(entered.rows)
    if "remove_interviewer" in form:
        index = _number(one_value(form, "remove_interviewer"))
        if isinstance(index, int) and 0 <= index < len(rows):
            rows.pop(index)
    elif len(rows) < MAX_ROWS:
        rows.append(_blank_row())
    return dataclasses.replace(entered, rows=rows[:MAX_ROWS] or [_blank_row()])
