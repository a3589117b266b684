"""Smoke tests of the bench (`make bench`): the AWS-call counts of one lifecycle and the cost arithmetic.

No timing is asserted here: benchmarks are not tests. What is asserted is what must hold on any machine — no
Scan, and every AWS call of the lifecycle as documented in `bench/calls.py` (its design minimum plus the known
extras), so a change that adds or removes a call shows up and the table gets updated with its reason.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

pytestmark = pytest.mark.xdist_group("bench")


@pytest.fixture(scope="module")
def lifecycle() -> Any:
    from bench.calls import run_lifecycle

    return run_lifecycle()


def test_lifecycle_never_scans(lifecycle: Any) -> None:
    assert lifecycle.scans() == 0
    assert not any("Scan" in key for key in lifecycle.counts())


def test_lifecycle_calls_equal_the_documented_minimum_plus_known_extras(lifecycle: Any) -> None:
    from bench.calls import EXPECTED

    # Given one interview recorded through the API, its two deliveries, notes and completion
    # Then each step's calls are exactly the documented ones
    for row in EXPECTED:
        assert lifecycle.counts(row.step, row.function) == row.expected, (row.step, row.function)
    assert lifecycle.mismatches() == []


def test_lifecycle_sends_the_digest_and_the_thank_you_once_each(lifecycle: Any) -> None:
    assert lifecycle.emails == 2
    assert lifecycle.counts()["sesv2:SendEmail"] == 2
    assert lifecycle.invocation_count(function="deliver") == 2


def test_documented_minimum_never_exceeds_the_expected_counts() -> None:
    from bench.calls import EXPECTED

    for row in EXPECTED:
        assert all(count >= 0 for count in row.extra.values())
        assert not (Counter(row.minimum) - Counter(row.expected))
        assert bool(row.extra) == bool(row.why_extra), f"{row.step}/{row.function}: say why the extra calls are made"


def test_cost_of_1000_interviews_is_positive_and_adds_up(lifecycle: Any) -> None:
    from bench import cost

    usage = cost.Usage.from_lifecycle(lifecycle.as_dict(), {"api": 256, "on_interview_change": 256, "deliver": 256})
    estimate = cost.estimate(usage, interviews=1000)

    assert estimate["total"] > 0
    assert all(item["cost"] >= 0 for item in estimate["items"])
    assert estimate["total"] == pytest.approx(sum(item["cost"] for item in estimate["items"]))
    ses = next(item for item in estimate["items"] if item["item"] == "SES emails")
    assert ses["cost"] == pytest.approx(2 * 1000 * 0.10 / 1000)  # two emails per interview at $0.10 per 1,000


def test_cost_of_lambda_compute_follows_memory_and_billed_milliseconds() -> None:
    from bench import cost

    usage = cost.Usage(
        invocations={"deliver": 2},
        durations_ms={"deliver": [99.2, 100.0]},
        memory_mb={"deliver": 512},
        api_requests=0,
        read_units=0,
        write_units=0,
        scheduler_invocations=2,
        emails=2,
    )
    # 100 ms + 100 ms (rounded up to the millisecond) at 0.5 GB
    assert cost.lambda_gb_seconds(usage) == pytest.approx(0.1)
    assert cost.memory_from_template()["deliver"] > 0


@pytest.mark.parametrize(
    ("item", "size"),
    [
        ({"pk": {"S": "abc"}}, 2 + 3),
        ({"n": {"N": "12345"}}, 1 + 4),
        ({"m": {"M": {"a": {"BOOL": True}}}}, 1 + 3 + 1 + 1 + 1),
    ],
)
def test_item_size_follows_dynamodb_rules(item: dict[str, Any], size: int) -> None:
    from bench.calls import item_size

    assert item_size(item) == size
