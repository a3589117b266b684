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


# --- the cold-start harness ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cold_paths() -> Any:
    from bench import coldstart

    with coldstart.isolated_paths() as paths:
        yield paths


def _baseline_variant(paths: Any, scenario_name: str) -> Any:
    from bench import coldstart

    scenario = next(s for s in coldstart.scenarios() if s.name == scenario_name)
    env = coldstart.lambda_environment("baseline", str(coldstart.BASELINE_DIR))
    return coldstart.Variant(scenario.name, scenario, "baseline", paths.baseline_path(), env)


def test_cold_child_before_the_window_has_loaded_nothing_the_handler_needs(cold_paths: Any, tmp_path: Any) -> None:
    from bench import coldstart

    variant = _baseline_variant(cold_paths, "api: GET /v1/interviews/{id}")
    result = coldstart._run_child(variant, tmp_path, empty=True)

    assert result is not None, variant.errors
    loaded = set(result["loaded_before"])
    assert not {m for m in loaded if m.split(".")[0] in ("botocore", "boto3", "json", "urllib3", "email")}
    assert "marshal" in loaded  # what the harness reads the spec with: built in, loaded at interpreter start


def test_cold_child_answers_the_handlers_aws_calls_from_canned_responses(cold_paths: Any, tmp_path: Any) -> None:
    from bench import coldstart

    variant = _baseline_variant(cold_paths, "api: GET /v1/interviews/{id}")
    result = coldstart._run_child(variant, tmp_path)

    assert result is not None, variant.errors
    assert result["hooked"]
    assert result["calls"] == ["dynamodb.GetItem", "dynamodb.GetItem"]
    assert result["response"] == {"statusCode": 200, "calls": ["get_item", "get_item"]}
    assert "botocore.handlers" not in result["loaded_before"]
    assert result["modules"] > 100  # boto3, botocore and what they import: all inside the timed window


def test_cold_child_leaves_without_the_interpreters_teardown(cold_paths: Any, tmp_path: Any) -> None:
    """The window ends at the first response: nothing the interpreter does at exit (counted by callgrind, which counts
    the whole process) runs in a child, and what the handler printed still reaches its output."""
    import dataclasses
    import subprocess

    from bench import coldstart

    handler = tmp_path / "handler"
    handler.mkdir()
    marker = tmp_path / "teardown-ran"
    (handler / "app.py").write_text(
        "import atexit, pathlib\n"
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'ran')\n"
        "def lambda_handler(event, context):\n"
        "    print('answered', flush=False)\n"
        "    return {'statusCode': 200}\n"
    )
    variant = _baseline_variant(cold_paths, "api: GET /v1/health")
    variant = dataclasses.replace(variant, path=[str(handler), *variant.path])
    printed = tmp_path / "printed"
    real_run = subprocess.run

    def run_keeping_stdout(*args: Any, **kwargs: Any) -> Any:
        with printed.open("w") as out:
            return real_run(*args, **{**kwargs, "stdout": out})

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(coldstart.subprocess, "run", run_keeping_stdout)
        result = coldstart._run_child(variant, tmp_path)

    assert result is not None, variant.errors
    assert result["response"] == {"statusCode": 200}
    assert printed.read_text() == "answered\n"
    assert not marker.exists()


def test_deliver_baseline_creates_every_client_from_one_session(cold_paths: Any) -> None:
    import importlib.util
    import sys

    from bench import coldstart

    spec = importlib.util.spec_from_file_location("bench_baseline_app", coldstart.BASELINE_DIR / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_baseline_app"] = module
    try:
        spec.loader.exec_module(module)
        clients = [module._client(kind) for kind in ("table", "dynamodb", "sesv2")]
    finally:
        del sys.modules["bench_baseline_app"]
    sessions = {id(clients[0].meta.client._loader)} | {id(c._loader) for c in clients[1:]}
    assert len(sessions) == 1  # one Session: one loader, each service model read once


def test_callgrind_total_reads_the_totals_line() -> None:
    from bench.coldstart import callgrind_total

    text = "version: 1\ncreator: callgrind-3.19.0\nevents: Ir\nsummary: 1234567\nfn=(1) main\n0 5\ntotals: 1234567\n"
    assert callgrind_total(text) == 1234567
    with pytest.raises(ValueError, match="no totals"):
        callgrind_total("events: Ir\n")


def test_goal_verdict_needs_cpu_time_and_instructions_both_within_the_goal() -> None:
    from bench.coldstart import goal_verdict

    assert goal_verdict({"ratio_cpu": 1.4, "ratio_instructions": 1.45}) == "ok"
    assert goal_verdict({"ratio_cpu": 1.1, "ratio_instructions": 1.19}) == "ok, ≤ 1.2×"
    assert goal_verdict({"ratio_cpu": 1.4, "ratio_instructions": 1.6}) == "OVER"
    assert goal_verdict({"ratio_cpu": 1.6, "ratio_instructions": None}) == "OVER"
    assert goal_verdict({"ratio_cpu": float("nan"), "ratio_instructions": None}) == "n/a"


def test_paired_ratios_divide_each_round_by_the_same_rounds_baseline() -> None:
    from bench.coldstart import Scenario, Variant, paired_ratios

    scenario = Scenario("s", "api", {}, {}, {}, "")
    function = Variant("s", scenario, "function", [], {}, samples=[{"round": r, "cpu": 30.0 + r} for r in range(4)])
    base = Variant("s", scenario, "baseline", [], {}, samples=[{"round": r, "cpu": 20.0 + r} for r in (0, 1, 3)])

    stats = paired_ratios(function, base, "cpu")

    assert stats["n"] == 3  # round 2 has no baseline: not paired with another round's
    assert stats["median"] == pytest.approx(31 / 21)
    assert stats["min"] == pytest.approx(33 / 23)
