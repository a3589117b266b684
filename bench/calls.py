"""AWS calls over one whole interview lifecycle, counted with botocore events, beside the minimum the design needs.

The lifecycle (an interview recorded by a tool through the API, so it starts confirmed):

| step | what happens |
| --- | --- |
| `record` | `POST /v1/interviews` (api), then the stream's INSERT (on_interview_change) plans two one-time schedules |
| `digest` | the digest schedule fires (deliver), then the stream's MODIFY (the digest recorded as sent) |
| `notes` | `PUT /v1/interviews/{id}/notes` after the interview (api), then the stream's MODIFY (plan unchanged) |
| `thank_you` | the thank-you schedule fires (deliver; the interview becomes `completed`), then the stream's MODIFY |

Every call made inside one of the three functions is counted with botocore's `before-call` event (registered in
`botocore.handlers.BUILTIN_HANDLERS`, so every session and client created afterwards carries it); calls made by
the local stack playing AWS (the scheduler listing its schedules, deleting a fired one) or by the bench setting
things up are kept apart and not counted against the service.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from bench.service import (
    NOTES_BODY,
    PUBLIC_BASE_URL,
    api_event,
    call_api,
    create_api_key,
    interview_body,
    quiet,
    reset_service_state,
    use_fake_aws,
)

# --- the minimum the design needs -----------------------------------------------------------------------------
#
# Keys are `service:Operation`, with the table for DynamoDB (`[interviews]` or `[idempotency]`).
# `minimum`: what the design needs (one write per change, one schedule per delivery, one email per delivery,
# exactly-once bookkeeping); `extra`: what the code does today beyond that, and why. The smoke test asserts the
# counts equal minimum + extra, so a change in either direction shows up (update this table with the reason).


@dataclasses.dataclass(frozen=True)
class Expected:
    step: str
    function: str
    what: str
    minimum: dict[str, int]
    extra: dict[str, int] = dataclasses.field(default_factory=dict)
    why_extra: str = ""

    @property
    def expected(self) -> dict[str, int]:
        total = Counter(self.minimum)
        total.update(self.extra)
        return dict(total)


_DELIVERY_MINIMUM = {
    # Powertools idempotency: claim (conditional put), then store the outcome.
    "dynamodb:PutItem[idempotency]": 1,
    "dynamodb:UpdateItem[idempotency]": 1,
    # Re-read the interview (status, revision, unsubscribe), mint the manage token and the unsubscribe-only token
    # (single-purpose: the unsubscribe link cannot open the manage page), send, record it.
    "dynamodb:GetItem[interviews]": 1,
    "dynamodb:PutItem[interviews]": 3,
    "sesv2:SendEmail": 1,
}
EXPECTED: tuple[Expected, ...] = (
    Expected(
        "record",
        "api",
        "POST /v1/interviews: API key, then one conditional put",
        {"dynamodb:GetItem[interviews]": 1, "dynamodb:PutItem[interviews]": 1},
    ),
    Expected(
        "record",
        "on_interview_change",
        "stream INSERT: one one-time schedule per delivery (digest, thank-you)",
        {"scheduler:CreateSchedule": 2},
    ),
    Expected(
        "digest",
        "deliver",
        "the digest schedule fires: send exactly once",
        _DELIVERY_MINIMUM,
    ),
    Expected(
        "digest",
        "on_interview_change",
        "stream MODIFY (digest recorded): nothing left to plan",
        {},
    ),
    Expected(
        "notes",
        "api",
        "PUT notes: API key, the interview, one conditional put",
        {"dynamodb:GetItem[interviews]": 2, "dynamodb:PutItem[interviews]": 1},
    ),
    Expected("notes", "on_interview_change", "stream MODIFY (notes): the plan did not change", {}),
    Expected(
        "thank_you",
        "deliver",
        "the thank-you schedule fires: send exactly once, interview completed",
        _DELIVERY_MINIMUM,
    ),
    Expected(
        "thank_you",
        "on_interview_change",
        "stream MODIFY (completed): nothing left to plan",
        {},
    ),
)
# Lambda invocations per (step, function) the design needs: one API request each, one stream batch per change of
# the interview item (token items are filtered out by the event source mapping), one invocation per delivery.
EXPECTED_INVOCATIONS = {
    ("record", "api"): 1,
    ("record", "on_interview_change"): 1,
    ("digest", "deliver"): 1,
    ("digest", "on_interview_change"): 1,
    ("notes", "api"): 1,
    ("notes", "on_interview_change"): 1,
    ("thank_you", "deliver"): 1,
    ("thank_you", "on_interview_change"): 1,
}
FUNCTIONS = ("api", "on_interview_change", "deliver")

# --- counting -------------------------------------------------------------------------------------------------


def item_size(item: dict[str, Any]) -> int:
    """DynamoDB's size of an item in low-level form (attribute names plus values), in bytes."""
    return sum(len(name.encode()) + _value_size(value) for name, value in item.items())


