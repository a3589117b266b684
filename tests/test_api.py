"""The JSON API for tools: every field rule, ownership, idempotency, If-Match, pagination, malformed input."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from tests.conftest import NOW, Api, interview_body, load_event


def details(body: Any) -> dict[str, str]:
    return {d["field"]: d["message"] for d in body["error"]["details"]}


# --- recording ----------------------------------------------------------------------------------------------


def test_create_valid_request_returns_201_with_computed_fields(api: Api, clock_at: Any) -> None:
    status, headers, body = api.call("POST", "/v1/interviews", interview_body())

    assert status == 201
    assert headers["location"] == f"/v1/interviews/{body['id']}"
    assert headers["etag"] == '"1"'
    assert body["status"] == "scheduled"
    # 14:00 in Toronto in January is UTC-5
    assert body["starts_at_utc"] == "2027-01-16T19:00:00+00:00"
    assert body["ends_at"] == "2027-01-16T15:00:00-05:00"
    assert body["digest"] == {"due_at": "2027-01-14T19:00:00+00:00", "sent_at": None}
    assert body["thank_you"] == {"due_at": "2027-01-16T21:00:00+00:00", "sent_at": None}
    assert body["company"]["name"] == "Northwind <Traders>"
    assert body["unsubscribed_at"] is None and body["notes"] is None
    assert body["version"] == 1


def test_create_fills_defaults(api: Api, clock_at: Any) -> None:
    minimal = interview_body()
    for name in ("round", "duration_minutes", "format", "interviewers"):
        minimal.pop(name)

    status, _, body = api.call("POST", "/v1/interviews", minimal)

    assert status == 201
    assert (body["round"], body["duration_minutes"], body["format"]) == (2, 60, "in_person")
    assert (body["includes"], body["interviewers"]) == ([], [])
    assert (body["digest_lead_hours"], body["thank_you_delay_minutes"]) == (48, 60)


def test_create_sample_event_from_events_folder_is_accepted(api_key: str, clock_at: Any) -> None:
    from functions.api.app import lambda_handler
    from local_stack.proxy import LambdaContext

    event = load_event("api_create_interview.json")
    event["headers"]["Authorization"] = f"Bearer {api_key}"
    event["multiValueHeaders"]["Authorization"] = [f"Bearer {api_key}"]

    response = lambda_handler(event, LambdaContext("ApiFunction"))

    assert response["statusCode"] == 201
    assert json.loads(response["body"])["format"] == "meal"


def test_get_sample_event_for_unknown_interview_is_404(api_key: str, clock_at: Any) -> None:
    from functions.api.app import lambda_handler
    from local_stack.proxy import LambdaContext

    event = load_event("api_get_interview.json")
    event["headers"]["Authorization"] = f"Bearer {api_key}"

    response = lambda_handler(event, LambdaContext("ApiFunction"))

    assert response["statusCode"] == 404
    assert json.loads(response["body"])["error"]["code"] == "not_found"


def test_create_text_fields_are_stripped(api: Api, clock_at: Any) -> None:
    status, _, body = api.call("POST", "/v1/interviews", interview_body(role="  Operations Analyst  "))

    assert status == 201
    assert body["role"] == "Operations Analyst"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"candidate": {"name": "", "email": "zoe@example.com"}}, "candidate.name"),
        ({"candidate": {"name": "x" * 101, "email": "zoe@example.com"}}, "candidate.name"),
        ({"candidate": {"name": "Zoë", "email": "not-an-address"}}, "candidate.email"),
        ({"company": {"name": ""}}, "company.name"),
        ({"company": {"name": "x" * 201}}, "company.name"),
        ({"company": {"name": "Acme", "website": "ftp://acme.example"}}, "company.website"),
        ({"company": {"name": "Acme", "website": "javascript:alert(1)"}}, "company.website"),
        ({"role": ""}, "role"),
        ({"role": "r" * 201}, "role"),
        ({"round": 0}, "round"),
        ({"round": 11}, "round"),
        ({"round": "2"}, "round"),
        ({"round": True}, "round"),
        ({"starts_at": "2027-01-16 14:00"}, "starts_at"),
        ({"starts_at": "2027-01-16T14:00+01:00"}, "starts_at"),
        ({"starts_at": "2027-02-30T14:00"}, "starts_at"),
        ({"starts_at": "2027-01-10T14:00"}, "starts_at"),  # in the past
        ({"starts_at": "2028-01-12T14:00"}, "starts_at"),  # more than 365 days ahead
        ({"starts_at": "2027-03-14T02:30"}, "starts_at"),  # skipped by DST in Toronto
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"timezone": ""}, "timezone"),
        ({"duration_minutes": 14}, "duration_minutes"),
        ({"duration_minutes": 721}, "duration_minutes"),
        ({"format": "carrier_pigeon"}, "format"),
        ({"location": "l" * 501}, "location"),
        ({"includes": ["presentation", "presentation"]}, "includes"),
        ({"includes": ["karaoke"]}, "includes[0]"),
        ({"interviewers": [{"name": "Dana", "relationship": "boss"}]}, "interviewers[0].relationship"),
        ({"interviewers": [{"name": "", "relationship": "hr"}]}, "interviewers[0].name"),
        ({"interviewers": [{"name": "Dana", "relationship": "hr", "met_before": "yes"}]}, "interviewers[0].met_before"),
        ({"interviewers": [{"name": f"P{i}", "relationship": "hr"} for i in range(13)]}, "interviewers"),
        ({"first_interview_notes": "n" * 5001}, "first_interview_notes"),
        ({"salary": {"min": 90, "max": 80, "currency": "CAD", "period": "year"}}, "salary"),
        ({"salary": {"min": 80, "max": 90, "currency": "ZZZ", "period": "year"}}, "salary.currency"),
        ({"salary": {"min": 80, "max": 90, "currency": "CAD", "period": "week"}}, "salary.period"),
        ({"salary": {"min": -1, "max": 90, "currency": "CAD", "period": "year"}}, "salary.min"),
        ({"salary": {"min": 11.445, "max": 12, "currency": "GBP", "period": "hour"}}, "salary.min"),
        ({"salary": {"min": 11, "max": "12.50", "currency": "GBP", "period": "hour"}}, "salary.max"),
        ({"salary": {"min": 11, "max": 1e400, "currency": "GBP", "period": "hour"}}, "salary.max"),
        ({"digest_lead_hours": 0}, "digest_lead_hours"),
        ({"digest_lead_hours": 169}, "digest_lead_hours"),
        ({"thank_you_delay_minutes": -1}, "thank_you_delay_minutes"),
        ({"thank_you_delay_minutes": 1441}, "thank_you_delay_minutes"),
        ({"surprise": 1}, "surprise"),
        ({"candidate": {"name": "Zoë", "email": "zoe@example.com", "phone": "1"}}, "candidate.phone"),
        ({"role": "Analyst\nBcc: victim@example.com"}, "role"),
        ({"candidate": {"name": "Zoë\r\nX-Injected: 1", "email": "zoe@example.com"}}, "candidate.name"),
        ({"first_interview_notes": "bell \x07 rings"}, "first_interview_notes"),
        ({"role": "left\u202eright"}, "role"),
    ],
)
def test_create_invalid_field_is_422_naming_the_field(api: Api, clock_at: Any, overrides: dict, field: str) -> None:
    status, _, body = api.call("POST", "/v1/interviews", interview_body(**overrides))

    assert status == 422, body
    assert body["error"]["code"] == "validation_error"
    assert field in details(body), details(body)


def test_create_missing_fields_lists_every_one(api: Api, clock_at: Any) -> None:
    status, _, body = api.call("POST", "/v1/interviews", {})

    assert status == 422
    assert {"candidate", "company", "role", "starts_at", "timezone"} <= set(details(body))
    assert details(body)["role"] == "is required"


def test_create_several_invalid_fields_are_all_listed(api: Api, clock_at: Any) -> None:
    bad = interview_body(round=0, timezone="Mars/Olympus", candidate={"name": "", "email": "nope"})

    status, _, body = api.call("POST", "/v1/interviews", bad)

    assert status == 422
    assert {"round", "timezone", "candidate.name", "candidate.email"} <= set(details(body))


def test_create_ambiguous_local_time_takes_first_occurrence(api: Api, clock_at: Any) -> None:
    clock_at(dt.datetime(2027, 10, 1, tzinfo=dt.UTC))
    # 01:30 happens twice in Toronto on 2027-11-07; the first is EDT (UTC-4)
    status, _, body = api.call("POST", "/v1/interviews", interview_body(starts_at="2027-11-07T01:30"))

    assert status == 201
    assert body["starts_at_utc"] == "2027-11-07T05:30:00+00:00"


def test_create_dst_gap_message_explains_it(api: Api, clock_at: Any) -> None:
    _, _, body = api.call("POST", "/v1/interviews", interview_body(starts_at="2027-03-14T02:30"))

    assert "does not exist" in details(body)["starts_at"]


# --- malformed input -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"{not json", b"", b"\xff\xfe\x00", b'{"a": 1', b"nul\x00l"])
def test_create_unparseable_body_is_400(api: Api, clock_at: Any, raw: bytes) -> None:
    status, _, body = api.call("POST", "/v1/interviews", raw=raw, headers={"Content-Type": "application/json"})

    assert status in (400, 422)
    assert body["error"]["code"] in ("bad_request", "validation_error")
    if raw.startswith(b"{"):
        assert status == 400


@pytest.mark.parametrize("payload", [[], "text", 42, None, [interview_body()]])
def test_create_body_that_is_not_an_object_is_422(api: Api, clock_at: Any, payload: Any) -> None:
    status, _, body = api.call(
        "POST", "/v1/interviews", raw=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )

    assert status == 422
    assert body["error"]["code"] == "validation_error"


def test_create_body_over_64_kib_is_413(api: Api, clock_at: Any) -> None:
    status, _, body = api.call("POST", "/v1/interviews", interview_body(location="x" * 70_000))

    assert status == 413
    assert body["error"]["code"] == "payload_too_large"


def test_create_wrong_content_type_is_400(api: Api, clock_at: Any) -> None:
    status, _, body = api.call("POST", "/v1/interviews", raw=b"a=b", headers={"Content-Type": "text/csv"})

    assert status == 400
    assert body["error"]["code"] == "bad_request"


def test_unknown_route_is_json_404(api: Api) -> None:
    status, _, body = api.call("GET", "/v1/nothing-here")

    assert status == 404
    assert body["error"]["code"] == "not_found"


# --- authentication and ownership ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "wrong-key-123", "ipk_" + "x" * 43])
def test_interviews_without_a_valid_key_are_401(api: Api, clock_at: Any, key: str | None) -> None:
    status, _, body = api.call("GET", "/v1/interviews", key=key)

    assert status == 401
    assert body["error"]["code"] == "unauthorized"


def test_auth_is_checked_before_validation(api: Api, clock_at: Any) -> None:
    status, _, _ = api.call("POST", "/v1/interviews", {"garbage": True}, key=None)

    assert status == 401


def test_another_owners_interview_is_404(api: Api, clock_at: Any) -> None:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services import access

    _, _, body = api.call("POST", "/v1/interviews", interview_body())
    _, other_key = access.create_api_key(InterviewStore(settings().table_name), "Other Agency", now=NOW)
    other = Api(other_key)

    for method, path, payload in [
        ("GET", f"/v1/interviews/{body['id']}", None),
        ("PATCH", f"/v1/interviews/{body['id']}", {"duration_minutes": 30}),
        ("DELETE", f"/v1/interviews/{body['id']}", None),
        ("PUT", f"/v1/interviews/{body['id']}/notes", {"text": "hi"}),
        ("GET", f"/v1/interviews/{body['id']}/digest", None),
        ("GET", f"/v1/interviews/{body['id']}/guide", None),
        ("GET", f"/v1/interviews/{body['id']}/thank-you-drafts", None),
        ("GET", f"/v1/interviews/{body['id']}/calendar.ics", None),
    ]:
        status, _, _ = other.call(method, path, payload)
        assert status == 404, (method, path)
    _, _, listing = other.call("GET", "/v1/interviews")
    assert listing["items"] == []


def test_revoked_key_is_401_at_once(api: Api, api_key: str, clock_at: Any) -> None:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services import access

    store = InterviewStore(settings().table_name)
    key_id = next(k["key_id"] for k in store.api_keys() if k["owner"] == "Acme Recruiting")

    assert access.revoke_api_key(store, key_id, now=NOW)
    status, _, _ = api.call("GET", "/v1/interviews")

    assert status == 401


def test_api_keys_are_stored_only_as_hashes(api_key: str, aws: Any) -> None:
    import boto3

    table = boto3.resource("dynamodb").Table("InterviewsTable")
    items = table.query(
        IndexName="gsi1", KeyConditionExpression="gsi1pk = :k", ExpressionAttributeValues={":k": "APIKEYS"}
    )["Items"]

    assert items
    assert api_key not in json.dumps(items, default=str)


def test_admin_command_creates_lists_and_revokes_keys(aws: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from interview_prep import admin

    assert admin.main(["create-api-key", "--owner", "Acme Recruiting"]) == 0
    out = capsys.readouterr().out
    key = next(line.split()[-1] for line in out.splitlines() if line.startswith("key:"))
    key_id = next(line.split()[-1] for line in out.splitlines() if line.startswith("key id:"))
    assert Api(key).call("GET", "/v1/interviews")[0] == 200

    assert admin.main(["list-api-keys"]) == 0
    listing = capsys.readouterr().out
    assert key_id in listing and "Acme Recruiting" in listing and key not in listing

    assert admin.main(["revoke-api-key", key_id]) == 0
    assert Api(key).call("GET", "/v1/interviews")[0] == 401
    assert admin.main(["revoke-api-key", "nosuchid"]) == 1


# --- idempotency -------------------------------------------------------------------------------------------


def test_create_same_idempotency_key_and_body_returns_first_response(api: Api, clock_at: Any) -> None:
    first = api.call("POST", "/v1/interviews", interview_body(), headers={"Idempotency-Key": "req-1"})
    second = api.call("POST", "/v1/interviews", interview_body(), headers={"Idempotency-Key": "req-1"})

    assert first[0] == second[0] == 201
    assert first[2]["id"] == second[2]["id"]
    _, _, listing = api.call("GET", "/v1/interviews")
    assert len(listing["items"]) == 1


def test_create_same_idempotency_key_other_body_is_409(api: Api, clock_at: Any) -> None:
    api.call("POST", "/v1/interviews", interview_body(), headers={"Idempotency-Key": "req-2"})

    status, _, body = api.call(
        "POST", "/v1/interviews", interview_body(role="CFO"), headers={"Idempotency-Key": "req-2"}
    )

    assert status == 409
    assert body["error"]["code"] == "conflict"


def test_idempotency_keys_are_scoped_per_owner(api: Api, clock_at: Any) -> None:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services import access

    _, other_key = access.create_api_key(InterviewStore(settings().table_name), "Other", now=NOW)
    _, _, mine = api.call("POST", "/v1/interviews", interview_body(), headers={"Idempotency-Key": "same"})
    status, _, theirs = Api(other_key).call(
        "POST", "/v1/interviews", interview_body(), headers={"Idempotency-Key": "same"}
    )

    assert status == 201
    assert theirs["id"] != mine["id"]


def test_create_without_idempotency_key_records_twice(api: Api, clock_at: Any) -> None:
    a = api.call("POST", "/v1/interviews", interview_body())[2]
    b = api.call("POST", "/v1/interviews", interview_body())[2]

    assert a["id"] != b["id"]


# --- reading, listing, paginating ----------------------------------------------------------------------------


def _record(api: Api, days: int, **overrides: Any) -> dict[str, Any]:
    start = (NOW + dt.timedelta(days=days)).strftime("%Y-%m-%dT10:00")
    status, _, body = api.call("POST", "/v1/interviews", interview_body(starts_at=start, timezone="UTC", **overrides))
    assert status == 201, body
    return body


def test_list_is_soonest_first_with_cursor_pagination(api: Api, clock_at: Any) -> None:
    created = [_record(api, d) for d in (9, 3, 7, 1, 5)]
    expected = [c["id"] for c in sorted(created, key=lambda c: c["starts_at_utc"])]

    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        path = "/v1/interviews?limit=2" + (f"&next={cursor}" if cursor else "")
        status, _, page = api.call("GET", path)
        assert status == 200
        seen += [i["id"] for i in page["items"]]
        pages += 1
        cursor = page["next"]
        if not cursor:
            break

    assert seen == expected
    assert pages == 3


def test_list_filters_by_status_and_time_window(api: Api, clock_at: Any) -> None:
    a, b, c = _record(api, 2), _record(api, 4), _record(api, 6)
    api.call("DELETE", f"/v1/interviews/{b['id']}")

    cancelled = api.call("GET", "/v1/interviews?status=cancelled")[2]["items"]
    to = c["starts_at_utc"].replace("+00:00", "Z")
    window = api.call("GET", f"/v1/interviews?from={a['starts_at_utc'][:10]}T12:00:00Z&to={to}")[2]

    assert [i["id"] for i in cancelled] == [b["id"]]
    assert [i["id"] for i in window["items"]] == [b["id"], c["id"]]


def test_list_status_filter_paginates_past_filtered_items(api: Api, clock_at: Any) -> None:
    ids = [_record(api, d)["id"] for d in range(1, 8)]
    for interview_id in ids[:5]:
        api.call("DELETE", f"/v1/interviews/{interview_id}")

    page = api.call("GET", "/v1/interviews?status=scheduled&limit=1")[2]
    second = api.call("GET", f"/v1/interviews?status=scheduled&limit=1&next={page['next']}")[2]

    assert [i["id"] for i in page["items"]] == [ids[5]]
    assert [i["id"] for i in second["items"]] == [ids[6]]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("status=nope", "status"),
        ("from=yesterday", "from"),
        ("next=bm90LWEtY3Vyc29y", "next"),
        ("next=%%%", "next"),
    ],
)
def test_list_invalid_query_is_422(api: Api, clock_at: Any, query: str, field: str) -> None:
    status, _, body = api.call("GET", f"/v1/interviews?{query}")

    assert status == 422
    assert field in details(body)


def test_list_cursor_of_another_owner_is_refused(api: Api, clock_at: Any) -> None:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services import access

    for d in (1, 2, 3):
        _record(api, d)
    cursor = api.call("GET", "/v1/interviews?limit=1")[2]["next"]
    _, other_key = access.create_api_key(InterviewStore(settings().table_name), "Other", now=NOW)

    status, _, _ = Api(other_key).call("GET", f"/v1/interviews?next={cursor}")

    assert status == 422


def test_get_malformed_id_is_422_and_unknown_id_is_404(api: Api, clock_at: Any) -> None:
    assert api.call("GET", "/v1/interviews/not-an-id")[0] == 422
    assert api.call("GET", "/v1/interviews/" + "0" * 32)[0] == 404


# --- changing ------------------------------------------------------------------------------------------------


def test_patch_with_matching_if_match_changes_and_bumps_version(api: Api, clock_at: Any) -> None:
    created = _record(api, 5)

    status, headers, body = api.call(
        "PATCH", f"/v1/interviews/{created['id']}", {"duration_minutes": 90}, headers={"If-Match": '"1"'}
    )

    assert status == 200
    assert body["duration_minutes"] == 90 and body["version"] == 2
    assert headers["etag"] == '"2"'


@pytest.mark.parametrize("header", ["1", '"1"', 'W/"1"'])
def test_patch_if_match_quotes_are_optional(api: Api, clock_at: Any, header: str) -> None:
    created = _record(api, 5)

    status, _, _ = api.call("PATCH", f"/v1/interviews/{created['id']}", {"role": "Lead"}, headers={"If-Match": header})

    assert status == 200


def test_patch_stale_if_match_is_412_and_changes_nothing(api: Api, clock_at: Any) -> None:
    created = _record(api, 5)
    api.call("PATCH", f"/v1/interviews/{created['id']}", {"duration_minutes": 90}, headers={"If-Match": "1"})

    status, _, body = api.call(
        "PATCH", f"/v1/interviews/{created['id']}", {"duration_minutes": 45}, headers={"If-Match": "1"}
    )

    assert status == 412
    assert body["error"]["code"] == "precondition_failed"
    assert api.call("GET", f"/v1/interviews/{created['id']}")[2]["duration_minutes"] == 90


def test_patch_reschedule_moves_due_times(api: Api, clock_at: Any) -> None:
    created = _record(api, 5)

    _, _, body = api.call(
        "PATCH", f"/v1/interviews/{created['id']}", {"starts_at": "2027-01-20T09:00", "timezone": "Europe/Paris"}
    )

    assert body["starts_at_utc"] == "2027-01-20T08:00:00+00:00"
    assert body["digest"]["due_at"] == "2027-01-18T08:00:00+00:00"


def test_patch_invalid_values_are_422_and_past_start_refused(api: Api, clock_at: Any) -> None:
    created = _record(api, 5)

    status, _, body = api.call(
        "PATCH", f"/v1/interviews/{created['id']}", {"round": 99, "starts_at": "2026-01-01T10:00", "role": None}
    )
    status2, _, body2 = api.call(
        "PATCH", f"/v1/interviews/{created['id']}", {"starts_at": "2026-01-01T10:00", "role": None}
    )

    assert status == 422 and "round" in details(body)
    assert status2 == 422
    assert {"starts_at", "role"} <= set(details(body2))


def test_patch_unknown_field_is_422(api: Api, clock_at: Any) -> None:
    created = _record(api, 5)

    status, _, body = api.call("PATCH", f"/v1/interviews/{created['id']}", {"owner": "me"})

    assert status == 422
    assert "owner" in details(body)


def test_patch_can_clear_optional_fields(api: Api, clock_at: Any) -> None:
    created = _record(api, 5, location="Room 4", salary={"min": 1, "max": 2, "currency": "EUR", "period": "month"})

    _, _, body = api.call("PATCH", f"/v1/interviews/{created['id']}", {"location": None, "salary": None})

    assert body["location"] is None and body["salary"] is None


def test_patch_after_the_interview_started_still_edits_other_fields(api: Api, clock_at: Any) -> None:
    created = _record(api, 1)
    clock_at(NOW + dt.timedelta(days=2))

    status, _, body = api.call("PATCH", f"/v1/interviews/{created['id']}", {"location": "Room 5"})

    assert status == 200 and body["location"] == "Room 5"


def test_cancel_keeps_the_record_and_refuses_later_changes(api: Api, clock_at: Any) -> None:
    created = _record(api, 5)

    status, _, body = api.call("DELETE", f"/v1/interviews/{created['id']}")
    again = api.call("DELETE", f"/v1/interviews/{created['id']}")
    patched = api.call("PATCH", f"/v1/interviews/{created['id']}", {"role": "x"})

    assert status == 200 and body["status"] == "cancelled"
    assert body["digest"]["due_at"] is None and body["thank_you"]["due_at"] is None
    assert again[0] == 200
    assert patched[0] == 409
    assert api.call("GET", f"/v1/interviews/{created['id']}")[2]["status"] == "cancelled"


# --- notes ---------------------------------------------------------------------------------------------------


def test_notes_are_stored_and_names_must_match_interviewers(api: Api, clock_at: Any) -> None:
    created = _record(api, 5)
    notes = {
        "text": "Went well.",
        "interviewers": [{"name": "dana lee", "topics": ["the Q3 roadmap"]}],
        "follow_ups": ["send the portfolio"],
    }

    status, _, body = api.call("PUT", f"/v1/interviews/{created['id']}/notes", notes)
    bad = api.call("PUT", f"/v1/interviews/{created['id']}/notes", {"interviewers": [{"name": "Nobody"}]})

    assert status == 200
    assert body["notes"]["interviewers"][0]["topics"] == ["the Q3 roadmap"]
    assert bad[0] == 422 and "interviewers[0].name" in details(bad[2])


def test_notes_for_the_hiring_team_only_when_the_interview_names_no_one(api: Api, clock_at: Any) -> None:
    team = {"topics": ["the move to Dagster"], "promised": ["my tuning notes"]}
    nobody = _record(api, 5, interviewers=[])
    named = _record(api, 5)

    status, _, body = api.call("PUT", f"/v1/interviews/{nobody['id']}/notes", {"team": team})
    refused = api.call("PUT", f"/v1/interviews/{named['id']}/notes", {"team": team})
    too_many = api.call("PUT", f"/v1/interviews/{nobody['id']}/notes", {"team": {"topics": ["t"] * 11}})

    assert status == 200, body
    assert body["notes"]["team"]["topics"] == ["the move to Dagster"]
    assert body["notes"]["team"]["promised"] == ["my tuning notes"]
    assert refused[0] == 422 and "team" in details(refused[2])
    assert "names no interviewer" in json.dumps(refused[2])
    assert too_many[0] == 422 and any(d.startswith("team.topics") for d in details(too_many[2]))
    assert api.call("GET", f"/v1/interviews/{named['id']}")[2]["notes"] is None


def test_patch_correcting_a_name_keeps_the_notes_written_for_that_person(api: Api, clock_at: Any) -> None:
    created = _record(api, 5)
    path = f"/v1/interviews/{created['id']}"
    api.call("PUT", f"{path}/notes", {"interviewers": [{"name": "Dana Lee", "topics": ["the Q3 roadmap"]}]})
    person = {"title": "Head of Ops", "relationship": "hiring_manager"}
    nobody = _record(api, 5, interviewers=[])
    api.call("PUT", f"/v1/interviews/{nobody['id']}/notes", {"team": {"topics": ["the move to Dagster"]}})

    status, _, body = api.call("PATCH", path, {"interviewers": [{"name": "Dana Li", **person}]})
    named = api.call("PATCH", f"/v1/interviews/{nobody['id']}", {"interviewers": [{"name": "Ivo Tan", **person}]})

    assert status == 200, body
    assert body["notes"]["interviewers"] == [
        {
            "name": "Dana Li",
            "given_name": None,
            "topics": ["the Q3 roadmap"],
            "promised": [],
            "questions": [],
            "concerns": [],
        }
    ]
    assert api.call("GET", path)[2]["notes"]["interviewers"][0]["name"] == "Dana Li"
    assert named[2]["notes"]["team"] is None
    assert [(n["name"], n["topics"]) for n in named[2]["notes"]["interviewers"]] == [
        ("Ivo Tan", ["the move to Dagster"])
    ]


def test_team_notes_written_before_people_were_named_can_be_sent_back_changed_or_emptied(
    api: Api, clock_at: Any
) -> None:
    nobody = _record(api, 5, interviewers=[])
    path = f"/v1/interviews/{nobody['id']}"
    api.call("PUT", f"{path}/notes", {"team": {"topics": ["the move to Dagster"]}})
    people = [{"name": n, "relationship": "team_member"} for n in ("Ivo Tan", "Ana Ruiz")]
    notes = api.call("PATCH", path, {"interviewers": people})[2]["notes"]
    assert notes["team"]["topics"] == ["the move to Dagster"]  # whose they are among two is not known: kept

    sent_back = api.call("PUT", f"{path}/notes", notes)
    emptied = api.call("PUT", f"{path}/notes", {"interviewers": [{"name": "Ivo Tan", "topics": ["the move"]}]})
    started = api.call("PUT", f"{path}/notes", {"team": {"topics": ["a new topic"]}})

    assert sent_back[0] == 200 and sent_back[2]["notes"]["team"]["topics"] == ["the move to Dagster"]
    assert emptied[0] == 200 and emptied[2]["notes"]["team"] is None
    assert started[0] == 422 and "team" in details(started[2])  # once emptied, never started again


@pytest.mark.parametrize(
    "notes",
    [
        {"text": "x" * 5001},
        {"follow_ups": ["f"] * 11},
        {"interviewers": [{"name": "Dana Lee", "topics": ["t" * 201]}]},
        {"interviewers": [{"name": "Dana Lee"}, {"name": "Dana Lee"}]},
        {"mood": "great"},
    ],
)
def test_notes_limits_are_enforced(api: Api, clock_at: Any, notes: dict) -> None:
    created = _record(api, 5)

    status, _, body = api.call("PUT", f"/v1/interviews/{created['id']}/notes", notes)

    assert status == 422, body


# --- documents -----------------------------------------------------------------------------------------------


def test_openapi_is_a_valid_document_describing_every_route(api: Api) -> None:
    from openapi_spec_validator import validate

    status, _, spec = api.call("GET", "/v1/openapi.json", key=None)

    assert status == 200
    validate(spec)
    paths = spec["paths"]
    assert {
        "/v1/interviews",
        "/v1/interviews/{interview_id}",
        "/v1/interviews/{interview_id}/notes",
        "/v1/interviews/{interview_id}/digest",
        "/v1/interviews/{interview_id}/guide",
        "/v1/interviews/{interview_id}/thank-you-drafts",
        "/v1/interviews/{interview_id}/calendar.ics",
        "/v1/health",
    } <= set(paths)
    assert set(paths["/v1/interviews/{interview_id}"]) == {"get", "patch", "delete"}
    create = paths["/v1/interviews"]["post"]
    assert {"201", "401", "409", "413", "422"} <= set(create["responses"])
    schemas = spec["components"]["schemas"]
    assert "relationship" in json.dumps(schemas) and "ErrorBody" in schemas
    for new_field in ("internal_candidate", "final_round", "take_home", "given_name", "promised", "answer"):
        assert new_field in json.dumps(schemas), new_field
    assert not any(p.startswith(("/manage", "/confirm", "/_local")) for p in paths)


def test_health_needs_no_key(api: Api) -> None:
    status, _, body = api.call("GET", "/v1/health", key=None)

    assert status == 200 and body["status"] == "ok"


def test_digest_preview_html_escapes_user_input(api: Api, clock_at: Any) -> None:
    created = _record(api, 5, company={"name": "Evil <script>alert(1)</script> Inc"})

    status, headers, html = api.call("GET", f"/v1/interviews/{created['id']}/digest?format=html")
    text = api.call("GET", f"/v1/interviews/{created['id']}/digest?format=text")[2]

    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "Evil <script>alert(1)</script> Inc" in text


def test_guide_html_or_text_holds_more_than_the_digest(api: Api, clock_at: Any) -> None:
    people = [
        {"name": "Ann Bell", "relationship": "hiring_manager"},
        {"name": "Carl Diaz", "relationship": "executive"},
    ]
    created = _record(api, 5, interviewers=people, final_round=True, company={"name": "Evil <b>Co</b>"})

    status, headers, html = api.call("GET", f"/v1/interviews/{created['id']}/guide")
    text = api.call("GET", f"/v1/interviews/{created['id']}/guide?format=text")[2]
    digest = api.call("GET", f"/v1/interviews/{created['id']}/digest?format=text")[2]
    bad = api.call("GET", f"/v1/interviews/{created['id']}/guide?format=pdf")

    assert status == 200 and headers["content-type"].startswith("text/html") and "&lt;b&gt;Co" in html
    assert "full prep guide" in text and "references ready" in text and len(text) > len(digest)
    assert bad[0] == 422 and "format" in json.dumps(bad[2])


def test_create_new_facts_optional_default_false_kept_when_given(api: Api, clock_at: Any) -> None:
    plain = _record(api, 5)
    flagged = _record(api, 6, internal_candidate=True, final_round=True, includes=["take_home", "test"])

    assert (plain["internal_candidate"], plain["final_round"]) == (False, False)
    assert (flagged["internal_candidate"], flagged["final_round"]) == (True, True)
    assert flagged["includes"] == ["take_home", "test"]
    recorded = _record(
        api, 7, format="video", location="https://app.sonru.com/x", includes=["recorded"], interviewers=[]
    )
    digest = api.call("GET", f"/v1/interviews/{recorded['id']}/digest?format=text")[2]
    assert "With:  no one live" in digest and "How:   Recorded video interview" in digest and "Ask " not in digest
    online = _record(
        api, 8, format="video", location="https://www.hackerrank.com/t", includes=["online_test"], interviewers=[]
    )
    assert online["includes"] == ["online_test"]
    digest = api.call("GET", f"/v1/interviews/{online['id']}/digest?format=text")[2]
    assert "How:   Online test, 1 hour" in digest and "QUESTIONS YOU MAY BE ASKED" not in digest
    status, _, _ = api.call("POST", "/v1/interviews", interview_body(final_round="yes"))
    assert status == 422


def test_calendar_endpoint_returns_the_event(api: Api, clock_at: Any) -> None:
    import icalendar

    created = _record(api, 5)

    status, headers, body = api.call("GET", f"/v1/interviews/{created['id']}/calendar.ics")

    assert status == 200 and headers["content-type"].startswith("text/calendar")
    event = next(c for c in icalendar.Calendar.from_ical(body).walk() if c.name == "VEVENT")
    assert event.decoded("dtstart").astimezone(dt.UTC).isoformat() == created["starts_at_utc"]


def test_thank_you_drafts_endpoint_returns_one_per_interviewer(api: Api, clock_at: Any) -> None:
    people = [{"name": "Ann Bell", "relationship": "hr"}, {"name": "Carl Diaz", "relationship": "team_member"}]
    created = _record(api, 5, interviewers=people)

    status, _, drafts = api.call("GET", f"/v1/interviews/{created['id']}/thank-you-drafts")

    assert status == 200
    assert [d["interviewer"] for d in drafts] == ["Ann Bell", "Carl Diaz"]
    assert all(d["subject"] and d["body"] for d in drafts)


def test_pay_by_the_hour_keeps_its_cents_and_a_yearly_salary_stays_whole(api: Api, clock_at: Any) -> None:
    """£11.44–£12.50 an hour is recorded as said, not rounded to a whole pound; 85000 is still 85000, not 85000.0."""
    hourly = {"min": 11.44, "max": 12.5, "currency": "GBP", "period": "hour"}
    status, _, created = api.call("POST", "/v1/interviews", interview_body(salary=hourly))
    assert status == 201, created
    assert created["salary"] == hourly
    _, _, read = api.call("GET", f"/v1/interviews/{created['id']}")
    assert read["salary"]["min"] == 11.44 and read["salary"]["max"] == 12.5
    yearly = {"min": 85000, "max": 95000, "currency": "CAD", "period": "year"}
    status, _, created = api.call("POST", "/v1/interviews", interview_body(salary=yearly))
    assert status == 201 and created["salary"] == yearly
    assert isinstance(created["salary"]["min"], int)
