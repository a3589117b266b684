"""Support for the hardening suites (properties, schemathesis, faults, races, load, security).

- `StackProcess` / `local_stack()`: the local stack (`python -m local_stack`) in a subprocess on a free loopback
  port, talked to over HTTP, stopped by its own pid.
- `Pipeline`: AWS's side on the `aws` fixture (moto in-process): the stream poller feeding `on_interview_change`,
  the scheduler firing due one-time schedules into `deliver` (then deleting them), SES's outbox.
- `local_runtime()`: the local stack's `Runtime` (its own moto mock, scheduler retries, dead-letter queues),
  for tests that need what AWS does with failures.
- `atomic_moto()`: moto answers one request at a time, as DynamoDB applies each conditional write atomically.
- `wsgi_app`: the API as a WSGI application (API Gateway proxy events in-process), for schemathesis.
- hypothesis strategies of valid interview requests and notes, with hostile text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
LOCAL_KEY = "local-dev-key"
REGION = "us-east-1"
# Error statuses the API documents (SPEC "Errors"), and the successes.
DOCUMENTED_STATUSES = {200, 201, 204, 400, 401, 404, 409, 412, 413, 422, 429}
ERROR_CODES = {
    "validation_error",
    "bad_request",
    "unauthorized",
    "not_found",
    "conflict",
    "precondition_failed",
    "payload_too_large",
    "rate_limited",
    "invitation_not_usable",
}


def stack_base(output: str) -> str | None:
    """The base URL a local stack started with PORT=0 logged once it took its port (None: not logged yet).

    A port chosen here and handed to the stack could be taken by another process before the stack binds it (the
    tests run in parallel, each with its own stacks and servers): the stack takes a free one itself."""
    from local_stack.server import ANSWERS_AT

    found = re.search(re.escape(ANSWERS_AT) + r" (http://[\w.:]+)", output)
    return found.group(1) if found else None


def is_error_body(body: Any) -> bool:
    """The documented error shape: `{"error": {"code", "message", "details": [{"field", "message"}]}}`."""
    if not isinstance(body, dict) or set(body) != {"error"} or not isinstance(body["error"], dict):
        return False
    error = body["error"]
    return (
        error.get("code") in ERROR_CODES
        and isinstance(error.get("message"), str)
        and isinstance(error.get("details"), list)
        and all(
            isinstance(d, dict) and isinstance(d.get("field"), str) and isinstance(d.get("message"), str)
            for d in error["details"]
        )
    )


def clean_env() -> dict[str, str]:
    """This process's environment without the test's AWS and Powertools settings (for child processes)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_", "COV_CORE"))}


CHECKOV_VENV = ROOT / ".venv" / "checkov"


def checkov_executable() -> pathlib.Path:
    """checkov, in a virtual environment of its own (`.venv/checkov`, made on first use).

    Not in the project's dev dependencies: checkov pins boto3 to an exact old release (and old packaging and
    networkx), which would downgrade the SDK the service and moto run on in `.venv`.
    """
    import shutil

    executable = CHECKOV_VENV / "bin" / "checkov"
    if executable.exists():
        return executable
    found = shutil.which("checkov")
    if found:
        return pathlib.Path(found)
    subprocess.run([sys.executable, "-m", "venv", str(CHECKOV_VENV)], check=True, timeout=300)
    subprocess.run(
        [str(CHECKOV_VENV / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", "checkov>=3.2,<4"],
        check=True,
        timeout=1200,
    )
    return executable


# --- the local stack in a subprocess ------------------------------------------------------------------------


class StackProcess:
    """A running local stack: its base URL, its log file, and HTTP calls to it (loopback only)."""

    def __init__(self, base: str, log_path: pathlib.Path, process: subprocess.Popen[bytes]) -> None:
        self.base = base
        self.log_path = log_path
        self.process = process

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
        key: str | None = LOCAL_KEY,
        timeout: float = 120,
    ) -> tuple[int, dict[str, str], Any]:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        sent = {"Content-Type": "application/json"} if data is not None and raw is None else {}
        if key:
            sent["Authorization"] = f"Bearer {key}"
        sent.update(headers or {})
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=sent)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=timeout) as response:
                status, got, payload = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            status, got, payload = exc.code, dict(exc.headers), exc.read()
        text = payload.decode("utf-8", "replace")
        got = {k.lower(): v for k, v in got.items()}
        parsed: Any = text
        if "json" in got.get("content-type", ""):
            with contextlib.suppress(ValueError):
                parsed = json.loads(text)
        return status, got, parsed

    def run_scheduler(self, until: dt.datetime) -> dict[str, Any]:
        status, _, body = self.call("POST", "/_local/scheduler/run", {"until": until.isoformat()}, key=None)
        assert status == 200, body
        return dict(body)

    def outbox(self) -> list[dict[str, Any]]:
        status, _, body = self.call("GET", "/_local/outbox.json", key=None)
        assert status == 200, body
        return list(body)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers to look at (open-redirect checks), not to follow."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@contextlib.contextmanager
