"""The OpenAPI contract as a tool's client generator reads it: complete, stable, and the same as the committed file.

`/v1/openapi.json` serves the committed document (`api/openapi.json` in the layer; `openapi.json` at the root links
to it), which `make openapi` writes from the routes: a contract change shows in review as a diff of that file, and
this test fails when it is not what the routes give.
"""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import ROOT, Api, interview_body

OPERATION_IDS = {
    ("get", "/v1/health"): "health",
    ("post", "/v1/interviews"): "createInterview",
    ("get", "/v1/interviews"): "listInterviews",
    ("get", "/v1/interviews/{interview_id}"): "getInterview",
    ("patch", "/v1/interviews/{interview_id}"): "updateInterview",
    ("delete", "/v1/interviews/{interview_id}"): "cancelInterview",
    ("put", "/v1/interviews/{interview_id}/notes"): "putNotes",
    ("get", "/v1/interviews/{interview_id}/digest"): "getDigest",
    ("get", "/v1/interviews/{interview_id}/guide"): "getGuide",
    ("get", "/v1/interviews/{interview_id}/thank-you-drafts"): "getThankYouDrafts",
    ("get", "/v1/interviews/{interview_id}/calendar.ics"): "getCalendar",
    ("post", "/v1/invitations/parse"): "parseInvitation",
    ("post", "/v1/webhooks"): "createWebhook",
    ("get", "/v1/webhooks"): "listWebhooks",
    ("delete", "/v1/webhooks/{webhook_id}"): "deleteWebhook",
}


@pytest.fixture
def served(api: Api) -> dict[str, Any]:
    status, headers, document = api.call("GET", "/v1/openapi.json", key=None)
    assert status == 200 and headers["content-type"].startswith("application/json")
    return dict(document)


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(method, path): op for path, item in document["paths"].items() for method, op in item.items()}


def test_contract_committed_file_equals_the_document_the_routes_give(tmp_path: pathlib.Path) -> None:
    # Written in a new process, as `make openapi` does: only there do the routes name their responses' models.
    written = tmp_path / "openapi.json"
    subprocess.run([sys.executable, str(ROOT / "tools" / "write_openapi.py"), str(written)], check=True)

    committed = (ROOT / "openapi.json").read_text(encoding="utf-8")
    assert written.read_text(encoding="utf-8") == committed, "openapi.json is not what the routes give: make openapi"


def test_contract_served_document_is_the_committed_file(served: dict[str, Any]) -> None:
    committed = json.loads((ROOT / "openapi.json").read_text(encoding="utf-8"))

    assert committed == served
    assert (ROOT / "openapi.json").resolve() == (
        ROOT / "layers/interview_prep/interview_prep/api/openapi.json"
    ).resolve()


def test_contract_document_is_only_generated_where_the_routes_name_their_models() -> None:
    from interview_prep.http_app import openapi_document

    with pytest.raises(RuntimeError, match="write_openapi"):
        openapi_document()  # this process loaded the routes to answer requests: without the models, a wrong document


def test_contract_document_passes_the_openapi_validator(served: dict[str, Any]) -> None:
    from openapi_spec_validator import validate

    validate(served)


def test_contract_operation_ids_are_short_stable_names_with_tags(served: dict[str, Any]) -> None:
    operations = _operations(served)

    for key, operation_id in OPERATION_IDS.items():
        assert operations[key]["operationId"] == operation_id
        assert operations[key]["tags"]
    ids = [op["operationId"] for op in operations.values()]
    assert len(ids) == len(set(ids))