def _value_size(value: dict[str, Any]) -> int:
    ((kind, data),) = value.items()
    if kind == "S":
        return len(str(data).encode())
    if kind == "N":
        digits = len(str(data).lstrip("-").replace(".", "").strip("0")) or 1
        return (digits + 1) // 2 + 1
    if kind == "B":
        return len(str(data)) * 3 // 4
    if kind in ("BOOL", "NULL"):
        return 1
    if kind in ("SS", "NS", "BS"):
        return sum(_value_size({kind[0]: v}) for v in data)
    if kind == "L":
        return 3 + sum(_value_size(v) + 1 for v in data)
    if kind == "M":
        return 3 + sum(len(k.encode()) + _value_size(v) + 1 for k, v in data.items())
    return 1


@dataclasses.dataclass
class CallRecord:
    """One AWS call: where it was made, what it was, and the DynamoDB capacity it consumed (estimated)."""

    step: str
    function: str
    service: str
    operation: str
    table: str = ""
    read_units: float = 0.0
    write_units: float = 0.0

    @property
    def key(self) -> str:
        return f"{self.service}:{self.operation}" + (f"[{self.table}]" if self.table else "")


@dataclasses.dataclass
class Invocation:
    step: str
    function: str
    ms: float


class CallCounter:
    """Counts every AWS call made while it is active, per lifecycle step and per function.

    `with CallCounter() as counter:` registers `before-call`/`after-call` handlers for every botocore session
    created from then on, and resets the service's cached clients so they are created again with them.
    """

    def __init__(self) -> None:
        self.records: list[CallRecord] = []
        self.invocations: list[Invocation] = []
        self.step = "-"
        self.function = "-"
        self._tables: dict[str, str] = {}

    # --- botocore handlers ---

    def _before_call(self, event_name: str, params: dict[str, Any], context: dict[str, Any], **kwargs: Any) -> None:
        _, service, operation = event_name.split(".", 2)
        record = CallRecord(self.step, self.function, service, operation)
        if service == "dynamodb":
            body = params.get("body") or b"{}"
            request = json.loads(body if isinstance(body, str | bytes) else b"{}")
            record.table = self._tables.get(request.get("TableName", ""), request.get("TableName", ""))
            record.write_units = _write_units(operation, request)
            context["bench_call"] = (record, request)
        self.records.append(record)

    def _after_call(self, event_name: str, http_response: Any, context: dict[str, Any], **kwargs: Any) -> None:
        found = context.get("bench_call")
        if found is None or http_response.status_code >= 300:
            return
        record, request = found
        # The raw body, in DynamoDB's low-level form (boto3's resource layer rewrites `parsed` in place).
        record.read_units = _read_units(record.operation, request, json.loads(http_response.content or b"{}"))

    # --- attribution ---

    @contextlib.contextmanager
    def at(self, step: str) -> Iterator[None]:
        previous, self.step = self.step, step
        try:
            yield
        finally:
            self.step = previous

    def wrap(self, function: str, handler: Callable[..., Any]) -> Callable[..., Any]:
        """`handler`, counting its calls as made by `function` and timing each invocation."""

        def invoke(*args: Any, **kwargs: Any) -> Any:
            previous, self.function = self.function, function
            start = time.perf_counter()
            try:
                return handler(*args, **kwargs)
            finally:
                self.invocations.append(Invocation(self.step, function, (time.perf_counter() - start) * 1000))
                self.function = previous

        return invoke

    @contextlib.contextmanager
    def functions(self) -> Iterator[None]:
        """Attribute calls to the three functions' `lambda_handler`s (as the local stack and `call_api` import them)."""
        import importlib

        modules = {name: importlib.import_module(f"functions.{name}.app") for name in FUNCTIONS}
        originals = {name: module.lambda_handler for name, module in modules.items()}
        try:
            for name, module in modules.items():
                module.lambda_handler = self.wrap(name, originals[name])  # type: ignore[attr-defined]
            yield
        finally:
            for name, module in modules.items():
                module.lambda_handler = originals[name]  # type: ignore[attr-defined]

    # --- context manager ---

    def __enter__(self) -> CallCounter:
        from botocore.handlers import BUILTIN_HANDLERS

        self._tables = {
            os.environ.get("TABLE_NAME", "InterviewsTable"): "interviews",
            os.environ.get("IDEMPOTENCY_TABLE_NAME", "IdempotencyTable"): "idempotency",
        }
        BUILTIN_HANDLERS.append(("before-call", self._before_call))
        BUILTIN_HANDLERS.append(("after-call", self._after_call))
        reset_service_state()
        return self

    def __exit__(self, *exc: object) -> None:
        from botocore.handlers import BUILTIN_HANDLERS

        for entry in (("before-call", self._before_call), ("after-call", self._after_call)):
            if entry in BUILTIN_HANDLERS:
                BUILTIN_HANDLERS.remove(entry)
        reset_service_state()

    # --- results ---

    def counts(self, step: str | None = None, function: str | None = None) -> dict[str, int]:
        """Calls made by the service's functions (optionally one step, one function), by `service:Operation[table]`."""
        return dict(
            Counter(
                r.key
                for r in self.records
                if r.function != "-"
                and (step is None or r.step == step)
                and (function is None or r.function == function)
            )
        )

    def outside(self) -> dict[str, int]:
        """Calls made by the local stack playing AWS, or by the bench itself (not counted against the service)."""
        return dict(Counter(r.key for r in self.records if r.function == "-"))


