"""Shared fixtures: moto provisioned from template.yaml, a fixed clock, an API client, sample events."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
from collections.abc import Iterator
from typing import Any

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events"
NOW = dt.datetime(2027, 1, 11, 15, 0, tzinfo=dt.UTC)  # a Monday


def pytest_configure(config: pytest.Config) -> None:
    """The message catalogs are compiled from their .po files first, as `make build` and `make run` do."""
    from tools.catalogs import compile_catalogs

    compile_catalogs()


@pytest.fixture(autouse=True)
def _aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever reaches a real AWS account."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "1")
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "InterviewPrep")
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "interview-prep")


def clear_caches() -> None:
    """Forget every cached client, setting and secret (each test gets a fresh AWS); pure caches are kept."""
    import sys

    stateful = (
        "interview_prep.adapters.",
        "interview_prep.services.",
        "interview_prep.api.",
        "interview_prep.web.csrf",
    )
    for name, module in list(sys.modules.items()):
        if name.startswith(stateful) or name == "interview_prep.http_app":
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", "") == name:
                    value.cache_clear()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """moto, with every resource of template.yaml provisioned and the functions' environment set."""
    from moto import mock_aws

    from local_stack.cfn import provision

    with mock_aws():
        stack = provision()
        for key, value in stack.function_environment().items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("PUBLIC_BASE_URL", "https://prep.example.test")
        clear_caches()
        yield stack
        clear_caches()


@pytest.fixture
def clock_at() -> Iterator[Any]:
    """Freeze the service's clock: `clock_at(datetime)` (default: NOW for the whole test)."""
    import contextlib

    from interview_prep.domain import clock

    stack = contextlib.ExitStack()

    def at(when: dt.datetime = NOW) -> None:
        stack.close()
        stack.enter_context(clock.frozen(when))

    at(NOW)
    yield at
    stack.close()


def load_event(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / name).read_text())


@pytest.fixture
def api_key(aws: Any) -> str:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.services import access

    _, key = access.create_api_key(InterviewStore(settings().table_name), "Acme Recruiting", now=NOW)
    return key


class Api:
    """Calls functions/api in-process with API Gateway proxy events, as a tool over HTTP would."""

    def __init__(self, key: str | None) -> None:
        self.key = key

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
        key: str | bool | None = True,
    ) -> tuple[int, dict[str, str], Any]:
        from functions.api.app import lambda_handler
        from local_stack.proxy import LambdaContext, api_gateway_event, response_body, response_headers

        path, _, query = path.partition("?")
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        h = {"Host": "prep.example.test"}
        if data is not None and raw is None:
            h["Content-Type"] = "application/json"
        use_key = self.key if key is True else key
        if use_key:
            h["Authorization"] = f"Bearer {use_key}"
        h.update(headers or {})
        event = api_gateway_event(method, path, query=query, headers=h, body=data)
        response = lambda_handler(event, LambdaContext("ApiFunction"))
        text = response_body(response).decode()
        headers_out = {k.lower(): v for k, v in response_headers(response)}
        ctype = headers_out.get("content-type", "")
        parsed = json.loads(text) if text and "json" in ctype else text
        return response["statusCode"], headers_out, parsed


@pytest.fixture
def api(api_key: str) -> Api:
    return Api(api_key)


def interview_body(**overrides: Any) -> dict[str, Any]:
    """A valid create request, five days after NOW, in Toronto."""
    body: dict[str, Any] = {
        "candidate": {"name": "Zoë O'Brien", "email": "zoe@example.com"},
        "company": {"name": "Northwind <Traders>", "website": "https://northwind.example"},
        "role": "Operations Analyst",
        "round": 2,
        "starts_at": "2027-01-16T14:00",
        "timezone": "America/Toronto",
        "duration_minutes": 60,
        "format": "in_person",
        "interviewers": [
            {"name": "Dana Lee", "title": "Head of Ops", "relationship": "hiring_manager", "met_before": False}
        ],
    }
    body.update(overrides)
    return body


# --- skipped tests are said out loud; CI refuses them -------------------------------------------------------------

# Markers of the tests that need something outside Python (Chromium, a local stack on a port). `.ci/run` sets
# REQUIRE_ALL_TESTS=1: then a skipped test with one of these markers fails the run, whatever the reason.
REQUIRED_MARKERS = ("browser", "stack")
_SKIPPED: list[tuple[str, str, bool]] = []  # (test id, reason, required)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr or "")
        required = any(marker in report.keywords for marker in REQUIRED_MARKERS)
        _SKIPPED.append((report.nodeid, reason.removeprefix("Skipped: "), required))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if hasattr(config, "workerinput") or not _SKIPPED:
        return
    write = terminalreporter.write_line
    terminalreporter.section(f"{len(_SKIPPED)} TESTS SKIPPED: these were NOT run", sep="!", red=True, bold=True)
    for nodeid, reason, required in _SKIPPED:
        write(f"SKIPPED{' (browser/stack)' if required else ''} {nodeid}: {reason}", red=True, bold=True)
    if os.environ.get("REQUIRE_ALL_TESTS"):
        write("REQUIRE_ALL_TESTS is set: a skipped browser or local-stack test fails the run", red=True, bold=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if hasattr(session.config, "workerinput"):
        return  # the controller decides, from every worker's reports
    if os.environ.get("REQUIRE_ALL_TESTS") and any(required for _, _, required in _SKIPPED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