def local_stack(*, timeout: float = 240, env: dict[str, str] | None = None) -> Iterator[StackProcess]:
    """`python -m local_stack` on a free loopback port; waits for `/v1/health`, then stops it (its pid only)."""
    handle, name = tempfile.mkstemp(prefix="local-stack-", suffix=".log")
    os.close(handle)
    log_path = pathlib.Path(name)
    settings = {"PORT": "0", "HOST": "127.0.0.1", "LOCAL_API_KEY": LOCAL_KEY, "PYTHONUNBUFFERED": "1"}
    child_env = clean_env()
    child_env.update(settings, **(env or {}))
    with log_path.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "local_stack"],
            cwd=ROOT,
            env=child_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    stack = StackProcess("", log_path, process)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the local stack exited with {process.returncode}: {stack.log()[-2000:]}")
            stack.base = stack.base or stack_base(stack.log()) or ""
            if stack.base:
                with contextlib.suppress(OSError):
                    if stack.call("GET", "/v1/health", key=None, timeout=5)[0] == 200:
                        break
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the local stack did not answer /v1/health in {timeout:.0f} s: {stack.log()[-2000:]}"
                )
            time.sleep(0.2)  # polling for readiness: the only wait, bounded by the deadline
        yield stack
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


# --- AWS's side, on the `aws` fixture -----------------------------------------------------------------------


class Pipeline:
    """What AWS does around the functions, played on the `aws` fixture's moto: stream, scheduler, outbox."""

    def __init__(self, stack: Any) -> None:
        self.stack = stack
        self.position = 0
        self.failed_records: list[dict[str, Any]] = []

    # the stream (Lambda's event source mapping, filter `sk = INTERVIEW`)

    def stream_records(self) -> list[dict[str, Any]]:
        from moto.dynamodb.models import dynamodb_backends

        from local_stack.cfn import ACCOUNT
        from local_stack.runtime import _json_default

        table = dynamodb_backends[ACCOUNT][REGION].get_table(self.stack.refs["InterviewsTable"])
        items = list(table.stream_shard.items) if table.stream_shard is not None else []
        arn = self.stack.attrs[("InterviewsTable", "StreamArn")]
        records = []
        for item in items[self.position :]:
            record = json.loads(json.dumps(item.to_json(), default=_json_default))
            record["eventSourceARN"] = arn
            if record["dynamodb"]["Keys"].get("sk", {}).get("S") == "INTERVIEW":
                records.append(record)
        self.position = len(items)
        return records

    def drain(self, *, attempts: int = 3) -> list[dict[str, Any]]:
        """Feed new interview records to `on_interview_change`, retrying failed ones; returns those that never
        succeeded (what the event source mapping would send to the stream's dead-letter queue)."""
        from functions.on_interview_change.app import lambda_handler
        from local_stack.proxy import LambdaContext

        pending = self.stream_records()
        for _ in range(attempts):
            if not pending:
                return []
            try:
                result = lambda_handler({"Records": pending}, LambdaContext("OnInterviewChangeFunction"))
            except Exception:  # every record failed: Powertools raises, and Lambda retries the whole batch
                result = {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in pending]}
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
            if not failed:
                return []
            first = next(i for i, r in enumerate(pending) if r["dynamodb"]["SequenceNumber"] in failed)
            pending = pending[first:]
        self.failed_records.extend(pending)
        return pending

    # the scheduler (EventBridge Scheduler, one-time schedules, deleted after completion)

    def schedules(self) -> list[dict[str, Any]]:
        import boto3

        client = boto3.client("scheduler", region_name=REGION)
        group = os.environ["SCHEDULE_GROUP"]
        found = []
        for summary in client.list_schedules(GroupName=group).get("Schedules", []):
            full = client.get_schedule(Name=summary["Name"], GroupName=group)
            expression = full["ScheduleExpression"]
            due = dt.datetime.fromisoformat(expression[3:-1]).replace(tzinfo=dt.UTC)
            found.append({"name": full["Name"], "due_at": due, "input": json.loads(full["Target"]["Input"])})
        return sorted(found, key=lambda s: (s["due_at"], s["name"]))

    @staticmethod
    def fire(schedule: dict[str, Any], *, context: Any = None) -> dict[str, Any]:
        """Invoke `deliver` with the schedule's input, the service's clock at the due time."""
        from interview_prep.domain import clock

        from functions.deliver.app import lambda_handler
        from local_stack.proxy import LambdaContext

        with clock.frozen(schedule["due_at"]):
            result: dict[str, Any] = lambda_handler(schedule["input"], context or LambdaContext("DeliverFunction"))
        return result

    def run(self, until: dt.datetime) -> list[dict[str, Any]]:
        """Fire, in time order, every schedule due by `until` (each deleted after it ran); returns the outcomes."""
        import boto3

        client = boto3.client("scheduler", region_name=REGION)
        outcomes = []
        self.drain()
        while True:
            due = [s for s in self.schedules() if s["due_at"] <= until]
            if not due:
                return outcomes
            outcomes.append({"name": due[0]["name"], **self.fire(due[0])})
            with contextlib.suppress(client.exceptions.ResourceNotFoundException):
                client.delete_schedule(Name=due[0]["name"], GroupName=os.environ["SCHEDULE_GROUP"])
            self.drain()

    # SES

    @staticmethod
    def sent() -> list[dict[str, Any]]:
        """Every email SES accepted, oldest first, parsed as the local outbox shows them."""
        from moto.ses.models import ses_backends

        from local_stack.cfn import ACCOUNT
        from local_stack.runtime import parse_email

        messages = ses_backends[ACCOUNT][REGION].sent_messages
        return [parse_email(m.raw_data) for m in messages if getattr(m, "raw_data", None)]