def _write_units(operation: str, request: dict[str, Any]) -> float:
    """Write request units of one write: 1 per KB of the item, once more for the GSI when the item carries its keys."""
    if operation == "PutItem":
        item = request.get("Item", {})
        units = math.ceil(max(item_size(item), 1) / 1024)
        return float(units * (2 if "gsi1pk" in item and "gsi1sk" in item else 1))
    if operation in ("UpdateItem", "DeleteItem"):
        # Small bookkeeping items here (idempotency records, counters): sized from what the request writes.
        values = request.get("ExpressionAttributeValues", {})
        size = item_size(request.get("Key", {})) + sum(_value_size(v) for v in values.values())
        return float(math.ceil(max(size, 1) / 1024))
    return 0.0


def _read_units(operation: str, request: dict[str, Any], parsed: dict[str, Any]) -> float:
    """Read request units: per 4 KB read, halved for an eventually consistent read (GSI queries always are)."""
    if operation == "GetItem":
        size = item_size(parsed.get("Item", {}))
        return math.ceil(max(size, 1) / 4096) * (1.0 if request.get("ConsistentRead") else 0.5)
    if operation == "Query":
        size = sum(item_size(i) for i in parsed.get("Items", []))
        return math.ceil(max(size, 1) / 4096) * (1.0 if request.get("ConsistentRead") else 0.5)
    return 0.0


# --- the lifecycle --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Lifecycle:
    """What one interview's lifecycle cost in AWS calls, invocations, capacity, emails and milliseconds."""

    records: list[CallRecord]
    invocations: list[Invocation]
    outside: dict[str, int]
    emails: int
    subjects: list[str]

    def counts(self, step: str | None = None, function: str | None = None) -> dict[str, int]:
        return dict(
            Counter(
                r.key
                for r in self.records
                if r.function != "-"
                and (step is None or r.step == step)
                and (function is None or r.function == function)
            )
        )

    def invocation_count(self, step: str | None = None, function: str | None = None) -> int:
        return sum(
            1
            for i in self.invocations
            if (step is None or i.step == step) and (function is None or i.function == function)
        )

    def scans(self) -> int:
        return sum(1 for r in self.records if r.operation in ("Scan", "ParallelScan"))

    def units(self) -> tuple[float, float]:
        """(read request units, write request units) the service consumed, estimated from item sizes."""
        mine = [r for r in self.records if r.function != "-"]
        return sum(r.read_units for r in mine), sum(r.write_units for r in mine)

    def mismatches(self) -> list[str]:
        """Where the counts differ from the documented expectation (minimum + known extra); empty when they match."""
        problems = []
        for row in EXPECTED:
            got = self.counts(row.step, row.function)
            if got != row.expected:
                problems.append(f"{row.step}/{row.function}: expected {row.expected}, counted {got}")
            invocations = self.invocation_count(row.step, row.function)
            if invocations != EXPECTED_INVOCATIONS[(row.step, row.function)]:
                problems.append(f"{row.step}/{row.function}: {invocations} invocations")
        known = {(r.step, r.function) for r in EXPECTED}
        for record in self.records:
            if record.function != "-" and (record.step, record.function) not in known:
                problems.append(f"unexpected call {record.key} in {record.step}/{record.function}")
        return problems

    def as_dict(self) -> dict[str, Any]:
        reads, writes = self.units()
        return {
            "rows": [
                {
                    "step": row.step,
                    "function": row.function,
                    "what": row.what,
                    "counted": self.counts(row.step, row.function),
                    "minimum": row.minimum,
                    "extra_known": row.extra,
                    "why_extra": row.why_extra,
                    "invocations": self.invocation_count(row.step, row.function),
                }
                for row in EXPECTED
            ],
            "totals": self.counts(),
            "minimum_totals": dict(sum((Counter(r.minimum) for r in EXPECTED), Counter())),
            "scans": self.scans(),
            "invocations": {f: self.invocation_count(function=f) for f in FUNCTIONS},
            "invocation_ms": {f: [round(i.ms, 2) for i in self.invocations if i.function == f] for f in FUNCTIONS},
            "read_request_units": reads,
            "write_request_units": writes,
            "emails": self.emails,
            "subjects": self.subjects,
            "outside_service": self.outside,
            "mismatches": self.mismatches(),
        }


