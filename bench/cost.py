"""Cost of 1,000 interviews at AWS list prices, from the AWS calls and invocations of one counted lifecycle.

Prices: us-east-1, on-demand list prices as published on the AWS pricing pages (checked November 2025; prices
change — edit `PRICES` and the date). Free tiers are ignored (a bill at scale, not the first month's).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

PRICES_AS_OF = "2025-11"
PRICES: dict[str, float] = {
    # AWS Lambda, x86_64: per request, and per GB-second of billed duration (the INIT phase of a cold start is
    # billed too, since 2025-08-01, for on-demand ZIP functions on managed runtimes).
    "lambda_request": 0.20 / 1_000_000,
    "lambda_gb_second": 0.0000166667,
    # API Gateway REST API: per request (first 333 million a month).
    "apigw_rest_request": 3.50 / 1_000_000,
    # DynamoDB on-demand (halved on 2024-11-01; before: $1.25 and $0.25 per million).
    "dynamodb_wru": 0.625 / 1_000_000,
    "dynamodb_rru": 0.125 / 1_000_000,
    # EventBridge Scheduler: per invocation (the first 14 million a month are free: ignored here). Its API calls
    # (Create/Get/Update/DeleteSchedule) are not billed.
    "scheduler_invocation": 1.00 / 1_000_000,
    # SES: per outbound email (attachments: $0.12 per GB, the .ics is ~2 KB: ignored).
    "ses_email": 0.10 / 1000,
    # X-Ray (the template sets Tracing: Active): per trace recorded; the default sampling rule records the first
    # request each second and 5% of the rest, so a quiet service has nearly every invocation traced.
    "xray_trace": 5.00 / 1_000_000,
}
ASSUMPTIONS = (
    f"us-east-1 list prices as of {PRICES_AS_OF} (bench/cost.py); free tiers ignored (Scheduler's 14M, Lambda's, X-Ray's)",
    "DynamoDB on-demand: $0.625 per million WRU, $0.125 per million RRU (halved on 2024-11-01 from $1.25 / $0.25); "
    "request units estimated from item sizes (1 WRU per KB written, again for the GSI when the item carries its "
    "keys; 1 RRU per 4 KB read strongly, half for eventually consistent)",
    "Lambda: $0.20 per million requests + $0.0000166667 per GB-second at each function's MemorySize from "
    "template.yaml; billed duration = measured duration rounded up to the millisecond",
    "'warm': every invocation finds a warm sandbox (durations measured on in-process moto, whose latency stands in "
    "for the network's); 'cold': every invocation starts a new sandbox (INIT + first response, from the cold-start "
    "section), likely for a quiet service whose schedules fire hours apart",
    "API Gateway REST $3.50 per million requests; Scheduler $1.00 per million invocations; SES $0.10 per 1,000 emails",
    "not included: storage (a ~3 KB item per interview for 90 days, plus PITR), CloudWatch Logs and metrics, "
    "the dead-letter queues and alarms (fixed monthly), data transfer; X-Ray traces are shown beside the total",
)


@dataclasses.dataclass
class Usage:
    """What one interview's lifecycle uses."""

    invocations: dict[str, int]  # per function
    durations_ms: dict[str, list[float]]  # per function, one per invocation (warm)
    memory_mb: dict[str, int]  # per function
    api_requests: int
    read_units: float
    write_units: float
    scheduler_invocations: int
    emails: int

    @classmethod
    def from_lifecycle(
        cls, lifecycle: dict[str, Any], memory_mb: dict[str, int], durations_ms: dict[str, list[float]] | None = None
    ) -> Usage:
        """From `bench.calls.Lifecycle.as_dict()` (durations from another run, e.g. a warm one, when given)."""
        invocations = dict(lifecycle["invocations"])
        return cls(
            invocations=invocations,
            durations_ms=durations_ms or lifecycle["invocation_ms"],
            memory_mb=memory_mb,
            api_requests=invocations.get("api", 0),
            read_units=float(lifecycle["read_request_units"]),
            write_units=float(lifecycle["write_request_units"]),
            scheduler_invocations=invocations.get("deliver", 0),
            emails=int(lifecycle["emails"]),
        )