def kinds(emails: list[dict[str, Any]]) -> list[str]:
    """The kind of each sent email, from its subject (digest, thank-you, confirmation, notice, cancellation)."""
    found = []
    for mail in emails:
        subject = mail["subject"].lower()
        if "thank-you" in subject or "thank you" in subject:
            found.append("thank_you")
        elif "confirm" in subject:
            found.append("confirmation")
        elif subject.startswith("moved:"):
            found.append("notice")
        elif subject.startswith("cancelled:"):
            found.append("cancellation")
        else:
            found.append("digest")
    return found


@contextlib.contextmanager
def local_runtime(public_base_url: str = "https://prep.example.test") -> Iterator[Any]:
    """The local stack's Runtime (its own moto, provisioned from template.yaml), the environment restored after."""
    from interview_prep.services import stream as stream_module

    from local_stack.runtime import Runtime
    from tests.conftest import clear_caches

    def clear() -> None:
        clear_caches()
        stream_module.scheduler.cache_clear()

    saved = dict(os.environ)
    clear()
    runtime = Runtime(public_base_url=public_base_url).start()
    os.environ.pop("CSRF_SECRET", None)
    try:
        yield runtime
    finally:
        runtime.stop()
        os.environ.clear()
        os.environ.update(saved)
        clear()


@contextlib.contextmanager
def atomic_moto() -> Iterator[None]:
    """moto answers one request at a time. DynamoDB applies each (conditional) write atomically; moto's in-process
    backend does not lock, so without this two threads could both pass a condition before either writes."""
    from moto.core.botocore_stubber import BotocoreStubber

    lock = threading.RLock()
    original = BotocoreStubber.process_request

    def locked(self: Any, request: Any) -> Any:
        with lock:
            return original(self, request)

    BotocoreStubber.process_request = locked  # type: ignore[method-assign]
    try:
        yield
    finally:
        BotocoreStubber.process_request = original  # type: ignore[method-assign]


def hook(client: Any, operation: str, fail: Callable[..., None]) -> Callable[[], None]:
    """Run `fail(params=<the call's parameters>, ...)` before each call of `operation` on `client` (it raises to
    inject a fault, as the service would see AWS answer). Returns a function that removes the hook."""
    event = f"before-parameter-build.{client.meta.service_model.service_id.hyphenize()}.{operation}"
    client.meta.events.register(event, fail)
    return lambda: client.meta.events.unregister(event, fail)


def client_error(code: str, operation: str, message: str = "injected") -> Exception:
    from botocore.exceptions import ClientError

    return ClientError({"Error": {"Code": code, "Message": message}}, operation)