def _parse(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def run_lifecycle() -> Lifecycle:
    """Drive one interview through the local stack's runtime (in-process moto) and count every AWS call."""
    use_fake_aws()
    saved_env = dict(os.environ)
    from interview_prep.domain import clock

    from local_stack.runtime import Runtime

    runtime = Runtime(public_base_url=PUBLIC_BASE_URL).start()
    try:
        reset_service_state()
        key = create_api_key()
        with CallCounter() as counter, counter.functions(), quiet():
            with counter.at("record"):
                status, created = call_api(api_event("POST", "/v1/interviews", interview_body(days=5), key=key))
                assert status == 201, (status, created)
                runtime.drain_stream()
            interview_id = created["id"]
            with counter.at("digest"):
                runtime.run_scheduler(_parse(created["digest"]["due_at"]))
            # The candidate jots their notes down a few minutes after the interview.
            with clock.frozen(_parse(created["ends_at"]) + dt.timedelta(minutes=5)), counter.at("notes"):
                status, _ = call_api(api_event("PUT", f"/v1/interviews/{interview_id}/notes", NOTES_BODY, key=key))
                assert status == 200, status
                runtime.drain_stream()
            with counter.at("thank_you"):
                runtime.run_scheduler(_parse(created["thank_you"]["due_at"]))
                runtime.drain_stream()
        outbox = runtime.outbox()
    finally:
        runtime.stop()
        reset_service_state()
        os.environ.clear()
        os.environ.update(saved_env)
    return Lifecycle(
        records=counter.records,
        invocations=counter.invocations,
        outside=counter.outside(),
        emails=len(outbox),
        subjects=[m["subject"] for m in outbox],
    )


def render(lifecycle: Lifecycle) -> str:
    from bench.report import table

    def fmt(counts: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "—"

    rows = []
    for row in EXPECTED:
        got = lifecycle.counts(row.step, row.function)
        over = Counter(got)
        over.subtract(row.minimum)
        excess = {k: v for k, v in over.items() if v}
        rows.append(
            (
                row.step,
                row.function,
                lifecycle.invocation_count(row.step, row.function),
                sum(got.values()),
                sum(row.minimum.values()),
                fmt(excess) if excess else "at minimum",
            )
        )
    total = sum(lifecycle.counts().values())
    minimum = sum(sum(r.minimum.values()) for r in EXPECTED)
    rows.append(("total", "", lifecycle.invocation_count(), total, minimum, f"{total / minimum:.2f}× the minimum"))
    out = [table(("step", "function", "invocations", "AWS calls", "minimum", "above the minimum"), rows)]
    out.append("")
    out.append(
        table(
            ("call", "count", "minimum"),
            [(k, v, lifecycle.as_dict()["minimum_totals"].get(k, 0)) for k, v in sorted(lifecycle.counts().items())],
        )
    )
    reads, writes = lifecycle.units()
    out.append(
        f"\n  Scan calls: {lifecycle.scans()} (must be 0). Emails sent: {lifecycle.emails}. "
        f"DynamoDB capacity (estimated from item sizes): {reads:g} RRU, {writes:g} WRU."
    )
    notes = sorted({r.why_extra for r in EXPECTED if r.why_extra})
    out.extend(f"  * above the minimum: {n}" for n in notes)
    if lifecycle.outside:
        out.append(f"  (not counted: calls by the local stack playing AWS or by the bench: {fmt(lifecycle.outside)})")
    mismatches = lifecycle.mismatches()
    if mismatches:
        out.append("  ! counts differ from the documented table in bench/calls.py:")
        out.extend(f"    - {m}" for m in mismatches)
    return "\n".join(out)
