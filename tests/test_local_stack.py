"""End to end over HTTP: the local stack as a person runs it (`python -m local_stack`), driven like a tool would.

Record an interview, jump ahead to its digest with `/_local/scheduler/run`, read the outbox, jump past its
end for the thank-you. The local stack runs on the real clock, so the interview is placed a few days ahead
of now, and time moves only through the scheduler runs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests import hardening_support as hs
from tests.conftest import ROOT, interview_body

pytestmark = pytest.mark.stack

API_KEY = "test-key"
READY = "Interview Prep is running"
START_TIMEOUT = 180.0  # generous: a loaded 2-core CI machine starts the stack slowly


class Output:
    """The stack's output, read on a thread for as long as it runs (a pipe nobody reads would block it)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.ready = threading.Event()
        self._process = process
        self._thread = threading.Thread(target=self._read, name="local-stack-output", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            self.lines.append(line)
            if READY in line:
                self.ready.set()

    def wait_until_ready(self, timeout: float) -> None:
        if not self.ready.wait(timeout):
            raise AssertionError("the local stack did not start:\n" + "".join(self.lines[-40:]))


def start(env: dict[str, str], *, own_group: bool = False) -> subprocess.Popen[str]:
    """`python -m local_stack` with `env`, its output on a pipe (read it with `Output`)."""
    return subprocess.Popen(
        [sys.executable, "-m", "local_stack"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=own_group,
    )


@pytest.fixture(scope="module")
def local_stack() -> Iterator[str]:
    """`python -m local_stack` on a free port, in its own process group; its base URL."""
    env = {**os.environ, "PORT": "0", "LOCAL_API_KEY": API_KEY, "PYTHONUNBUFFERED": "1"}
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "TABLE_NAME", "IDEMPOTENCY_TABLE_NAME"):
        env.pop(name, None)
    process = start(env, own_group=True)  # its own process group, stopped as a whole below
    try:
        output = Output(process)
        output.wait_until_ready(START_TIMEOUT)
        base = hs.stack_base("".join(output.lines))
        assert base, "".join(output.lines)
        assert call(base, "GET", "/v1/health")[0] == 200
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def call(base: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    """One HTTP request to the local stack: (status, parsed JSON body)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {API_KEY}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    return status, json.loads(raw) if raw else None


def run_scheduler(base: str, until: dt.datetime) -> list[dict[str, Any]]:
    status, body = call(base, "POST", "/_local/scheduler/run", {"until": until.isoformat()})
    assert status == 200, body
    fired: list[dict[str, Any]] = body["fired"]
    return fired


def outbox(base: str) -> list[dict[str, Any]]:
    status, mails = call(base, "GET", "/_local/outbox.json")
    assert status == 200
    return list(mails)


def test_local_stack_record_jump_ahead_one_digest_then_one_thank_you(local_stack: str) -> None:
    base = local_stack
    # Given an interview recorded over HTTP, five days from now at 10:00 in Luxembourg
    starts = (dt.datetime.now(dt.UTC) + dt.timedelta(days=5)).strftime("%Y-%m-%dT10:00")
    status, interview = call(
        base, "POST", "/v1/interviews", interview_body(starts_at=starts, timezone="Europe/Luxembourg")
    )
    assert status == 201, interview
    digest_due = dt.datetime.fromisoformat(interview["digest"]["due_at"])
    thank_you_due = dt.datetime.fromisoformat(interview["thank_you"]["due_at"])
    assert digest_due == dt.datetime.fromisoformat(interview["starts_at_utc"]) - dt.timedelta(hours=48)

    # Then its two schedules are pending, at the times the resource shows
    status, schedules = call(base, "GET", "/_local/schedules.json")
    assert status == 200
    assert sorted((s["target_input"]["kind"], dt.datetime.fromisoformat(s["due_at"])) for s in schedules) == [
        ("digest", digest_due),
        ("thank_you", thank_you_due),
    ]
    assert outbox(base) == []

    # When time jumps to the digest's due time
    fired = run_scheduler(base, digest_due)

    # Then exactly one digest is in the outbox, with both parts and the calendar attachment
    assert [(f["target_input"]["kind"], f["result"]["status"]) for f in fired] == [("digest", "ok")]
    (digest,) = outbox(base)
    assert digest["to"] == "Zoë O'Brien <zoe@example.com>"
    assert "Operations Analyst" in digest["subject"] and "Northwind <Traders>" in digest["subject"]
    assert "Northwind <Traders>" in digest["text"]
    assert "Northwind &lt;Traders&gt;" in digest["html"]
    assert digest["attachments"] == [{"filename": "interview.ics", "content_type": "text/calendar"}]
    assert digest["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digest["headers"]["List-Unsubscribe"].startswith(f"<{base}/unsubscribe/")
    status, resource = call(base, "GET", f"/v1/interviews/{interview['id']}")
    assert resource["digest"]["sent_at"] is not None

    # When the scheduler runs up to the same time again
    assert run_scheduler(base, digest_due) == []

    # Then there is still one digest
    assert len(outbox(base)) == 1

    # When time jumps past the end of the interview and the thank-you delay
    fired = run_scheduler(base, thank_you_due + dt.timedelta(minutes=1))

    # Then one thank-you email follows, the interview is completed, and no schedule is left
    assert [(f["target_input"]["kind"], f["result"]["status"]) for f in fired] == [("thank_you", "ok")]
    mails = outbox(base)
    assert len(mails) == 2
    assert mails[0] == digest
    assert mails[1]["to"] == digest["to"] and mails[1]["text"] and mails[1]["html"]
    status, resource = call(base, "GET", f"/v1/interviews/{interview['id']}")
    assert status == 200
    assert resource["status"] == "completed"
    assert resource["thank_you"]["sent_at"] is not None
    assert call(base, "GET", "/_local/schedules.json") == (200, [])


def test_local_stack_scheduler_run_without_offset_is_a_bad_request(local_stack: str) -> None:
    status, body = call(local_stack, "POST", "/_local/scheduler/run", {"until": "2027-01-01T10:00"})

    assert status == 400
    assert body["error"]["code"] == "bad_request"
    assert body["error"]["details"][0]["field"] == "until"


def test_local_stack_three_interviewers_notes_one_thank_you_email_with_three_drafts(local_stack: str) -> None:
    base = local_stack
    # Given an interview with three interviewers, recorded over HTTP
    starts = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).strftime("%Y-%m-%dT13:00")
    people = [
        {"name": "Grace Muller", "title": "Engineering Manager", "relationship": "hiring_manager"},
        {"name": "Dev Anand", "title": "Senior Engineer", "relationship": "team_member"},
        {"name": "Rosa Blanco", "title": "CTO", "relationship": "executive"},
    ]
    status, interview = call(
        base,
        "POST",
        "/v1/interviews",
        interview_body(
            starts_at=starts,
            timezone="America/Chicago",
            duration_minutes=120,
            interviewers=people,
            candidate={"name": "Taylor Brooks", "email": "taylor@example.com"},
        ),
    )
    assert status == 201, interview

    # And notes taken after it, a topic per person and a concern from the manager
    notes = {
        "text": "Good energy overall.",
        "interviewers": [
            {"name": "Grace Muller", "topics": ["the on-call rotation redesign"], "concerns": ["my Kubernetes depth"]},
            {"name": "Dev Anand", "topics": ["the event-sourcing prototype"]},
            {"name": "Rosa Blanco", "topics": ["expansion into warehouse automation"]},
        ],
    }
    status, _ = call(base, "PUT", f"/v1/interviews/{interview['id']}/notes", notes)
    assert status == 200

    # When the scheduler runs past the end of the interview
    thank_you_due = dt.datetime.fromisoformat(interview["thank_you"]["due_at"])
    run_scheduler(base, thank_you_due + dt.timedelta(minutes=5))

    # Then exactly one thank-you email holds the three drafts, each with that person's topic
    mails = [m for m in outbox(base) if "taylor@example.com" in m["to"] and "thank" in m["subject"].lower()]
    assert len(mails) == 1
    text = mails[0]["text"]
    for first_name, topic in (("Grace", "on-call"), ("Dev", "event-sourcing"), ("Rosa", "warehouse")):
        assert first_name in text and topic in text
    assert "24 hours" in text
    status, drafts = call(base, "GET", f"/v1/interviews/{interview['id']}/thank-you-drafts")
    assert [d["interviewer"] for d in drafts] == [p["name"] for p in people]
    assert len({d["body"] for d in drafts}) == 3


@pytest.mark.parametrize(
    ("setting", "says"),
    [
        (
            "PORT",
            "cannot use 127.0.0.1:{port} (Address already in use): stop what uses it, or choose another port "
            "(PORT=3001 make run)",
        ),
        ("AWS_PORT", "cannot use 127.0.0.1:{port} for the embedded AWS: stop what uses it, or unset AWS_PORT"),
    ],
)
def test_local_stack_on_a_port_in_use_says_so_and_exits_without_a_traceback(setting: str, says: str) -> None:
    # Given a port something else already listens on (a second `make run`, say)
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PORT": "0", setting: str(port), "PYTHONUNBUFFERED": "1"}
        # When the local stack is started on it
        done = subprocess.run(
            [sys.executable, "-m", "local_stack"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
        )
    # Then it stops with a sentence that says what to do, not a stack trace
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert says.format(port=port) in output
    assert "Traceback" not in output


def test_local_stack_whose_port_is_listened_on_before_it_is_ready_says_so_and_exits() -> None:
    """Two stacks started at once on one port both take it (neither listens yet); the one that listens second stops
    with a sentence, not a traceback."""
    import socket
    import time

    with socket.socket() as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        other.bind(("127.0.0.1", 0))
        port = other.getsockname()[1]
        env = {**os.environ, "PORT": str(port), "PYTHONUNBUFFERED": "1"}
        process = start(env)
        output = Output(process)
        deadline = time.monotonic() + START_TIMEOUT
        while not hs.stack_base("".join(output.lines)):  # the stack has taken the port
            assert process.poll() is None and time.monotonic() < deadline, "".join(output.lines)
            time.sleep(0.05)
        other.listen()  # and the other process listens first
        assert process.wait(timeout=START_TIMEOUT) == 1
    text = "".join(output.lines)
    assert f"cannot listen on http://127.0.0.1:{port} (Address already in use)" in text
    assert "Traceback" not in text
