"""A client generated from the served OpenAPI document drives a whole interview's life on the local stack.

openapi-python-client (as a tool's developer would run it) generates a Python client from `/v1/openapi.json`;
every call below goes through that client: typed requests, typed answers, typed errors. A change of the contract
that breaks a generated client (an undeclared header, a text answer typed as nothing, an error outside the
documented shape, a renamed operation) fails here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pathlib
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests import hardening_support as hs
from tests.conftest import interview_body

pytestmark = pytest.mark.stack

PACKAGE = "interview_prep_client"
# An invitation's body (an .ics or an email) is bytes to the client, as the generator supports no text/calendar.
CONFIG = (
    f"project_name_override: {PACKAGE}\npackage_name_override: {PACKAGE}\npost_hooks: []\n"
    "content_type_overrides:\n"
    "  message/rfc822: application/octet-stream\n"
    "  text/plain: application/octet-stream\n"
)


@pytest.fixture(scope="module")
def stack() -> Iterator[hs.StackProcess]:
    with hs.local_stack() as running:
        yield running


@pytest.fixture(scope="module")
def generated(stack: hs.StackProcess, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The client package, generated from the document the running stack serves, imported."""
    work = tmp_path_factory.mktemp("client")
    status, _, document = stack.call("GET", "/v1/openapi.json", key=None)
    assert status == 200
    (work / "openapi.json").write_text(json.dumps(document), encoding="utf-8")
    (work / "config.yaml").write_text(CONFIG, encoding="utf-8")
    generator = pathlib.Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [str(generator), "generate", "--path", "openapi.json", "--config", "config.yaml", "--meta", "none"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    # Nothing left out: the one thing the generator cannot model is the invitation's text/calendar body, which the
    # client sends as bytes (the message/rfc822 and text/plain forms of the same operation).
    unsupported = [line for line in output.splitlines() if "Unsupported" in line or "will not be generated" in line]
    assert unsupported in ([], ["Unsupported content type text/calendar"]), output
    assert output.count("WARNING parsing") == len(unsupported), output
    sys.path.insert(0, str(work))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(work))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _module(name: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.{name}")


class _Operations:
    """The generated operations of a tag, by module name: `operations.create_interview.sync(...)`."""

    def __init__(self, tag: str) -> None:
        self._tag = tag

    def __getattr__(self, name: str) -> Any:
        return _module(f"api.{self._tag}.{name}")


def _request(starts_in_days: int, **overrides: Any) -> Any:
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(days=starts_in_days)).strftime("%Y-%m-%dT10:00")
    body = interview_body(starts_at=start, timezone="Europe/Luxembourg", **overrides)
    return _module("models").InterviewRequest.from_dict(body)


def _error(parsed: Any, code: str) -> dict[str, Any]:
    """A typed error: an `ErrorBody` (not a dict, not None) with the code expected."""
    models = _module("models")
    assert isinstance(parsed, models.ErrorBody), parsed
    assert isinstance(parsed.error, models.ErrorInfo)
    assert parsed.error.code == code, parsed.error.to_dict()
    assert all(isinstance(d, models.ErrorDetail) for d in parsed.error.details)
    return dict(parsed.to_dict())


