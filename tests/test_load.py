"""The load test's short form (`make load` runs the long one): 60 interviews recorded concurrently over HTTP on the
local stack, the scheduler jumped through them, and exactly one digest and one thank-you for each."""

from __future__ import annotations

import pytest

from tests import hardening_support as hs
from tests.load import run_load


@pytest.mark.stack
def test_load_short_every_interview_gets_exactly_its_deliveries(capsys: pytest.CaptureFixture[str]) -> None:
    with hs.local_stack() as stack:
        report = run_load(stack, interviews=60, concurrency=8, time_limit=600)

    with capsys.disabled():
        print("\n" + "\n".join(f"  load: {line}" for line in report.lines()))
    assert report.ok, report.problems
    assert report.recorded == 60 and report.emails == 120 and report.fired == 120
    assert len(report.latencies_ms) == 60
