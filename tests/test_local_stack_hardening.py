"""The local stack as a server you could leave running, attacked over its socket: bursts of parallel clients, token
paths written oddly, lying Content-Length headers, malformed requests, and SIGTERM in the middle of a scheduler run.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import re
import signal
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests import hardening_support as hs
from tests.conftest import interview_body

pytestmark = pytest.mark.stack
TOKEN = "T" * 20 + "0123456789abcdefghijklm"  # token-shaped: 43 URL-safe characters


@pytest.fixture(scope="module")
def stack() -> Iterator[hs.StackProcess]:
    with hs.local_stack(env={"UNCONFIRMED_PER_SOURCE_PER_DAY": "1000"}) as running:
        yield running


def raw_request(stack: hs.StackProcess, data: bytes, *, timeout: float = 20, close_write: bool = False) -> bytes:
    """Send bytes on a fresh connection and read the answer until the server closes or goes quiet."""
    host, port = stack.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(data)
        if close_write:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and _complete(b"".join(chunks)):
                    break
        except TimeoutError:
            pass
    return b"".join(chunks)


def _complete(answer: bytes) -> bool:
    head, _, body = answer.partition(b"\r\n\r\n")
    match = re.search(rb"(?i)content-length:\s*(\d+)", head)
    return match is not None and len(body) >= int(match.group(1))


def _status(answer: bytes) -> int:
    match = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    assert match, answer[:200]
    return int(match.group(1))


def test_sixty_parallel_clients_get_answers_and_no_connection_reset(stack: hs.StackProcess) -> None:
    def health(_: int) -> int:
        return stack.call("GET", "/v1/health", key=None, timeout=120)[0]

    def record(n: int) -> int:
        body = interview_body(candidate={"name": "Par Allel", "email": f"p{n}@example.com"})
        start = (dt.datetime.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT10:00")
        return stack.call("POST", "/v1/interviews", {**body, "starts_at": start}, timeout=120)[0]

    with concurrent.futures.ThreadPoolExecutor(max_workers=60) as pool:
        statuses = list(pool.map(health, range(60))) + list(pool.map(record, range(20)))

    assert statuses == [200] * 60 + [201] * 20


@pytest.mark.parametrize(
    "target",
    [
        f"/manage//{TOKEN}",
        f"/./manage/{TOKEN}",
        f"/manage/./{TOKEN}/digest",
        f"/%6Danage/{TOKEN}",
        f"//confirm/{TOKEN}",
        f"/unsubscribe/{TOKEN}?x=1",
        f"http://127.0.0.1/manage/{TOKEN}",
        f"http://evil.example/confirm/{TOKEN}?a=b",
    ],
)
def test_tokens_are_redacted_from_the_request_log_however_the_path_is_written(
    stack: hs.StackProcess, target: str
) -> None:
    answer = raw_request(stack, f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())

    assert _status(answer) < 500
    time.sleep(0.2)  # the log line is written right after the answer
    assert TOKEN not in stack.log()


@pytest.mark.parametrize(
    ("length", "expected"), [("abc", 400), ("-5", 400), ("1e3", 400), ("99999999999999", 413), ("5, 7", 400)]
)
def test_a_bad_content_length_is_answered_at_once_without_a_traceback(
    stack: hs.StackProcess, length: str, expected: int
) -> None:
    request = f"POST /v1/interviews HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\n{{}}".encode()

    started = time.monotonic()
    answer = raw_request(stack, request, timeout=30)

    assert _status(answer) == expected
    assert time.monotonic() - started < 10  # answered, not waiting for a body that never comes
    assert hs.is_error_body(json.loads(answer.partition(b"\r\n\r\n")[2]))
    assert "Traceback" not in stack.log()
    assert stack.call("GET", "/v1/health", key=None, timeout=10)[0] == 200


def test_a_client_that_sends_less_than_its_content_length_does_not_hold_the_server(stack: hs.StackProcess) -> None:
    host, port = stack.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as stalled:
        stalled.sendall(b"POST /v1/interviews HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
        started = time.monotonic()
        assert stack.call("GET", "/v1/health", key=None, timeout=10)[0] == 200
        stalled.settimeout(30)
        answer = stalled.recv(65536)  # the server gives up on the silent client after a few seconds
    assert time.monotonic() - started < 25
    assert answer == b"" or _status(answer) == 408
    assert "Traceback" not in stack.log()


@pytest.mark.parametrize(
    ("request_line", "page"),
    [
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1", True),
        (b"GARBAGE", True),
        (b"GET / HTTP/7.0", True),
        (b"GET /v1/health HTTP/1.1\r\nX: " + b"y" * 70000, False),
        (b"GET /v1/health HTTP/9.9", False),
    ],
)
def test_protocol_errors_get_the_services_own_answer(stack: hs.StackProcess, request_line: bytes, page: bool) -> None:
    answer = raw_request(stack, request_line + b"\r\nHost: x\r\n\r\n", close_write=False)

    status = _status(answer)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert 400 <= status < 500 or status == 505, answer[:200]
    if page and b"HTTP/7.0" not in request_line:
        assert b"text/html" in head and b"Interview Prep" in body
    else:
        assert b"Error response" not in body  # never http.server's default page
    assert b"Error code explanation" not in body
    assert "Traceback" not in stack.log()


def test_form_errors_on_web_routes_are_the_services_pages(stack: hs.StackProcess) -> None:
    status, headers, page = stack.call(
        "POST", "/", raw=b"a=" + b"x" * 70000, headers={"Content-Type": "application/x-www-form-urlencoded"}, key=None
    )
    missing_status, missing_headers, missing = stack.call("GET", "/no/such/page", key=None)

    assert status == 413 and headers["content-type"].startswith("text/html") and "Interview Prep" in page
    assert missing_status == 404 and missing_headers["content-type"].startswith("text/html")
    assert "Interview Prep" in missing and "There is no such page" in missing


def test_sigterm_during_a_scheduler_run_answers_it_and_stops_delivering() -> None:
    with hs.local_stack() as stack:
        start = (dt.datetime.now() + dt.timedelta(days=3)).strftime("%Y-%m-%dT10:00")
        for n in range(25):
            body = interview_body(candidate={"name": "Many", "email": f"m{n}@example.com"}, starts_at=start)
            assert stack.call("POST", "/v1/interviews", body)[0] == 201
        answer: dict[str, Any] = {}

        def run() -> None:
            until = (dt.datetime.now(dt.UTC) + dt.timedelta(days=10)).isoformat()
            answer["result"] = stack.call("POST", "/_local/scheduler/run", {"until": until}, key=None, timeout=120)

        runner = threading.Thread(target=run)
        runner.start()
        deadline = time.monotonic() + 120
        while "delivery sent" not in stack.log() and time.monotonic() < deadline:
            time.sleep(0.05)  # waiting for the run to be delivering: the only wait, bounded
        stack.process.send_signal(signal.SIGTERM)
        runner.join(120)
        code = stack.process.wait(60)

        status, _, body = answer["result"]
        log = stack.log()
        assert status == 200 and len(body["fired"]) < 50, (status, str(body)[:200])  # answered, stopped early
        assert code == 0 and "stopped" in log
        after = log.split("stopping:", 1)[1]
        assert after.count('"message":"delivery sent"') <= 1  # at most the one being sent at that instant
        assert "Traceback" not in log