def test_generated_client_drives_a_whole_interview_life_with_typed_answers_and_errors(
    stack: hs.StackProcess, generated: Any
) -> None:
    from http import HTTPStatus

    api = _Operations("interviews")
    models = _module("models")
    client = generated.AuthenticatedClient(base_url=stack.base, token=hs.LOCAL_KEY, raise_on_unexpected_status=True)

    # Health needs no key
    health = _module("api.service.health").sync(client=generated.Client(base_url=stack.base))
    assert isinstance(health, models.HealthBody) and health.status == "ok" and health.time.tzinfo is not None

    # Create with an Idempotency-Key: 201, Location and ETag; the same key and body again: the same interview
    request = _request(6)
    first = api.create_interview.sync_detailed(client=client, body=request, idempotency_key="tool-run-1")
    again = api.create_interview.sync_detailed(client=client, body=request, idempotency_key="tool-run-1")
    assert first.status_code == HTTPStatus.CREATED and isinstance(first.parsed, models.InterviewResource)
    created = first.parsed
    assert first.headers["location"] == f"/v1/interviews/{created.id}"
    assert first.headers["etag"] == f'"{created.version}"'
    assert again.status_code == HTTPStatus.CREATED and again.parsed.id == created.id
    assert isinstance(created.starts_at_utc, dt.datetime) and created.starts_at_utc.tzinfo is not None
    assert created.ends_at - created.starts_at_utc == dt.timedelta(minutes=60)
    # ... another body under the same key: a typed 409
    reused = api.create_interview.sync_detailed(client=client, body=_request(7), idempotency_key="tool-run-1")
    assert reused.status_code == HTTPStatus.CONFLICT
    _error(reused.parsed, "conflict")

    # List with paging: two more interviews, pages of two, followed until `next` is null
    others = [api.create_interview.sync(client=client, body=_request(d)) for d in (8, 9)]
    seen: list[str] = []
    cursor: Any = generated.types.UNSET
    for _ in range(10):
        page = api.list_interviews.sync(client=client, limit=2, next_=cursor)
        assert isinstance(page, models.InterviewList) and len(page.items) <= 2
        seen += [item.id for item in page.items]
        if page.next_ is None:
            break
        cursor = page.next_
    assert seen == [created.id, *(o.id for o in others)]

    # Get with its ETag; change with If-Match: 200 on the current version, a typed 412 on the old one
    got = api.get_interview.sync_detailed(created.id, client=client)
    assert got.status_code == HTTPStatus.OK and got.headers["etag"] == f'"{created.version}"'
    change = models.InterviewFields.from_dict({"duration_minutes": 90})
    patched = api.update_interview.sync_detailed(created.id, client=client, body=change, if_match=got.headers["etag"])
    assert patched.status_code == HTTPStatus.OK
    assert patched.parsed.duration_minutes == 90 and patched.parsed.version == created.version + 1
    assert patched.headers["etag"] == f'"{created.version + 1}"'
    stale = api.update_interview.sync_detailed(created.id, client=client, body=change, if_match=got.headers["etag"])
    assert stale.status_code == HTTPStatus.PRECONDITION_FAILED
    _error(stale.parsed, "precondition_failed")

    # Notes after the interview, then the digest (HTML and text), the drafts and the calendar, all typed
    notes = models.Notes.from_dict(
        {"text": "Warm.", "interviewers": [{"name": "Dana Lee", "topics": ["the Hamilton warehouse opening"]}]}
    )
    stored = api.put_notes.sync(created.id, client=client, body=notes)
    assert isinstance(stored, models.InterviewResource) and stored.notes.interviewers[0].name == "Dana Lee"
    html = api.get_digest.sync(created.id, client=client, format_=models.GetDigestFormat.HTML)
    text = api.get_digest.sync(created.id, client=client, format_=models.GetDigestFormat.TEXT)
    assert isinstance(html, str) and "<html" in html.lower() and "Northwind &lt;Traders&gt;" in html
    assert isinstance(text, str) and "<html" not in text.lower() and "Northwind <Traders>" in text
    guide = api.get_guide.sync(created.id, client=client)
    assert isinstance(guide, str) and "Dana Lee" in guide
    drafts = api.get_thank_you_drafts.sync(created.id, client=client)
    assert isinstance(drafts, list) and all(isinstance(d, models.Draft) for d in drafts)
    assert [d.interviewer for d in drafts] == ["Dana Lee"] and "Hamilton warehouse" in drafts[0].body
    calendar = api.get_calendar.sync(created.id, client=client)
    assert isinstance(calendar, str) and calendar.startswith("BEGIN:VCALENDAR") and "DTSTART" in calendar

    # Cancel with If-Match
    current = api.get_interview.sync_detailed(created.id, client=client).headers["etag"]
    cancelled = api.cancel_interview.sync(created.id, client=client, if_match=current)
    assert isinstance(cancelled, models.InterviewResource) and cancelled.status == "cancelled"
    # ... a cancelled interview refuses changes: a typed 409
    refused = api.update_interview.sync_detailed(created.id, client=client, body=change)
    assert refused.status_code == HTTPStatus.CONFLICT
    _error(refused.parsed, "conflict")

    # And the local stack published what a tool subscribed to the bus would learn, in order, once each
    status, _, events = stack.call("GET", "/_local/events.json", key=None)
    assert status == 200
    mine = [e for e in events if e["detail"]["interview_id"] == created.id]
    assert [e["detail-type"] for e in mine] == ["interview.recorded", "interview.rescheduled", "interview.cancelled"]
    assert mine[1]["detail"]["ends_at_utc"] == patched.parsed.ends_at.astimezone(dt.UTC).isoformat()
    assert "zoe@example.com" not in json.dumps(events)


def test_generated_client_every_documented_error_is_a_typed_error_body(stack: hs.StackProcess, generated: Any) -> None:
    from http import HTTPStatus

    api = _Operations("interviews")
    client = generated.AuthenticatedClient(base_url=stack.base, token=hs.LOCAL_KEY)
    stranger = generated.AuthenticatedClient(base_url=stack.base, token="not-a-key")
    created = api.create_interview.sync(client=client, body=_request(5))

    # 401: an unknown key
    unknown_key = api.get_interview.sync_detailed(created.id, client=stranger)
    assert unknown_key.status_code == HTTPStatus.UNAUTHORIZED
    _error(unknown_key.parsed, "unauthorized")

    # 404: no such interview
    missing = api.get_interview.sync_detailed("0" * 32, client=client)
    assert missing.status_code == HTTPStatus.NOT_FOUND
    _error(missing.parsed, "not_found")

    # 422: an invalid request, every invalid field listed with its path
    past = _request(5).to_dict() | {"starts_at": "2001-01-01T10:00"}
    invalid = api.create_interview.sync_detailed(client=client, body=_module("models").InterviewRequest.from_dict(past))
    assert invalid.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    body = _error(invalid.parsed, "validation_error")
    assert [d["field"] for d in body["error"]["details"]] == ["starts_at"]

    # 413: a body over 64 KiB
    huge = api.create_interview.sync_detailed(client=client, body=_request(5, location="x" * 70_000))
    assert huge.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    _error(huge.parsed, "payload_too_large")

    # 400: a body that is not JSON, sent through the client's own connection, parsed by the generated code
    raw = client.get_httpx_client().post(
        "/v1/interviews", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    bad = api.create_interview._build_response(client=client, response=raw)
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    _error(bad.parsed, "bad_request")

    # 429: what the stage's throttle answers in AWS (template.yaml), parsed by the generated code
    import httpx

    from local_stack.cfn import load_template

    throttled = load_template()["Resources"]["RestApi"]["Properties"]["GatewayResponses"]["THROTTLED"]
    answer = httpx.Response(
        throttled["StatusCode"],
        content=throttled["ResponseTemplates"]["application/json"].encode(),
        headers={"Content-Type": "application/json"},
    )
    limited = api.list_interviews._build_response(client=client, response=answer)
    assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
    _error(limited.parsed, "rate_limited")
