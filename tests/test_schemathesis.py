"""Schemathesis against the served OpenAPI document: every route, no 5xx, every response as documented.

In-process: a WSGI adapter turns each generated request into an API Gateway proxy event for `functions/api`
(on moto provisioned from template.yaml, as the `aws` fixture does, once for the module). Over HTTP, the same
run against the local stack in a subprocess (marker `stack`) also covers the HTTP server in front of the API.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import hardening_support as hs

ID = re.compile(r"^[0-9a-f]{32}$")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def moto_api() -> Iterator[dict[str, Any]]:
    """moto provisioned from template.yaml for the whole module, an API key, and a way to make interviews."""
    from moto import mock_aws

    from local_stack.cfn import provision
    from tests.conftest import clear_caches

    with pytest.MonkeyPatch.context() as env, mock_aws():
        for name, value in {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_DEFAULT_REGION": hs.REGION,
            "POWERTOOLS_TRACE_DISABLED": "1",
            "POWERTOOLS_METRICS_DISABLED": "1",
            "PUBLIC_BASE_URL": "https://prep.example.test",
        }.items():
            env.setenv(name, value)
        stack = provision()
        for name, value in stack.function_environment().items():
            env.setenv(name, value)
        clear_caches()
        from interview_prep.adapters.settings import settings as service_settings
        from interview_prep.adapters.store import InterviewStore
        from interview_prep.domain import clock
        from interview_prep.services import access

        _, key = access.create_api_key(InterviewStore(service_settings().table_name), "Fuzzers", now=clock.now())
        yield {"key": key}
        clear_caches()


@pytest.fixture(scope="module")
def api_schema(moto_api: dict[str, Any]) -> Any:
    return schemathesis.openapi.from_wsgi("/v1/openapi.json", hs.wsgi_app)


OPERATIONS = [
    ("GET", "/v1/health"),
    ("POST", "/v1/interviews"),
    ("GET", "/v1/interviews"),
    ("GET", "/v1/interviews/{interview_id}"),
    ("PATCH", "/v1/interviews/{interview_id}"),
    ("DELETE", "/v1/interviews/{interview_id}"),
    ("PUT", "/v1/interviews/{interview_id}/notes"),
    ("GET", "/v1/interviews/{interview_id}/digest"),
    ("GET", "/v1/interviews/{interview_id}/guide"),
    ("GET", "/v1/interviews/{interview_id}/thank-you-drafts"),
    ("GET", "/v1/interviews/{interview_id}/calendar.ics"),
    ("POST", "/v1/invitations/parse"),
    ("POST", "/v1/webhooks"),
    ("GET", "/v1/webhooks"),
    ("DELETE", "/v1/webhooks/{webhook_id}"),
]


def _existing_interview(key: str) -> str:
    """A fresh interview of the key's owner, so generated calls on `{interview_id}` reach the logic behind."""
    import datetime as dt

    from interview_prep.domain import clock

    from tests.conftest import Api

    start = (clock.now() + dt.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    body = {
        "candidate": {"name": "Fuzz Target", "email": "fuzz@example.com"},
        "company": {"name": "Acme"},
        "role": "Analyst",
        "starts_at": start,
        "timezone": "UTC",
        "interviewers": [{"name": "Dana Lee", "relationship": "hr"}],
    }
    status, _, created = Api(key).call("POST", "/v1/interviews", body)
    assert status == 201, created
    return str(created["id"])


def test_the_document_lists_every_route(api_schema: Any) -> None:
    labels = {(op.ok().method.upper(), op.ok().path) for op in api_schema.get_all_operations()}

    assert labels == set(OPERATIONS)


@pytest.mark.parametrize(
    ("method", "path", "mode"),
    [(m, p, GenerationMode.POSITIVE) for m, p in OPERATIONS]
    # negative data for every operation that takes any input (health takes none)
    + [(m, p, GenerationMode.NEGATIVE) for m, p in OPERATIONS if p not in ("/v1/health", "/v1/webhooks")]
    + [("POST", "/v1/webhooks", GenerationMode.NEGATIVE)],
)
def test_every_route_answers_as_documented_and_never_5xx(
    method: str, path: str, mode: GenerationMode, api_schema: Any, moto_api: dict[str, Any]
) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(mode))
    @settings(
        max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def check(case: Any) -> None:
        # Given a generated request, half the time on an interview that exists
        interview_id = (case.path_parameters or {}).get("interview_id")
        if isinstance(interview_id, str) and ID.match(interview_id) and int(interview_id[-1], 16) % 2 == 0:
            case.path_parameters["interview_id"] = _existing_interview(moto_api["key"])

        # When it is sent with a valid key
        response = case.call(headers={"Authorization": f"Bearer {moto_api['key']}"})

        # Then no 5xx, a documented status, content type and body schema; every error in the one shape
        case.validate_response(response, checks=CHECKS)
        assert response.status_code in hs.DOCUMENTED_STATUSES, (response.status_code, response.text[:300])
        if response.status_code >= 400:
            assert hs.is_error_body(response.json()), response.text[:300]

    check()


@pytest.mark.stack
def test_over_http_on_the_local_stack_no_server_error_on_any_route() -> None:
    """The schemathesis CLI, as an outside tool runs it, against the local stack: the HTTP server in front of
    the API included (unsupported methods such as TRACE, content types without their parameters)."""
    import pathlib
    import subprocess
    import sys

    st = pathlib.Path(sys.executable).parent / "st"
    with hs.local_stack() as stack:
        result = subprocess.run(
            [
                str(st),
                "run",
                f"{stack.base}/v1/openapi.json",
                "--checks",
                "not_a_server_error",
                "--max-examples",
                "5",
                "--phases",
                "examples,coverage,fuzzing",
                "-H",
                f"Authorization: Bearer {hs.LOCAL_KEY}",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=pathlib.Path(__file__).parent.parent,
            env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks"},  # the invitation's email bodies
        )
        log = stack.log()

    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert " -> 5" not in log, [line for line in log.splitlines() if " -> 5" in line][:5]
