"""Load on the local stack: `python -m tests.load --interviews N --concurrency C` (`make load`: 2000 and 16).

Starts the local stack in a subprocess on a free loopback port, records N interviews concurrently over HTTP (C
threads, each with its own keep-alive connection; loopback only, bounded in count and time), jumps the scheduler
through all of them with `POST /_local/scheduler/run`, and proves from `/_local/outbox.json` that every interview
got exactly its deliveries: one digest and one thank-you. Prints throughput and latency percentiles.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime as dt
import http.client
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests import hardening_support as hs

MAX_INTERVIEWS = 10_000
MAX_CONCURRENCY = 64
SPREAD_DAYS = 28  # interviews start 3 to 3 + SPREAD_DAYS days from now
ZONES = ["America/Toronto", "Europe/Paris", "Asia/Kolkata", "UTC", "Australia/Sydney"]


@dataclasses.dataclass
class Report:
    interviews: int
    concurrency: int
    recorded: int = 0
    record_seconds: float = 0.0
    latencies_ms: list[float] = dataclasses.field(default_factory=list)
    scheduler_seconds: float = 0.0
    fired: int = 0
    emails: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.recorded == self.interviews

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return 0.0
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[index]

    def lines(self) -> list[str]:
        rate = self.recorded / self.record_seconds if self.record_seconds else 0.0
        delivered = self.fired / self.scheduler_seconds if self.scheduler_seconds else 0.0
        lines = [
            f"interviews recorded: {self.recorded}/{self.interviews} with {self.concurrency} concurrent clients "
            f"in {self.record_seconds:.1f} s -> {rate:.1f} interviews/s",
            f"POST /v1/interviews latency: p50 {self.percentile(50):.0f} ms, p95 {self.percentile(95):.0f} ms, "
            f"p99 {self.percentile(99):.0f} ms, max {max(self.latencies_ms, default=0):.0f} ms",
            f"scheduler: {self.fired} deliveries fired in {self.scheduler_seconds:.1f} s -> {delivered:.1f} /s",
            f"outbox: {self.emails} emails; every interview got exactly one digest and one thank-you: "
            + ("yes" if self.ok else "NO"),
        ]
        return lines + [f"problem: {p}" for p in self.problems[:20]]


def interview(n: int, now: dt.datetime) -> dict[str, Any]:
    """The n-th interview of the run: its own candidate address, spread over the coming weeks and five zones."""
    import zoneinfo

    zone = ZONES[n % len(ZONES)]
    start = now + dt.timedelta(days=3, minutes=(n * 37) % (SPREAD_DAYS * 24 * 60))
    local = start.astimezone(zoneinfo.ZoneInfo(zone)).replace(tzinfo=None, second=0, microsecond=0)
    return {
        "candidate": {"name": f"Load Candidate {n}", "email": f"load-{n}@example.com"},
        "company": {"name": f"Load Company {n}"},
        "role": "Operations Analyst",
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "timezone": zone,
        "interviewers": [{"name": "Dana Lee", "relationship": "hiring_manager"}],
    }


class Client:
    """One keep-alive HTTP connection per thread, to the stack on loopback."""

    def __init__(self, base: str, timeout: float) -> None:
        host, _, port = base.removeprefix("http://").partition(":")
        assert host == "127.0.0.1", "the load test talks to loopback only"
        self.host, self.port, self.timeout = host, int(port), timeout
        self.local = threading.local()

    def post(self, path: str, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.local.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        payload = json.dumps(body).encode()
        try:
            connection.request("POST", path, body=payload, headers={"Content-Type": "application/json", **headers})
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            self.local.connection = None
            raise
        return response.status, json.loads(data) if data else None


def run_load(
    stack: hs.StackProcess, interviews: int, concurrency: int, *, time_limit: float = 1800, progress: bool = False
) -> Report:
    """Record, fire, check. Bounded: at most MAX_INTERVIEWS, MAX_CONCURRENCY threads, `time_limit` seconds."""
    interviews = max(1, min(interviews, MAX_INTERVIEWS))
    concurrency = max(1, min(concurrency, MAX_CONCURRENCY))
    report = Report(interviews, concurrency)
    deadline = time.monotonic() + time_limit
    now = dt.datetime.now(dt.UTC)
    client = Client(stack.base, timeout=120)
    ids: dict[int, str] = {}
    lock = threading.Lock()

    def record(n: int) -> None:
        if time.monotonic() > deadline:
            raise TimeoutError("the time limit passed while recording")
        started = time.perf_counter()
        status, body = client.post(
            "/v1/interviews",
            interview(n, now),
            {"Authorization": f"Bearer {hs.LOCAL_KEY}", "Idempotency-Key": f"load-{n}"},
        )
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            report.latencies_ms.append(elapsed)
            if status == 201:
                ids[n] = body["id"]
            else:
                report.problems.append(f"interview {n}: {status} {str(body)[:200]}")
            done = len(report.latencies_ms)
            if progress and done % max(1, interviews // 10) == 0:
                print(f"  recorded {done}/{interviews}", flush=True)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="load") as pool:
        for future in [pool.submit(record, n) for n in range(interviews)]:
            try:
                future.result(timeout=max(1.0, deadline - time.monotonic()))
            except Exception as exc:
                report.problems.append(f"recording: {type(exc).__name__}: {exc}")
    report.record_seconds = time.perf_counter() - started
    report.recorded = len(ids)

    # Jump ahead a few days at a time, through every digest and thank-you.
    started = time.perf_counter()
    step, until = dt.timedelta(days=4), now
    end = now + dt.timedelta(days=3 + SPREAD_DAYS + 2)
    while until < end and time.monotonic() < deadline:
        until = min(until + step, end)
        report.fired += len(stack.run_scheduler(until)["fired"])
        if progress:
            print(f"  scheduler run until {until:%Y-%m-%d}: {report.fired} deliveries so far", flush=True)
    report.scheduler_seconds = time.perf_counter() - started
    if until < end:
        report.problems.append("the time limit passed while the scheduler ran")

    outbox = stack.outbox()
    report.emails = len(outbox)
    got: dict[str, list[str]] = collections.defaultdict(list)
    for mail, kind in zip(outbox, hs.kinds(outbox), strict=True):
        got[mail["to"].rpartition("<")[2].rstrip(">").strip()].append(kind)
    for n in ids:
        kinds = sorted(got.pop(f"load-{n}@example.com", []))
        if kinds != ["digest", "thank_you"]:
            report.problems.append(f"interview {n}: got {kinds}, expected one digest and one thank-you")
    report.problems.extend(f"unexpected email to {address}: {kinds}" for address, kinds in got.items())
    pending = stack.call("GET", "/_local/schedules.json", key=None)[2]
    if pending:
        report.problems.append(f"{len(pending)} schedules still pending after the run")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.load", description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=200, help=f"how many to record (at most {MAX_INTERVIEWS})")
    parser.add_argument("--concurrency", type=int, default=8, help=f"client threads (at most {MAX_CONCURRENCY})")
    parser.add_argument("--time-limit", type=float, default=3600, help="seconds for the whole run")
    args = parser.parse_args(argv)
    print(f"starting the local stack, then {args.interviews} interviews with {args.concurrency} clients…", flush=True)
    with hs.local_stack() as stack:
        report = run_load(stack, args.interviews, args.concurrency, time_limit=args.time_limit, progress=True)
    print("\n".join(report.lines()), flush=True)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
