"""Property-based tests (hypothesis) of the models, the API, the planning and the rendering.

Whatever arrives, the models either validate it or raise `ValidationError`; the API answers only documented
statuses in the documented error shape; planning and rendering never raise for a valid interview, and HTML
never carries user text unescaped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests import hardening_support as hs
from tests.conftest import NOW, Api, interview_body

S = hs.strategies(NOW)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ON_MOTO = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
FIELDS = [*interview_body(), "location", "includes", "salary", "digest_lead_hours", "first_interview_notes"]


def interview_from(body: dict[str, Any], **update: Any) -> Any:
    """A stored interview (as `interviews.record` makes one) from a valid request body."""
    from interview_prep.domain import clock
    from interview_prep.domain.models import InterviewRequest
    from interview_prep.services.interviews import new_interview

    with clock.frozen(NOW):
        request = InterviewRequest.model_validate(body)
        interview = new_interview(request, owner="props", source="api", now=NOW)
    return interview.model_copy(update=update) if update else interview


# --- the models ---------------------------------------------------------------------------------------------


@FAST
@given(payload=S["json"])
def test_interview_request_any_json_validates_or_raises_validation_error(payload: Any) -> None:
    from interview_prep.domain import clock
    from interview_prep.domain.fields import InterviewFields
    from interview_prep.domain.models import InterviewRequest, Notes

    with clock.frozen(NOW):
        for model in (InterviewRequest, InterviewFields, Notes):
            with contextlib.suppress(ValidationError):
                model.model_validate(payload)


@FAST
@given(field=st.sampled_from(FIELDS), value=S["json"], nested=st.booleans())
def test_interview_request_valid_body_with_one_field_replaced_validates_or_raises_validation_error(
    field: str, value: Any, nested: bool
) -> None:
    from interview_prep.domain import clock
    from interview_prep.domain.models import InterviewRequest

    body = interview_body()
    if nested and isinstance(body.get(field), dict):
        body[field] = {**body[field], "name": value}
    else:
        body[field] = value
    with clock.frozen(NOW):
        try:
            InterviewRequest.model_validate(body)
        except ValidationError as exc:
            # every error names where it is, for the API's `details`
            from interview_prep.domain.errors import details_from

            assert all(d["field"] for d in details_from(exc.errors()))


@FAST
@given(body=S["request"]())
def test_interview_request_generated_valid_bodies_validate_and_survive_a_store_round_trip(body: dict[str, Any]) -> None:
    from interview_prep.adapters.store import load_interview

    interview = interview_from(body)

    again = load_interview(interview.model_dump_json())
    assert again == interview
    assert again.starts_at_utc > NOW
    assert again.ends_at_utc - again.starts_at_utc == dt.timedelta(minutes=body["duration_minutes"])


@FAST
@given(
    local=st.datetimes(min_value=dt.datetime.min, max_value=dt.datetime.max),
    zone=st.sampled_from(
        ["Pacific/Kiritimati", "Pacific/Niue", "Asia/Tokyo", "America/Toronto", "UTC", "localtime", "EST5EDT"]
    ),
    check_future=st.booleans(),
)
def test_interview_request_any_representable_date_in_any_zone_validates_or_raises_validation_error(
    local: dt.datetime, zone: str, check_future: bool
) -> None:
    """Every date Python can represent, from year 1 to 9999, in zones up to UTC+14 and down to UTC-11: validated or
    refused, never an OverflowError from the arithmetic that follows (UTC instant, reminders, retention)."""
    from interview_prep.domain import clock
    from interview_prep.domain.fields import InterviewFields
    from interview_prep.domain.models import InterviewRequest

    starts_at = local.replace(microsecond=0).isoformat()
    body = interview_body(starts_at=starts_at, timezone=zone)
    with clock.frozen(NOW):
        try:
            request = InterviewRequest.model_validate(body, context={"check_future": check_future})
        except ValidationError:
            pass
        else:
            assert request.ends_at_utc > request.starts_at_utc
            if check_future:  # a new interview's delivery times are planned from it
                interview_from(body)
        with contextlib.suppress(ValidationError):
            InterviewFields.model_validate({"starts_at": starts_at, "timezone": zone})


@ON_MOTO
@given(
    digits=st.integers(min_value=1, max_value=30_000),
    sign=st.sampled_from(["", "-"]),
    field=st.sampled_from(["round", "duration_minutes", "digest_lead_hours", "thank_you_delay_minutes", "salary"]),
    method=st.sampled_from(["POST", "PATCH"]),
)
def test_api_integers_of_any_length_answer_a_documented_4xx_or_success(
    api: Api, clock_at: Any, digits: int, sign: str, field: str, method: str
) -> None:
    number = sign + "7" * digits
    value = f'{{"min": 1, "max": {number}, "currency": "EUR", "period": "year"}}' if field == "salary" else number
    path = "/v1/interviews"
    body = interview_body()
    if method == "PATCH":
        status, _, created = api.call("POST", "/v1/interviews", body)
        assert status == 201
        path, body = f"/v1/interviews/{created['id']}", {}
    raw = json.dumps({**body, field: "__N__"}).replace('"__N__"', value).encode()

    status, _, answer = api.call(method, path, raw=raw, headers={"Content-Type": "application/json"})

    assert status in hs.DOCUMENTED_STATUSES, (status, answer)
    if status >= 400:
        assert 400 <= status < 500 and hs.is_error_body(answer), answer


# --- the API ------------------------------------------------------------------------------------------------


@ON_MOTO
@given(
    method_path=st.sampled_from(
        [("POST", "/v1/interviews"), ("PATCH", "/v1/interviews/{id}"), ("PUT", "/v1/interviews/{id}/notes")]
    ),
    body=st.one_of(S["json"], st.builds(lambda f, v: {**interview_body(), f: v}, st.sampled_from(FIELDS), S["json"])),
    raw=st.one_of(st.none(), st.binary(max_size=200)),
    content_type=st.sampled_from(
        [None, "application/json", "application/json; charset=utf-8", "text/plain", "multipart/form-data", "x/y"]
    ),
    headers=st.dictionaries(
        st.sampled_from(["If-Match", "Idempotency-Key", "Accept", "Origin", "X-Forwarded-Proto", "Cookie"]),
        st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
        max_size=3,
    ),
)
def test_api_random_bodies_and_headers_answer_documented_statuses_in_the_error_shape(
    api: Api,
    clock_at: Any,
    method_path: tuple[str, str],
    body: Any,
    raw: bytes | None,
    content_type: str | None,
    headers: dict[str, str],
) -> None:
    method, path = method_path
    if "{id}" in path:
        status, _, created = api.call("POST", "/v1/interviews", interview_body())
        assert status == 201
        path = path.replace("{id}", created["id"])
    sent = dict(headers)
    if content_type:
        sent["Content-Type"] = content_type
    data = raw if raw is not None else json.dumps(body).encode()

    status, response_headers, answer = api.call(method, path, raw=data, headers=sent)

    assert status in hs.DOCUMENTED_STATUSES, (status, answer)
    if status >= 400:
        assert hs.is_error_body(answer), answer
    assert "access-control-allow-origin" not in response_headers


@ON_MOTO
@given(
    query=st.dictionaries(
        st.sampled_from(["status", "from", "to", "limit", "next", "format", "x"]),
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(["scheduled", "2027-01-01", "2027-01-01T00:00:00Z", "0", "101", "-1", "html", "%00"]),
        ),
        max_size=4,
    ),
    path=st.sampled_from(["/v1/interviews", "/v1/interviews/{id}/digest", "/v1/interviews/{id}", "/v1/health"]),
)
def test_api_random_queries_answer_documented_statuses_in_the_error_shape(
    api: Api, clock_at: Any, query: dict[str, str], path: str
) -> None:
    from urllib.parse import urlencode

    if "{id}" in path:
        status, _, created = api.call("POST", "/v1/interviews", interview_body())
        assert status == 201
        path = path.replace("{id}", created["id"])

    status, _, answer = api.call("GET", f"{path}?{urlencode(query)}")

    assert status in hs.DOCUMENTED_STATUSES, (status, answer)
    if status >= 400:
        assert hs.is_error_body(answer), answer


# --- planning -----------------------------------------------------------------------------------------------


@FAST
@given(
    body=S["request"](),
    offset_hours=st.integers(min_value=-24 * 400, max_value=24 * 400),
    status=st.sampled_from(["scheduled", "pending_confirmation", "cancelled", "completed"]),
    unsubscribed=st.booleans(),
)
def test_plan_deliveries_any_interview_any_time_is_sound(
    body: dict[str, Any], offset_hours: int, status: str, unsubscribed: bool
) -> None:
    from interview_prep.domain.planning import plan_deliveries

    now = NOW + dt.timedelta(hours=offset_hours)
    interview = interview_from(body, status=status, unsubscribed_at=NOW if unsubscribed else None)
    interview = interview.model_copy(update={"created_at": now, "updated_at": now})  # recorded at `now`

    plan = plan_deliveries(interview)

    assert plan == sorted(plan)
    assert len({d.kind for d in plan}) == len(plan)
    if status != "scheduled" or unsubscribed:
        assert plan == []
        return
    for delivery in plan:
        assert delivery.revision == interview.revision
        assert delivery.due_at > now  # a past due time goes out soon, never "in the past"
        if delivery.kind == "digest":
            assert delivery.due_at < interview.starts_at_utc
        else:
            assert delivery.due_at >= interview.ends_at_utc
    assert [d.kind for d in plan if d.kind == "thank_you"] == ["thank_you"]


# --- rendering ----------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data(), body=S["request"](marker=True))
def test_rendering_any_valid_interview_never_raises_and_escapes_every_user_text(
    data: Any, body: dict[str, Any]
) -> None:
    from interview_prep.domain.digest import render_digest
    from interview_prep.domain.drafts import build_drafts, render_thank_you
    from interview_prep.domain.mail import Links
    from interview_prep.domain.models import Notes

    names = [i["name"].strip() for i in body["interviewers"]]
    notes = Notes.model_validate(data.draw(S["notes"](names, marker=True)))
    interview = interview_from(body, notes=notes)
    links = Links(manage_url="https://prep.example.test/manage/t", unsubscribe_url="https://prep.example.test/u/t")

    digest = render_digest(interview, links, NOW)
    drafts = build_drafts(interview)
    thank_you = render_thank_you(interview, drafts, links)

    for email in (digest, thank_you):
        assert email.subject and email.text and email.html
        assert "<zz" not in email.html, "user text reached the HTML unescaped"
        assert "\n" not in email.subject and "\r" not in email.subject
    assert "&lt;zz" in digest.html  # the user text is there, escaped
    assert drafts


@pytest.mark.parametrize("text", hs.HOSTILE)
def test_rendering_hostile_text_is_shown_as_text_never_evaluated(text: str) -> None:
    from interview_prep.domain.digest import render_digest
    from interview_prep.domain.mail import Links

    body = interview_body(role=text, company={"name": text})
    body["interviewers"][0]["name"] = f"Dana {text}"
    interview = interview_from(body)
    links = Links(manage_url="https://prep.example.test/m/t", unsubscribe_url="https://prep.example.test/u/t")

    email = render_digest(interview, links, NOW)

    assert "<script>" not in email.html and "<img" not in email.html
    if "{{7*7}}" in text:
        assert "{{7*7}}" in email.text and "{{7*7}}" in email.html