def memory_from_template() -> dict[str, int]:
    """Each function's MemorySize (its own, else Globals), by the short name used in the bench."""
    from local_stack.cfn import load_template

    template = load_template()
    default = int(template.get("Globals", {}).get("Function", {}).get("MemorySize", 128))
    names = {"ApiFunction": "api", "OnInterviewChangeFunction": "on_interview_change", "DeliverFunction": "deliver"}
    return {
        short: int(template["Resources"][logical]["Properties"].get("MemorySize", default))
        for logical, short in names.items()
        if logical in template["Resources"]
    }


def lambda_gb_seconds(usage: Usage, cold_extra_ms: dict[str, float] | None = None) -> float:
    """GB-seconds billed: each invocation's duration rounded up to 1 ms, plus `cold_extra_ms` per invocation."""
    total = 0.0
    for function, durations in usage.durations_ms.items():
        gigabytes = usage.memory_mb.get(function, 128) / 1024
        extra = (cold_extra_ms or {}).get(function, 0.0)
        total += sum(math.ceil(ms + extra) for ms in durations) / 1000 * gigabytes
    return total


def estimate(usage: Usage, *, interviews: int = 1000, cold_extra_ms: dict[str, float] | None = None) -> dict[str, Any]:
    """The bill for `interviews` interviews: one line per service, and the total (X-Ray beside it)."""
    requests = sum(usage.invocations.values())
    lines = [
        ("Lambda requests", requests * interviews, PRICES["lambda_request"]),
        ("Lambda GB-seconds", lambda_gb_seconds(usage, cold_extra_ms) * interviews, PRICES["lambda_gb_second"]),
        ("API Gateway REST requests", usage.api_requests * interviews, PRICES["apigw_rest_request"]),
        ("DynamoDB write request units", usage.write_units * interviews, PRICES["dynamodb_wru"]),
        ("DynamoDB read request units", usage.read_units * interviews, PRICES["dynamodb_rru"]),
        ("Scheduler invocations", usage.scheduler_invocations * interviews, PRICES["scheduler_invocation"]),
        ("SES emails", usage.emails * interviews, PRICES["ses_email"]),
    ]
    items = [{"item": name, "quantity": qty, "unit_price": price, "cost": qty * price} for name, qty, price in lines]
    traces = (requests + usage.api_requests) * interviews  # a trace per API request and per invocation, at most
    return {
        "interviews": interviews,
        "items": items,
        "total": sum(i["cost"] for i in items),
        "xray_if_all_traced": traces * PRICES["xray_trace"],
    }


def render(warm: dict[str, Any], cold: dict[str, Any] | None, usage: Usage) -> str:
    from bench.report import table

    rows = []
    cold_items = {i["item"]: i for i in cold["items"]} if cold else {}
    for item in warm["items"]:
        quantity = item["quantity"]
        shown = f"{quantity:,.0f}" if quantity >= 100 else f"{quantity:,.2f}"
        cold_cost = cold_items.get(item["item"], {}).get("cost")
        rows.append(
            (
                item["item"],
                shown,
                f"${item['unit_price'] * 1e6:,.4f}/M",
                f"${item['cost']:.4f}",
                f"${cold_cost:.4f}" if cold_cost is not None else "—",
            )
        )
    rows.append(("total", "", "", f"${warm['total']:.4f}", f"${cold['total']:.4f}" if cold else "—"))
    out = [table(("per 1,000 interviews", "quantity", "unit price", "warm", "cold"), rows)]
    per = {f: usage.invocations[f] for f in usage.invocations}
    out.append(
        f"\n  per interview: {sum(per.values())} invocations ({', '.join(f'{k} {v}' for k, v in per.items())}), "
        f"{usage.api_requests} API requests, {usage.write_units:g} WRU, {usage.read_units:g} RRU, "
        f"{usage.scheduler_invocations} scheduler invocations, {usage.emails} emails; memory "
        + ", ".join(f"{k} {v} MB" for k, v in usage.memory_mb.items())
    )
    out.append(
        f"  beside the total: X-Ray traces, if every request is traced: ${warm['xray_if_all_traced']:.4f} per 1,000 interviews"
    )
    out.append("  assumptions:")
    out.extend(f"    - {a}" for a in ASSUMPTIONS)
    return "\n".join(out)