class Browser:
    """Calls `functions/api` in-process as a browser would: keeps cookies, posts forms url-encoded."""

    def __init__(self, source_ip: str = "198.51.100.7", host: str = "prep.example.test") -> None:
        self.cookies: dict[str, str] = {}
        self.source_ip, self.host = source_ip, host

    def request(
        self, method: str, path: str, *, form: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        from urllib.parse import urlencode

        from functions.api.app import lambda_handler
        from local_stack.proxy import LambdaContext, api_gateway_event, response_body, response_headers

        path, _, query = path.partition("?")
        body = urlencode(form, doseq=True).encode() if form is not None else None
        sent = {"Host": self.host, "X-Forwarded-Proto": "https", "User-Agent": "pytest"}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        event = api_gateway_event(method, path, query=query, headers=sent, body=body, source_ip=self.source_ip)
        response = lambda_handler(event, LambdaContext("ApiFunction"))
        pairs = response_headers(response)
        for name, value in pairs:
            if name.lower() == "set-cookie":
                cookie, _, rest = value.partition("=")
                self.cookies[cookie] = rest.split(";", 1)[0]
        return int(response["statusCode"]), {k.lower(): v for k, v in pairs}, response_body(response).decode()

    def press(self, path: str) -> tuple[int, dict[str, str], str]:
        """Open a page with one button (the confirm page), then press it: post its form with the page's CSRF token."""
        return self.submit({}, page=path)

    def submit(self, fields: dict[str, Any], page: str = "/") -> tuple[int, dict[str, str], str]:
        """Open the page with the form, then post `fields` with the page's CSRF token."""
        import re

        _, _, text = self.request("GET", page)
        match = re.search(r'name="csrf_token" value="([^"]*)"', text)
        assert match, "no CSRF token on the page"
        return self.request("POST", page, form={**fields, "csrf_token": match.group(1)})


def form_fields(**overrides: Any) -> dict[str, Any]:
    """The web form filled in: an invitation on 2027-01-16 14:00 in Toronto (five days after the tests' NOW)."""
    fields: dict[str, Any] = {
        "candidate.name": "Zoë O'Brien",
        "candidate.email": "zoe@example.com",
        "company.name": "Northwind <Traders>",
        "role": "Operations Analyst",
        "round": "2",
        "starts_at.date": "2027-01-16",
        "starts_at.time": "14:00",
        "timezone": "America/Toronto",
        "duration_minutes": "60",
        "format": "in_person",
        "interviewers[0].name": "Dana Lee",
        "interviewers[0].title": "Head of Ops",
        "interviewers[0].relationship": "hiring_manager",
    }
    fields.update(overrides)
    return fields


# --- the API as a WSGI application (for schemathesis, in-process) -------------------------------------------


def wsgi_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """Each WSGI request becomes an API Gateway REST proxy event for `functions/api`, as the local stack does."""
    from functions.api.app import lambda_handler
    from local_stack.proxy import LambdaContext, api_gateway_event, response_body, response_headers

    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else None
    headers = {
        key[5:].replace("_", "-").title(): str(value) for key, value in environ.items() if key.startswith("HTTP_")
    }
    if environ.get("CONTENT_TYPE"):
        headers["Content-Type"] = environ["CONTENT_TYPE"]
    path = environ.get("PATH_INFO") or "/"
    if isinstance(path, str):
        path = path.encode("latin-1").decode("utf-8", "replace")
    event = api_gateway_event(
        environ["REQUEST_METHOD"], path, query=environ.get("QUERY_STRING", ""), headers=headers, body=body
    )
    response = lambda_handler(event, LambdaContext("ApiFunction"))
    reason = {200: "OK", 201: "Created", 303: "See Other"}.get(response["statusCode"], "Status")
    start_response(f"{response['statusCode']} {reason}", response_headers(response))
    return [response_body(response)]


# --- hypothesis strategies ----------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{7*7}}",
    "{% raw %}x{% endraw %}",
    "O'Brien & Söhne <GmbH>",
    "javascript:alert(1)",
    '=HYPERLINK("http://evil.example")',
    "Zoë 李 محمد",
]
ZONES = [
    "UTC",
    "America/Toronto",
    "Europe/Paris",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
    "Asia/Kathmandu",
]
RELATIONSHIPS = ["hr", "recruiter", "hiring_manager", "team_member", "executive", "other"]


