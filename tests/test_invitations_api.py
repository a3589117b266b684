"""POST /v1/invitations/parse: an invitation in, a draft out, nothing stored; every refusal in the error shape."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import NOW, Api
from tests.test_invitations import calendars, fixture

PATH = "/v1/invitations/parse"


def parse(api: Api, data: bytes, content_type: str = "text/calendar", query: str = "") -> tuple[int, Any]:
    status, _, body = api.call("POST", PATH + query, raw=data, headers={"Content-Type": content_type})
    return status, body


@pytest.fixture
def now(clock_at: Any) -> None:
    clock_at(NOW)


def test_parse_ics_gives_draft_missing_warnings_and_event(api: Api, now: None) -> None:
    status, body = parse(api, fixture("zoom.ics"))

    assert status == 200
    assert body["draft"]["starts_at"] == "2027-04-01T08:30" and body["draft"]["timezone"] == "America/Chicago"
    assert body["draft"]["location"].startswith("https://prairiehealth.zoom.us/j/")
    assert "candidate.email" in body["missing"]
    assert body["event"] == {
        "uid": "20270115T201532Z-84123456789@fe80:0:0:0:0:0:0:1",
        "sequence": 0,
        "starts_at_utc": "2027-04-01T13:30:00+00:00",
    }


def test_parse_latin1_email_in_base64_as_api_gateway_sends_binary_types(api: Api, now: None) -> None:
    from functions.api.app import lambda_handler
    from local_stack.proxy import LambdaContext, api_gateway_event

    event = api_gateway_event(
        "POST", PATH, headers={"Content-Type": "message/rfc822", "Authorization": f"Bearer {api.key}"}
    )
    event.update(body=base64.b64encode(fixture("latin1_quoted_printable.eml")).decode(), isBase64Encoded=True)
    response = lambda_handler(event, LambdaContext("ApiFunction"))

    assert response["statusCode"] == 200
    assert '"José Muñoz"' in response["body"] or "Jos\\u00e9 Mu\\u00f1oz" in response["body"]


def test_parse_completed_draft_is_accepted_by_post_interviews(api: Api, now: None) -> None:
    _, parsed = parse(api, fixture("outlook_exchange.eml"), "message/rfc822")
    body = parsed["draft"] | {"round": 1}
    body["interviewers"] = [{**p, "relationship": "team_member"} for p in body["interviewers"]]

    status, _, created = api.call("POST", "/v1/interviews", body)

    assert status == 201, created
    assert created["starts_at_utc"] == "2027-03-30T17:00:00+00:00"


def test_parse_candidate_email_and_timezone_query(api: Api, now: None) -> None:
    status, body = parse(
        api, fixture("utc_only_ats.ics"), query="?candidate_email=alex.morgan.jobs@gmail.com&timezone=Europe/Lisbon"
    )

    assert status == 200
    assert body["draft"]["candidate"] == {"name": "Alex Morgan", "email": "alex.morgan.jobs@gmail.com"}
    assert (body["draft"]["starts_at"], body["draft"]["timezone"]) == ("2027-04-05T16:00", "Europe/Lisbon")


def test_parse_stores_nothing(api: Api, now: None) -> None:
    parse(api, fixture("zoom.ics"))

    assert api.call("GET", "/v1/interviews")[2]["items"] == []


@pytest.mark.parametrize(
    ("name", "content_type", "says"),
    [
        ("all_day.ics", "text/calendar", "all-day"),
        ("recurring.ics", "text/calendar", "repeating"),
        ("reply.ics", "text/calendar", "reply"),
        ("outlook_cancel.eml", "message/rfc822", "cancellation"),
    ],
)
def test_parse_unusable_invitation_is_a_422_with_the_reason(
    api: Api, now: None, name: str, content_type: str, says: str
) -> None:
    status, body = parse(api, fixture(name), content_type)

    assert status == 422
    assert body["error"]["code"] == "invitation_not_usable"
    assert says in body["error"]["message"]
    assert body["error"]["details"][0]["field"] == "invitation"


def test_parse_oversized_body_is_a_413(api: Api) -> None:
    status, body = parse(api, b"BEGIN:VCALENDAR\r\n" + b"X" * (256 * 1024))

    assert (status, body["error"]["code"]) == (413, "payload_too_large")


def test_parse_body_over_64_kib_but_under_256_is_read(api: Api, now: None) -> None:
    # An email with a large HTML part beside its calendar: over the JSON API's 64 KiB, within the invitation's limit.
    big = fixture("zoom.ics") + b"\r\n" + b"z" * (100 * 1024)

    status, _ = parse(api, big)

    assert status == 200


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data", "image/png", ""])
def test_parse_other_content_type_is_a_400(api: Api, content_type: str) -> None:
    status, body = parse(api, fixture("zoom.ics"), content_type)

    assert (status, body["error"]["code"]) == (400, "bad_request")


def test_parse_without_api_key_is_a_401(api: Api) -> None:
    status, _, body = api.call(
        "POST", PATH, raw=fixture("zoom.ics"), headers={"Content-Type": "text/calendar"}, key=False
    )

    assert (status, body["error"]["code"]) == (401, "unauthorized")


def test_parse_unknown_timezone_query_is_a_422(api: Api) -> None:
    status, body = parse(api, fixture("zoom.ics"), query="?timezone=Mars/Olympus")

    assert (status, body["error"]["details"][0]["field"]) == (422, "timezone")


def test_parse_openapi_documents_the_invitation_bodies_with_examples(api: Api) -> None:
    _, _, document = api.call("GET", "/v1/openapi.json")
    operation = document["paths"][PATH]["post"]

    assert set(operation["requestBody"]["content"]) == {"text/calendar", "message/rfc822", "text/plain"}
    assert "BEGIN:VCALENDAR" in operation["requestBody"]["content"]["text/calendar"]["examples"]["google_meet"]["value"]
    assert {"200", "400", "413", "422"} <= set(operation["responses"])


def test_parse_limit_is_the_readers_limit() -> None:
    from interview_prep.api import invitations as api
    from interview_prep.domain import invitations

    assert api.MAX_INVITATION_BYTES == invitations.MAX_INVITATION_BYTES


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    data=st.one_of(calendars(), st.binary(max_size=3000)),
    content_type=st.sampled_from(["text/calendar", "message/rfc822", "text/plain"]),
)
def test_parse_any_body_answers_200_or_a_documented_4xx(api: Api, data: bytes, content_type: str) -> None:
    status, body = parse(api, data, content_type)

    assert status in (200, 400, 413, 422), body
    if status != 200:
        assert set(body["error"]) == {"code", "message", "details"}
