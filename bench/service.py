"""The service, in this process, on moto: environment, fresh state, quiet handlers, and an API client.

Shared by the warm-overhead, AWS-call and rendering benchmarks (the cold-start one runs in fresh interpreters).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from typing import Any

FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "bench",
    "AWS_SECRET_ACCESS_KEY": "bench",
    "AWS_SESSION_TOKEN": "bench",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}
PUBLIC_BASE_URL = "https://prep.example.test"


def use_fake_aws() -> None:
    """No benchmark ever reaches a real AWS account: fake credentials, one region, no profile."""
    os.environ.update(FAKE_AWS)
    os.environ.pop("AWS_PROFILE", None)
    os.environ.setdefault("POWERTOOLS_TRACE_DISABLED", "1")
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "interview-prep")
    os.environ.setdefault("POWERTOOLS_METRICS_NAMESPACE", "InterviewPrep")


def reset_service_state() -> None:
    """Forget every cached setting, client and persistence layer of the service (as a new Lambda sandbox would).

    Clears every `functools.cache` of the `interview_prep` modules loaded, and boto3's default session, so the
    next call reads the environment again and creates its clients anew (with the handlers registered now).
    """
    import boto3

    for name, module in list(sys.modules.items()):
        if module is None or not (name == "interview_prep" or name.startswith("interview_prep.")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()
    boto3.DEFAULT_SESSION = None


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Send this process's stdout (Powertools logs and metrics) to /dev/null, at the file-descriptor level.

    The handlers still format and write every log line and metric, as in Lambda; only the bench output stays readable.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


@contextlib.contextmanager
def mocked_stack() -> Iterator[Any]:
    """moto in this process, provisioned from template.yaml, with the functions' environment set."""
    use_fake_aws()
    from moto import mock_aws

    from local_stack.cfn import provision

    saved = dict(os.environ)
    with mock_aws():
        stack = provision()
        os.environ.update(stack.function_environment())
        os.environ["PUBLIC_BASE_URL"] = PUBLIC_BASE_URL
        reset_service_state()
        try:
            yield stack
        finally:
            reset_service_state()
            os.environ.clear()
            os.environ.update(saved)


def create_api_key(owner: str = "Bench Tools") -> str:
    from interview_prep.adapters.settings import settings
    from interview_prep.adapters.store import InterviewStore
    from interview_prep.domain import clock
    from interview_prep.services import access

    _, key = access.create_api_key(InterviewStore(settings().table_name), owner, now=clock.now())
    return key


def api_event(
    method: str, path: str, body: Any = None, *, key: str | None = None, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    """The API Gateway REST proxy event a tool's request becomes (as `tests/conftest.py` builds them)."""
    from local_stack.proxy import api_gateway_event

    path, _, query = path.partition("?")
    data = json.dumps(body).encode() if body is not None else None
    h = {"Host": "prep.example.test", "User-Agent": "bench"}
    if data is not None:
        h["Content-Type"] = "application/json"
    if key:
        h["Authorization"] = f"Bearer {key}"
    h.update(headers or {})
    return api_gateway_event(method, path, query=query, headers=h, body=data)


def call_api(event: dict[str, Any]) -> tuple[int, Any]:
    """Invoke functions/api with `event`; returns (status, parsed JSON body or text)."""
    from functions.api.app import lambda_handler
    from local_stack.proxy import LambdaContext, response_body

    response = lambda_handler(event, LambdaContext("ApiFunction"))  # type: ignore[arg-type]
    text = response_body(response).decode()
    try:
        return response["statusCode"], json.loads(text)
    except ValueError:
        return response["statusCode"], text


def local_start(days: float, hour: int = 14, zone: str = "America/Toronto", *, now: dt.datetime | None = None) -> str:
    """A local `starts_at` `days` from now (at `hour`:00 in `zone`)."""
    from zoneinfo import ZoneInfo

    when = (now or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(zone)) + dt.timedelta(days=days)
    return f"{when.date().isoformat()}T{hour:02d}:00"


def interview_body(days: float = 5, **overrides: Any) -> dict[str, Any]:
    """A realistic create request (two interviewers, notes from round one, a salary range), `days` ahead."""
    body: dict[str, Any] = {
        "candidate": {"name": "Zoë O'Brien", "email": "zoe@example.com"},
        "company": {"name": "Northwind Traders", "website": "https://northwind.example"},
        "role": "Operations Analyst",
        "round": 2,
        "starts_at": local_start(days),
        "timezone": "America/Toronto",
        "duration_minutes": 60,
        "format": "video",
        "location": "https://meet.example/northwind-ops",
        "includes": ["presentation"],
        "interviewers": [
            {"name": "Dana Lee", "title": "Head of Operations", "relationship": "hiring_manager", "met_before": True},
            {"name": "Sam Patel", "title": "Analyst", "relationship": "team_member", "met_before": False},
        ],
        "first_interview_notes": "Discussed the supplier dashboard; asked about SQL depth. Open point: on-call rota.",
        "salary": {"min": 70000, "max": 85000, "currency": "CAD", "period": "year"},
    }
    body.update(overrides)
    return body


NOTES_BODY: dict[str, Any] = {
    "text": "Went well; the dashboard demo landed.",
    "interviewers": [
        {"name": "Dana Lee", "topics": ["supplier dashboard", "team rituals"], "concerns": ["SQL depth"]},
        {"name": "Sam Patel", "topics": ["weekly planning"], "concerns": []},
    ],
    "follow_ups": ["send the dashboard mock-up"],
}