def strategies(now: dt.datetime) -> Any:
    """Hypothesis strategies (built lazily: hypothesis is a test dependency only) of valid requests at `now`."""
    from hypothesis import strategies as st

    forbidden = "\u202a\u202b\u202c\u202d\u202e\x85\u2028\u2029"
    line_chars = st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp"), exclude_characters=forbidden)

    def line(max_size: int, marker: bool = False) -> Any:
        base = st.one_of(st.text(line_chars, min_size=1, max_size=min(max_size, 40)), st.sampled_from(HOSTILE))
        text = base.filter(lambda s: s.strip())
        if marker:
            # Every user text carries `<zz`, to find any of it left unescaped in HTML.
            text = st.tuples(text, st.text(line_chars, max_size=5)).map(lambda p: f"{p[0]}<zz{p[1]}")
        return text.map(lambda s: s[:max_size]).filter(lambda s: 0 < len(s.strip()) <= max_size)

    def multiline(max_size: int, marker: bool = False) -> Any:
        chars = st.characters(
            exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp"), include_characters="\n\t", exclude_characters=forbidden
        )
        text = st.text(chars, max_size=60)
        text = st.one_of(text, st.sampled_from(HOSTILE)).filter(lambda s: s.strip())
        if marker:
            text = text.map(lambda s: f"{s}\n<zz note")
        return text.map(lambda s: s[:max_size])

    def request(marker: bool = False) -> Any:
        @st.composite
        def build(draw: Any) -> dict[str, Any]:
            zone = draw(st.sampled_from(ZONES))
            minutes = draw(st.integers(min_value=60, max_value=300 * 24 * 60))
            start = (now + dt.timedelta(minutes=minutes)).astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None)
            if draw(st.booleans()):
                start = start.replace(second=0)
            body: dict[str, Any] = {
                "candidate": {
                    "name": draw(line(100, marker)),
                    "email": draw(st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9]{1,5})?", fullmatch=True)) + "@example.com",
                },
                "company": {"name": draw(line(200, marker))},
                "role": draw(line(200, marker)),
                "round": draw(st.integers(1, 10)),
                "starts_at": start.isoformat(timespec="seconds" if start.second else "minutes"),
                "timezone": zone,
                "duration_minutes": draw(st.integers(15, 720)),
                "format": draw(st.sampled_from(["in_person", "video", "phone", "meal"])),
                "includes": draw(
                    st.lists(
                        st.sampled_from(
                            ["presentation", "test", "tour", "group", "take_home", "recorded", "online_test"]
                        ),
                        unique=True,
                    )
                ),
                "interviewers": draw(
                    st.lists(
                        st.fixed_dictionaries(
                            {
                                "name": line(100, marker),
                                "relationship": st.sampled_from(RELATIONSHIPS),
                                "met_before": st.booleans(),
                            },
                            optional={"title": line(150, marker)},
                        ),
                        max_size=4,
                        unique_by=lambda i: i["name"].strip().casefold(),
                    )
                ),
                "digest_lead_hours": draw(st.integers(1, 168)),
                "thank_you_delay_minutes": draw(st.integers(0, 1440)),
            }
            for flag in ("internal_candidate", "final_round"):
                if draw(st.booleans()):
                    body[flag] = draw(st.booleans())
            if draw(st.booleans()):
                body["company"]["website"] = "https://" + draw(st.from_regex(r"[a-z]{1,12}", fullmatch=True)) + ".test"
            if draw(st.booleans()):
                body["location"] = draw(line(500, marker))
            if draw(st.booleans()):
                body["first_interview_notes"] = draw(multiline(5000, marker))
            if draw(st.booleans()):
                low = draw(st.integers(0, 500_000))
                body["salary"] = {
                    "min": low,
                    "max": low + draw(st.integers(0, 100_000)),
                    "currency": draw(st.sampled_from(["USD", "EUR", "cad", "JPY"])),
                    "period": draw(st.sampled_from(["year", "month", "day", "hour"])),
                }
            return body

        return build()

    def notes(interviewer_names: list[str], marker: bool = False) -> Any:
        @st.composite
        def build(draw: Any) -> dict[str, Any]:
            chosen = draw(st.lists(st.sampled_from(interviewer_names), unique=True)) if interviewer_names else []
            result: dict[str, Any] = {
                "interviewers": [
                    {
                        "name": name,
                        "topics": draw(st.lists(line(200, marker), max_size=3)),
                        "concerns": draw(st.lists(line(300, marker), max_size=2)),
                        "promised": draw(st.lists(line(200, marker), max_size=2)),
                        "questions": [
                            {"question": q, **({"answer": a} if a else {})}
                            for q, a in draw(
                                st.lists(st.tuples(line(300, marker), st.none() | multiline(600, marker)), max_size=2)
                            )
                        ],
                        **({"given_name": draw(line(60, marker))} if draw(st.booleans()) else {}),
                    }
                    for name in chosen
                ],
                "follow_ups": draw(st.lists(line(300, marker), max_size=3)),
            }
            if draw(st.booleans()):
                result["text"] = draw(multiline(5000, marker))
            return result

        return build()

    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
        lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
        max_leaves=12,
    )
    return {"request": request, "notes": notes, "json": json_values, "line": line}