def test_contract_bearer_scheme_declared_and_required_everywhere_but_health(served: dict[str, Any]) -> None:
    assert served["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": served["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    for (method, path), operation in _operations(served).items():
        if path == "/v1/health":
            assert "security" not in operation and "401" not in operation["responses"]
        else:
            assert operation["security"] == [{"bearerAuth": []}], (method, path)
            assert "401" in operation["responses"], (method, path)


def test_contract_every_error_status_uses_the_error_body_and_429_is_everywhere(served: dict[str, Any]) -> None:
    for (method, path), operation in _operations(served).items():
        responses = operation["responses"]
        assert "429" in responses and "413" in responses, (method, path)
        for status, response in responses.items():
            if int(status) >= 400:
                content = response["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)
                (example,) = content["examples"].values()
                assert set(example["value"]["error"]) == {"code", "message", "details"}
    text = json.dumps(served)
    assert "HTTPValidationError" not in text and '"ValidationError"' not in text
    assert "422" not in _operations(served)[("get", "/v1/health")]["responses"]


def test_contract_headers_a_client_reads_and_sends_are_declared(served: dict[str, Any]) -> None:
    operations = _operations(served)
    created = operations[("post", "/v1/interviews")]["responses"]["201"]["headers"]
    assert {"ETag", "Location"} <= set(created)
    for key in [k for k in operations if k[1].startswith("/v1/interviews/{interview_id}")]:
        body = operations[key]["responses"]["200"].get("content", {}).get("application/json", {})
        if body.get("schema") == {"$ref": "#/components/schemas/InterviewResource"}:
            assert "ETag" in operations[key]["responses"]["200"]["headers"], key

    def header(key: tuple[str, str], name: str) -> dict[str, Any]:
        (found,) = [p for p in operations[key].get("parameters", []) if p["in"] == "header" and p["name"] == name]
        return found

    assert header(("post", "/v1/interviews"), "idempotency-key")["schema"]["type"] == "string"
    for key in [
        ("patch", "/v1/interviews/{interview_id}"),
        ("delete", "/v1/interviews/{interview_id}"),
        ("put", "/v1/interviews/{interview_id}/notes"),
    ]:
        assert header(key, "if-match")["schema"]["type"] == "string", key


def test_contract_date_times_have_their_format_and_texts_their_types(served: dict[str, Any]) -> None:
    schemas = served["components"]["schemas"]
    resource = schemas["InterviewResource"]["properties"]
    for name in ("ends_at", "starts_at_utc", "created_at", "updated_at"):
        assert resource[name]["format"] == "date-time", name
    assert {"type": "string", "format": "date-time"} in resource["unsubscribed_at"]["anyOf"]
    assert "format" not in resource["starts_at"]  # a local wall-clock time, without offset: not RFC 3339
    operations = _operations(served)
    for key in [("get", "/v1/interviews/{interview_id}/digest"), ("get", "/v1/interviews/{interview_id}/guide")]:
        assert operations[key]["responses"]["200"]["content"] == {
            "text/html": {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}},
        }
    calendar = operations[("get", "/v1/interviews/{interview_id}/calendar.ics")]["responses"]["200"]["content"]
    assert calendar == {"text/calendar": {"schema": {"type": "string"}}}
    create = operations[("post", "/v1/interviews")]["requestBody"]["content"]["application/json"]
    assert create["examples"]


def _record(api: Api) -> dict[str, Any]:
    status, _, body = api.call("POST", "/v1/interviews", interview_body())
    assert status == 201, body
    return dict(body)


def test_cancel_with_a_stale_if_match_is_412_and_with_the_current_one_cancels(api: Api, clock_at: Any) -> None:
    created = _record(api)
    path = f"/v1/interviews/{created['id']}"

    stale = api.call("DELETE", path, headers={"If-Match": '"7"'})
    current = api.call("DELETE", path, headers={"If-Match": f'"{created["version"]}"'})

    assert stale[0] == 412 and stale[2]["error"]["code"] == "precondition_failed"
    assert current[0] == 200 and current[2]["status"] == "cancelled"
    assert current[1]["etag"] == f'"{created["version"] + 1}"'


def test_notes_with_a_stale_if_match_are_412_and_not_stored(api: Api, clock_at: Any) -> None:
    created = _record(api)
    path = f"/v1/interviews/{created['id']}"
    notes = {"text": "Talked about the warehouse."}

    stale = api.call("PUT", path + "/notes", notes, headers={"If-Match": f'"{created["version"] + 1}"'})
    after = api.call("GET", path)[2]
    current = api.call("PUT", path + "/notes", notes, headers={"If-Match": f'"{created["version"]}"'})

    assert stale[0] == 412 and after["notes"] is None
    assert current[0] == 200 and current[2]["notes"]["text"] == "Talked about the warehouse."


def test_contract_the_stage_throttle_answers_429_in_the_error_shape() -> None:
    from local_stack.cfn import load_template
    from tests.hardening_support import is_error_body

    throttled = load_template()["Resources"]["RestApi"]["Properties"]["GatewayResponses"]["THROTTLED"]

    assert throttled["StatusCode"] == 429
    body = json.loads(throttled["ResponseTemplates"]["application/json"])
    assert is_error_body(body) and body["error"]["code"] == "rate_limited"
